// A layer as the learner wrote it: its kind and the arguments given, by
// PyTorch's own keyword names.
#ifndef CONVPLAY_SPEC_LAYER_SPEC_H_
#define CONVPLAY_SPEC_LAYER_SPEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "convplay/spec/status.h"
#include "convplay/spec/value.h"

namespace convplay {

enum class LayerKind {
#define X(name, family, dims) k##name,
#include "convplay/spec/layer_kinds.inc"
#undef X
};

enum class LayerFamily {
  kConv,
  kConvTranspose,
  kMaxPool,
  kAvgPool,
  kAdaptiveAvgPool,
  kAdaptiveMaxPool,
  kActivation,
  kSoftmax,
  kBatchNorm,
  kDropout,
  kFlatten,
  kUnflatten,
  kLinear,
  kPad,
  kUpsample,
  kPReLU,         // PReLU: an activation with a learnable slope
  kPixelShuffle,  // PixelShuffle, PixelUnshuffle
  kInstanceNorm,
};

inline constexpr int kLayerKindCount = 0
#define X(name, family, dims) +1
#include "convplay/spec/layer_kinds.inc"
#undef X
    ;

const char* LayerKindName(LayerKind kind);  // "Conv2d"
LayerFamily FamilyOf(LayerKind kind);
// The family as the API names it: "conv", "max-pool", "batch-norm", …
const char* LayerFamilyName(LayerFamily family);
int SpatialDimsOf(LayerKind kind);  // 1, 2, 3; 0 for rank-agnostic layers
std::optional<LayerKind> LayerKindFromName(std::string_view name);

// One parameter of a layer's constructor, in PyTorch's positional order.
struct ParamSpec {
  const char* name;
  bool required;
  Value default_value;  // unused when required
};

// The constructor signature of each layer kind, e.g. Conv2d(in_channels,
// out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
// bias=True, padding_mode='zeros', device=None, dtype=None).
const std::vector<ParamSpec>& SignatureOf(LayerKind kind);

struct LayerSpec {
  LayerKind kind = LayerKind::kReLU;
  // The arguments given, keyed by parameter name, in signature order.
  std::vector<std::pair<std::string, Value>> args;

  // The argument's value: as given, else the signature's default. Must name
  // a parameter of the signature.
  const Value& Arg(std::string_view name) const;
  bool Has(std::string_view name) const;

  friend bool operator==(const LayerSpec& a, const LayerSpec& b) {
    return a.kind == b.kind && a.args == b.args;
  }
};

// Python's argument binding, as `nn.Conv2d(3, 10, 3, padding=1)` does it:
// positional values fill parameters in order, then keywords. On failure
// returns Python's TypeError (unexpected keyword, multiple values, too many
// positional, missing required), in CPython's check order.
std::optional<Error> BindArguments(
    LayerKind kind, const std::vector<Value>& positional,
    const std::vector<std::pair<std::string, Value>>& keywords, LayerSpec* out);

// Checks a spec built elsewhere (e.g. from JavaScript): every key must be a
// parameter and every required parameter present. Reorders args into
// signature order.
std::optional<Error> NormalizeSpec(LayerSpec* spec);

}  // namespace convplay

#endif  // CONVPLAY_SPEC_LAYER_SPEC_H_
