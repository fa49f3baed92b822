// How the runner turns a planned layer into op arguments and runs it.
#ifndef CONVPLAY_SRC_RUN_RESOLVED_LAYER_H_
#define CONVPLAY_SRC_RUN_RESOLVED_LAYER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/run/network.h"

namespace convplay::internal {

enum class OpKind {
  kConv,
  kConvTranspose,
  kPool,
  kAdaptivePool,
  kActivation,
  kSoftmax,
  kBatchNorm,
  kCopy,  // Dropout (eval), Flatten, Unflatten
  kLinear,
  kPad,
  kUpsample,
  kPReLU,
  kPixelShuffle,
  kInstanceNorm,
};

// Every op's arguments, resolved once from the spec and the planned shapes.
struct ResolvedLayer {
  OpKind op = OpKind::kCopy;
  ConvArgs conv;
  ConvTransposeArgs conv_transpose;
  PoolArgs pool;
  AdaptivePoolArgs adaptive;
  ActivationArgs activation;
  SoftmaxArgs softmax;
  ChannelAffineArgs affine;
  LinearArgs linear;
  PadArgs pad;
  UpsampleArgs upsample;
  PReLUArgs prelu;
  PixelShuffleArgs shuffle;
  InstanceNormArgs instance_norm;
  // BatchNorm
  float eps = 1e-5f;
  bool affine_params = true;
  bool running_stats = true;
};

std::shared_ptr<const ResolvedLayer> ResolveLayer(const LayerSpec& spec,
                                                  const LayerPlan& plan);

// PyTorch's default initialisation: U(−bound, bound) where bound > 0, else
// every value is InitConstant (the norms' ones and zeros, PReLU's init).
float InitBound(const LayerSpec& spec, const LayerPlan& plan,
                const TensorSpec& tensor);
float InitConstant(const LayerSpec& spec, const TensorSpec& tensor);

std::optional<Error> RunResolved(
    const ResolvedLayer& layer, const LayerPlan& plan, const float* in,
    float* out, const std::map<std::string, std::vector<float>>& weights,
    const std::string& prefix, bool reference, Workspace* ws);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_RUN_RESOLVED_LAYER_H_
