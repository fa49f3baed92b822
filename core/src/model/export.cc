// The traced model back as PyTorch code: nn.Sequential (chains) or a class
// with forward(), each checked by tests/golden/generate_corpus.py
// --check-emitted to run in real PyTorch with the same shapes and counts.
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "convplay/model/model.h"
#include "convplay/spec/shape.h"
#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

std::string Snake(const std::string& kind) {
  std::string out;
  for (size_t k = 0; k < kind.size(); ++k) {
    const char c = kind[k];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (k > 0) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  // "max_pool2d": digits and 'd' stay attached.
  return out;
}

std::string Keywords(const LayerSpec& spec,
                     const std::set<std::string>& skip = {}) {
  std::string out;
  for (const auto& [name, value] : spec.args) {
    if (skip.count(name)) continue;
    out += ", " + name + "=" + CodeRepr(value);
  }
  return out;
}

std::string Ints(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t k = 0; k < v.size(); ++k) {
    s += (k ? ", " : "") + std::to_string(v[k]);
  }
  return s;
}

// A layer called without a module, as a functional call on `x`.
std::string FunctionalText(const LayerSpec& spec, const std::string& x) {
  const std::string kind = LayerKindName(spec.kind);
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kActivation:
      if (spec.kind == LayerKind::kSigmoid) return "torch.sigmoid(" + x + ")";
      if (spec.kind == LayerKind::kTanh) return "torch.tanh(" + x + ")";
      if (spec.kind == LayerKind::kLeakyReLU) {
        return "F.leaky_relu(" + x + Keywords(spec, {"inplace"}) + ")";
      }
      if (spec.kind == LayerKind::kELU) {
        return "F.elu(" + x + Keywords(spec, {"inplace"}) + ")";
      }
      if (spec.kind == LayerKind::kGELU) {
        return "F.gelu(" + x + Keywords(spec) + ")";
      }
      return "F.relu(" + x + ")";
    case LayerFamily::kSoftmax:
      return std::string(spec.kind == LayerKind::kLogSoftmax ? "F.log_softmax("
                                                             : "F.softmax(") +
             x + Keywords(spec) + ")";
    case LayerFamily::kMaxPool:
    case LayerFamily::kAvgPool:
    case LayerFamily::kAdaptiveAvgPool:
    case LayerFamily::kAdaptiveMaxPool: {
      std::string name = Snake(kind);  // "max_pool2d", "adaptive_avg_pool2d"
      return "F." + name + "(" + x + Keywords(spec) + ")";
    }
    case LayerFamily::kDropout:
      return std::string(spec.kind == LayerKind::kDropout2d ? "F.dropout2d("
                                                            : "F.dropout(") +
             x + Keywords(spec, {"inplace"}) + ", training=self.training)";
    case LayerFamily::kFlatten:
      return "torch.flatten(" + x + ", " + CodeRepr(spec.Arg("start_dim")) +
             ", " + CodeRepr(spec.Arg("end_dim")) + ")";
    case LayerFamily::kUpsample:
      return "F.interpolate(" + x + Keywords(spec) + ")";
    case LayerFamily::kPixelShuffle:
      return std::string(spec.kind == LayerKind::kPixelShuffle
                             ? "F.pixel_shuffle("
                             : "F.pixel_unshuffle(") +
             x + Keywords(spec) + ")";
    case LayerFamily::kPad: {
      const Value& p = spec.Arg("padding");
      std::string pad =
          p.is_int()
              ? "(" + Ints({p.as_int(), p.as_int(), p.as_int(), p.as_int()}) +
                    ")"
              : CodeRepr(p);
      const char* mode = spec.kind == LayerKind::kReflectionPad2d ? "'reflect'"
                         : spec.kind == LayerKind::kReplicationPad2d
                             ? "'replicate'"
                             : "'constant'";
      return "F.pad(" + x + ", " + pad + ", mode=" + mode + ")";
    }
    default:
      return "";
  }
}

