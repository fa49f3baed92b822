// The plain scalar version of every op: deliberately simple loops in
// PyTorch's own words, accumulating in double. It is the oracle the SIMD
// kernels are tested against and what the window explorer shows learners.
#include "convplay/compute/reference.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace convplay::reference {
namespace {

// Index of output/input position (d, h, w) in a [D][H][W] plane.
inline int64_t At(const int64_t size[3], int64_t d, int64_t h, int64_t w) {
  return (d * size[1] + h) * size[2] + w;
}

int64_t Volume(const int64_t size[3]) { return size[0] * size[1] * size[2]; }

void Sizes(const Axis axis[3], int64_t in[3], int64_t out[3]) {
  for (int i = 0; i < 3; ++i) {
    in[i] = axis[i].in;
    out[i] = axis[i].out;
  }
}

}  // namespace

int64_t PadSource(int64_t u, int64_t size, PadMode mode) {
  if (u >= 0 && u < size) return u;
  switch (mode) {
    case PadMode::kZeros:
      return -1;
    case PadMode::kReflect:  // mirror without repeating the edge
      return u < 0 ? -u : 2 * (size - 1) - u;
    case PadMode::kReplicate:
      return u < 0 ? 0 : size - 1;
    case PadMode::kCircular:
      return ((u % size) + size) % size;
  }
  return -1;
}

void Conv(const ConvArgs& a, const float* in, const float* weight,
          const float* bias, float* out) {
  int64_t isz[3], osz[3];
  Sizes(a.axis, isz, osz);
  const int64_t cin_g = a.in_channels / a.groups;
  const int64_t cout_g = a.out_channels / a.groups;
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t ksize = ad.kernel * ah.kernel * aw.kernel;
  for (int64_t n = 0; n < a.batch; ++n) {
    for (int64_t co = 0; co < a.out_channels; ++co) {
      const int64_t g = co / cout_g;
      float* dst = out + (n * a.out_channels + co) * Volume(osz);
      for (int64_t od = 0; od < osz[0]; ++od) {
        for (int64_t oh = 0; oh < osz[1]; ++oh) {
          for (int64_t ow = 0; ow < osz[2]; ++ow) {
            double acc = a.has_bias ? bias[co] : 0.0;
            for (int64_t ci = 0; ci < cin_g; ++ci) {
              const float* src =
                  in + (n * a.in_channels + g * cin_g + ci) * Volume(isz);
              const float* w = weight + (co * cin_g + ci) * ksize;
              // Every tap multiplies, a zero-padding one by 0: 0 · NaN and
              // 0 · inf are NaN, as in PyTorch's convolution of the padded
              // input (docs/semantics.md §8e).
              for (int64_t kd = 0; kd < ad.kernel; ++kd) {
                const int64_t ud = PadSource(
                    od * ad.stride + kd * ad.dilation - ad.pad, isz[0], a.mode);
                for (int64_t kh = 0; kh < ah.kernel; ++kh) {
                  const int64_t uh =
                      PadSource(oh * ah.stride + kh * ah.dilation - ah.pad,
                                isz[1], a.mode);
                  for (int64_t kw = 0; kw < aw.kernel; ++kw) {
                    const int64_t uw =
                        PadSource(ow * aw.stride + kw * aw.dilation - aw.pad,
                                  isz[2], a.mode);
                    const double v = (ud < 0 || uh < 0 || uw < 0)
                                         ? 0.0
                                         : src[At(isz, ud, uh, uw)];
                    acc += v * w[(kd * ah.kernel + kh) * aw.kernel + kw];
                  }
                }
              }
            }
            dst[At(osz, od, oh, ow)] = static_cast<float>(acc);
          }
        }
      }
    }
  }
}

