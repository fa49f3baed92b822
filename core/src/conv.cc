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

#include "convplay/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/conv.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Geometry of the padded, phase-split input of one image.
struct Layout {
  int64_t rows_d = 1, rows_h = 1;  // padded rows needed along D and H
  int64_t phases = 1;              // = stride along W
  int64_t row_len = 0;             // elements per phase row (with slack)
  int64_t plane = 0;               // elements per channel
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
  return l;
}

int64_t Source(int64_t u, int64_t size, PadMode mode) {
  if (u >= 0 && u < size) return u;
  switch (mode) {
    case PadMode::kZeros:
      return -1;
    case PadMode::kReflect:
      return u < 0 ? -u : 2 * (size - 1) - u;
    case PadMode::kReplicate:
      return u < 0 ? 0 : size - 1;
    case PadMode::kCircular:
      return ((u % size) + size) % size;
  }
  return -1;
}

void PadAndSplit(const ConvArgs& a, const Layout& l, const float* in,
                 float* buf) {
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t plane_in = ad.in * ah.in * aw.in;
  for (int64_t c = 0; c < a.in_channels; ++c) {
    const float* src = in + c * plane_in;
    float* dst = buf + c * l.plane;
    for (int64_t td = 0; td < l.rows_d; ++td) {
      const int64_t sd = Source(td - ad.pad, ad.in, a.mode);
      for (int64_t th = 0; th < l.rows_h; ++th) {
        const int64_t sh = Source(th - ah.pad, ah.in, a.mode);
        float* row = dst + (td * l.rows_h + th) * l.phases * l.row_len;
        if (sd < 0 || sh < 0) {
          std::fill(row, row + l.phases * l.row_len, 0.0f);
          continue;
        }
        const float* srow = src + (sd * ah.in + sh) * aw.in;
        for (int64_t r = 0; r < l.phases; ++r) {
          float* prow = row + r * l.row_len;
          for (int64_t j = 0; j < l.row_len; ++j) {
            const int64_t sw =
                Source(j * aw.stride + r - aw.pad, aw.in, a.mode);
            prow[j] = sw < 0 ? 0.0f : srow[sw];
          }
        }
      }
    }
  }
}

// out[co + c][od][oh][x + j·N + lane] for c < CO, j < XV.
template <int CO, int XV>
void Microkernel(const ConvArgs& a, const Layout& l, const float* buf,
                 const float* wpack, const float* bias, int64_t co,
                 int64_t cin_g, int64_t od, int64_t oh, int64_t x,
                 int64_t x_count, float* out, int64_t out_plane) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  using V = hn::Vec<decltype(d)>;
  V acc[CO][XV];
  for (int c = 0; c < CO; ++c) {
    const V b = hn::Set(d, a.has_bias ? bias[co + c] : 0.0f);
    for (int j = 0; j < XV; ++j) acc[c][j] = b;
  }
  const float* w = wpack;
  for (int64_t ci = 0; ci < cin_g; ++ci) {
    const float* plane = buf + ci * l.plane;
    for (int64_t kd = 0; kd < ad.kernel; ++kd) {
      const int64_t td = od * ad.stride + kd * ad.dilation;
      for (int64_t kh = 0; kh < ah.kernel; ++kh) {
        const int64_t th = oh * ah.stride + kh * ah.dilation;
        const float* row = plane + (td * l.rows_h + th) * l.phases * l.row_len;
        for (int64_t kw = 0; kw < aw.kernel; ++kw) {
          const int64_t t = kw * aw.dilation;
          const float* p =
              row + (t % aw.stride) * l.row_len + t / aw.stride + x;
          V xv[XV];
          for (int j = 0; j < XV; ++j) xv[j] = hn::LoadU(d, p + j * N);
          for (int c = 0; c < CO; ++c) {
            const V wv = hn::Set(d, w[c]);
            for (int j = 0; j < XV; ++j)
              acc[c][j] = hn::MulAdd(xv[j], wv, acc[c][j]);
          }
          w += CO;
        }
      }
    }
  }
  for (int c = 0; c < CO; ++c) {
    float* dst = out + (co + c) * out_plane + (od * ah.out + oh) * aw.out + x;
    for (int j = 0; j < XV; ++j) {
      const int64_t left = x_count - static_cast<int64_t>(j * N);
      if (left >= static_cast<int64_t>(N)) {
        hn::StoreU(acc[c][j], d, dst + j * N);
      } else if (left > 0) {
        hn::BlendedStore(acc[c][j], hn::FirstN(d, static_cast<size_t>(left)), d,
                         dst + j * N);
      }
    }
  }
}

template <int CO, int XV>
void RunBlock(const ConvArgs& a, const Layout& l, const float* buf,
              const float* wpack, const float* bias, int64_t co, int64_t cin_g,
              float* out) {
  const size_t N = hn::Lanes(hn::ScalableTag<float>());
  const int64_t step = static_cast<int64_t>(XV * N);
  const int64_t out_plane = a.axis[0].out * a.axis[1].out * a.axis[2].out;
  for (int64_t od = 0; od < a.axis[0].out; ++od) {
    for (int64_t oh = 0; oh < a.axis[1].out; ++oh) {
      for (int64_t x = 0; x < a.axis[2].out; x += step) {
        Microkernel<CO, XV>(a, l, buf, wpack, bias, co, cin_g, od, oh, x,
                            std::min(step, a.axis[2].out - x), out, out_plane);
      }
    }
  }
}

