// SIMD convolution (Highway; one source for every target).
//
// Plan of the kernel, and why:
// 1. Copy the input once into a padded, phase-split buffer: padding values
//    (zeros, reflect, replicate, circular) are materialised, so the inner
//    loop has no bounds checks; and each row is split into `stride` phases
//    (phase r holds columns r, r + s, r + 2s, …), so every kernel tap reads
//    a contiguous run of output-x values whatever the stride or dilation.
//    The copy costs O(input); the convolution costs O(input · C_out · k²).
// 2. Repack the weights so that the CO output channels of a block sit next
//    to each other for every tap (one broadcast each).
// 3. Microkernel: CO output channels × XV vectors of output x, all
//    accumulators in registers (4 × 2 = 8 by default: WASM SIMD128 has no
//    FMA and V8 keeps 16 vector registers, so 8–12 accumulators run at peak
//    without spills). Tails in x are stored with a mask; loads may run past
//    the row into the buffer's slack, never past the allocation.
#include <algorithm>
#include <cstring>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/conv.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
// After highway.h: per-target helpers.
#include "compute/floats-inl.h"

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Geometry of the padded, phase-split input of one image. Two orders of
// the same rows: planar (channel-major, as the input) for grouped convs,
// whose blocks each read one group's channels; and, for dense convs
// (groups = 1), row-major with the channels of one padded row next to each
// other ([row][channel][phase][x]): a microkernel call walks every input
// channel of the window's k rows, and in this order that is k contiguous
// runs instead of C·k runs one channel plane apart (issue 3's note: the
// stride-2 128-channel conv on 28² was the dense conv far from peak).
struct Layout {
  int64_t rows_d = 1, rows_h = 1;  // padded rows needed along D and H
  int64_t phases = 1;              // = stride along W
  int64_t row_len = 0;             // elements per phase row (with slack)
  int64_t plane = 0;               // elements per channel
  int64_t channel = 0;             // stride between channels
  int64_t row = 0;                 // stride between padded rows (H, then D)
};

Layout MakeLayout(const ConvArgs& a, int64_t slack) {
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  Layout l;
  l.rows_d = (ad.out - 1) * ad.stride + (ad.kernel - 1) * ad.dilation + 1;
  l.rows_h = (ah.out - 1) * ah.stride + (ah.kernel - 1) * ah.dilation + 1;
  l.phases = aw.stride;
  l.row_len = aw.out + ((aw.kernel - 1) * aw.dilation) / aw.stride + 1 + slack;
  l.plane = l.rows_d * l.rows_h * l.phases * l.row_len;
  const int64_t row = l.phases * l.row_len;
  const bool interleaved = a.groups == 1;
  l.channel = interleaved ? row : l.plane;
  l.row = interleaved ? row * a.in_channels : row;
  return l;
}