void ConvTranspose(const ConvTransposeArgs& a, const float* in,
                   const float* weight, const float* bias, float* out) {
  int64_t isz[3], osz[3];
  Sizes(a.axis, isz, osz);
  const int64_t cin_g = a.in_channels / a.groups;
  const int64_t cout_g = a.out_channels / a.groups;
  const Axis& ad = a.axis[0];
  const Axis& ah = a.axis[1];
  const Axis& aw = a.axis[2];
  const int64_t ksize = ad.kernel * ah.kernel * aw.kernel;
  std::vector<double> acc(static_cast<size_t>(Volume(osz)));
  for (int64_t n = 0; n < a.batch; ++n) {
    for (int64_t co = 0; co < a.out_channels; ++co) {
      const int64_t g = co / cout_g;
      std::fill(acc.begin(), acc.end(), a.has_bias ? bias[co] : 0.0);
      for (int64_t ci = g * cin_g; ci < (g + 1) * cin_g; ++ci) {
        const float* src = in + (n * a.in_channels + ci) * Volume(isz);
        const float* w = weight + (ci * cout_g + co % cout_g) * ksize;
        // Each input value scatters the kernel onto the output.
        for (int64_t id = 0; id < isz[0]; ++id) {
          for (int64_t ih = 0; ih < isz[1]; ++ih) {
            for (int64_t iw = 0; iw < isz[2]; ++iw) {
              const double v = src[At(isz, id, ih, iw)];
              for (int64_t kd = 0; kd < ad.kernel; ++kd) {
                const int64_t od = id * ad.stride - ad.pad + kd * ad.dilation;
                if (od < 0 || od >= osz[0]) continue;
                for (int64_t kh = 0; kh < ah.kernel; ++kh) {
                  const int64_t oh = ih * ah.stride - ah.pad + kh * ah.dilation;
                  if (oh < 0 || oh >= osz[1]) continue;
                  for (int64_t kw = 0; kw < aw.kernel; ++kw) {
                    const int64_t ow =
                        iw * aw.stride - aw.pad + kw * aw.dilation;
                    if (ow < 0 || ow >= osz[2]) continue;
                    acc[At(osz, od, oh, ow)] +=
                        v * w[(kd * ah.kernel + kh) * aw.kernel + kw];
                  }
                }
              }
            }
          }
        }
      }
      float* dst = out + (n * a.out_channels + co) * Volume(osz);
      for (size_t i = 0; i < acc.size(); ++i)
        dst[i] = static_cast<float>(acc[i]);
    }
  }
}