// A block of `count` (1–4) output channels starting at co.
void RunChannels(const ConvArgs& a, const Layout& l, const float* buf,
                 const float* wpack, const float* bias, int64_t co,
                 int64_t count, int64_t cin_g, float* out) {
  switch (count) {
    case 4:
      return RunBlock<4, 2>(a, l, buf, wpack, bias, co, cin_g, out);
    case 3:
      return RunBlock<3, 3>(a, l, buf, wpack, bias, co, cin_g, out);
    case 2:
      return RunBlock<2, 4>(a, l, buf, wpack, bias, co, cin_g, out);
    default:
      return RunBlock<1, 4>(a, l, buf, wpack, bias, co, cin_g, out);
  }
}

void ConvImpl(const ConvArgs& a, const float* in, const float* weight,
              const float* bias, float* out, Workspace* ws) {
  const size_t N = hn::Lanes(hn::ScalableTag<float>());
  const Layout l = MakeLayout(a, static_cast<int64_t>(4 * N));
  const int64_t cin_g = a.in_channels / a.groups;
  const int64_t cout_g = a.out_channels / a.groups;
  const int64_t taps = a.axis[0].kernel * a.axis[1].kernel * a.axis[2].kernel;
  const size_t buf_size = static_cast<size_t>(l.plane * a.in_channels);
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
          for (int64_t c = 0; c < count; ++c) {
            *dst++ = weight[((co0 + c) * cin_g + ci) * taps + t];
          }
        }
      }
    }
  }
  const int64_t in_image =
      a.in_channels * a.axis[0].in * a.axis[1].in * a.axis[2].in;
  const int64_t out_image =
      a.out_channels * a.axis[0].out * a.axis[1].out * a.axis[2].out;
  for (int64_t n = 0; n < a.batch; ++n) {
    PadAndSplit(a, l, in + n * in_image, buf);
    for (int64_t g = 0; g < a.groups; ++g) {
      const float* gbuf = buf + g * cin_g * l.plane;
      for (int64_t b = 0; b < cout_g; b += 4) {
        const int64_t co0 = g * cout_g + b;
        RunChannels(a, l, gbuf, pack + co0 * cin_g * taps, bias, co0,
                    std::min<int64_t>(4, cout_g - b), cin_g,
                    out + n * out_image);
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

void ConvTranspose(const ConvTransposeArgs& a, const float* in,
                   const float* weight, const float* bias, float* out,
                   Workspace* ws) {
  // A transposed convolution is a stride-1 convolution over the input with
  // (stride − 1) zeros between values, padded by d·(k − 1) − p, with the
  // kernel flipped and its channel axes swapped.
  ConvArgs c;
  c.batch = a.batch;
  c.in_channels = a.in_channels;
  c.out_channels = a.out_channels;
  c.groups = a.groups;
  c.has_bias = a.has_bias;
  int64_t lead[3];
  int64_t up[3];
  for (int i = 0; i < 3; ++i) {
    const Axis& t = a.axis[i];
    lead[i] = t.dilation * (t.kernel - 1) - t.pad;
    up[i] = t.out + t.dilation * (t.kernel - 1);
    c.axis[i] = Axis{up[i], t.out, t.kernel, 1, 0, t.dilation};
  }
  const int64_t cin_g = a.in_channels / a.groups;
  const int64_t cout_g = a.out_channels / a.groups;
  const int64_t taps = a.axis[0].kernel * a.axis[1].kernel * a.axis[2].kernel;
  const int64_t up_plane = up[0] * up[1] * up[2];
  const int64_t in_plane = a.axis[0].in * a.axis[1].in * a.axis[2].in;
  const size_t expanded_size =
      static_cast<size_t>(a.batch * a.in_channels * up_plane);
  if (ws->expanded.size() < expanded_size) ws->expanded.resize(expanded_size);
  std::fill_n(ws->expanded.begin(), expanded_size, 0.0f);
  float* upsampled = ws->expanded.data();
  for (int64_t p = 0; p < a.batch * a.in_channels; ++p) {
    const float* src = in + p * in_plane;
    float* dst = upsampled + p * up_plane;
    for (int64_t id = 0; id < a.axis[0].in; ++id) {
      const int64_t td = id * a.axis[0].stride + lead[0];
      if (td < 0 || td >= up[0]) continue;
      for (int64_t ih = 0; ih < a.axis[1].in; ++ih) {
        const int64_t th = ih * a.axis[1].stride + lead[1];
        if (th < 0 || th >= up[1]) continue;
        for (int64_t iw = 0; iw < a.axis[2].in; ++iw) {
          const int64_t tw = iw * a.axis[2].stride + lead[2];
          if (tw < 0 || tw >= up[2]) continue;
          dst[(td * up[1] + th) * up[2] + tw] =
              src[(id * a.axis[1].in + ih) * a.axis[2].in + iw];
        }
      }
    }
  }
  const size_t flipped_size =
      static_cast<size_t>(a.out_channels * cin_g * taps);
  if (ws->flipped.size() < flipped_size) ws->flipped.resize(flipped_size);
  float* flipped = ws->flipped.data();
  for (int64_t g = 0; g < a.groups; ++g) {
    for (int64_t ci = 0; ci < cin_g; ++ci) {
      for (int64_t co = 0; co < cout_g; ++co) {
        const float* w = weight + ((g * cin_g + ci) * cout_g + co) * taps;
        float* f = flipped + ((g * cout_g + co) * cin_g + ci) * taps;
        for (int64_t t = 0; t < taps; ++t) f[t] = w[taps - 1 - t];
      }
    }
  }
  Conv(c, upsampled, flipped, bias, out, ws);
}

}  // namespace convplay
#endif  // HWY_ONCE
