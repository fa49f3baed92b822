// Class code, run as PyTorch runs it: a `class Net(nn.Module)` with its
// __init__ and forward() (plus helper functions, constants, several classes
// and the lines around them) becomes a module tree and a graph of calls,
// traced with shapes on the learner's input. nn.Sequential code gives a chain.
#ifndef CONVPLAY_MODEL_MODEL_H_
#define CONVPLAY_MODEL_MODEL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/plan/plan.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/spec/shape.h"
#include "convplay/spec/status.h"

namespace convplay {

enum class GraphOp {
  kLayer,      // a layer (a module call or F.relu, torch.flatten, …)
  kAdd,        // a + b with broadcasting (or a + number)
  kSub,        // a - b
  kMul,        // a * b
  kDiv,        // a / b
  kCat,        // torch.cat(tensors, dim)
  kView,       // view, reshape, squeeze, unsqueeze, flatten of a view
  kMean,       // torch.mean(x, dims, keepdim)
  kPermute,    // permute, transpose
  kConstant,   // a tensor the code made (torch.zeros/ones/full): every value
               // is `scalar`
  kParameter,  // a class's own nn.Parameter or buffer, by state_dict `key`
  kUnary,      // torch.sqrt/exp/log/abs: `key` names the function
};
const char* GraphOpName(GraphOp op);  // "layer", "add", …

struct GraphNode {
  GraphOp op = GraphOp::kLayer;
  LayerSpec layer;            // kLayer
  std::vector<int> inputs;    // node ids; -1 is the model's input
  std::vector<int64_t> dims;  // kCat {dim}; kMean reduced dims; kPermute order
  bool keepdim = false;
  // A binary op with a Python number: x * 0.5, 1 - x.
  bool has_scalar = false;
  double scalar = 0;
  bool scalar_first = false;
  std::string key;  // kParameter: state_dict key; kUnary: function name
  Shape shape;      // kConstant, kParameter: the tensor's shape
};

struct ModuleInfo {
  std::string path;  // "", "features", "features.0"
  std::string type;  // "Net", "Sequential", "Conv2d"
  int line = 0;      // where it was constructed
  int calls = 0;     // how often forward() called it
};

struct ModelOptions {
  // A Python expression giving the model ("Net()", "ResNet(BasicBlock)");
  // empty: the last module assigned at top level, else the last module
  // class that takes no arguments, else a top-level nn.Sequential(...).
  std::string entry;
  PlanOptions plan;
};

struct ModelRead {
  bool ok = false;
  bool class_code = false;       // read by the interpreter (not a plain stack)
  std::string model_name;        // "Net", "Sequential"
  std::vector<GraphNode> nodes;  // parallel to plan.layers on success
  int output = -1;               // node giving forward()'s result
  Plan plan;                     // per call; totals over the module tree
  std::optional<Error> error;    // with line, column and call (layer)
  std::vector<ModuleInfo> modules;  // the module tree, named_modules order
  // Every layer module (called or not) by path: what its tensors need for
  // PyTorch's default initialisation.
  std::vector<std::pair<std::string, LayerSpec>> layer_modules;
  // Candidate models in the code ("Net", "Block") and the input the code
  // itself feeds (`net(torch.randn(1, 3, 32, 32))`), if any.
  std::vector<std::string> classes;
  std::optional<Shape> suggested_input;
};

// Does the code need the interpreter (a class, def, import, loop, …)?
bool IsClassCode(std::string_view code);

// Reads class code (or any code, if IsClassCode) on `input`.
ModelRead ReadModel(std::string_view code, const Shape& input,
                    const ModelOptions& options = {});

// Rewrites constructor argument `param` of the layer module at path `module`
// (as ModelRead.modules names it) in class code, in place: the argument's
// text becomes `value` (Python source), or `param=value` is added; all else
// stays as written. Refused for a layer built by a call that builds several
// (a loop or helper function) and for *args/**kwargs calls.
std::optional<Error> EditArgument(std::string_view code,
                                  const ModelOptions& options,
                                  const std::string& module,
                                  const std::string& param,
                                  const std::string& value, std::string* out);

// The traced model as code that PyTorch runs with the same shapes and
// parameter counts. Sequential form: only for a chain of layers (views that
// flatten become nn.Flatten()). Class form: a `class Net(nn.Module)` whose
// attributes are the model's layer modules (nested names joined by '_').
std::optional<Error> ExportSequential(const ModelRead& model, std::string* out);
std::optional<Error> ExportClass(const ModelRead& model, std::string* out);

// A Sequential stack as a graph: a chain with modules "0", "1", …
ModelRead ChainModel(const std::vector<LayerSpec>& stack, const Shape& input,
                     const PlanOptions& options = {});

}  // namespace convplay

#endif  // CONVPLAY_MODEL_MODEL_H_
