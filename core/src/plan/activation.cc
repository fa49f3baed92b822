// Activations and Softmax: shapes pass through; Softmax resolves its dim
// (docs/semantics.md §8).
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ForwardActivation(const LayerSpec& spec, const Shape& x,
                                       Forwarded* f) {
  if (spec.kind == LayerKind::kGELU) {
    const Value& a = spec.Arg("approximate");
    if (!a.is_string() ||
        (a.as_string() != "none" && a.as_string() != "tanh")) {
      return RuntimeError("approximate argument must be either none or tanh.",
                          "use approximate='none' or approximate='tanh'");
    }
  }
  const char* number_arg = spec.kind == LayerKind::kLeakyReLU ? "negative_slope"
                           : spec.kind == LayerKind::kELU     ? "alpha"
                                                              : nullptr;
  if (number_arg && !spec.Arg(number_arg).is_number()) {
    return TypeError(
        std::string(spec.kind == LayerKind::kELU ? "elu" : "leaky_relu") +
        "(): argument '" + number_arg + "' must be Number, not " +
        spec.Arg(number_arg).TypeName());
  }
  f->out = x;
  return std::nullopt;
}

std::optional<Error> ForwardSoftmax(const LayerSpec& spec, const Shape& x,
                                    Forwarded* f) {
  const Value& dim = spec.Arg("dim");
  const int64_t r = static_cast<int64_t>(x.size());
  int64_t d = 0;
  if (dim.is_none()) {
    d = (r == 0 || r == 1 || r == 3) ? 0 : 1;
    f->warnings.push_back(
        "Implicit dimension choice for softmax has been deprecated. Change "
        "the call to include dim=X as an argument.");
  } else if (!dim.is_int()) {
    return TypeError(std::string("softmax(): argument 'dim' (position 1) must "
                                 "be int, not ") +
                     dim.TypeName());
  } else {
    d = dim.as_int();
  }
  int64_t wrapped = 0;
  if (auto err = WrapDim(d, r, &wrapped)) return err;
  f->out = x;
  return std::nullopt;
}

}  // namespace convplay::internal
