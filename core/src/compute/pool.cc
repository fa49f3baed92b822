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

#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/pool.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
// After highway.h: per-target helpers.
#include "compute/floats-inl.h"

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

template <bool max>
inline float CombineScalar(float acc, float v) {
  if (!max) return acc + v;
  return (v > acc || std::isnan(v)) ? v : acc;
}

template <bool max, class D, class V>
HWY_INLINE V Combine(D /*d*/, V acc, V v) {
  if (!max) return hn::Add(acc, v);
  // PyTorch's `val > max || isnan(val)`: NaN wins. (WASM's NaN-propagating
  // f32x4.max would do, but V8 lowers it to ~6 x64 instructions; this is 4.)
  return hn::IfThenElse(hn::Or(hn::Gt(v, acc), hn::IsNaN(v)), v, acc);
}

#if HWY_TARGET != HWY_SCALAR
// Combines lane pairs (0,1), (2,3), … of the 2N values in lo:hi into N.
template <bool max, class D, class V>
HWY_INLINE V PairReduce(D d, V lo, V hi) {
  return Combine<max>(d, hn::ConcatEven(d, hi, lo), hn::ConcatOdd(d, hi, lo));
}

// Reduces the R rows' S·N columns starting at c into N outputs. S is a
// template argument so the S partial vectors stay in registers (a runtime
// count leaves the array in memory on wasm32).
template <bool max, int R, int S, class D>
HWY_INLINE hn::Vec<D> GroupOfColumns(D d, const float* const* r, size_t c) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  V v[S];
  for (size_t j = 0; j < S; ++j) {
    V acc = hn::LoadU(d, r[0] + c + j * N);
    for (int k = 1; k < R; ++k)
      acc = Combine<max>(d, acc, hn::LoadU(d, r[k] + c + j * N));
    v[j] = acc;
  }
  if (S == 2) return PairReduce<max>(d, v[0], v[1]);
  return PairReduce<max>(d, PairReduce<max>(d, v[0], v[1]),
                         PairReduce<max>(d, v[S / 2], v[S - 1]));
}

// Max pooling without the per-element NaN test: plain Max (whose NaN
// handling varies by target) plus a running sum `check`, which turns NaN
// whenever an input is NaN (or, rarely, when inf − inf occurs). The caller
// checks it once per row and then redoes the row with PyTorch's exact rule.
// One `check` per column vector j: with a single one, its R·S dependent adds
// per group (16 for 4 × 4) bounded the loop more than the loads did.
template <int R, int S, class D>
HWY_INLINE hn::Vec<D> MaxGroupFast(D d, const float* const* r, size_t c,
                                   hn::Vec<D>* check) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  V v[S];
  for (size_t j = 0; j < S; ++j) {
    V acc = hn::LoadU(d, r[0] + c + j * N);
    check[j] = hn::Add(check[j], acc);
    for (int k = 1; k < R; ++k) {
      const V x = hn::LoadU(d, r[k] + c + j * N);
      acc = hn::Max(acc, x);
      check[j] = hn::Add(check[j], x);
    }
    v[j] = acc;
  }
  auto pair = [d](V lo, V hi) {
    return hn::Max(hn::ConcatEven(d, hi, lo), hn::ConcatOdd(d, hi, lo));
  };
  if (S == 2) return pair(v[0], v[1]);
  return pair(pair(v[0], v[1]), pair(v[S / 2], v[S - 1]));
}

