// SIMD InstanceNorm (Highway): per (n, c) plane the mean, then the biased
// variance about it (two passes, four vector accumulators each), then
// y = x·scale + shift with the statistics and γ, β folded in. With running
// statistics only the last pass runs.
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
      double mean = 0, var = 0;
      if (running_mean) {
        mean = running_mean[c];
        var = running_var[c];
      } else if (a.inner > 0) {
        const double count = static_cast<double>(a.inner);
        mean = PlaneSum<false>(x, a.inner, 0.0f) / count;
        // The squares about the float mean, corrected for its rounding.
        const float m = static_cast<float>(mean);
        const double off = PlaneSum<false>(x, a.inner, m) / count;
        var = PlaneSum<true>(x, a.inner, m) / count - off * off;
        if (var < 0) var = 0;
        mean = static_cast<double>(m) + off;
      }
      const double inv = 1.0 / std::sqrt(var + static_cast<double>(a.eps));
      const double g = weight ? weight[c] : 1.0;
      const double b = bias ? bias[c] : 0.0;
      const float scale = static_cast<float>(g * inv);
      const float shift = static_cast<float>(b - mean * g * inv);
      const auto s = hn::Set(d, scale);
      const auto t = hn::Set(d, shift);
      int64_t i = 0;
      for (; i + N <= a.inner; i += N) {
        hn::StoreU(hn::MulAdd(hn::LoadU(d, x + i), s, t), d, y + i);
      }
      for (; i < a.inner; ++i) y[i] = x[i] * scale + shift;
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