const char* ShortName(LayerFamily f, LayerKind kind) {
  switch (f) {
    case LayerFamily::kConv:
      return "conv";
    case LayerFamily::kConvTranspose:
      return "deconv";
    case LayerFamily::kMaxPool:
    case LayerFamily::kAvgPool:
    case LayerFamily::kAdaptiveAvgPool:
    case LayerFamily::kAdaptiveMaxPool:
      return "pool";
    case LayerFamily::kLinear:
      return "fc";
    case LayerFamily::kBatchNorm:
      return "bn";
    case LayerFamily::kDropout:
      return "dropout";
    case LayerFamily::kFlatten:
      return "flatten";
    case LayerFamily::kUnflatten:
      return "unflatten";
    case LayerFamily::kPad:
      return "pad";
    case LayerFamily::kUpsample:
      return "upsample";
    case LayerFamily::kSoftmax:
      return kind == LayerKind::kLogSoftmax ? "log_softmax" : "softmax";
    case LayerFamily::kPReLU:
      return "prelu";
    case LayerFamily::kPixelShuffle:
      return kind == LayerKind::kPixelShuffle ? "shuffle" : "unshuffle";
    case LayerFamily::kInstanceNorm:
      return "norm";
    case LayerFamily::kActivation:
      return kind == LayerKind::kReLU        ? "relu"
             : kind == LayerKind::kLeakyReLU ? "leaky_relu"
             : kind == LayerKind::kELU       ? "elu"
             : kind == LayerKind::kGELU      ? "gelu"
             : kind == LayerKind::kSigmoid   ? "sigmoid"
                                             : "tanh";
  }
  return "layer";
}

bool IsChain(const ModelRead& m) {
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    if (m.nodes[i].inputs != std::vector<int>{static_cast<int>(i) - 1}) {
      return false;
    }
  }
  return m.output == static_cast<int>(m.nodes.size()) - 1;
}