void Pool(const PoolArgs& a, const float* in, float* out) {
  int64_t isz[3], osz[3];
  Sizes(a.axis, isz, osz);
  const Axis* ax = a.axis;
  for (int64_t plane = 0; plane < a.planes; ++plane) {
    const float* src = in + plane * Volume(isz);
    float* dst = out + plane * Volume(osz);
    for (int64_t od = 0; od < osz[0]; ++od) {
      for (int64_t oh = 0; oh < osz[1]; ++oh) {
        for (int64_t ow = 0; ow < osz[2]; ++ow) {
          const int64_t o[3] = {od, oh, ow};
          if (a.kind == PoolKind::kMax) {
            // Padding never wins: it is skipped, so it acts as −inf. A NaN
            // anywhere in the window makes the output NaN.
            float best = -std::numeric_limits<float>::infinity();
            for (int64_t kd = 0; kd < ax[0].kernel; ++kd) {
              const int64_t ud =
                  o[0] * ax[0].stride - ax[0].pad + kd * ax[0].dilation;
              if (ud < 0 || ud >= isz[0]) continue;
              for (int64_t kh = 0; kh < ax[1].kernel; ++kh) {
                const int64_t uh =
                    o[1] * ax[1].stride - ax[1].pad + kh * ax[1].dilation;
                if (uh < 0 || uh >= isz[1]) continue;
                for (int64_t kw = 0; kw < ax[2].kernel; ++kw) {
                  const int64_t uw =
                      o[2] * ax[2].stride - ax[2].pad + kw * ax[2].dilation;
                  if (uw < 0 || uw >= isz[2]) continue;
                  const float v = src[At(isz, ud, uh, uw)];
                  if (v > best || std::isnan(v)) best = v;
                }
              }
            }
            dst[At(osz, od, oh, ow)] = best;
            continue;
          }
          // Average: PyTorch's window [start, end) per dim, end capped at
          // L + pad; the pool size counts padding, the clipped size does not.
          int64_t lo[3], hi[3], pool_size = 1, clipped = 1;
          for (int i = 0; i < 3; ++i) {
            lo[i] = o[i] * ax[i].stride - ax[i].pad;
            hi[i] = std::min(lo[i] + ax[i].kernel, isz[i] + ax[i].pad);
            pool_size *= hi[i] - lo[i];
            lo[i] = std::max<int64_t>(lo[i], 0);
            hi[i] = std::min(hi[i], isz[i]);
            clipped *= std::max<int64_t>(hi[i] - lo[i], 0);
          }
          if (clipped == 0) {
            dst[At(osz, od, oh, ow)] = 0;
            continue;
          }
          double sum = 0;
          for (int64_t d = lo[0]; d < hi[0]; ++d) {
            for (int64_t h = lo[1]; h < hi[1]; ++h) {
              for (int64_t w = lo[2]; w < hi[2]; ++w)
                sum += src[At(isz, d, h, w)];
            }
          }
          const int64_t divisor = a.divisor_override    ? a.divisor_override
                                  : a.count_include_pad ? pool_size
                                                        : clipped;
          dst[At(osz, od, oh, ow)] = static_cast<float>(sum / divisor);
        }
      }
    }
  }
}

void AdaptivePool(const AdaptivePoolArgs& a, const float* in, float* out) {
  auto start = [](int64_t i, int64_t in, int64_t out) {
    return (i * in) / out;
  };
  auto end = [](int64_t i, int64_t in, int64_t out) {
    return ((i + 1) * in + out - 1) / out;
  };
  for (int64_t plane = 0; plane < a.planes; ++plane) {
    const float* src = in + plane * Volume(a.in);
    float* dst = out + plane * Volume(a.out);
    for (int64_t od = 0; od < a.out[0]; ++od) {
      for (int64_t oh = 0; oh < a.out[1]; ++oh) {
        for (int64_t ow = 0; ow < a.out[2]; ++ow) {
          const int64_t d0 = start(od, a.in[0], a.out[0]),
                        d1 = end(od, a.in[0], a.out[0]);
          const int64_t h0 = start(oh, a.in[1], a.out[1]),
                        h1 = end(oh, a.in[1], a.out[1]);
          const int64_t w0 = start(ow, a.in[2], a.out[2]),
                        w1 = end(ow, a.in[2], a.out[2]);
          double sum = 0;
          float best = -std::numeric_limits<float>::infinity();
          for (int64_t d = d0; d < d1; ++d) {
            for (int64_t h = h0; h < h1; ++h) {
              for (int64_t w = w0; w < w1; ++w) {
                const float v = src[At(a.in, d, h, w)];
                sum += v;
                if (v > best || std::isnan(v)) best = v;
              }
            }
          }
          const double count =
              static_cast<double>((d1 - d0) * (h1 - h0) * (w1 - w0));
          dst[At(a.out, od, oh, ow)] =
              a.kind == PoolKind::kMax ? best : static_cast<float>(sum / count);
        }
      }
    }
  }
}

float ActivateOne(const ActivationArgs& a, float x) {
  switch (a.kind) {
    case Activation::kReLU:
      return std::isnan(x) ? x : (x > 0 ? x : 0.0f);
    case Activation::kLeakyReLU:
      return x > 0 ? x : x * a.alpha;
    case Activation::kELU:
      return x > 0 ? x
                   : static_cast<float>(a.alpha *
                                        std::expm1(static_cast<double>(x)));
    case Activation::kGELU:
      return static_cast<float>(0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))));
    case Activation::kGELUTanh: {
      const double k = std::sqrt(2.0 / M_PI);
      return static_cast<float>(
          0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * double(x) * x * x))));
    }
    case Activation::kSigmoid:
      return static_cast<float>(1.0 /
                                (1.0 + std::exp(-static_cast<double>(x))));
    case Activation::kTanh:
      return std::tanh(x);
  }
  return x;
}

