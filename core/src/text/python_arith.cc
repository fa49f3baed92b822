#include "text/python_arith.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "convplay/spec/checked_math.h"

namespace convplay::internal {

ArithError PythonArith(const std::string& o, const Value& a, const Value& b,
                       Value* out) {
  if (!a.is_number() || !b.is_number()) return ArithError::kType;
  const bool ints = a.is_int() && b.is_int();
  if ((o == "/" || o == "//" || o == "%") && b.as_double() == 0) {
    return ArithError::kZeroDivision;
  }
  if (ints && o != "/") {
    const int64_t x = a.as_int(), y = b.as_int();
    int64_t r = 0;
    bool ok = true;
    if (o == "+") {
      ok = CheckedAdd(x, y, &r);
    } else if (o == "-") {
      ok = !__builtin_sub_overflow(x, y, &r);
    } else if (o == "*") {
      ok = CheckedMul(x, y, &r);
    } else if (o == "//") {
      if (x == std::numeric_limits<int64_t>::min() && y == -1) {
        return ArithError::kOutOfRange;
      }
      r = FloorDiv(x, y);
    } else if (o == "%") {
      r = y == -1 ? 0 : PyMod(x, y);
    } else if (o == "**") {
      if (y < 0) {
        *out = Value::Float(
            std::pow(static_cast<double>(x), static_cast<double>(y)));
        return ArithError::kNone;
      }
      // Repeated multiplication stops at once for 0, 1 and -1 (whose powers
      // never grow) and within 63 steps for anything else (overflow).
      r = 1;
      for (int64_t n = 0; n < y && ok; ++n) {
        ok = CheckedMul(r, x, &r);
        if (r == 0 || r == 1) break;
      }
      if (x == -1) r = (y % 2) ? -1 : 1;
    }
    if (!ok) return ArithError::kOutOfRange;
    *out = Value::Int(r);
    return ArithError::kNone;
  }
  const double x = a.as_double(), y = b.as_double();
  double r = 0;
  if (o == "+") r = x + y;
  if (o == "-") r = x - y;
  if (o == "*") r = x * y;
  if (o == "/") r = x / y;
  if (o == "//") r = std::floor(x / y);
  if (o == "%") {
    r = std::fmod(x, y);
    if (r != 0 && ((r < 0) != (y < 0))) r += y;
  }
  if (o == "**") r = std::pow(x, y);
  *out = Value::Float(r);
  return ArithError::kNone;
}

}  // namespace convplay::internal
