// SIMD max and average pooling (Highway).
//
// As in conv.cc, the input is first copied into a padded, phase-split
// buffer (padding = −inf for max, 0 for average; ceil_mode overhang
// included), so each window tap is one contiguous vector load over output x
// for any stride and dilation. Average divisors are separable: the window's
// count is the product of per-dim counts, so 1/count is precomputed per dim
// and the x factor loaded as a vector.
//
// Max follows PyTorch's `if (val > max || isnan(val)) max = val`: a NaN in
// the window wins, and an all-padding window stays −inf.
#include <algorithm>
#include <cmath>
#include <limits>

#include "convplay/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/pool.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// 1/count along one dim for average pooling (PyTorch's window rules).
void InverseCounts(const Axis& ax, bool include_pad, float* inv) {
  for (int64_t o = 0; o < ax.out; ++o) {
    int64_t lo = o * ax.stride - ax.pad;
    int64_t hi = std::min(lo + ax.kernel, ax.in + ax.pad);
    const int64_t pool_size = hi - lo;
    lo = std::max<int64_t>(lo, 0);
    hi = std::min(hi, ax.in);
    const int64_t clipped = std::max<int64_t>(hi - lo, 0);
    const int64_t count = include_pad ? pool_size : clipped;
    // An empty window (only padding) averages to 0.
    inv[o] =
        (clipped == 0 || count == 0) ? 0.0f : 1.0f / static_cast<float>(count);
  }
}

template <class D, class V>
HWY_INLINE V Combine(D /*d*/, bool max, V acc, V v) {
  if (max) return hn::IfThenElse(hn::Or(hn::Gt(v, acc), hn::IsNaN(v)), v, acc);
  return hn::Add(acc, v);
}