void Activate(const ActivationArgs& a, const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = ActivateOne(a, in[i]);
}

void Softmax(const SoftmaxArgs& a, const float* in, float* out) {
  for (int64_t o = 0; o < a.outer; ++o) {
    for (int64_t i = 0; i < a.inner; ++i) {
      const float* src = in + o * a.dim * a.inner + i;
      float* dst = out + o * a.dim * a.inner + i;
      // exp(x − max) / Σ: an all −inf or NaN slice gives NaN everywhere.
      float max = -std::numeric_limits<float>::infinity();
      bool nan = false;
      for (int64_t k = 0; k < a.dim; ++k) {
        max = std::max(max, src[k * a.inner]);
        nan |= std::isnan(src[k * a.inner]);
      }
      double sum = 0;
      for (int64_t k = 0; k < a.dim; ++k) {
        sum += std::exp(static_cast<double>(src[k * a.inner]) - max);
      }
      const double log_sum = std::log(sum);
      for (int64_t k = 0; k < a.dim; ++k) {
        const double z = static_cast<double>(src[k * a.inner]) - max;
        dst[k * a.inner] =
            nan ? std::numeric_limits<float>::quiet_NaN()
                : static_cast<float>(a.log ? z - log_sum : std::exp(z) / sum);
      }
    }
  }
}

void ChannelAffine(const ChannelAffineArgs& a, const float* in,
                   const float* scale, const float* shift, float* out) {
  for (int64_t o = 0; o < a.outer; ++o) {
    for (int64_t c = 0; c < a.channels; ++c) {
      const int64_t base = (o * a.channels + c) * a.inner;
      for (int64_t i = 0; i < a.inner; ++i) {
        out[base + i] = in[base + i] * scale[c] + shift[c];
      }
    }
  }
}

void Linear(const LinearArgs& a, const float* in, const float* weight,
            const float* bias, float* out) {
  for (int64_t r = 0; r < a.rows; ++r) {
    for (int64_t o = 0; o < a.out; ++o) {
      double acc = a.has_bias ? bias[o] : 0.0;
      for (int64_t i = 0; i < a.in; ++i) {
        acc += static_cast<double>(in[r * a.in + i]) * weight[o * a.in + i];
      }
      out[r * a.out + o] = static_cast<float>(acc);
    }
  }
}

void Pad(const PadArgs& a, const float* in, float* out) {
  for (int64_t plane = 0; plane < a.planes; ++plane) {
    const float* src = in + plane * Volume(a.in);
    float* dst = out + plane * Volume(a.out);
    for (int64_t d = 0; d < a.out[0]; ++d) {
      const int64_t sd = PadSource(d - a.left[0], a.in[0], a.mode);
      for (int64_t h = 0; h < a.out[1]; ++h) {
        const int64_t sh = PadSource(h - a.left[1], a.in[1], a.mode);
        for (int64_t w = 0; w < a.out[2]; ++w) {
          const int64_t sw = PadSource(w - a.left[2], a.in[2], a.mode);
          dst[At(a.out, d, h, w)] =
              (sd < 0 || sh < 0 || sw < 0) ? 0.0f : src[At(a.in, sd, sh, sw)];
        }
      }
    }
  }
}