// Channels [c_begin, c_end) of one image, channel c_begin at buf.
void PadAndSplit(const ConvArgs& a, const Layout& l, const float* in,
                 int64_t c_begin, int64_t c_end, float* buf) {
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t plane_in = ad.in * ah.in * aw.in;
  const int64_t s = aw.stride;
  for (int64_t c = c_begin; c < c_end; ++c) {
    const float* src = in + c * plane_in;
    float* dst = buf + (c - c_begin) * l.channel;
    for (int64_t td = 0; td < l.rows_d; ++td) {
      const int64_t sd = reference::PadSource(td - ad.pad, ad.in, a.mode);
      for (int64_t th = 0; th < l.rows_h; ++th) {
        const int64_t sh = reference::PadSource(th - ah.pad, ah.in, a.mode);
        float* row = dst + (td * l.rows_h + th) * l.row;
        if (sd < 0 || sh < 0) {
          FillFloats(row, static_cast<size_t>(l.phases * l.row_len), 0.0f);
          continue;
        }
        const float* srow = src + (sd * ah.in + sh) * aw.in;
        for (int64_t r = 0; r < s; ++r) {
          float* prow = row + r * l.row_len;
          // Columns j·s + r − pad inside [0, W) form one interval [lo, hi):
          // copy it without per-element checks; only the borders need the
          // padding mode.
          const int64_t lo = std::min(
              l.row_len, std::max<int64_t>(0, (aw.pad - r + s - 1) / s));
          const int64_t hi = std::max(
              lo, std::min(l.row_len, (aw.in + aw.pad - r + s - 1) / s));
          for (int64_t j = 0; j < lo; ++j) {
            const int64_t sw =
                reference::PadSource(j * s + r - aw.pad, aw.in, a.mode);
            prow[j] = sw < 0 ? 0.0f : srow[sw];
          }
          const float* from = srow + lo * s + r - aw.pad;
          if (s == 1) {
            CopyFloats(from, static_cast<size_t>(hi - lo), prow + lo);
          } else {
            for (int64_t j = lo; j < hi; ++j) prow[j] = from[(j - lo) * s];
          }
          for (int64_t j = hi; j < l.row_len; ++j) {
            const int64_t sw =
                reference::PadSource(j * s + r - aw.pad, aw.in, a.mode);
            prow[j] = sw < 0 ? 0.0f : srow[sw];
          }
        }
      }
    }
  }
}

// Offsets, relative to a window's first element, of every (input channel,
// tap) the microkernel visits, in the packed weights' order. 32-bit: WASM
// addresses are, and 64-bit index arithmetic is slow there.
void TapOffsets(const ConvArgs& a, const Layout& l, int64_t cin_g,
                std::vector<uint32_t>* offsets) {
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  offsets->clear();
  for (int64_t ci = 0; ci < cin_g; ++ci) {
    for (int64_t kd = 0; kd < ad.kernel; ++kd) {
      for (int64_t kh = 0; kh < ah.kernel; ++kh) {
        for (int64_t kw = 0; kw < aw.kernel; ++kw) {
          const int64_t t = kw * aw.dilation;
          const int64_t row = kd * ad.dilation * l.rows_h + kh * ah.dilation;
          offsets->push_back(static_cast<uint32_t>(
              ci * l.channel + row * l.row + (t % aw.stride) * l.row_len +
              t / aw.stride));
        }
      }
    }
  }
}

// out[c][x + j·N + lane] for c < CO, j < XV: one flat loop over every
// (input channel, tap), all CO·XV accumulators in registers.
template <int CO, int XV>
HWY_INLINE void Microkernel(const float* window, const uint32_t* offsets,
                            size_t count, const float* w, const float* bias,
                            float* const* dst, size_t x_count) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  using V = hn::Vec<decltype(d)>;
  V acc[CO][XV];
  for (int c = 0; c < CO; ++c) {
    const V b = hn::Set(d, bias[c]);
    for (int j = 0; j < XV; ++j) acc[c][j] = b;
  }
  for (size_t t = 0; t < count; ++t) {
    const float* p = window + offsets[t];
    V xv[XV];
    for (int j = 0; j < XV; ++j) xv[j] = hn::LoadU(d, p + j * N);
    for (int c = 0; c < CO; ++c) {
      const V wv = hn::Set(d, w[c]);
      for (int j = 0; j < XV; ++j) acc[c][j] = hn::MulAdd(xv[j], wv, acc[c][j]);
    }
    w += CO;
  }
  for (int c = 0; c < CO; ++c) {
    for (int j = 0; j < XV; ++j) {
      const size_t done = j * N;
      if (x_count >= done + N) {
        hn::StoreU(acc[c][j], d, dst[c] + done);
      } else if (x_count > done) {
        hn::BlendedStore(acc[c][j], hn::FirstN(d, x_count - done), d,
                         dst[c] + done);
      }
    }
  }
}

// Vectors of output x per microkernel call for a block of CO channels:
// CO·XV accumulators stay within V8's 16 vector registers.
constexpr int XvFor(int co) {
  return co == 4 ? 2 : co == 3 ? 3 : co == 2 ? 4 : 6;
}