// Pooling in two passes per output row, so every load is contiguous:
// 1. vertical: combine the window's input rows (all D×H taps) over the
//    whole width into one row;
// 2. horizontal: pad that row (−inf or 0), split it into `stride` phases
//    (a vector deinterleave for stride 2) and combine the W taps with one
//    vector load each.
// The input is read once (once per overlapping window row), unlike a
// padded copy of the whole plane.
void PoolImpl(const PoolArgs& a, const float* in, float* out, Workspace* ws) {
  const hn::ScalableTag<float> d;
  using V = hn::Vec<decltype(d)>;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const bool max = a.kind == PoolKind::kMax;
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t s = aw.stride;
  const int64_t in_plane = ad.in * ah.in * aw.in;
  const int64_t out_plane = ad.out * ah.out * aw.out;
  // Row buffers: the vertical result, its padded copy, and the phases.
  const int64_t padded_len =
      (aw.out - 1) * s + (aw.kernel - 1) * aw.dilation + 1;
  const int64_t row_len = aw.in + N;  // vertical result
  const int64_t pad_len = std::max(padded_len, aw.in + aw.pad) + 2 * N + s;
  const int64_t phase_len = pad_len / s + 2 * N;
  const size_t need = static_cast<size_t>(row_len + pad_len + s * phase_len);
  const size_t inv_size = static_cast<size_t>(ad.out + ah.out + aw.out + 2 * N);
  if (ws->padded.size() < need) ws->padded.resize(need);
  if (ws->packed.size() < inv_size) ws->packed.resize(inv_size);
  float* row = ws->padded.data();
  float* padded = row + row_len;
  float* phases = padded + pad_len;
  float* inv_d = ws->packed.data();
  float* inv_h = inv_d + ad.out;
  float* inv_w = inv_h + ah.out;
  const bool fixed = a.divisor_override != 0;
  if (!max) {
    InverseCounts(ad, a.count_include_pad, inv_d);
    InverseCounts(ah, a.count_include_pad, inv_h);
    InverseCounts(aw, a.count_include_pad, inv_w);
    std::fill(inv_w + aw.out, inv_w + aw.out + 2 * N, 0.0f);
  }
  const float fill = max ? -std::numeric_limits<float>::infinity() : 0.0f;
  const V init = hn::Set(d, fill);
  std::fill(padded, padded + pad_len, fill);
  for (int64_t p = 0; p < a.planes; ++p) {
    const float* src = in + p * in_plane;
    float* dst_plane = out + p * out_plane;
    for (int64_t od = 0; od < ad.out; ++od) {
      for (int64_t oh = 0; oh < ah.out; ++oh) {
        // 1. Vertical.
        int64_t x = 0;
        for (; x < aw.in; x += N) hn::StoreU(init, d, row + x);
        for (int64_t kd = 0; kd < ad.kernel; ++kd) {
          const int64_t sd = od * ad.stride - ad.pad + kd * ad.dilation;
          if (sd < 0 || sd >= ad.in) continue;
          for (int64_t kh = 0; kh < ah.kernel; ++kh) {
            const int64_t sh = oh * ah.stride - ah.pad + kh * ah.dilation;
            if (sh < 0 || sh >= ah.in) continue;
            const float* r = src + (sd * ah.in + sh) * aw.in;
            int64_t i = 0;
            for (; i + N <= aw.in; i += N) {
              hn::StoreU(
                  Combine(d, max, hn::LoadU(d, row + i), hn::LoadU(d, r + i)),
                  d, row + i);
            }
            for (; i < aw.in; ++i) {
              const float v = r[i];
              row[i] = max ? ((v > row[i] || std::isnan(v)) ? v : row[i])
                           : row[i] + v;
            }
          }
        }
        // 2. Horizontal: padded row, phases, then W taps.
        std::copy(row, row + aw.in, padded + aw.pad);
        const float* base = padded;
        int64_t stride_len = pad_len;
        if (s == 2) {
          float* even = phases;
          float* odd = phases + phase_len;
          int64_t j = 0;
#if HWY_TARGET != HWY_SCALAR  // the scalar target has no deinterleave
          for (; 2 * j + 2 * N <= pad_len; j += N) {
            const V lo = hn::LoadU(d, padded + 2 * j);
            const V hi = hn::LoadU(d, padded + 2 * j + N);
            hn::StoreU(hn::ConcatEven(d, hi, lo), d, even + j);
            hn::StoreU(hn::ConcatOdd(d, hi, lo), d, odd + j);
          }
#endif
          for (; 2 * j + 1 < pad_len; ++j) {
            even[j] = padded[2 * j];
            odd[j] = padded[2 * j + 1];
          }
          base = phases;
          stride_len = phase_len;
        } else if (s > 2) {
          for (int64_t r = 0; r < s; ++r) {
            float* ph = phases + r * phase_len;
            for (int64_t j = 0; j * s + r < pad_len; ++j)
              ph[j] = padded[j * s + r];
          }
          base = phases;
          stride_len = phase_len;
        }
        float* dst = dst_plane + (od * ah.out + oh) * aw.out;
        const float scale = fixed
                                ? 1.0f / static_cast<float>(a.divisor_override)
                                : inv_d[od] * inv_h[oh];
        for (int64_t ox = 0; ox < aw.out; ox += N) {
          V acc = init;
          for (int64_t kw = 0; kw < aw.kernel; ++kw) {
            const int64_t t = kw * aw.dilation;
            const float* q = s == 1 ? base + t + ox
                                    : base + (t % s) * stride_len + t / s + ox;
            acc = Combine(d, max, acc, hn::LoadU(d, q));
          }
          if (!max) {
            acc = hn::Mul(acc, hn::Set(d, scale));
            if (!fixed) acc = hn::Mul(acc, hn::LoadU(d, inv_w + ox));
          }
          const int64_t left = aw.out - ox;
          if (left >= N) {
            hn::StoreU(acc, d, dst + ox);
          } else {
            hn::BlendedStore(acc, hn::FirstN(d, static_cast<size_t>(left)), d,
                             dst + ox);
          }
        }
      }
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(PoolImpl);

void Pool(const PoolArgs& a, const float* in, float* out, Workspace* ws) {
  if (a.planes == 0 || a.axis[0].out * a.axis[1].out * a.axis[2].out == 0)
    return;
  HWY_DYNAMIC_DISPATCH(PoolImpl)(a, in, out, ws);
}

}  // namespace convplay
#endif  // HWY_ONCE
