// ReadModel: run the code, pick the model, name its module tree as PyTorch
// does, list its state_dict, and trace forward() on the input.
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "convplay/spec/checked_math.h"
#include "convplay/text/torch_text.h"
#include "model/interp.h"
#include "model/py_parser.h"

namespace convplay {

using internal::Interp;
using internal::ModuleObj;
using internal::Ref;
using internal::VT;

const char* GraphOpName(GraphOp op) {
  switch (op) {
    case GraphOp::kLayer:
      return "layer";
    case GraphOp::kAdd:
      return "add";
    case GraphOp::kSub:
      return "sub";
    case GraphOp::kMul:
      return "mul";
    case GraphOp::kDiv:
      return "div";
    case GraphOp::kCat:
      return "cat";
    case GraphOp::kView:
      return "view";
    case GraphOp::kMean:
      return "mean";
    case GraphOp::kPermute:
      return "permute";
    case GraphOp::kConstant:
      return "constant";
    case GraphOp::kParameter:
      return "parameter";
    case GraphOp::kUnary:
      return "unary";
  }
  return "layer";
}

bool IsClassCode(std::string_view code) {
  size_t pos = 0;
  while (pos < code.size()) {
    size_t end = code.find('\n', pos);
    if (end == std::string_view::npos) end = code.size();
    std::string_view line = code.substr(pos, end - pos);
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos) {
      line = line.substr(first);
      for (const char* kw : {"class ", "def ", "import ", "from ", "for ",
                             "if ", "while ", "with ", "return"}) {
        if (line.rfind(kw, 0) == 0) return true;
      }
    }
    pos = end + 1;
  }
  return false;
}

namespace {

// named_modules(): preorder, each module once, under its first name.
void NameModules(const Ref& m, const std::string& path,
                 std::set<const ModuleObj*>* seen,
                 std::vector<ModuleInfo>* out) {
  if (!seen->insert(m->mod.get()).second) return;
  m->mod->path = path;
  out->push_back({path, m->mod->type, m->mod->line, 0});
  for (auto& [name, child] : m->mod->children) {
    if (!internal::IsModule(child)) continue;
    NameModules(child, path.empty() ? name : path + "." + name, seen, out);
  }
}

// state_dict(): own tensors, then children, in registration order.
void StateDict(const Ref& m, const std::string& prefix,
               std::set<const ModuleObj*>* seen, std::vector<TensorSpec>* out,
               std::vector<std::pair<std::string, LayerSpec>>* layers) {
  if (!seen->insert(m->mod.get()).second) return;
  if (m->mod->kind == ModuleObj::kLayer && layers) {
    layers->push_back({m->mod->path, m->mod->spec});
  }
  for (const TensorSpec& t : m->mod->tensors) {
    TensorSpec full = t;
    full.name = prefix + t.name;
    out->push_back(full);
  }
  // A class's own parameters, then its persistent buffers.
  auto own = [&](const std::string& name, const Ref& t, bool learnable) {
    TensorSpec full;
    full.name = prefix + name;
    full.shape = t->shape;
    full.learnable = learnable;
    full.own = true;
    full.fill = t->f;
    full.random = t->random;
    t->s = full.name;
    out->push_back(full);
  };
  for (auto& [name, t] : m->mod->params) own(name, t, true);
  for (auto& [name, t, persistent] : m->mod->buffers) {
    if (persistent) own(name, t, false);
  }
  for (auto& [name, child] : m->mod->children) {
    if (!internal::IsModule(child)) continue;
    StateDict(child, prefix + name + ".", seen, out, layers);
  }
}

// Parses and runs the code, picks the model, names its tree and lists its
// state_dict. False (with result->error) when that fails.
bool Run(std::string_view code, const Shape& input, const ModelOptions& options,
         internal::Block& module, Interp& in, Ref* root_out,
         ModelRead* result_out) {
  ModelRead& result = *result_out;
  result.class_code = true;
  if (auto err = internal::PyParse(code, &module)) {
    result.error = err;
    return false;
  }
  for (int64_t d : input) {
    if (d < 0) {
      result.error =
          MakeError(ErrorKind::kRuntimeError,
                    "Trying to create tensor with negative dimension " +
                        std::to_string(d) + ": " + SizesText(input),
                    "every size of the input shape must be 0 or more");
      return false;
    }
  }
  in.source_ = std::string(code);
  if (auto err = in.RunModule(module)) {
    result.error = err;
    result.classes = in.classes;
    return false;
  }
  result.classes = in.classes;
  result.suggested_input = in.suggested_input;

  // The model.
  Ref root;
  if (!options.entry.empty()) {
    if (auto err = in.EvalSource(options.entry, &root)) {
      result.error = err;
      return false;
    }
    if (!internal::IsModule(root)) {
      result.error =
          MakeError(ErrorKind::kTypeError, options.entry + " is a " +
                                               Interp::TypeName(root) +
                                               ", not an nn.Module");
      return false;
    }
  } else if (in.last_module_var) {
    root = in.last_module_var;
  } else {
    for (auto it = in.classes.rbegin(); it != in.classes.rend() && !root;
         ++it) {
      Ref cls = in.globals->vars[*it];
      if (!cls || cls->type != VT::kClass) continue;
      internal::Site at{cls->cls->line, 1, *it + "()"};
      Ref made;
      auto err = in.Call(cls, {}, at, &made);
      if (!err) {
        root = made;
      } else if (err->kind != ErrorKind::kTypeError ||
                 err->message.find("missing") == std::string::npos) {
        result.error = err;
        return false;
      }
    }
    if (!root) root = in.last_module_expr;
  }
  if (!root) {
    result.error = MakeError(
        ErrorKind::kValueError,
        in.classes.empty()
            ? "no model found: write a class that derives from nn.Module, or "
              "nn.Sequential(...)"
            : "no model found: every class here needs constructor arguments",
        in.classes.empty()
            ? ""
            : "add a line such as model = " + in.classes.back() + "(...)");
    return false;
  }
  result.model_name = root->mod->type;
  std::set<const ModuleObj*> seen;
  NameModules(root, "", &seen, &result.modules);
  seen.clear();
  StateDict(root, "", &seen, &result.plan.state_dict, &result.layer_modules);

  *root_out = root;
  return true;
}

}  // namespace

