// SIMD Linear: one dot product per (row, output feature) over contiguous
// rows of the input and the weight (Highway).
#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/linear.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void LinearImpl(const LinearArgs& a, const float* in, const float* weight,
                const float* bias, float* out) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  for (int64_t r = 0; r < a.rows; ++r) {
    const float* x = in + r * a.in;
    for (int64_t o = 0; o < a.out; ++o) {
      const float* w = weight + o * a.in;
      // Four independent accumulators hide the add latency.
      auto s0 = hn::Zero(d), s1 = hn::Zero(d), s2 = hn::Zero(d),
           s3 = hn::Zero(d);
      int64_t i = 0;
      for (; i + 4 * N <= a.in; i += 4 * N) {
        s0 = hn::MulAdd(hn::LoadU(d, x + i), hn::LoadU(d, w + i), s0);
        s1 = hn::MulAdd(hn::LoadU(d, x + i + N), hn::LoadU(d, w + i + N), s1);
        s2 = hn::MulAdd(hn::LoadU(d, x + i + 2 * N),
                        hn::LoadU(d, w + i + 2 * N), s2);
        s3 = hn::MulAdd(hn::LoadU(d, x + i + 3 * N),
                        hn::LoadU(d, w + i + 3 * N), s3);
      }
      for (; i + N <= a.in; i += N)
        s0 = hn::MulAdd(hn::LoadU(d, x + i), hn::LoadU(d, w + i), s0);
      float sum = hn::GetLane(
          hn::SumOfLanes(d, hn::Add(hn::Add(s0, s1), hn::Add(s2, s3))));
      for (; i < a.in; ++i) sum += x[i] * w[i];
      out[r * a.out + o] = a.has_bias ? sum + bias[o] : sum;
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(LinearImpl);

void Linear(const LinearArgs& a, const float* in, const float* weight,
            const float* bias, float* out) {
  HWY_DYNAMIC_DISPATCH(LinearImpl)(a, in, weight, bias, out);
}

}  // namespace convplay
#endif  // HWY_ONCE
