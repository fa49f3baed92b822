// Size arithmetic that reports overflow instead of wrapping.
#ifndef CONVPLAY_SPEC_CHECKED_MATH_H_
#define CONVPLAY_SPEC_CHECKED_MATH_H_

#include <cstdint>
#include <limits>
#include <vector>

namespace convplay {

inline bool CheckedMul(int64_t a, int64_t b, int64_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}

inline bool CheckedAdd(int64_t a, int64_t b, int64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}

// a·b, clamped to int64's range.
inline int64_t SaturatingMul(int64_t a, int64_t b) {
  int64_t r;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  return (a < 0) != (b < 0) ? std::numeric_limits<int64_t>::min()
                            : std::numeric_limits<int64_t>::max();
}

inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b < 0 ? std::numeric_limits<int64_t>::min()
               : std::numeric_limits<int64_t>::max();
}

// Product of non-negative sizes; false on overflow.
inline bool CheckedProduct(const std::vector<int64_t>& sizes, int64_t* out) {
  int64_t p = 1;
  for (int64_t s : sizes) {
    if (!CheckedMul(p, s, &p)) return false;
  }
  *out = p;
  return true;
}

// Floor division (rounds toward −∞), as ATen's div_rtn.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Python's a % b (result has the sign of b).
inline int64_t PyMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

}  // namespace convplay

#endif  // CONVPLAY_SPEC_CHECKED_MATH_H_