ModelRead ReadModel(std::string_view code, const Shape& input,
                    const ModelOptions& options) {
  ModelRead result;
  internal::Block module;
  Interp in(input, options.plan);
  Ref root;
  if (!Run(code, input, options, module, in, &root, &result)) return result;
  // Trace forward() on the input.
  int64_t param_bytes = 0;
  for (const TensorSpec& t : result.plan.state_dict) {
    param_bytes = SaturatingAdd(param_bytes, SaturatingMul(Numel(t.shape), 4));
  }
  in.used_bytes = SaturatingAdd(param_bytes, SaturatingMul(Numel(input), 4));
  if (in.used_bytes > options.plan.memory_budget_bytes) {
    result.error =
        MakeError(ErrorKind::kMemoryError,
                  "the model and its input do not fit ConvPlay's "
                  "memory budget of " +
                      internal::HumanBytes(options.plan.memory_budget_bytes));
    return result;
  }
  in.tracing = true;
  auto x = std::make_shared<internal::Obj>();
  x->type = VT::kTensor;
  x->node = -1;
  x->shape = input;
  Ref y;
  internal::Site at{0, 0, "model(x)"};
  std::optional<Error> err = in.CallModule(root, {{x}, {}}, at, &y);
  if (!err) {
    if (y->type == VT::kTuple && !y->items.empty() &&
        y->items[0]->type == VT::kTensor) {
      in.warnings.push_back({-1,
                             "forward() returns a tuple: ConvPlay shows its "
                             "first tensor as the output"});
      y = y->items[0];
    }
    if (y->type != VT::kTensor) {
      err = MakeError(
          ErrorKind::kTypeError,
          std::string("forward() returned ") +
              (y->type == VT::kNone ? "None"
                                    : std::string("a ") + Interp::TypeName(y)) +
              ", not a tensor",
          y->type == VT::kNone ? "end forward() with return x" : "");
    }
  }

  {
    // Calls per module.
    std::function<void(const Ref&)> walk = [&](const Ref& m) {
      for (size_t k = 0; k < result.modules.size(); ++k) {
        if (result.modules[k].path == m->mod->path) {
          result.modules[k].calls = m->mod->calls;
        }
      }
      for (auto& [name, child] : m->mod->children) {
        if (internal::IsModule(child)) walk(child);
      }
    };
    walk(root);
  }
  Plan& plan = result.plan;
  plan.layers = std::move(in.plans);
  plan.warnings = std::move(in.warnings);
  result.nodes = std::move(in.nodes);

  for (const TensorSpec& t : plan.state_dict) {
    if (t.learnable) {
      plan.total_params = SaturatingAdd(plan.total_params, Numel(t.shape));
    }
  }
  for (const LayerPlan& lp : plan.layers) {
    plan.total_macs = SaturatingAdd(plan.total_macs, lp.macs);
  }
  plan.total_bytes = in.used_bytes;
  if (err) {
    if (err->layer < 0) err->layer = static_cast<int>(plan.layers.size());
    plan.error = err;
    result.error = err;
    result.nodes.resize(plan.layers.size());
    return result;
  }
  result.output = y->node;
  plan.output_shape = y->shape;
  plan.ok = true;
  result.ok = true;
  return result;
}

