// One output value of a conv, transposed conv or pooling layer, as the
// arithmetic that produced it: every input × weight product (or every window
// cell), the sum per input channel, the bias, the divisor or the winner —
// computed in the reference path's own order, so `value` equals the
// reference forward pass bit for bit.
#ifndef CONVPLAY_TEACH_EXPLAIN_H_
#define CONVPLAY_TEACH_EXPLAIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "convplay/run/network.h"
#include "convplay/spec/status.h"

namespace convplay {

enum class ExplainOp {
  kConv,
  kConvTranspose,
  kMaxPool,
  kAvgPool,
  kAdaptiveMaxPool,
  kAdaptiveAvgPool
};

const char* ExplainOpName(ExplainOp op);  // "conv", "max-pool", …

// One input cell the output depends on. Positions are 3-D (D, H, W; 1-D and
// 2-D layers have leading zeros) in the unpadded input: outside
// [0, size) means the cell is padding.
struct ExplainTerm {
  int64_t channel = 0;  // input channel (pools: the plane)
  int64_t pos[3] = {0, 0, 0};
  // The input cell a padding cell copies (reflect, replicate, circular);
  // equal to pos inside the input; -1 in every dim for a zero.
  int64_t source[3] = {0, 0, 0};
  int64_t tap[3] = {0, 0, 0};  // kernel position (pools: window position)
  bool padding = false;
  float value = 0;   // the input value used (0 for zero padding)
  float weight = 1;  // conv weight; 1 for pools
  double product = 0;
};

struct Explanation {
  ExplainOp op = ExplainOp::kConv;
  int64_t batch = 0;  // batch item
  int64_t plane = 0;  // output channel (pools: the plane, = input channel)
  int64_t out[3] = {0, 0, 0};
  int64_t in_size[3] = {1, 1, 1};  // the layer's input spatial sizes
  std::vector<ExplainTerm> terms;
  // Sum of the products per input channel, in the order summed.
  std::vector<std::pair<int64_t, double>> channel_sums;
  bool has_bias = false;
  double bias = 0;
  double sum = 0;  // bias + Σ products (conv); Σ window values (avg pools)
  // Average pools: what the sum is divided by, and why.
  int64_t divisor = 0;
  std::string divisor_reason;
  // Max pools: the winning term (-1 if every cell is padding) and the flat
  // index into the input plane that return_indices=True would give.
  int64_t winner = -1;
  int64_t winner_index = -1;
  // Pools: the window per dim, [start, end) in input coordinates before
  // clipping to the input (average: end capped at size + padding).
  int64_t window_start[3] = {0, 0, 0};
  int64_t window_end[3] = {1, 1, 1};
  int64_t flat = 0;  // the cell's index in the layer's output
  float value = 0;   // the output value
};

// The arithmetic behind element `flat` of layer `layer`'s output, from the
// network's last Forward (reference order). For conv, transposed conv and
// pooling layers; other layers give a ValueError, bad indices an IndexError.
std::optional<Error> Explain(const Network& net, int layer, int64_t flat,
                             Explanation* out);
// The same for a position in the layer's output shape, e.g. [n, c, h, w].
std::optional<Error> ExplainAt(const Network& net, int layer,
                               const std::vector<int64_t>& index,
                               Explanation* out);

}  // namespace convplay

#endif  // CONVPLAY_TEACH_EXPLAIN_H_
