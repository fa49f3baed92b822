// SIMD per-channel affine map y = x·scale[c] + shift[c]: eval-mode BatchNorm
// with its statistics folded into scale and shift (Highway).
#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/channel_affine.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void ChannelAffineImpl(const ChannelAffineArgs& a, const float* in,
                       const float* scale, const float* shift, float* out) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  for (int64_t o = 0; o < a.outer; ++o) {
    for (int64_t c = 0; c < a.channels; ++c) {
      const int64_t base = (o * a.channels + c) * a.inner;
      const auto s = hn::Set(d, scale[c]);
      const auto t = hn::Set(d, shift[c]);
      int64_t i = 0;
      for (; i + N <= a.inner; i += N) {
        hn::StoreU(hn::MulAdd(hn::LoadU(d, in + base + i), s, t), d,
                   out + base + i);
      }
      for (; i < a.inner; ++i)
        out[base + i] = in[base + i] * scale[c] + shift[c];
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(ChannelAffineImpl);

void ChannelAffine(const ChannelAffineArgs& a, const float* in,
                   const float* scale, const float* shift, float* out) {
  HWY_DYNAMIC_DISPATCH(ChannelAffineImpl)(a, in, scale, shift, out);
}

}  // namespace convplay
#endif  // HWY_ONCE
