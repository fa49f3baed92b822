#include "convplay/spec/shape.h"

namespace convplay {

int64_t Numel(const Shape& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

std::string JoinSizes(const std::vector<int64_t>& sizes, const char* sep) {
  std::string out;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i) out += sep;
    out += std::to_string(sizes[i]);
  }
  return out;
}

std::string SizesText(const std::vector<int64_t>& sizes) {
  return "[" + JoinSizes(sizes, ", ") + "]";
}

std::string TorchSizeText(const Shape& shape) {
  return "torch.Size(" + SizesText(shape) + ")";
}

}  // namespace convplay