// kernel = stride = S ∈ {2, 4} along W, no padding, no dilation: each output
// is a disjoint group of S columns, reduced in registers by deinterleaving
// (one round for 2, two for 4); 1–4 window rows are unrolled. Sets *done to
// the outputs written (full vectors only).
template <bool max, int R, int S, class D>
void NonOverlappingRows(D d, const Axis& aw, const float* const* r, float scale,
                        const float* inv_w, bool fixed, float* dst,
                        int64_t* done) {
  const size_t N = hn::Lanes(d);
  const size_t in = static_cast<size_t>(aw.in);
  const size_t out = static_cast<size_t>(aw.out);
  // Full vectors: N outputs read S·N columns, all inside the row.
  const size_t full = std::min(out, in / S) / N * N;
  size_t ox = 0;
  if (max) {
    hn::Vec<D> check[S];
    for (size_t j = 0; j < S; ++j) check[j] = hn::Zero(d);
    for (; ox < full; ox += N) {
      hn::StoreU(MaxGroupFast<R, S>(d, r, ox * S, check), d, dst + ox);
    }
    for (size_t j = 1; j < S; ++j) check[0] = hn::Add(check[0], check[j]);
    if (hn::AllFalse(d, hn::IsNaN(check[0]))) {
      *done = static_cast<int64_t>(ox);
      return;
    }
    ox = 0;  // a NaN (or inf − inf) in this row: redo it exactly
  }
  for (; ox < full; ox += N) {
    auto v = GroupOfColumns<max, R, S>(d, r, ox * S);
    if (!max) {
      v = hn::Mul(v, hn::Set(d, scale));
      if (!fixed) v = hn::Mul(v, hn::LoadU(d, inv_w + ox));
    }
    hn::StoreU(v, d, dst + ox);
  }
  *done = static_cast<int64_t>(ox);
}

template <bool max, int S, class D>
bool NonOverlappingRowS(D d, const Axis& aw, const float* const* r,
                        size_t n_rows, float scale, const float* inv_w,
                        bool fixed, float* dst, int64_t* ox) {
  switch (n_rows) {
    case 1:
      NonOverlappingRows<max, 1, S>(d, aw, r, scale, inv_w, fixed, dst, ox);
      return true;
    case 2:
      NonOverlappingRows<max, 2, S>(d, aw, r, scale, inv_w, fixed, dst, ox);
      return true;
    case 3:
      NonOverlappingRows<max, 3, S>(d, aw, r, scale, inv_w, fixed, dst, ox);
      return true;
    case 4:
      NonOverlappingRows<max, 4, S>(d, aw, r, scale, inv_w, fixed, dst, ox);
      return true;
    default:
      return false;
  }
}

// Combines the valid window cells of outputs [from, aw.out) one by one: the
// last outputs of a row that the vector paths leave (and a window cut by
// the edge or the padding).
template <bool max>
void ScalarOutputs(const Axis& aw, const float* const* r, size_t n_rows,
                   float scale, const float* inv_w, bool fixed, float* dst,
                   int64_t from) {
  for (int64_t ox = from; ox < aw.out; ++ox) {
    float acc = max ? -std::numeric_limits<float>::infinity() : 0.0f;
    for (int64_t kw = 0; kw < aw.kernel; ++kw) {
      const int64_t c = ox * aw.stride - aw.pad + kw * aw.dilation;
      if (c < 0 || c >= aw.in) continue;
      for (size_t k = 0; k < n_rows; ++k)
        acc = CombineScalar<max>(acc, r[k][c]);
    }
    dst[ox] = max ? acc : acc * scale * (fixed ? 1.0f : inv_w[ox]);
  }
}

template <bool max, class D>
bool NonOverlappingRow(D d, const Axis& aw, const float* const* r,
                       size_t n_rows, float scale, const float* inv_w,
                       bool fixed, float* dst) {
  const int64_t s = aw.stride;
  if (aw.pad != 0 || aw.dilation != 1 || aw.kernel != s || (s != 2 && s != 4))
    return false;
  int64_t ox = 0;
  const bool done = s == 2 ? NonOverlappingRowS<max, 2>(d, aw, r, n_rows, scale,
                                                        inv_w, fixed, dst, &ox)
                           : NonOverlappingRowS<max, 4>(d, aw, r, n_rows, scale,
                                                        inv_w, fixed, dst, &ox);
  if (!done) return false;
  ScalarOutputs<max>(aw, r, n_rows, scale, inv_w, fixed, dst, ox);
  return true;
}