namespace {

// Source index and weights along one dim for the interpolating modes.
struct Taps {
  int64_t index[4] = {0, 0, 0, 0};
  double weight[4] = {1, 0, 0, 0};
  int count = 1;
};

// PyTorch's cubic convolution (A = −0.75), in float as PyTorch computes
// it: for |x| ≤ 1 and 1 < |x| < 2.
float Cubic1(float x) {
  const float A = -0.75f;
  return ((A + 2) * x - (A + 3)) * x * x + 1;
}
float Cubic2(float x) {
  const float A = -0.75f;
  return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
}

Taps TapsFor(const UpsampleArgs& a, int dim, int64_t dst) {
  Taps t;
  const int64_t in = a.in[dim];
  const int64_t out = a.out[dim];
  if (dim < 3 - a.dims) {  // not a dim of the mode: a copy
    t.index[0] = dst;
    return t;
  }
  if (a.mode == UpsampleMode::kNearest ||
      a.mode == UpsampleMode::kNearestExact) {
    // PyTorch computes the source index in float.
    const float scale = in == out ? 1.0f : static_cast<float>(a.ratio[dim]);
    const float offset = a.mode == UpsampleMode::kNearestExact ? 0.5f : 0.0f;
    t.index[0] = std::min<int64_t>(
        static_cast<int64_t>(
            std::floor((static_cast<float>(dst) + offset) * scale)),
        in - 1);
    return t;
  }
  // Which tap gets a weight of exactly 0 (0 · inf = NaN) and which one of
  // 1e-7 (inf) depends on rounding, so this follows PyTorch 1.13's numbers
  // exactly: the scale rounded to float, the source index in double, the
  // weight rounded to float (docs/semantics.md §10; matched on the zero
  // pattern of every tap of 60 random configurations).
  const double scale = static_cast<float>(
      a.align_corners
          ? (out > 1 ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                     : 0.0f)
          : static_cast<float>(a.ratio[dim]));
  double src = a.align_corners ? scale * static_cast<double>(dst)
                               : scale * (static_cast<double>(dst) + 0.5) - 0.5;
  if (a.mode == UpsampleMode::kLinear && in == out) {
    // PyTorch's "scale_factor = 1, simply copy": both taps on the element
    // itself, weights 1 and 0 (so an inf there still gives NaN).
    t.index[0] = t.index[1] = dst;
    t.weight[0] = 1;
    t.weight[1] = 0;
    t.count = 2;
    return t;
  }
  if (a.mode == UpsampleMode::kLinear) {
    if (!a.align_corners) src = std::max(src, 0.0);
    const int64_t i0 = std::min<int64_t>(static_cast<int64_t>(src), in - 1);
    const int64_t i1 = std::min<int64_t>(i0 + 1, in - 1);
    const float l = static_cast<float>(src - static_cast<double>(i0));
    t.index[0] = i0;
    t.index[1] = i1;
    t.weight[0] = 1.0f - l;
    t.weight[1] = l;
    t.count = 2;
    return t;
  }
  const int64_t i0 = static_cast<int64_t>(std::floor(src));
  const float f = static_cast<float>(src - static_cast<double>(i0));
  // get_cubic_upsample_coefficients: taps i0 − 1 … i0 + 2, clamped.
  const float w[4] = {Cubic2(f + 1.0f), Cubic1(f), Cubic1(1.0f - f),
                      Cubic2((1.0f - f) + 1.0f)};
  for (int k = 0; k < 4; ++k) {
    t.index[k] = std::clamp<int64_t>(i0 - 1 + k, 0, in - 1);
    t.weight[k] = w[k];
  }
  t.count = 4;
  return t;
}

}  // namespace

