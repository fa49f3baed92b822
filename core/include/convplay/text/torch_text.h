// PyTorch code in and out: parse `nn.Sequential(...)` or tutorial-style
// `self.conv1 = nn.Conv2d(...)` lines into layer specs, and print specs back
// as canonical code. Parsing what FormatStack prints gives the same specs.
#ifndef CONVPLAY_TEXT_TORCH_TEXT_H_
#define CONVPLAY_TEXT_TORCH_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/spec/layer_spec.h"
#include "convplay/spec/status.h"

namespace convplay {

struct ParseResult {
  bool ok = false;
  std::vector<LayerSpec> layers;
  std::optional<Error> error;  // with line and column (1-based)
};

ParseResult ParseTorch(std::string_view code);

// "nn.Conv2d(3, 10, kernel_size=3)"
std::string FormatLayer(const LayerSpec& spec);
// "nn.Sequential(\n    nn.Conv2d(3, 10, kernel_size=3),\n    ...\n)"
std::string FormatStack(const std::vector<LayerSpec>& layers);

// Real torch.nn layers ConvPlay does not model (for clear messages).
bool IsUnsupportedTorchLayer(std::string_view name);
// The closest known layer name ("Conv2D" -> "Conv2d"), or empty.
std::string SuggestLayerName(std::string_view name);

}  // namespace convplay

#endif  // CONVPLAY_TEXT_TORCH_TEXT_H_
