// The forward ops, described by resolved numbers. Every spatial op is
// written once in 3-D: a 1-D or 2-D layer is the 3-D op with leading
// spatial sizes of 1 (kernel 1, stride 1, padding 0 there).
//
// Each op has a plain scalar reference (compute/reference.h: the test oracle
// and the "explain" path) and, for the hot ones, a Highway SIMD version
// declared here (src/compute/conv.cc, conv_transpose.cc, pool.cc,
// activation.cc, channel_affine.cc, linear.cc, prelu.cc, pixel_shuffle.cc,
// instance_norm.cc) with the same arguments.
#ifndef CONVPLAY_COMPUTE_OPS_H_
#define CONVPLAY_COMPUTE_OPS_H_

#include <cstdint>
#include <vector>

namespace convplay {

enum class PadMode { kZeros, kReflect, kReplicate, kCircular };

// One spatial dim of a sliding window.
struct Axis {
  int64_t in = 1;   // input size
  int64_t out = 1;  // output size
  int64_t kernel = 1;
  int64_t stride = 1;
  int64_t pad = 0;  // left padding (right padding follows from the sizes)
  int64_t dilation = 1;
};

// Conv1d/2d/3d: out[n][co][o] = bias[co] + Σ in[n][g·Cg + ci][o·s + k·d − p]
// · w[co][ci][k], with padding values from `mode`.
struct ConvArgs {
  int64_t batch = 1;
  int64_t in_channels = 1;
  int64_t out_channels = 1;
  int64_t groups = 1;
  Axis axis[3];  // D, H, W
  PadMode mode = PadMode::kZeros;
  bool has_bias = true;
};

// ConvTranspose: every input value scatters a whole kernel. Weight layout
// [in_channels][out_channels / groups][k...].
struct ConvTransposeArgs {
  int64_t batch = 1;
  int64_t in_channels = 1;
  int64_t out_channels = 1;
  int64_t groups = 1;
  Axis axis[3];  // pad = PyTorch's padding; out from the shape engine
  bool has_bias = true;
};

enum class PoolKind { kMax, kAvg };

struct PoolArgs {
  PoolKind kind = PoolKind::kMax;
  int64_t planes = 1;  // batch × channels
  Axis axis[3];
  bool count_include_pad = true;  // avg only
  int64_t divisor_override = 0;   // avg only; 0 = none
};

struct AdaptivePoolArgs {
  PoolKind kind = PoolKind::kAvg;
  int64_t planes = 1;
  int64_t in[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
};

enum class Activation {
  kReLU,
  kLeakyReLU,
  kELU,
  kGELU,
  kGELUTanh,
  kSigmoid,
  kTanh
};

struct ActivationArgs {
  Activation kind = Activation::kReLU;
  float alpha = 0;  // LeakyReLU's slope, ELU's alpha
};

// Softmax over one dim of a tensor viewed as [outer][dim][inner].
struct SoftmaxArgs {
  int64_t outer = 1;
  int64_t dim = 1;
  int64_t inner = 1;
  bool log = false;  // LogSoftmax: x − max − log Σ exp(x − max)
};

// Eval-mode BatchNorm folded to y = x·scale[c] + shift[c] over
// [outer][channels][inner].
struct ChannelAffineArgs {
  int64_t outer = 1;
  int64_t channels = 1;
  int64_t inner = 1;
};

// y[r][o] = Σ_i x[r][i]·w[o][i] + b[o]
struct LinearArgs {
  int64_t rows = 1;
  int64_t in = 1;
  int64_t out = 1;
  bool has_bias = true;
};

// F.pad of the last dims: pad[2i], pad[2i+1] = left/right of dim (last − i);
// negative values crop.
struct PadArgs {
  int64_t planes = 1;
  int64_t in[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
  int64_t left[3] = {0, 0, 0};  // per dim D, H, W (may be negative)
  PadMode mode = PadMode::kZeros;
};

enum class UpsampleMode { kNearest, kNearestExact, kLinear, kCubic, kArea };

struct UpsampleArgs {
  UpsampleMode mode = UpsampleMode::kNearest;
  int64_t planes = 1;
  int64_t in[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
  // The interpolated (last) dims: 1 for linear, 2 for bilinear/bicubic, 3
  // for trilinear. PyTorch takes every tap of those, even a size-1 dim's
  // second tap with weight 0 (0 · inf = NaN); the dims before are copied.
  int dims = 3;
  // Source step per output element as interpolate computes it: 1/scale
  // when a scale was given, else in/out; ignored with align_corners.
  double ratio[3] = {1, 1, 1};
  bool align_corners = false;
};

// PReLU over [outer][channels][inner]: y = x > 0 ? x : weight[c]·x (NaN
// stays NaN). One weight shared by every element is channels = 1.
struct PReLUArgs {
  int64_t outer = 1;
  int64_t channels = 1;
  int64_t inner = 1;
};

// PixelShuffle: input [planes][C·r²][H][W] → output [planes][C][H·r][W·r],
// out[c][h·r + i][w·r + j] = in[c·r² + i·r + j][h][w]. PixelUnshuffle is its
// inverse: input [planes][C][H·r][W·r] → output [planes][C·r²][H][W]. The
// sizes here are the small side's: C, H, W.
struct PixelShuffleArgs {
  int64_t planes = 1;
  int64_t channels = 1;  // C (the shuffled side's channels)
  int64_t height = 1;    // H (the unshuffled side's height)
  int64_t width = 1;     // W
  int64_t factor = 1;    // r
  bool unshuffle = false;
};

// InstanceNorm over [batch][channels][inner]: per (n, c),
// y = (x − μ)/√(σ² + eps)·γ[c] + β[c] with the instance's mean and biased
// variance, or running_mean[c] / running_var[c] when those are given;
// γ = 1, β = 0 when weight / bias are null.
struct InstanceNormArgs {
  int64_t batch = 1;
  int64_t channels = 1;
  int64_t inner = 1;
  float eps = 1e-5f;
};

// Buffers the SIMD ops reuse between calls: they only grow, so running the
// same stack again allocates nothing.
struct Workspace {
  std::vector<float> padded;       // padded, phase-split input
  std::vector<float> packed;       // repacked weights
  std::vector<float> expanded;     // ConvTranspose's zero-inserted input
  std::vector<float> flipped;      // ConvTranspose's flipped weights
  std::vector<uint32_t> offsets;   // conv tap offsets
  std::vector<const float*> rows;  // a pooling window's input rows
  std::vector<uint32_t> row_offsets, row_begin;  // pooling rows per output row
};

// The SIMD versions (Highway dynamic dispatch natively, SIMD128 in WASM).
void Conv(const ConvArgs& a, const float* in, const float* weight,
          const float* bias, float* out, Workspace* ws);
void ConvTranspose(const ConvTransposeArgs& a, const float* in,
                   const float* weight, const float* bias, float* out,
                   Workspace* ws);
void Pool(const PoolArgs& a, const float* in, float* out, Workspace* ws);
void Activate(const ActivationArgs& a, const float* in, float* out, int64_t n);
void ChannelAffine(const ChannelAffineArgs& a, const float* in,
                   const float* scale, const float* shift, float* out);
void Linear(const LinearArgs& a, const float* in, const float* weight,
            const float* bias, float* out);
void PReLU(const PReLUArgs& a, const float* in, const float* weight,
           float* out);
void PixelShuffle(const PixelShuffleArgs& a, const float* in, float* out);
void InstanceNorm(const InstanceNormArgs& a, const float* in,
                  const float* weight, const float* bias,
                  const float* running_mean, const float* running_var,
                  float* out);

}  // namespace convplay

#endif  // CONVPLAY_COMPUTE_OPS_H_
