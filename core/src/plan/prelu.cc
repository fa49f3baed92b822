// PReLU: a learnable slope per channel (or one for all), and ATen's
// channel check (docs/semantics.md §8b).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ConstructPReLU(const LayerSpec& spec, Constructed* out) {
  // torch.empty(num_parameters).fill_(init)
  Shape s;
  if (auto err = CheckTensorSizes({spec.Arg("num_parameters")}, &s)) {
    return err;
  }
  const Value& init = spec.Arg("init");
  if (!init.is_number()) {
    const std::string type = init.TypeName();
    return TypeError(
        "fill_() received an invalid combination of arguments - got (" + type +
            "), but expected one of:\n * (Tensor value)\n      didn't match "
            "because some of the arguments have invalid types: (!" +
            type +
            "!)\n * (Number value)\n      didn't match because some of the "
            "arguments have invalid types: (!" +
            type + "!)",
        "init is the starting slope: a number such as 0.25");
  }
  out->tensors.push_back({"weight", s, true});
  return std::nullopt;
}

std::optional<Error> ForwardPReLU(const LayerSpec& spec, const Shape& x,
                                  Forwarded* f) {
  // ATen's prelu: a single weight broadcasts over anything; otherwise the
  // channel is dim 1 (rank >= 2) and a 1-D input counts as one channel.
  const int64_t n = spec.Arg("num_parameters").as_int();
  if (n != 1) {
    if (x.empty()) {
      return RuntimeError("Not allow zero-dim input tensor.",
                          "a 0-D input needs num_parameters=1");
    }
    const int64_t channels = x.size() > 1 ? x[1] : 1;
    if (channels != n) {
      return RuntimeError(
          "Mismatch of parameter numbers and input channel size. Found "
          "parameter numbers = " +
              std::to_string(n) +
              " and channel size = " + std::to_string(channels) + ".",
          x.size() > 1 ? "set num_parameters=" + std::to_string(channels) +
                             " (one slope per channel) or 1 (one shared slope)"
                       : "a 1-D input has one channel: use num_parameters=1");
    }
  }
  f->out = x;  // an activation: MACs not counted (fvcore convention)
  return std::nullopt;
}

}  // namespace convplay::internal
