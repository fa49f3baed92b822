// InstanceNorm1d/2d/3d in eval mode: what it allocates, and the checks of
// _InstanceNorm.forward, F.instance_norm and ATen's instance_norm →
// batch_norm, in that order (docs/semantics.md §8d).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ConstructInstanceNorm(const LayerSpec& spec,
                                           Constructed* out) {
  // _NormBase allocates exactly as BatchNorm does, with other defaults.
  return ConstructBatchNorm(spec, out);
}

std::optional<Error> ForwardInstanceNorm(const LayerSpec& spec, const Shape& x,
                                         Forwarded* f) {
  const int n = SpatialDimsOf(spec.kind);
  const int64_t r = static_cast<int64_t>(x.size());
  // _check_input_dim: unbatched (C, *spatial) or batched (N, C, *spatial).
  if (r != n + 1 && r != n + 2) {
    return ValueError("expected " + std::to_string(n + 1) + "D or " +
                          std::to_string(n + 2) + "D input (got " +
                          std::to_string(r) + "D input)",
                      std::string(LayerKindName(spec.kind)) + " takes (C, " +
                          (n == 1   ? "L"
                           : n == 2 ? "H, W"
                                    : "D, H, W") +
                          ") or a batch of them");
  }
  const bool affine = spec.Arg("affine").Truthy();
  const bool track = spec.Arg("track_running_stats").Truthy();
  const Value& nf_value = spec.Arg("num_features");
  const int64_t feature_dim = r - (n + 1);
  const int64_t c = x[feature_dim];
  if (!(nf_value.is_number() && nf_value.as_double() == c)) {
    if (affine) {
      return ValueError(
          "expected input's size at dim=" + std::to_string(feature_dim) +
              " to match num_features (" + std::to_string(nf_value.as_int()) +
              "), but got: " + std::to_string(c) + ".",
          "set num_features=" + std::to_string(c));
    }
    f->warnings.push_back(
        "input's size at dim=" + std::to_string(feature_dim) +
        " does not match num_features. You can silence this warning by not "
        "passing in num_features, which is not used because affine=False");
  }
  // An unbatched input runs as a batch of one.
  Shape xb = x;
  if (feature_dim == 0) xb.insert(xb.begin(), 1);
  // Eval mode: instance statistics unless running statistics are kept.
  if (!track) {
    int64_t spatial = 1;
    for (size_t i = 2; i < xb.size(); ++i)
      spatial = SaturatingMul(spatial, xb[i]);
    if (spatial == 1) {
      return ValueError(
          "Expected more than 1 spatial element when training, got input "
          "size " +
              TorchSizeText(xb),
          "each channel needs at least 2 values to normalise over");
    }
  }
  // torch.instance_norm's Python binding (momentum None is passed as 0.0).
  const Value& momentum = spec.Arg("momentum");
  if (!momentum.is_none() && !momentum.is_number()) {
    return TypeError(
        std::string("instance_norm(): argument 'momentum' (position 7) must "
                    "be float, not ") +
        momentum.TypeName());
  }
  const Value& eps = spec.Arg("eps");
  if (!eps.is_number()) {
    return TypeError(std::string("instance_norm(): argument 'eps' (position 8) "
                                 "must be float, not ") +
                     eps.TypeName());
  }
  // ATen: weight and running stats repeated b times, batch_norm on
  // (1, b·c, *spatial).
  const int64_t b = xb[0];
  const int64_t nf = (affine || track) ? nf_value.as_int() : c;
  int64_t numel = 1;
  for (int64_t v : xb) numel = SaturatingMul(numel, v);
  const int64_t bc = SaturatingMul(b, c);
  const int64_t bnf = SaturatingMul(b, nf);
  if (numel == 0) {
    // batch_norm's empty-input path scales by weight[0] and bias[0].
    if (affine && bnf == 0) {
      return IndexError(
          "select(): index 0 out of range for tensor of size [0] at "
          "dimension 0");
    }
    if (track) {
      // instance_norm writes the batch's mean back: running_mean_ viewed as
      // (b, c), averaged over b, copied into running_mean.
      if (bnf != bc) {
        return RuntimeError(
            "shape '[" + std::to_string(b) + ", " + std::to_string(c) +
            "]' is invalid for input of size " + std::to_string(bnf));
      }
      if (c != nf) {
        return RuntimeError("The size of tensor a (" + std::to_string(nf) +
                            ") must match the size of tensor b (" +
                            std::to_string(c) +
                            ") at non-singleton dimension 0");
      }
    }
  } else if (track && bc != bnf) {
    return RuntimeError("running_mean should contain " + std::to_string(bc) +
                            " elements not " + std::to_string(bnf),
                        "set num_features=" + std::to_string(c));
  }
  f->out = x;
  // fvcore's norm counter for instance_norm: numel·(affine ? 5 : 4).
  f->macs = SaturatingMul(numel, affine ? 5 : 4);
  return std::nullopt;
}

}  // namespace convplay::internal
