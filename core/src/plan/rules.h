// Shared pieces of the shape engine: message formatting, PyTorch's argument
// normalisation, and the per-family rules (one .cc per family).
#ifndef CONVPLAY_SRC_PLAN_RULES_H_
#define CONVPLAY_SRC_PLAN_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/plan/plan.h"

namespace convplay::internal {

// "15.3 GiB"
std::string HumanBytes(int64_t bytes);

inline Error RuntimeError(std::string message, std::string hint = {}) {
  return MakeError(ErrorKind::kRuntimeError, std::move(message),
                   std::move(hint));
}
inline Error ValueError(std::string message, std::string hint = {}) {
  return MakeError(ErrorKind::kValueError, std::move(message), std::move(hint));
}
inline Error TypeError(std::string message, std::string hint = {}) {
  return MakeError(ErrorKind::kTypeError, std::move(message), std::move(hint));
}
inline Error IndexError(std::string message, std::string hint = {}) {
  return MakeError(ErrorKind::kIndexError, std::move(message), std::move(hint));
}

// torch.nn.modules.utils._ntuple: a sequence is kept as is (any length), a
// string is split into its characters, anything else is repeated n times.
std::vector<Value> NTuple(const Value& v, int n);

// ATen's argument parser for int[] arguments: every element must be an int.
// `fn` is the op ("conv2d"), `arg` the argument name ("stride").
std::optional<Error> ToInts(const std::vector<Value>& values, const char* fn,
                            const char* arg, std::vector<int64_t>* out);

// torch.empty(sizes): element types, negative sizes, storage overflow.
std::optional<Error> CheckTensorSizes(const std::vector<Value>& sizes,
                                      Shape* out);

// "IndexError: Dimension out of range (expected to be in range of [-r, r-1],
// but got d)"; a 0-d tensor counts as rank 1.
std::optional<Error> WrapDim(int64_t dim, int64_t rank, int64_t* wrapped);

// checkDimRange(fn, self, 2, 4): "Expected 2 to 3 dimensions, but got ..."
std::optional<Error> CheckDimRange(const char* fn, const Shape& x);

// F.pad's modes are ops.h's PadMode (kZeros is 'constant').
// F.pad(input, pad, mode): pad lists (left, right) pairs from the last dim
// backwards. `value_given` is for the "doesn't take in value" rule.
std::optional<Error> PadShape(const Shape& in, const std::vector<int64_t>& pad,
                              PadMode mode, Shape* out);

// What a layer's constructor allocates.
struct Constructed {
  std::vector<TensorSpec> tensors;
};

// What one layer's forward does to shapes.
struct Forwarded {
  Shape out;
  int64_t macs = 0;
  // Receptive field effect: a window per spatial dim (kLocal), or a scope.
  ReceptiveField::Scope field_scope = ReceptiveField::Scope::kLocal;
  std::vector<WindowParams> window;  // empty: identity
  // For layers that reveal whether the stack's input is batched.
  std::optional<bool> batched;
  std::vector<std::string> warnings;
};

// Per-stack state the forward pass carries from layer to layer.
struct ForwardContext {
  std::optional<bool> input_batched;  // as first revealed by a layer
  int index = 0;
};

std::optional<Error> ConstructLayer(const LayerSpec& spec, Constructed* out);
std::optional<Error> ForwardLayer(const LayerSpec& spec, const Shape& in,
                                  const ForwardContext& ctx, Forwarded* out);

// Families.
std::optional<Error> ConstructConv(const LayerSpec& spec, Constructed* out);
std::optional<Error> ForwardConv(const LayerSpec& spec, const Shape& in,
                                 Forwarded* out);
std::optional<Error> ForwardConvTranspose(const LayerSpec& spec,
                                          const Shape& in, Forwarded* out);
std::optional<Error> ForwardMaxPool(const LayerSpec& spec, const Shape& in,
                                    Forwarded* out);
std::optional<Error> ForwardAvgPool(const LayerSpec& spec, const Shape& in,
                                    Forwarded* out);
std::optional<Error> ForwardAdaptivePool(const LayerSpec& spec, const Shape& in,
                                         Forwarded* out);
std::optional<Error> ConstructBatchNorm(const LayerSpec& spec,
                                        Constructed* out);
std::optional<Error> ForwardBatchNorm(const LayerSpec& spec, const Shape& in,
                                      Forwarded* out);
std::optional<Error> ConstructDropout(const LayerSpec& spec);
std::optional<Error> ForwardDropout(const LayerSpec& spec, const Shape& in,
                                    Forwarded* out);
std::optional<Error> ForwardActivation(const LayerSpec& spec, const Shape& in,
                                       Forwarded* out);
std::optional<Error> ForwardSoftmax(const LayerSpec& spec, const Shape& in,
                                    Forwarded* out);
std::optional<Error> ForwardFlatten(const LayerSpec& spec, const Shape& in,
                                    const ForwardContext& ctx, Forwarded* out);
std::optional<Error> ConstructUnflatten(const LayerSpec& spec);
std::optional<Error> ForwardUnflatten(const LayerSpec& spec, const Shape& in,
                                      Forwarded* out);
std::optional<Error> ConstructLinear(const LayerSpec& spec, Constructed* out);
std::optional<Error> ForwardLinear(const LayerSpec& spec, const Shape& in,
                                   Forwarded* out);
std::optional<Error> ForwardPad(const LayerSpec& spec, const Shape& in,
                                Forwarded* out);
std::optional<Error> ForwardUpsample(const LayerSpec& spec, const Shape& in,
                                     Forwarded* out);
std::optional<Error> ConstructPReLU(const LayerSpec& spec, Constructed* out);
std::optional<Error> ForwardPReLU(const LayerSpec& spec, const Shape& in,
                                  Forwarded* out);
std::optional<Error> ForwardPixelShuffle(const LayerSpec& spec, const Shape& in,
                                         Forwarded* out);
std::optional<Error> ConstructInstanceNorm(const LayerSpec& spec,
                                           Constructed* out);
std::optional<Error> ForwardInstanceNorm(const LayerSpec& spec, const Shape& in,
                                         Forwarded* out);

// Shared by Conv and ConvTranspose.
bool IsTransposedConv(const LayerSpec& spec);
std::string ConvOpName(const LayerSpec& spec);  // "conv2d", "conv_transpose2d"
// ATen's expand_param_if_needed: 1 value broadcasts, else exactly `dim`.
std::optional<Error> ExpandConvParam(const std::vector<int64_t>& values,
                                     const char* name, int64_t dim,
                                     std::vector<int64_t>* out);

// conv{N}d's batchify: the input must have rank N+1 or N+2; *xb is it with
// a batch of 1 added when unbatched.
std::optional<Error> Batchify(const Shape& x, int n, const std::string& fn,
                              Shape* xb);

struct ConvParams {
  std::vector<int64_t> stride, padding, dilation, output_padding;
};
// _convolution's parameter expansion and check_shape_forward's checks up to
// the channel check (which differs for transposed convs). `xb` is the
// batched input; output_padding is null for Conv.
std::optional<Error> CheckShapeForwardCommon(
    const std::vector<int64_t>& stride, const std::vector<int64_t>& padding,
    const std::vector<int64_t>& dilation,
    const std::vector<int64_t>* output_padding, const Shape& weight,
    const Shape& xb, int64_t groups, ConvParams* out);

// The weight shape a conv constructor allocates (after ConstructConv passed).
Shape ConvWeightShape(const LayerSpec& spec);

// "10 × (3 × 3 × 3) + 10 = 280"
std::string ParamsFormula(const LayerSpec& spec,
                          const std::vector<TensorSpec>& tensors,
                          int64_t params);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_PLAN_RULES_H_
