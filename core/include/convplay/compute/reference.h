// The plain scalar version of every op (src/compute/reference.cc): simple
// loops in PyTorch's own words, accumulating in double. The oracle the SIMD
// kernels are tested against, and the order the explain path follows.
#ifndef CONVPLAY_COMPUTE_REFERENCE_H_
#define CONVPLAY_COMPUTE_REFERENCE_H_

#include <cstdint>

#include "convplay/compute/ops.h"

namespace convplay {
namespace reference {

void Conv(const ConvArgs& a, const float* in, const float* weight,
          const float* bias, float* out);
void ConvTranspose(const ConvTransposeArgs& a, const float* in,
                   const float* weight, const float* bias, float* out);
void Pool(const PoolArgs& a, const float* in, float* out);
void AdaptivePool(const AdaptivePoolArgs& a, const float* in, float* out);
void Activate(const ActivationArgs& a, const float* in, float* out, int64_t n);
void Softmax(const SoftmaxArgs& a, const float* in, float* out);
void ChannelAffine(const ChannelAffineArgs& a, const float* in,
                   const float* scale, const float* shift, float* out);
void Linear(const LinearArgs& a, const float* in, const float* weight,
            const float* bias, float* out);
void Pad(const PadArgs& a, const float* in, float* out);
void Upsample(const UpsampleArgs& a, const float* in, float* out);
void PReLU(const PReLUArgs& a, const float* in, const float* weight,
           float* out);
void PixelShuffle(const PixelShuffleArgs& a, const float* in, float* out);
void InstanceNorm(const InstanceNormArgs& a, const float* in,
                  const float* weight, const float* bias,
                  const float* running_mean, const float* running_var,
                  float* out);

// Where input coordinate u (may be outside [0, size)) reads from under a
// padding mode; -1 for a zero.
int64_t PadSource(int64_t u, int64_t size, PadMode mode);

}  // namespace reference

}  // namespace convplay

#endif  // CONVPLAY_COMPUTE_REFERENCE_H_
