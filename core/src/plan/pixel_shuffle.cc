// PixelShuffle / PixelUnshuffle: ATen's argument and shape checks, in its
// order (docs/semantics.md §8c).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ForwardPixelShuffle(const LayerSpec& spec, const Shape& x,
                                         Forwarded* f) {
  const bool shuffle = spec.kind == LayerKind::kPixelShuffle;
  const char* fn = shuffle ? "pixel_shuffle" : "pixel_unshuffle";
  const char* arg = shuffle ? "upscale_factor" : "downscale_factor";
  const Value& factor = spec.Arg(arg);
  // The Python binding parses the int argument before ATen runs.
  if (!factor.is_int() || factor.type() == Value::Type::kBool) {
    return TypeError(std::string(fn) + "(): argument '" + arg +
                     "' (position 2) must be int, not " + factor.TypeName());
  }
  const int64_t r = factor.as_int();
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank < 3) {
    return RuntimeError(std::string(fn) +
                            " expects input to have at least 3 dimensions, "
                            "but got input with " +
                            std::to_string(rank) + " dimension(s)",
                        "the input is (*, C, H, W)");
  }
  if (r <= 0) {
    return RuntimeError(std::string(fn) + " expects a positive " + arg +
                            ", but got " + std::to_string(r),
                        std::string(arg) + " must be 1 or more");
  }
  const int64_t c = x[rank - 3], h = x[rank - 2], w = x[rank - 1];
  f->out = x;
  if (shuffle) {
    int64_t r2 = 0;
    if (!CheckedMul(r, r, &r2)) {
      // ATen's int64 product wraps here (and can divide by zero).
      return RuntimeError("pixel_shuffle: upscale_factor " + std::to_string(r) +
                          " is too large (its square overflows int64)");
    }
    if (c % r2 != 0) {
      return RuntimeError(
          "pixel_shuffle expects its input's 'channel' dimension to be "
          "divisible by the square of upscale_factor, but input.size(-3)=" +
              std::to_string(c) + " is not divisible by " + std::to_string(r2),
          "the channels must be a multiple of upscale_factor² = " +
              std::to_string(r2));
    }
    f->out[rank - 3] = c / r2;
    f->out[rank - 2] = SaturatingMul(h, r);
    f->out[rank - 1] = SaturatingMul(w, r);
    // The output grid is finer than the input's: no integer window.
    f->field_scope = ReceptiveField::Scope::kNotApplicable;
    return std::nullopt;
  }
  if (h % r != 0) {
    return RuntimeError(
        "pixel_unshuffle expects height to be divisible by downscale_factor, "
        "but input.size(-2)=" +
            std::to_string(h) + " is not divisible by " + std::to_string(r),
        "the height must be a multiple of downscale_factor");
  }
  if (w % r != 0) {
    return RuntimeError(
        "pixel_unshuffle expects width to be divisible by downscale_factor, "
        "but input.size(-1)=" +
            std::to_string(w) + " is not divisible by " + std::to_string(r),
        "the width must be a multiple of downscale_factor");
  }
  int64_t numel = 1;
  for (int64_t v : x) numel = SaturatingMul(numel, v);
  // pixel_unshuffle_cpu returns an empty input as it is (self.clone()),
  // before it computes the output sizes.
  if (numel != 0) {
    f->out[rank - 3] = SaturatingMul(SaturatingMul(c, r), r);
    f->out[rank - 2] = h / r;
    f->out[rank - 1] = w / r;
  }
  // Each output pixel gathers one r×r block: a window k = s = r.
  f->window = {{r, r, 0, 1}, {r, r, 0, 1}};
  return std::nullopt;
}

}  // namespace convplay::internal
