// SIMD InstanceNorm (Highway): per (n, c) plane the mean, then the biased
// variance about it (vector accumulators, lanes summed in double), then
// y = (x − μ)·scale + β with scale = γ/√(σ² + eps). With running statistics
// only the last pass runs.
#include <cmath>

#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/instance_norm.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Σ x[i] (centre = 0) or Σ (x[i] − centre)² over n floats.
template <bool kSquares>
double PlaneSum(const float* x, int64_t n, float centre) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const auto m = hn::Set(d, centre);
  auto s0 = hn::Zero(d), s1 = hn::Zero(d), s2 = hn::Zero(d), s3 = hn::Zero(d);
  auto add = [&](decltype(s0) acc, const float* p) {
    const auto v = hn::Sub(hn::LoadU(d, p), m);
    return kSquares ? hn::MulAdd(v, v, acc) : hn::Add(acc, v);
  };
  int64_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    s0 = add(s0, x + i);
    s1 = add(s1, x + i + N);
    s2 = add(s2, x + i + 2 * N);
    s3 = add(s3, x + i + 3 * N);
  }
  for (; i + N <= n; i += N) s0 = add(s0, x + i);
  double sum = static_cast<double>(hn::GetLane(
      hn::SumOfLanes(d, hn::Add(hn::Add(s0, s1), hn::Add(s2, s3)))));
  for (; i < n; ++i) {
    const double v = static_cast<double>(x[i]) - centre;
    sum += kSquares ? v * v : v;
  }
  return sum;
}

void InstanceNormImpl(const InstanceNormArgs& a, const float* in,
                      const float* weight, const float* bias,
                      const float* running_mean, const float* running_var,
                      float* out) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  for (int64_t n = 0; n < a.batch; ++n) {
    for (int64_t c = 0; c < a.channels; ++c) {
      const int64_t base = (n * a.channels + c) * a.inner;
      const float* x = in + base;
      float* y = out + base;
      // The mean as a float m plus a small correction off: x − m is exact
      // for x near m, so large offsets cost no precision.
      float m = 0, off = 0;
      double var = 0;
      if (running_mean) {
        m = running_mean[c];
        var = running_var[c];
      } else if (a.inner > 0) {
        const double count = static_cast<double>(a.inner);
        m = static_cast<float>(PlaneSum<false>(x, a.inner, 0.0f) / count);
        const double rest = PlaneSum<false>(x, a.inner, m) / count;
        var = PlaneSum<true>(x, a.inner, m) / count - rest * rest;  // biased
        if (var < 0) var = 0;
        off = static_cast<float>(rest);
      }
      const double inv = 1.0 / std::sqrt(var + static_cast<double>(a.eps));
      const float scale = static_cast<float>((weight ? weight[c] : 1.0) * inv);
      const float shift = bias ? bias[c] : 0.0f;
      const auto vm = hn::Set(d, m);
      const auto voff = hn::Set(d, off);
      const auto s = hn::Set(d, scale);
      const auto t = hn::Set(d, shift);
      int64_t i = 0;
      for (; i + N <= a.inner; i += N) {
        const auto centred = hn::Sub(hn::Sub(hn::LoadU(d, x + i), vm), voff);
        hn::StoreU(hn::MulAdd(centred, s, t), d, y + i);
      }
      for (; i < a.inner; ++i) y[i] = ((x[i] - m) - off) * scale + shift;
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(InstanceNormImpl);

void InstanceNorm(const InstanceNormArgs& a, const float* in,
                  const float* weight, const float* bias,
                  const float* running_mean, const float* running_var,
                  float* out) {
  HWY_DYNAMIC_DISPATCH(InstanceNormImpl)
  (a, in, weight, bias, running_mean, running_var, out);
}

}  // namespace convplay
#endif  // HWY_ONCE