// kernel 3, stride 2, padding 0 or 1, no dilation along W (ResNet's and
// MobileNet's overlapping pools), in one pass with no row buffer: the
// vertical combine of 2·4 columns is deinterleaved in registers into even
// and odd columns, and output j takes (odd j − 1, even j, odd j), where odd
// j − 1 for the block's first lane is the previous block's last odd lane,
// carried in a register and moved in by one lane shift. Output o's window
// starts at column 2o − p, so the block for outputs ox… loads from
// 2·ox + 1 − p and the carry starts as column 0 (p = 0) or padding (p = 1).
// Always 4 lanes (Full128, also on AVX2/AVX-512): the carry's lane shift
// crosses the whole vector, which wider x86 vectors do only per 128 bits.
// Returns the outputs done (full blocks only).
template <bool max, int R>
int64_t ThreeTwoRows(const Axis& aw, const float* const* r, float scale,
                     const float* inv_w, bool fixed, bool uniform_w,
                     float* dst) {
  const hn::Full128<float> d;
  using V = hn::Vec<decltype(d)>;
  constexpr int64_t N = 4;
  const int64_t b0 = 1 - aw.pad;
  auto vertical = [&](int64_t at) {
    V acc = hn::LoadU(d, r[0] + at);
    for (int k = 1; k < R; ++k)
      acc = Combine<max>(d, acc, hn::LoadU(d, r[k] + at));
    return acc;
  };
  V prev = hn::Set(d, max ? -std::numeric_limits<float>::infinity() : 0.0f);
  if (aw.pad == 0) {
    float c0 = r[0][0];
    for (int k = 1; k < R; ++k) c0 = CombineScalar<max>(c0, r[k][0]);
    prev = hn::Set(d, c0);
  }
  // With one divisor for the whole row (a divisor_override, or equal
  // counts along W) one multiply does.
  const bool per_x = !fixed && !uniform_w;
  const V vscale = hn::Set(d, (fixed || per_x) ? scale : scale * inv_w[0]);
  int64_t ox = 0;
  for (; ox + N <= aw.out && b0 + 2 * ox + 2 * N <= aw.in; ox += N) {
    const int64_t at = b0 + 2 * ox;
    const V lo = vertical(at);
    const V hi = vertical(at + N);
    const V even = hn::ConcatEven(d, hi, lo);
    const V odd = hn::ConcatOdd(d, hi, lo);
    // [prev3, odd0, odd1, odd2]: each output's first window column.
    const V first = hn::CombineShiftRightBytes<12>(d, odd, prev);
    prev = odd;
    V acc = Combine<max>(d, Combine<max>(d, first, even), odd);
    if (!max) {
      acc = hn::Mul(acc, vscale);
      if (per_x) acc = hn::Mul(acc, hn::LoadU(d, inv_w + ox));
    }
    hn::StoreU(acc, d, dst + ox);
  }
  return ox;
}

template <bool max>
bool ThreeTwoRow(const Axis& aw, const float* const* r, size_t n_rows,
                 float scale, const float* inv_w, bool fixed, bool uniform_w,
                 float* dst) {
  if (aw.kernel != 3 || aw.stride != 2 || aw.dilation != 1 || aw.pad > 1)
    return false;
  int64_t ox = 0;
  switch (n_rows) {
    case 1:
      ox = ThreeTwoRows<max, 1>(aw, r, scale, inv_w, fixed, uniform_w, dst);
      break;
    case 2:
      ox = ThreeTwoRows<max, 2>(aw, r, scale, inv_w, fixed, uniform_w, dst);
      break;
    case 3:
      ox = ThreeTwoRows<max, 3>(aw, r, scale, inv_w, fixed, uniform_w, dst);
      break;
    case 4:
      ox = ThreeTwoRows<max, 4>(aw, r, scale, inv_w, fixed, uniform_w, dst);
      break;
    default:
      return false;
  }
  ScalarOutputs<max>(aw, r, n_rows, scale, inv_w, fixed, dst, ox);
  return true;
}
#endif