// Single-channel blocks (depthwise convs) have registers to spare: pick
// 4–8 vectors per call so the chunks tile the row with the least waste.
int SingleChannelXv(int64_t width, int64_t lanes) {
  int best = 8;
  int64_t best_waste = -1;
  for (int xv = 8; xv >= 4; --xv) {
    const int64_t chunk = xv * lanes;
    const int64_t waste = (width + chunk - 1) / chunk * chunk - width;
    if (best_waste < 0 || waste < best_waste) {
      best = xv;
      best_waste = waste;
    }
  }
  return best;
}

// One output row (od, oh) of a block of CO channels starting at co.
template <int CO, int XV = XvFor(CO)>
void RunRow(const ConvArgs& a, const Layout& l, const float* buf,
            const float* wpack, const float* bias,
            const std::vector<uint32_t>& offsets, int64_t co, int64_t od,
            int64_t oh, float* out) {
  const size_t N = hn::Lanes(hn::ScalableTag<float>());
  const int64_t step = static_cast<int64_t>(XV * N);
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t out_plane = ad.out * ah.out * aw.out;
  float b[CO];
  for (int c = 0; c < CO; ++c) b[c] = a.has_bias ? bias[co + c] : 0.0f;
  const float* row = buf + (od * ad.stride * l.rows_h + oh * ah.stride) * l.row;
  float* dst[CO];
  for (int c = 0; c < CO; ++c)
    dst[c] = out + (co + c) * out_plane + (od * ah.out + oh) * aw.out;
  for (int64_t x = 0; x < aw.out; x += step) {
    float* at[CO];
    for (int c = 0; c < CO; ++c) at[c] = dst[c] + x;
    Microkernel<CO, XV>(row + x, offsets.data(), offsets.size(), wpack, b, at,
                        static_cast<size_t>(std::min(step, aw.out - x)));
  }
}

void RunRowOfBlock(const ConvArgs& a, const Layout& l, const float* buf,
                   const float* wpack, const float* bias,
                   const std::vector<uint32_t>& offsets, int64_t co,
                   int64_t count, int64_t od, int64_t oh, float* out) {
  switch (count) {
    case 4:
      return RunRow<4>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    case 3:
      return RunRow<3>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    case 2:
      return RunRow<2>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    default:
      break;
  }
  const int64_t N = static_cast<int64_t>(hn::Lanes(hn::ScalableTag<float>()));
  switch (SingleChannelXv(a.axis[2].out, N)) {
    case 4:
      return RunRow<1, 4>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    case 5:
      return RunRow<1, 5>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    case 6:
      return RunRow<1, 6>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    case 7:
      return RunRow<1, 7>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
    default:
      return RunRow<1, 8>(a, l, buf, wpack, bias, offsets, co, od, oh, out);
  }
}

