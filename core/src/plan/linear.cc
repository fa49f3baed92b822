// Linear: the weight it allocates and the mat1 × mat2 check
// (docs/semantics.md §8).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ConstructLinear(const LayerSpec& spec, Constructed* out) {
  Shape w;
  if (auto err = CheckTensorSizes(
          {spec.Arg("out_features"), spec.Arg("in_features")}, &w)) {
    return err;
  }
  out->tensors.push_back({"weight", w, true});
  if (spec.Arg("bias").Truthy()) {
    Shape b;
    if (auto err = CheckTensorSizes({spec.Arg("out_features")}, &b)) return err;
    out->tensors.push_back({"bias", b, true});
  }
  return std::nullopt;
}

std::optional<Error> ForwardLinear(const LayerSpec& spec, const Shape& x,
                                   Forwarded* f) {
  const int64_t in = spec.Arg("in_features").as_int();
  const int64_t out = spec.Arg("out_features").as_int();
  if (x.empty()) {
    return RuntimeError(
        "both arguments to matmul need to be at least 1D, but they are 0D and "
        "2D");
  }
  int64_t rows = 1;
  for (size_t i = 0; i + 1 < x.size(); ++i) rows = SaturatingMul(rows, x[i]);
  if (x.back() != in) {
    std::string hint = "set in_features=" + std::to_string(x.back());
    if (x.size() >= 2) {
      hint += " (the input's last dim is " + std::to_string(x.back()) + ")";
    }
    return RuntimeError(
        "mat1 and mat2 shapes cannot be multiplied (" + std::to_string(rows) +
            "x" + std::to_string(x.back()) + " and " + std::to_string(in) +
            "x" + std::to_string(out) + ")",
        hint);
  }
  f->out = x;
  f->out.back() = out;
  f->macs = SaturatingMul(SaturatingMul(rows, in), out);
  f->field_scope = ReceptiveField::Scope::kWholeInput;
  return std::nullopt;
}

}  // namespace convplay::internal