void Upsample(const UpsampleArgs& a, const float* in, float* out) {
  if (a.mode == UpsampleMode::kArea) {
    AdaptivePoolArgs p;
    p.kind = PoolKind::kAvg;
    p.planes = a.planes;
    for (int i = 0; i < 3; ++i) {
      p.in[i] = a.in[i];
      p.out[i] = a.out[i];
    }
    AdaptivePool(p, in, out);
    return;
  }
  for (int64_t plane = 0; plane < a.planes; ++plane) {
    const float* src = in + plane * Volume(a.in);
    float* dst = out + plane * Volume(a.out);
    for (int64_t d = 0; d < a.out[0]; ++d) {
      const Taps td = TapsFor(a, 0, d);
      for (int64_t h = 0; h < a.out[1]; ++h) {
        const Taps th = TapsFor(a, 1, h);
        for (int64_t w = 0; w < a.out[2]; ++w) {
          const Taps tw = TapsFor(a, 2, w);
          // Every tap multiplies, even one with weight 0, as in PyTorch
          // (0 · inf = NaN). Starting from the first product keeps a copied
          // −0 negative.
          double v = 0;
          bool first = true;
          for (int i = 0; i < td.count; ++i) {
            for (int j = 0; j < th.count; ++j) {
              for (int k = 0; k < tw.count; ++k) {
                const double p =
                    td.weight[i] * th.weight[j] * tw.weight[k] *
                    src[At(a.in, td.index[i], th.index[j], tw.index[k])];
                v = first ? p : v + p;
                first = false;
              }
            }
          }
          dst[At(a.out, d, h, w)] = static_cast<float>(v);
        }
      }
    }
  }
}

void PReLU(const PReLUArgs& a, const float* in, const float* weight,
           float* out) {
  for (int64_t o = 0; o < a.outer; ++o) {
    for (int64_t c = 0; c < a.channels; ++c) {
      const int64_t base = (o * a.channels + c) * a.inner;
      for (int64_t i = 0; i < a.inner; ++i) {
        const float x = in[base + i];
        out[base + i] = x > 0 ? x : weight[c] * x;
      }
    }
  }
}

void PixelShuffle(const PixelShuffleArgs& a, const float* in, float* out) {
  const int64_t r = a.factor;
  const int64_t C = a.channels, H = a.height, W = a.width;
  for (int64_t p = 0; p < a.planes; ++p) {
    for (int64_t c = 0; c < C; ++c) {
      for (int64_t i = 0; i < r; ++i) {
        for (int64_t j = 0; j < r; ++j) {
          for (int64_t h = 0; h < H; ++h) {
            for (int64_t w = 0; w < W; ++w) {
              // [p][c·r² + i·r + j][h][w] and [p][c][h·r + i][w·r + j]
              const int64_t packed =
                  (((p * C + c) * r * r + i * r + j) * H + h) * W + w;
              const int64_t spread =
                  ((p * C + c) * H * r + h * r + i) * W * r + w * r + j;
              if (a.unshuffle) {
                out[packed] = in[spread];
              } else {
                out[spread] = in[packed];
              }
            }
          }
        }
      }
    }
  }
}

void InstanceNorm(const InstanceNormArgs& a, const float* in,
                  const float* weight, const float* bias,
                  const float* running_mean, const float* running_var,
                  float* out) {
  for (int64_t n = 0; n < a.batch; ++n) {
    for (int64_t c = 0; c < a.channels; ++c) {
      const int64_t base = (n * a.channels + c) * a.inner;
      double mean = 0, var = 0;
      if (running_mean) {
        mean = running_mean[c];
        var = running_var[c];
      } else if (a.inner > 0) {
        for (int64_t i = 0; i < a.inner; ++i) mean += in[base + i];
        mean /= static_cast<double>(a.inner);
        for (int64_t i = 0; i < a.inner; ++i) {
          const double d = in[base + i] - mean;
          var += d * d;
        }
        var /= static_cast<double>(a.inner);  // biased
      }
      const double inv = 1.0 / std::sqrt(var + static_cast<double>(a.eps));
      const double g = weight ? weight[c] : 1.0;
      const double b = bias ? bias[c] : 0.0;
      for (int64_t i = 0; i < a.inner; ++i) {
        out[base + i] = static_cast<float>((in[base + i] - mean) * inv * g + b);
      }
    }
  }
}

}  // namespace convplay::reference