// Pooling in two passes per output row, so every load is contiguous:
// 1. vertical: combine the window's input rows (all D×H taps) in registers,
//    writing the result straight into the padded row; for stride 2 the same
//    pass deinterleaves it into even and odd phases;
// 2. horizontal: combine the W taps, one vector load each from a phase.
// The borders of the padded row and phases hold −inf (max) or 0 (average)
// and are written once; each row only rewrites the data in between.
// The vertical pass over a window's rows: full vectors only, written to
// `line` (stride ≠ 2) or deinterleaved into the even and odd phases
// (stride 2). R > 0 fixes the row count at compile time (unrolled); R = 0
// takes n_rows, which may be 0 (a window wholly in the padding). Returns how
// many columns it did.
template <bool max, int R, class D>
size_t VerticalRows(D d, const float* const* r, size_t n_rows, int64_t width,
                    int64_t s, float* line, float* even, float* odd) {
  (void)even;  // unused on the scalar target
  (void)odd;
  const size_t N = hn::Lanes(d);
  const size_t W = static_cast<size_t>(width);
  const size_t rows = R > 0 ? static_cast<size_t>(R) : n_rows;
  const auto init =
      hn::Set(d, max ? -std::numeric_limits<float>::infinity() : 0.0f);
  auto reduce = [&](size_t at) {
    auto acc = rows > 0 ? hn::LoadU(d, r[0] + at) : init;
    for (size_t k = 1; k < rows; ++k) {
      acc = Combine<max>(d, acc, hn::LoadU(d, r[k] + at));
    }
    return acc;
  };
  size_t i = 0;
  if (s == 2) {
#if HWY_TARGET != HWY_SCALAR  // the scalar target has no deinterleave
    for (; i + 2 * N <= W; i += 2 * N) {
      const auto lo = reduce(i);
      const auto hi = reduce(i + N);
      hn::StoreU(hn::ConcatEven(d, hi, lo), d, even + i / 2);
      hn::StoreU(hn::ConcatOdd(d, hi, lo), d, odd + i / 2);
    }
#endif
    return i;
  }
  for (; i + N <= W; i += N) hn::StoreU(reduce(i), d, line + i);
  return i;
}

