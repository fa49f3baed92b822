// PyTorch's argument normalisation (_ntuple, the int[] parser, torch.empty
// sizes, dim wrapping) and message pieces the rules share.
#include <cstdio>

#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::string HumanBytes(int64_t bytes) {
  static const char* const kUnits[] = {"bytes", "KiB", "MiB", "GiB",
                                       "TiB",   "PiB", "EiB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 6) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  if (unit == 0) {
    std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  }
  return buf;
}

std::vector<Value> NTuple(const Value& v, int n) {
  if (v.is_sequence()) return v.items();
  if (v.is_string()) {
    std::vector<Value> chars;
    for (char c : v.as_string())
      chars.push_back(Value::String(std::string(1, c)));
    return chars;
  }
  return std::vector<Value>(static_cast<size_t>(n), v);
}

std::optional<Error> ToInts(const std::vector<Value>& values, const char* fn,
                            const char* arg, std::vector<int64_t>* out) {
  out->clear();
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i].is_int()) {
      return TypeError(std::string(fn) + "(): argument '" + arg +
                       "' must be tuple of ints, but found element of type " +
                       values[i].TypeName() + " at pos " + std::to_string(i));
    }
    out->push_back(values[i].as_int());
  }
  return std::nullopt;
}

std::optional<Error> CheckTensorSizes(const std::vector<Value>& sizes,
                                      Shape* out) {
  out->clear();
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (!sizes[i].is_int()) {
      return TypeError(
          "empty(): argument 'size' (position 1) must be tuple of ints, but "
          "found element of type " +
          std::string(sizes[i].TypeName()) + " at pos " + std::to_string(i));
    }
    out->push_back(sizes[i].as_int());
  }
  for (int64_t s : *out) {
    if (s < 0) {
      return RuntimeError("Trying to create tensor with negative dimension " +
                          std::to_string(s) + ": " + SizesText(*out));
    }
  }
  bool has_zero = false;
  for (int64_t s : *out) has_zero |= s == 0;
  int64_t numel = 0;
  int64_t bytes = 0;
  if (!has_zero &&
      (!CheckedProduct(*out, &numel) || !CheckedMul(numel, 4, &bytes))) {
    return RuntimeError("Storage size calculation overflowed with sizes=" +
                        SizesText(*out));
  }
  return std::nullopt;
}

std::optional<Error> WrapDim(int64_t dim, int64_t rank, int64_t* wrapped) {
  const int64_t r = rank == 0 ? 1 : rank;
  if (dim < -r || dim > r - 1) {
    return IndexError("Dimension out of range (expected to be in range of [" +
                      std::to_string(-r) + ", " + std::to_string(r - 1) +
                      "], but got " + std::to_string(dim) + ")");
  }
  *wrapped = dim < 0 ? dim + r : dim;
  return std::nullopt;
}

std::optional<Error> CheckDimRange(const char* fn, const Shape& x) {
  if (x.size() >= 2 && x.size() <= 3) return std::nullopt;
  return RuntimeError("Expected 2 to 3 dimensions, but got " +
                          std::to_string(x.size()) +
                          "-dimensional tensor for argument #1 'self' (while "
                          "checking arguments for " +
                          fn + ")",
                      "this 1-D layer takes (N, C, L) or (C, L)");
}

}  // namespace convplay::internal
