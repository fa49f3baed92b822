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

struct PoolLayout {
  int64_t rows_d = 1, rows_h = 1, phases = 1, row_len = 0, plane = 0;
};

PoolLayout MakePoolLayout(const PoolArgs& a, int64_t slack) {
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  PoolLayout l;
  l.rows_d = (ad.out - 1) * ad.stride + (ad.kernel - 1) * ad.dilation + 1;
  l.rows_h = (ah.out - 1) * ah.stride + (ah.kernel - 1) * ah.dilation + 1;
  l.phases = aw.stride;
  l.row_len = aw.out + ((aw.kernel - 1) * aw.dilation) / aw.stride + 1 + slack;
  l.plane = l.rows_d * l.rows_h * l.phases * l.row_len;
  return l;
}

void PadPlane(const PoolArgs& a, const PoolLayout& l, const float* src,
              float fill, float* dst) {
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  for (int64_t td = 0; td < l.rows_d; ++td) {
    const int64_t sd = td - ad.pad;
    for (int64_t th = 0; th < l.rows_h; ++th) {
      const int64_t sh = th - ah.pad;
      float* row = dst + (td * l.rows_h + th) * l.phases * l.row_len;
      if (sd < 0 || sd >= ad.in || sh < 0 || sh >= ah.in) {
        std::fill(row, row + l.phases * l.row_len, fill);
        continue;
      }
      const float* srow = src + (sd * ah.in + sh) * aw.in;
      for (int64_t r = 0; r < l.phases; ++r) {
        float* prow = row + r * l.row_len;
        for (int64_t j = 0; j < l.row_len; ++j) {
          const int64_t sw = j * aw.stride + r - aw.pad;
          prow[j] = (sw < 0 || sw >= aw.in) ? fill : srow[sw];
        }
      }
    }
  }
}

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

void PoolImpl(const PoolArgs& a, const float* in, float* out, Workspace* ws) {
  const hn::ScalableTag<float> d;
  using V = hn::Vec<decltype(d)>;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const bool max = a.kind == PoolKind::kMax;
  const PoolLayout l = MakePoolLayout(a, 4 * N);
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t in_plane = ad.in * ah.in * aw.in;
  const int64_t out_plane = ad.out * ah.out * aw.out;
  const size_t inv_size = static_cast<size_t>(ad.out + ah.out + aw.out + 4 * N);
  if (ws->padded.size() < static_cast<size_t>(l.plane))
    ws->padded.resize(l.plane);
  if (ws->packed.size() < inv_size) ws->packed.resize(inv_size);
  float* buf = ws->padded.data();
  float* inv_d = ws->packed.data();
  float* inv_h = inv_d + ad.out;
  float* inv_w = inv_h + ah.out;
  const bool fixed = a.divisor_override != 0;
  if (!max) {
    InverseCounts(ad, a.count_include_pad, inv_d);
    InverseCounts(ah, a.count_include_pad, inv_h);
    InverseCounts(aw, a.count_include_pad, inv_w);
    std::fill(inv_w + aw.out, inv_w + aw.out + 4 * N, 0.0f);
  }
  const float fill = max ? -std::numeric_limits<float>::infinity() : 0.0f;
  const V init = hn::Set(d, fill);
  for (int64_t p = 0; p < a.planes; ++p) {
    PadPlane(a, l, in + p * in_plane, fill, buf);
    float* dst_plane = out + p * out_plane;
    for (int64_t od = 0; od < ad.out; ++od) {
      for (int64_t oh = 0; oh < ah.out; ++oh) {
        float* dst = dst_plane + (od * ah.out + oh) * aw.out;
        const float scale = fixed
                                ? 1.0f / static_cast<float>(a.divisor_override)
                                : inv_d[od] * inv_h[oh];
        for (int64_t x = 0; x < aw.out; x += 2 * N) {
          V acc0 = init, acc1 = init;
          for (int64_t kd = 0; kd < ad.kernel; ++kd) {
            const int64_t td = od * ad.stride + kd * ad.dilation;
            for (int64_t kh = 0; kh < ah.kernel; ++kh) {
              const int64_t th = oh * ah.stride + kh * ah.dilation;
              const float* row =
                  buf + (td * l.rows_h + th) * l.phases * l.row_len;
              for (int64_t kw = 0; kw < aw.kernel; ++kw) {
                const int64_t t = kw * aw.dilation;
                const float* q =
                    row + (t % aw.stride) * l.row_len + t / aw.stride + x;
                const V v0 = hn::LoadU(d, q);
                const V v1 = hn::LoadU(d, q + N);
                if (max) {
                  acc0 = hn::IfThenElse(hn::Or(hn::Gt(v0, acc0), hn::IsNaN(v0)),
                                        v0, acc0);
                  acc1 = hn::IfThenElse(hn::Or(hn::Gt(v1, acc1), hn::IsNaN(v1)),
                                        v1, acc1);
                } else {
                  acc0 = hn::Add(acc0, v0);
                  acc1 = hn::Add(acc1, v1);
                }
              }
            }
          }
          if (!max) {
            const V s = hn::Set(d, scale);
            if (fixed) {
              acc0 = hn::Mul(acc0, s);
              acc1 = hn::Mul(acc1, s);
            } else {
              acc0 = hn::Mul(hn::Mul(acc0, s), hn::LoadU(d, inv_w + x));
              acc1 = hn::Mul(hn::Mul(acc1, s), hn::LoadU(d, inv_w + x + N));
            }
          }
          const int64_t left = aw.out - x;
          if (left >= 2 * N) {
            hn::StoreU(acc0, d, dst + x);
            hn::StoreU(acc1, d, dst + x + N);
          } else if (left > N) {
            hn::StoreU(acc0, d, dst + x);
            hn::BlendedStore(acc1, hn::FirstN(d, static_cast<size_t>(left - N)),
                             d, dst + x + N);
          } else {
            hn::BlendedStore(acc0, hn::FirstN(d, static_cast<size_t>(left)), d,
                             dst + x);
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
