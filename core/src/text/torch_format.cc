// Canonical PyTorch code for layer specs, in the style of PyTorch's repr:
// leading identity arguments positional, the rest as keywords.
#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

// How many leading required arguments PyTorch's repr shows positionally.
size_t PositionalCount(LayerKind kind) {
  switch (FamilyOf(kind)) {
    case LayerFamily::kConv:
    case LayerFamily::kConvTranspose:
      return 2;
    case LayerFamily::kBatchNorm:
    case LayerFamily::kInstanceNorm:
    case LayerFamily::kPad:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

std::string FormatLayer(const LayerSpec& spec) {
  std::string out = std::string("nn.") + LayerKindName(spec.kind) + "(";
  const auto& sig = SignatureOf(spec.kind);
  const size_t positional = PositionalCount(spec.kind);
  bool first = true;
  for (const auto& [name, value] : spec.args) {
    if (!first) out += ", ";
    first = false;
    size_t index = 0;
    while (index < sig.size() && name != sig[index].name) ++index;
    const bool show_name = index >= positional;
    if (show_name) out += name + "=";
    out += CodeRepr(value);
  }
  return out + ")";
}

std::string FormatStack(const std::vector<LayerSpec>& layers) {
  if (layers.empty()) return "nn.Sequential()";
  std::string out = "nn.Sequential(\n";
  for (const LayerSpec& spec : layers)
    out += "    " + FormatLayer(spec) + ",\n";
  return out + ")";
}

}  // namespace convplay