template <bool max>
void PoolRows(const PoolArgs& a, const float* in, float* out, Workspace* ws) {
  const hn::ScalableTag<float> d;
  using V = hn::Vec<decltype(d)>;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t s = aw.stride;
  const int64_t W = aw.in;
  const int64_t p = aw.pad;
  const int64_t in_plane = ad.in * ah.in * W;
  const int64_t out_plane = ad.out * ah.out * aw.out;
  const int64_t padded_len =
      (aw.out - 1) * s + (aw.kernel - 1) * aw.dilation + 1;
  const int64_t pad_len = std::max(padded_len, W + p) + 2 * N + s;
  const int64_t phase_len = pad_len / s + 2 * N;
  const size_t need = static_cast<size_t>(pad_len + s * phase_len);
  const size_t inv_size = static_cast<size_t>(ad.out + ah.out + aw.out + 2 * N);
  if (ws->padded.size() < need) ws->padded.resize(need);
  if (ws->packed.size() < inv_size) ws->packed.resize(inv_size);
  float* padded = ws->padded.data();
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
  const bool uniform_w =
      !max && std::all_of(inv_w, inv_w + aw.out,
                          [&](float v) { return v == inv_w[0]; });
  (void)uniform_w;  // the scalar target has no fast row paths
  const float fill = max ? -std::numeric_limits<float>::infinity() : 0.0f;
  const V init = hn::Set(d, fill);
  FillFloats(padded, need, fill);
  // Stride 2: where even and odd input columns land among the phases.
  float* even_dst = phases + (p % 2) * phase_len + p / 2;
  float* odd_dst = phases + (1 - p % 2) * phase_len + (p + 1) / 2;
  std::vector<const float*>& many = ws->rows;
  // Where each W tap reads, relative to the output's first column: phase
  // (t mod s) at offset t / s. Computed once: 64-bit division is slow in
  // wasm32.
  std::vector<uint32_t>& tap = ws->offsets;
  tap.clear();
  for (int64_t kw = 0; kw < aw.kernel; ++kw) {
    const int64_t t = kw * aw.dilation;
    const int64_t len = s == 1 ? pad_len : phase_len;
    tap.push_back(static_cast<uint32_t>((t % s) * len + t / s));
  }
  // Each output row's window rows, as offsets into a plane: the same for
  // every plane, so computed once. begin[o]..begin[o+1] index `offsets`.
  std::vector<uint32_t>& offsets = ws->row_offsets;
  std::vector<uint32_t>& begin = ws->row_begin;
  offsets.clear();
  begin.clear();
  for (int64_t od = 0; od < ad.out; ++od) {
    for (int64_t oh = 0; oh < ah.out; ++oh) {
      begin.push_back(static_cast<uint32_t>(offsets.size()));
      for (int64_t kd = 0; kd < ad.kernel; ++kd) {
        const int64_t sd = od * ad.stride - ad.pad + kd * ad.dilation;
        if (sd < 0 || sd >= ad.in) continue;
        for (int64_t kh = 0; kh < ah.kernel; ++kh) {
          const int64_t sh = oh * ah.stride - ah.pad + kh * ah.dilation;
          if (sh < 0 || sh >= ah.in) continue;
          offsets.push_back(static_cast<uint32_t>((sd * ah.in + sh) * W));
        }
      }
    }
  }
  begin.push_back(static_cast<uint32_t>(offsets.size()));
  for (int64_t pl = 0; pl < a.planes; ++pl) {
    const float* src = in + pl * in_plane;
    float* dst_plane = out + pl * out_plane;
    size_t row_index = 0;
    for (int64_t od = 0; od < ad.out; ++od) {
      for (int64_t oh = 0; oh < ah.out; ++oh, ++row_index) {
        // The window's valid input rows.
        const size_t n_rows = begin[row_index + 1] - begin[row_index];
        many.resize(std::max(many.size(), n_rows));
        for (size_t k = 0; k < n_rows; ++k)
          many[k] = src + offsets[begin[row_index] + k];
        const float* const* r = many.data();
        float* dst = dst_plane + (od * ah.out + oh) * aw.out;
        const float scale = fixed
                                ? 1.0f / static_cast<float>(a.divisor_override)
                                : inv_d[od] * inv_h[oh];
#if HWY_TARGET != HWY_SCALAR
        if (NonOverlappingRow<max>(d, aw, r, n_rows, scale, inv_w, fixed, dst))
          continue;
        if (ThreeTwoRow<max>(aw, r, n_rows, scale, inv_w, fixed, uniform_w,
                             dst))
          continue;
#endif
        // 1. Vertical (fused with the stride-2 deinterleave).
        size_t i = 0;
        switch (n_rows) {
          case 1:
            i = VerticalRows<max, 1>(d, r, n_rows, W, s, padded + p, even_dst,
                                     odd_dst);
            break;
          case 2:
            i = VerticalRows<max, 2>(d, r, n_rows, W, s, padded + p, even_dst,
                                     odd_dst);
            break;
          case 3:
            i = VerticalRows<max, 3>(d, r, n_rows, W, s, padded + p, even_dst,
                                     odd_dst);
            break;
          case 4:
            i = VerticalRows<max, 4>(d, r, n_rows, W, s, padded + p, even_dst,
                                     odd_dst);
            break;
          default:
            i = VerticalRows<max, 0>(d, r, n_rows, W, s, padded + p, even_dst,
                                     odd_dst);
        }
        for (; i < static_cast<size_t>(W); ++i) {
          float v = fill;
          for (size_t k = 0; k < n_rows; ++k)
            v = CombineScalar<max>(v, r[k][i]);
          if (s == 2) {
            (i % 2 == 0 ? even_dst : odd_dst)[i / 2] = v;
          } else {
            padded[p + i] = v;
          }
        }
        if (s > 2) {
          for (int64_t ph = 0; ph < s; ++ph) {
            float* dst = phases + ph * phase_len;
            for (int64_t j = 0; j * s + ph < pad_len; ++j)
              dst[j] = padded[j * s + ph];
          }
        }
        // 2. Horizontal.
        const float* base = s == 1 ? padded : phases;
        for (int64_t ox = 0; ox < aw.out; ox += N) {
          V acc = init;
          for (const uint32_t off : tap)
            acc = Combine<max>(d, acc, hn::LoadU(d, base + off + ox));
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

void PoolImpl(const PoolArgs& a, const float* in, float* out, Workspace* ws) {
  if (a.kind == PoolKind::kMax) {
    PoolRows<true>(a, in, out, ws);
  } else {
    PoolRows<false>(a, in, out, ws);
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