void ConvImpl(const ConvArgs& a, const float* in, const float* weight,
              const float* bias, float* out, Workspace* ws) {
  const int64_t N = static_cast<int64_t>(hn::Lanes(hn::ScalableTag<float>()));
  const int64_t cin_g = a.in_channels / a.groups;
  const int64_t cout_g = a.out_channels / a.groups;
  // Loads run up to XV·N − 1 columns past an output row's last chunk start:
  // the slack each phase row needs, for the block sizes in use.
  int64_t slack = cout_g >= 4 ? XvFor(4) : 0;
  if (cout_g % 4 == 1)
    slack = std::max<int64_t>(slack, SingleChannelXv(a.axis[2].out, N));
  if (cout_g % 4 > 1)
    slack = std::max<int64_t>(slack, XvFor(static_cast<int>(cout_g % 4)));
  const Layout l = MakeLayout(a, slack * N);
  const int64_t taps = a.axis[0].kernel * a.axis[1].kernel * a.axis[2].kernel;
  // A grouped conv pads one group at a time (see below).
  const size_t buf_size =
      static_cast<size_t>(l.plane * (a.groups == 1 ? a.in_channels : cin_g));
  const size_t pack_size = static_cast<size_t>(a.out_channels * cin_g * taps);
  if (ws->padded.size() < buf_size) ws->padded.resize(buf_size);
  if (ws->packed.size() < pack_size) ws->packed.resize(pack_size);
  float* buf = ws->padded.data();
  float* pack = ws->packed.data();
  // Repack: for each block of ≤ 4 channels, [ci][tap][c].
  for (int64_t g = 0; g < a.groups; ++g) {
    for (int64_t b = 0; b < cout_g; b += 4) {
      const int64_t count = std::min<int64_t>(4, cout_g - b);
      const int64_t co0 = g * cout_g + b;
      float* dst = pack + co0 * cin_g * taps;
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        for (int64_t t = 0; t < taps; ++t) {
          for (int64_t c = 0; c < count; ++c)
            *dst++ = weight[((co0 + c) * cin_g + ci) * taps + t];
        }
      }
    }
  }
  TapOffsets(a, l, cin_g, &ws->offsets);
  // Tiling for the caches: a group of channel blocks whose packed weights
  // take ~64 KiB walks the output rows together, so each input row is
  // reused by every block of the group while it is in cache.
  const int64_t block_bytes =
      4 * cin_g * taps * static_cast<int64_t>(sizeof(float));
  const int64_t blocks_per_group =
      std::max<int64_t>(1, (64 << 10) / std::max<int64_t>(block_bytes, 1));
  const int64_t in_image =
      a.in_channels * a.axis[0].in * a.axis[1].in * a.axis[2].in;
  const int64_t out_image =
      a.out_channels * a.axis[0].out * a.axis[1].out * a.axis[2].out;
  for (int64_t n = 0; n < a.batch; ++n) {
    // Dense: the whole image at once (every block reads every channel).
    // Grouped: one group at a time, just before its blocks, into the same
    // space, so a depthwise conv reads its padded plane back from cache
    // instead of from a whole padded image that has left it.
    if (a.groups == 1) PadAndSplit(a, l, in + n * in_image, 0, cin_g, buf);
    float* out_n = out + n * out_image;
    for (int64_t g = 0; g < a.groups; ++g) {
      if (a.groups > 1) {
        PadAndSplit(a, l, in + n * in_image, g * cin_g, (g + 1) * cin_g, buf);
      }
      const float* gbuf = buf;
      for (int64_t first = 0; first < cout_g; first += 4 * blocks_per_group) {
        const int64_t last = std::min(cout_g, first + 4 * blocks_per_group);
        for (int64_t od = 0; od < a.axis[0].out; ++od) {
          for (int64_t oh = 0; oh < a.axis[1].out; ++oh) {
            for (int64_t b = first; b < last; b += 4) {
              const int64_t co0 = g * cout_g + b;
              RunRowOfBlock(a, l, gbuf, pack + co0 * cin_g * taps, bias,
                            ws->offsets, co0, std::min<int64_t>(4, cout_g - b),
                            od, oh, out_n);
            }
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

HWY_EXPORT(ConvImpl);

void Conv(const ConvArgs& a, const float* in, const float* weight,
          const float* bias, float* out, Workspace* ws) {
  if (a.batch == 0 || a.out_channels == 0) return;
  const int64_t out_volume = a.axis[0].out * a.axis[1].out * a.axis[2].out;
  if (a.in_channels == 0 || out_volume == 0) {
    // No inputs to sum: every output is its bias.
    for (int64_t n = 0; n < a.batch; ++n) {
      for (int64_t co = 0; co < a.out_channels; ++co) {
        std::fill_n(out + (n * a.out_channels + co) * out_volume, out_volume,
                    a.has_bias ? bias[co] : 0.0f);
      }
    }
    return;
  }
  HWY_DYNAMIC_DISPATCH(ConvImpl)(a, in, weight, bias, out, ws);
}

}  // namespace convplay
#endif  // HWY_ONCE
