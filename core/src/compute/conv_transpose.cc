// Transposed convolution as a convolution: every input value scatters a
// whole kernel, which is the same as a stride-1 convolution over the input
// with (stride − 1) zeros between values, padded by d·(k − 1) − p, with the
// kernel flipped and its channel axes swapped. The SIMD work is Conv's.
//
// Except with a NaN or infinite weight: the inserted zeros would multiply it
// (0 · inf = NaN) where PyTorch's scatter never does (ConvTranspose1d(1,1,3,
// stride=2) with weight [nan,1,1] on ones gives [nan,1,nan,1,nan,1,1]), so
// such a layer runs the scalar reference, which scatters as PyTorch does
// (docs/semantics.md §8e).
#include <algorithm>
#include <cmath>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"

namespace convplay {

void ConvTranspose(const ConvTransposeArgs& a, const float* in,
                   const float* weight, const float* bias, float* out,
                   Workspace* ws) {
  const int64_t weight_size = a.in_channels * (a.out_channels / a.groups) *
                              a.axis[0].kernel * a.axis[1].kernel *
                              a.axis[2].kernel;
  if (!std::all_of(weight, weight + weight_size,
                   [](float w) { return std::isfinite(w); })) {
    reference::ConvTranspose(a, in, weight, bias, out);
    return;
  }
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
