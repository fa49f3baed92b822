// Dropout and Dropout2d (identity in eval mode): the probability check and
// the rank warnings (docs/semantics.md §8).
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ConstructDropout(const LayerSpec& spec) {
  const Value& p = spec.Arg("p");
  if (!p.is_number()) {
    return TypeError(std::string("'<' not supported between instances of '") +
                     p.TypeName() + "' and 'int'");
  }
  if (p.as_double() < 0 || p.as_double() > 1) {
    return ValueError(
        "dropout probability has to be between 0 and 1, but got " + Repr(p),
        "p is a probability: use a value from 0 to 1");
  }
  return std::nullopt;
}

std::optional<Error> ForwardDropout(const LayerSpec& spec, const Shape& x,
                                    Forwarded* f) {
  f->out = x;
  if (spec.kind != LayerKind::kDropout2d) return std::nullopt;
  const size_t r = x.size();
  if (r == 3) {
    f->warnings.push_back(
        "dropout2d: Received a 3D input to dropout2d and assuming that "
        "channel-wise 1D dropout behavior is desired - input is interpreted as "
        "shape (N, C, L), where C is the channel dim. This behavior will "
        "change "
        "in a future release to interpret the input as one without a batch "
        "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise "
        "dropout behavior, please switch to using dropout1d instead.");
  } else if (r != 4) {
    f->warnings.push_back(
        "dropout2d: Received a " + std::to_string(r) +
        "-D input to dropout2d, which is deprecated and will result in an "
        "error in a future release. To retain the behavior and silence this "
        "warning, please use dropout instead. Note that dropout2d exists to "
        "provide channel-wise dropout on inputs with 2 spatial dimensions, a "
        "channel dimension, and an optional batch dimension (i.e. 3D or 4D "
        "inputs).");
  }
  return std::nullopt;
}

}  // namespace convplay::internal
