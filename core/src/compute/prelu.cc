// SIMD PReLU y = x > 0 ? x : weight[c]·x over [outer][channels][inner]
// (Highway): full vectors, then a masked tail.
#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/prelu.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void PReLUImpl(const PReLUArgs& a, const float* in, const float* weight,
               float* out) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const auto zero = hn::Zero(d);
  for (int64_t o = 0; o < a.outer; ++o) {
    for (int64_t c = 0; c < a.channels; ++c) {
      const int64_t base = (o * a.channels + c) * a.inner;
      const float* x = in + base;
      float* y = out + base;
      const auto w = hn::Set(d, weight[c]);
      int64_t i = 0;
      for (; i + N <= a.inner; i += N) {
        const auto v = hn::LoadU(d, x + i);
        hn::StoreU(hn::IfThenElse(hn::Gt(v, zero), v, hn::Mul(v, w)), d, y + i);
      }
      if (i < a.inner) {
        // Copy the tail into a full vector so nothing past the end is read.
        HWY_ALIGN float tail[hn::MaxLanes(d)] = {};
        for (int64_t j = i; j < a.inner; ++j) tail[j - i] = x[j];
        const auto v = hn::Load(d, tail);
        hn::BlendedStore(hn::IfThenElse(hn::Gt(v, zero), v, hn::Mul(v, w)),
                         hn::FirstN(d, static_cast<size_t>(a.inner - i)), d,
                         y + i);
      }
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(PReLUImpl);

void PReLU(const PReLUArgs& a, const float* in, const float* weight,
           float* out) {
  HWY_DYNAMIC_DISPATCH(PReLUImpl)(a, in, weight, out);
}

}  // namespace convplay
#endif  // HWY_ONCE
