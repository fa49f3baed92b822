// BatchNorm1d/2d/3d in eval mode: the affine parameters and running
// statistics it allocates, and its rank and channel checks
// (docs/semantics.md §8).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ConstructBatchNorm(const LayerSpec& spec,
                                        Constructed* out) {
  const Value& c = spec.Arg("num_features");
  if (spec.Arg("affine").Truthy()) {
    Shape s;
    if (auto err = CheckTensorSizes({c}, &s)) return err;
    out->tensors.push_back({"weight", s, true});
    out->tensors.push_back({"bias", s, true});
  }
  if (spec.Arg("track_running_stats").Truthy()) {
    Shape s;
    if (auto err = CheckTensorSizes({c}, &s)) return err;
    out->tensors.push_back({"running_mean", s, false});
    out->tensors.push_back({"running_var", s, false});
    out->tensors.push_back({"num_batches_tracked", {}, false});
  }
  return std::nullopt;
}

std::optional<Error> ForwardBatchNorm(const LayerSpec& spec, const Shape& x,
                                      Forwarded* f) {
  const int n = SpatialDimsOf(spec.kind);
  const int64_t r = static_cast<int64_t>(x.size());
  const bool ok = n == 1 ? (r == 2 || r == 3) : r == n + 2;
  if (!ok) {
    const std::string want = n == 1 ? "2D or 3D" : std::to_string(n + 2) + "D";
    return ValueError(
        "expected " + want + " input (got " + std::to_string(r) + "D input)",
        std::string(LayerKindName(spec.kind)) +
            " has no unbatched form: add a batch dimension");
  }
  const bool track = spec.Arg("track_running_stats").Truthy();
  // Eval mode uses batch statistics when no running stats are kept.
  if (!track) {
    int64_t prod = x[0];
    for (int64_t i = 2; i < r; ++i) prod = SaturatingMul(prod, x[i]);
    if (prod == 1) {
      return ValueError(
          "Expected more than 1 value per channel when training, got input "
          "size " +
          TorchSizeText(x));
    }
  }
  int64_t numel = 1;
  for (int64_t v : x) numel = SaturatingMul(numel, v);
  const int64_t c = spec.Arg("num_features").as_int();
  const bool affine = spec.Arg("affine").Truthy();
  if (numel != 0 && (track || affine) && x[1] != c) {
    return RuntimeError(std::string(track ? "running_mean" : "weight") +
                            " should contain " + std::to_string(x[1]) +
                            " elements not " + std::to_string(c),
                        "set num_features=" + std::to_string(x[1]));
  }
  f->out = x;
  f->macs = SaturatingMul(numel, affine ? 2 : 1);
  return std::nullopt;
}

}  // namespace convplay::internal
