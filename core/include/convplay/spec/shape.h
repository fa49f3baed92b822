// A tensor's shape, and the one way ConvPlay writes shapes as text.
#ifndef CONVPLAY_SPEC_SHAPE_H_
#define CONVPLAY_SPEC_SHAPE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace convplay {

using Shape = std::vector<int64_t>;

// Number of elements (1 for a 0-d shape). The sizes must be planned, i.e.
// non-negative with a product that fits in int64.
int64_t Numel(const Shape& shape);

// "4 x 4" with sep " x ", "20x16x16" with sep "x".
std::string JoinSizes(const std::vector<int64_t>& sizes, const char* sep);
// "[1, 3, 8, 8]", as ATen prints sizes and as a Python list.
std::string SizesText(const std::vector<int64_t>& sizes);
// "torch.Size([1, 4])"
std::string TorchSizeText(const Shape& shape);

}  // namespace convplay

#endif  // CONVPLAY_SPEC_SHAPE_H_