namespace {

// Byte offset of a 1-based (line, column in characters) position.
size_t Offset(std::string_view code, int line, int column) {
  int l = 1, c = 1;
  for (size_t k = 0; k < code.size(); ++k) {
    if (l == line && c == column) return k;
    if (code[k] == '\n') {
      if (l == line) return k;
      ++l;
      c = 1;
    } else if ((static_cast<unsigned char>(code[k]) & 0xC0) != 0x80) {
      ++c;
    }
  }
  return code.size();
}

}  // namespace

std::optional<Error> EditArgument(std::string_view code,
                                  const ModelOptions& options,
                                  const std::string& module,
                                  const std::string& param,
                                  const std::string& value, std::string* out) {
  ModelRead result;
  internal::Block ast;
  Interp in({}, options.plan);
  Ref root;
  if (!Run(code, {}, options, ast, in, &root, &result)) return result.error;
  // Find the module by path.
  std::function<Ref(const Ref&)> find = [&](const Ref& m) -> Ref {
    if (m->mod->path == module) return m;
    for (auto& [name, child] : m->mod->children) {
      if (!internal::IsModule(child)) continue;
      if (Ref r = find(child)) return r;
    }
    return nullptr;
  };
  const Ref m = find(root);
  if (!m) {
    return MakeError(ErrorKind::kValueError,
                     "the model has no module '" + module + "'");
  }
  if (m->mod->kind != ModuleObj::kLayer || !m->mod->ctor) {
    return MakeError(ErrorKind::kValueError,
                     "'" + module +
                         "' is not a layer built by a call in the "
                         "code");
  }
  const internal::Expr& call = *m->mod->ctor;
  if (in.ctor_uses[&call] > 1) {
    return MakeError(ErrorKind::kValueError,
                     "'" + module + "' is built by a line that builds " +
                         std::to_string(in.ctor_uses[&call]) +
                         " layers (a loop or a helper function): edit that "
                         "line in the code",
                     "line " + std::to_string(call.line));
  }
  const std::vector<ParamSpec>& sig = SignatureOf(m->mod->spec.kind);
  size_t index = sig.size();
  for (size_t k = 0; k < sig.size(); ++k) {
    if (param == sig[k].name) index = k;
  }
  if (index == sig.size()) {
    return MakeError(ErrorKind::kTypeError,
                     std::string(LayerKindName(m->mod->spec.kind)) +
                         " has no parameter '" + param + "'");
  }
  size_t positional = 0;
  const internal::Expr* target = nullptr;
  for (size_t k = 0; k < call.items.size(); ++k) {
    const internal::Expr& item = *call.items[k];
    if (item.kind == internal::Expr::kStarred) {
      return MakeError(ErrorKind::kValueError,
                       "the arguments of '" + module +
                           "' come from *args or **kwargs: edit the code");
    }
    if (call.keywords[k].empty()) {
      if (positional == index) target = &item;
      ++positional;
    } else if (call.keywords[k] == param) {
      target = &item;
    }
  }
  std::string text(code);
  if (target) {
    const size_t a = Offset(code, target->line, target->column);
    const size_t b = Offset(code, target->end_line, target->end_column);
    text.replace(a, b - a, value);
  } else {
    // Before the closing parenthesis of the call.
    size_t close = Offset(code, call.end_line, call.end_column);
    while (close > 0 && text[close - 1] != ')') --close;
    if (close == 0) {
      return MakeError(ErrorKind::kValueError, "cannot find the call's ')'");
    }
    --close;
    size_t before = close;
    while (before > 0 &&
           std::isspace(static_cast<unsigned char>(text[before - 1]))) {
      --before;
    }
    const bool empty = text[before - 1] == '(';
    const bool comma = text[before - 1] == ',';
    text.insert(before,
                std::string(empty || comma ? (comma ? " " : "") : ", ") +
                    param + "=" + value);
  }
  *out = std::move(text);
  return std::nullopt;
}

ModelRead ChainModel(const std::vector<LayerSpec>& stack, const Shape& input,
                     const PlanOptions& options) {
  ModelRead result;
  result.model_name = "Sequential";
  result.plan = MakePlan(stack, input, options);
  result.modules.push_back({"", "Sequential", 0, 1});
  for (size_t i = 0; i < result.plan.layers.size(); ++i) {
    GraphNode node;
    node.layer = stack[i];
    NormalizeSpec(&node.layer);
    node.inputs = {static_cast<int>(i) - 1};
    result.nodes.push_back(node);
    result.modules.push_back(
        {std::to_string(i), LayerKindName(stack[i].kind), 0, 1});
    result.layer_modules.push_back({std::to_string(i), node.layer});
  }
  result.error = result.plan.error;
  result.ok = result.plan.ok;
  result.output = static_cast<int>(result.nodes.size()) - 1;
  return result;
}

}  // namespace convplay