bool HasWeights(const ModelRead& m, const std::string& module) {
  const std::string prefix = module.empty() ? "" : module + ".";
  for (const TensorSpec& t : m.plan.state_dict) {
    if (t.name.rfind(prefix, 0) == 0 &&
        t.name.find('.', prefix.size()) == std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<Error> ExportSequential(const ModelRead& m, std::string* out) {
  if (!m.ok) {
    return MakeError(ErrorKind::kValueError,
                     "the model has an error: fix it before exporting");
  }
  if (!IsChain(m)) {
    return MakeError(ErrorKind::kValueError,
                     "this model is a graph (a branch or a merge such as x + "
                     "y or torch.cat), not a chain: nn.Sequential cannot "
                     "express it",
                     "export the class form");
  }
  std::vector<LayerSpec> specs;
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    const GraphNode& n = m.nodes[i];
    const LayerPlan& lp = m.plan.layers[i];
    if (n.op == GraphOp::kLayer) {
      if (lp.shared_with >= 0 && HasWeights(m, lp.module)) {
        return MakeError(ErrorKind::kValueError,
                         "'" + lp.module +
                             "' is called more than once with one set of "
                             "weights: nn.Sequential would need two modules "
                             "with two sets",
                         "export the class form");
      }
      specs.push_back(n.layer);
      continue;
    }
    if (n.op == GraphOp::kView && lp.input_shape.size() >= 2 &&
        lp.output_shape.size() == 2 &&
        lp.output_shape[0] == lp.input_shape[0]) {
      LayerSpec flatten;
      flatten.kind = LayerKind::kFlatten;
      specs.push_back(flatten);
      continue;
    }
    return MakeError(ErrorKind::kValueError,
                     "call " + std::to_string(i) + " (" + lp.code +
                         ") has no nn module that nn.Sequential could hold",
                     "export the class form");
  }
  *out = FormatStack(specs);
  return std::nullopt;
}

std::optional<Error> ExportClass(const ModelRead& m, std::string* out) {
  if (!m.ok) {
    return MakeError(ErrorKind::kValueError,
                     "the model has an error: fix it before exporting");
  }
  // Module expressions. Class code keeps PyTorch's names exactly: a
  // submodule holding others becomes an nn.ModuleDict of its children (so
  // state_dict keys stay 'layer1.0.conv1.weight'); a stack's layers get
  // names by kind (conv1, pool1, fc1).
  std::map<std::string, LayerSpec> layer_of;
  for (const auto& [path, spec] : m.layer_modules) layer_of[path] = spec;
  std::map<std::string, std::vector<std::string>> children;
  for (const ModuleInfo& info : m.modules) {
    if (info.path.empty()) continue;
    const size_t dot = info.path.rfind('.');
    children[dot == std::string::npos ? "" : info.path.substr(0, dot)]
        .push_back(info.path);
  }
  auto leaf = [](const std::string& path) {
    const size_t dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
  };
  std::function<std::string(const std::string&, int)> expr_of =
      [&](const std::string& path, int indent) -> std::string {
    const auto layer = layer_of.find(path);
    if (layer != layer_of.end()) return FormatLayer(layer->second);
    const auto kids = children.find(path);
    if (kids == children.end() || kids->second.empty()) {
      return "nn.ModuleDict()";
    }
    const std::string pad(static_cast<size_t>(indent + 4), ' ');
    std::string text = "nn.ModuleDict({\n";
    for (const std::string& child : kids->second) {
      text +=
          pad + "'" + leaf(child) + "': " + expr_of(child, indent + 4) + ",\n";
    }
    return text + std::string(static_cast<size_t>(indent), ' ') + "})";
  };
  std::map<std::string, std::string> call_of;  // module path -> callee
  std::map<std::string, int> counts;
  std::set<std::string> used;
  std::string init;
  const bool stack = !m.class_code || layer_of.count("");
  auto identifier = [](const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) {
      return false;
    }
    for (char c : s) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
        return false;
      }
    }
    return true;
  };
  for (const std::string& top : children[""]) {
    std::string name = top;
    if (stack || !identifier(top)) {
      const auto layer = layer_of.find(top);
      const std::string base =
          layer != layer_of.end()
              ? ShortName(FamilyOf(layer->second.kind), layer->second.kind)
              : "block";
      name = base + std::to_string(++counts[base]);
    }
    while (used.count(name)) name += "_";
    used.insert(name);
    init += "        self." + name + " = " + expr_of(top, 8) + "\n";
    // Calls into this subtree index the ModuleDicts.
    std::function<void(const std::string&, const std::string&)> map_calls =
        [&](const std::string& path, const std::string& callee) {
          call_of[path] = callee;
          for (const std::string& child : children[path]) {
            map_calls(child, callee + "['" + leaf(child) + "']");
          }
        };
    map_calls(top, "self." + name);
  }
  if (layer_of.count("")) {
    // The model is a single layer.
    init += "        self.layer = " + FormatLayer(layer_of[""]) + "\n";
    call_of[""] = "self.layer";
  }
  // forward(): `x` while the model is a chain, h<i> for values read twice.
  std::vector<int> consumers(m.nodes.size(), 0);
  int input_consumers = 0;
  for (const GraphNode& n : m.nodes) {
    for (int in : n.inputs) (in < 0 ? input_consumers : consumers[in])++;
  }
  if (m.output >= 0) consumers[m.output]++;
  std::vector<std::string> var(m.nodes.size());
  int in_x = -1;  // which value `x` holds (-1: the input)
  std::string body;
  auto name_of = [&](int v) { return v < 0 ? std::string("x") : var[v]; };
  const std::string input_name = "x";
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    const GraphNode& n = m.nodes[i];
    const LayerPlan& lp = m.plan.layers[i];
    std::vector<std::string> args;
    for (int in : n.inputs) {
      args.push_back(in < 0 ? input_name : var[in]);
    }
    std::string expr;
    switch (n.op) {
      case GraphOp::kLayer:
        if (!lp.module.empty() || (lp.module.empty() && !lp.functional)) {
          const auto it = call_of.find(lp.module);
          if (it == call_of.end()) {
            return MakeError(
                ErrorKind::kRuntimeError,
                "internal: no attribute for module '" + lp.module + "'");
          }
          expr = it->second + "(" + args[0] + ")";
        } else {
          expr = FunctionalText(n.layer, args[0]);
          if (expr.empty()) {
            return MakeError(ErrorKind::kRuntimeError,
                             "internal: no functional form for " +
                                 std::string(LayerKindName(n.layer.kind)));
          }
        }
        break;
      case GraphOp::kAdd:
      case GraphOp::kSub:
      case GraphOp::kMul:
      case GraphOp::kDiv: {
        const char* op = n.op == GraphOp::kAdd   ? " + "
                         : n.op == GraphOp::kSub ? " - "
                         : n.op == GraphOp::kMul ? " * "
                                                 : " / ";
        if (n.has_scalar) {
          const std::string c = FloatRepr(n.scalar);
          expr = n.scalar_first ? c + op + args[0] : args[0] + op + c;
        } else {
          expr = args[0] + op + args[1];
        }
        break;
      }
      case GraphOp::kCat: {
        std::string list;
        for (size_t k = 0; k < args.size(); ++k) {
          list += (k ? ", " : "") + args[k];
        }
        expr =
            "torch.cat([" + list + "], dim=" + std::to_string(n.dims[0]) + ")";
        break;
      }
      case GraphOp::kView:
        expr = args[0] + ".reshape(" + Ints(n.dims) +
               (n.dims.size() == 1 ? "," : "") + ")";
        if (n.dims.empty()) expr = args[0] + ".reshape(())";
        break;
      case GraphOp::kMean:
        expr = "torch.mean(" + args[0] + ", dim=(" + Ints(n.dims) +
               (n.dims.size() == 1 ? "," : "") +
               "), keepdim=" + (n.keepdim ? "True" : "False") + ")";
        break;
      case GraphOp::kPermute:
        expr = args[0] + ".permute(" + Ints(n.dims) + ")";
        break;
      case GraphOp::kConstant:
        expr = "torch.full((" + Ints(n.shape) +
               (n.shape.size() == 1 ? "," : "") + "), " + FloatRepr(n.scalar) +
               ")";
        break;
      case GraphOp::kUnary:
        expr = "torch." + n.key + "(" + args[0] + ")";
        break;
      case GraphOp::kParameter:
        return MakeError(ErrorKind::kValueError,
                         "the class form of a model with its own "
                         "nn.Parameter or buffer (" +
                             n.key + ") is not written yet",
                         "copy the class code as it is");
    }
    const int first = n.inputs.empty() ? -2 : n.inputs[0];
    const bool reuse_x = first == in_x && (first < 0 ? input_consumers == 1
                                                     : consumers[first] == 1);
    if (reuse_x) {
      var[i] = "x";
      in_x = static_cast<int>(i);

    } else {
      var[i] = "h" + std::to_string(i);
    }

    body += "        " + var[i] + " = " + expr + "\n";
  }
  const std::string result = name_of(m.output);
  std::string cls =
      m.class_code && !m.model_name.empty() && m.model_name != "Sequential"
          ? m.model_name
          : "Net";
  std::string code =
      "import torch\nimport torch.nn as nn\nimport torch.nn.functional as "
      "F\n\n\nclass " +
      cls +
      "(nn.Module):\n    def __init__(self):\n        super().__init__()\n" +
      (init.empty() ? "" : init) + "\n    def forward(self, x):\n" + body +
      "        return " + (m.output < 0 ? "x" : result) +
      "\n\n\nmodel = " + cls + "()\n";
  *out = code;
  return std::nullopt;
}

}  // namespace convplay
