// The shape engine: Plan(stack, input shape) gives every layer's shapes,
// parameter count, MACs and receptive field, or PyTorch's first error. It is
// cheap (no tensor is allocated) and runs on every keystroke.
#ifndef CONVPLAY_PLAN_PLAN_H_
#define CONVPLAY_PLAN_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "convplay/plan/receptive_field.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/spec/shape.h"
#include "convplay/spec/status.h"

namespace convplay {

// A learnable parameter or buffer of a layer, by its state_dict name.
struct TensorSpec {
  std::string name;  // "weight", "bias", "running_mean", ...
  Shape shape;
  bool learnable = true;
  // A class's own nn.Parameter / buffer: its initial value, as the code
  // made it (torch.ones → 1, torch.zeros → 0, torch.full → v; randn/rand:
  // random). Layers' tensors use PyTorch's default initialisation instead.
  bool own = false;
  double fill = 0;
  bool random = false;
};

struct LayerPlan {
  int index = 0;
  LayerKind kind = LayerKind::kReLU;
  std::string code;  // canonical PyTorch code of the layer
  Shape input_shape;
  Shape output_shape;
  int64_t params = 0;          // learnable parameters
  std::string params_formula;  // "10 × (3 × 3 × 3) + 10 = 280"
  int64_t buffers = 0;         // non-learnable state elements (BatchNorm)
  int64_t macs = 0;            // multiply-accumulates (fvcore convention)
  ReceptiveField receptive_field;
  std::vector<TensorSpec> tensors;  // weights and buffers, state_dict order

  // Where the call sits in the model's graph (a chain for nn.Sequential).
  std::string op;      // "" for a layer; "add", "cat", "view", … (GraphOp)
  std::string module;  // state_dict prefix of the module called: "0",
                       // "conv1", "layer1.0.conv1"; "" for functional ops
  std::vector<int> inputs;  // calls whose outputs it reads; -1: the input
  int shared_with = -1;     // a module called again: its first call
  bool functional = false;  // F.relu(x), torch.flatten(x, 1), …
  int line = 0;             // the call in the learner's code (1-based)
  int column = 0;
};

struct PlanWarning {
  int layer = -1;
  std::string message;
};

struct PlanOptions {
  // Weights, buffers, input and every layer's output together must fit.
  int64_t memory_budget_bytes = int64_t{512} << 20;
};

struct Plan {
  bool ok = false;
  // The layers planned successfully, in order; on error, those before the
  // failing one (so the learner still sees what works).
  std::vector<LayerPlan> layers;
  Shape output_shape;
  int64_t total_params = 0;
  int64_t total_macs = 0;
  int64_t total_bytes = 0;  // float32 bytes of weights and all activations
  std::optional<Error> error;
  std::vector<PlanWarning> warnings;
  // Every parameter and buffer by its full state_dict key, in PyTorch's
  // order (modules never called in forward() included).
  std::vector<TensorSpec> state_dict;
};

// PyTorch's order: every layer's constructor first (nn.Sequential is built
// before it runs), then the forward-time checks layer by layer.
Plan MakePlan(const std::vector<LayerSpec>& stack, const Shape& input_shape,
              const PlanOptions& options = {});

}  // namespace convplay

#endif  // CONVPLAY_PLAN_PLAN_H_
