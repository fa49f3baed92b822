// torch, torch.nn and torch.nn.functional as model code uses them: layers
// and containers, module calls, and the tensor operations of forward(),
// each traced into the graph with PyTorch's shape rules and messages.
#include <algorithm>
#include <cmath>

#include "convplay/spec/checked_math.h"
#include "convplay/text/torch_text.h"
#include "model/interp.h"

namespace convplay::internal {
namespace {

Ref Ns(const std::string& name) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kNamespace;
  v->s = name;
  return v;
}

Ref Opaque(const std::string& what) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kOpaque;
  v->s = what;
  return v;
}

bool IsTensor(const Ref& v) { return v->type == VT::kTensor; }

// A Python signature for torch functions: binds args as CPython does.
struct Sig {
  std::string name;
  std::vector<std::pair<std::string, Ref>> params;  // null Ref: required
};

std::optional<Error> Bind(const Sig& sig, const Args& args, const Site& at,
                          std::vector<Ref>* out) {
  out->assign(sig.params.size(), nullptr);
  if (args.positional.size() > sig.params.size()) {
    return PyError(ErrorKind::kTypeError,
                   sig.name + "() takes from 1 to " +
                       std::to_string(sig.params.size()) +
                       " positional arguments but " +
                       std::to_string(args.positional.size()) + " were given",
                   at);
  }
  for (size_t k = 0; k < args.positional.size(); ++k) {
    (*out)[k] = args.positional[k];
  }
  for (const auto& [key, value] : args.keywords) {
    size_t k = 0;
    while (k < sig.params.size() && sig.params[k].first != key) ++k;
    if (k == sig.params.size()) {
      return PyError(
          ErrorKind::kTypeError,
          sig.name + "() got an unexpected keyword argument '" + key + "'", at);
    }
    if ((*out)[k]) {
      return PyError(
          ErrorKind::kTypeError,
          sig.name + "() got multiple values for argument '" + key + "'", at);
    }
    (*out)[k] = value;
  }
  for (size_t k = 0; k < sig.params.size(); ++k) {
    if (!(*out)[k]) {
      if (!sig.params[k].second) {
        return PyError(ErrorKind::kTypeError,
                       sig.name + "() missing required argument '" +
                           sig.params[k].first + "' (pos " +
                           std::to_string(k + 1) + ")",
                       at);
      }
      (*out)[k] = sig.params[k].second;
    }
  }
  return std::nullopt;
}

std::optional<Error> NeedTensor(const Ref& v, const std::string& fn,
                                const Site& at) {
  if (IsTensor(v)) {
    if (v->node == -2 && (v->made == 0 || v->made == 3)) {
      return NotModelled(at,
                         "a random tensor (torch.randn, torch.rand, "
                         "torch.empty) used by the model",
                         "the model's only random input is forward()'s "
                         "argument; make constants with torch.zeros, "
                         "torch.ones or torch.full");
    }
    return std::nullopt;
  }
  return PyError(ErrorKind::kTypeError,
                 fn + "(): argument 'input' (position 1) must be Tensor, not " +
                     Interp::TypeName(v),
                 at);
}

std::optional<Error> IntOf(const Ref& v, const std::string& what,
                           const Site& at, int64_t* out) {
  if (v->type != VT::kInt && v->type != VT::kBool) {
    return PyError(ErrorKind::kTypeError,
                   what + " must be int, not " + Interp::TypeName(v), at);
  }
  *out = v->i;
  return std::nullopt;
}

// Ints from f(2, 3) or f((2, 3)) / f([2, 3]).
std::optional<Error> IntList(const std::vector<Ref>& given,
                             const std::string& fn, const Site& at,
                             std::vector<int64_t>* out) {
  std::vector<Ref> items = given;
  if (items.size() == 1 &&
      (items[0]->type == VT::kTuple || items[0]->type == VT::kList)) {
    items = items[0]->items;
  }
  out->clear();
  for (size_t k = 0; k < items.size(); ++k) {
    const Ref& v = items[k];
    if (v->type != VT::kInt && v->type != VT::kBool) {
      return PyError(ErrorKind::kTypeError,
                     fn +
                         "(): argument 'size' must be tuple of ints, but "
                         "found element of type " +
                         Interp::TypeName(v) + " at pos " + std::to_string(k),
                     at);
    }
    out->push_back(v->i);
  }
  return std::nullopt;
}

std::vector<int64_t> ContiguousStrides(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t k = s.size(); k-- > 1;) {
    st[k - 1] = st[k] * std::max<int64_t>(s[k], 1);
  }
  return st;
}

bool IsContiguous(const Ref& t) {
  return t->strides.empty() || t->strides == ContiguousStrides(t->shape);
}

// ATen's computeStride: the strides of a view of (shape, strides) with
// `target` sizes, or false when the view is impossible.
bool ViewStrides(const Shape& shape, const std::vector<int64_t>& strides,
                 const Shape& target, std::vector<int64_t>* out) {
  if (shape.empty()) {
    out->assign(target.size(), 1);
    return true;
  }
  if (Numel(shape) == 0) {
    *out = ContiguousStrides(target);
    return true;
  }
  out->assign(target.size(), 0);
  int64_t view_d = static_cast<int64_t>(target.size()) - 1;
  int64_t chunk = strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    tensor_numel *= shape[d];
    if (d == 0 ||
        (shape[d - 1] != 1 && strides[d - 1] != tensor_numel * chunk)) {
      while (view_d >= 0 &&
             (view_numel < tensor_numel || target[view_d] == 1)) {
        (*out)[view_d] = view_numel * chunk;
        view_numel *= target[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return false;
      if (d > 0) {
        chunk = strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  return view_d == -1;
}

std::string ListText(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t k = 0; k < v.size(); ++k) {
    if (k) s += ", ";
    s += std::to_string(v[k]);
  }
  return s + "]";
}

}  // namespace

Ref Interp::MakeNamespace(const std::string& name) {
  static const char* const kKnown[] = {"torch",
                                       "torch.nn",
                                       "torch.nn.functional",
                                       "torch.functional",
                                       "math",
                                       "collections",
                                       "torch.nn.init",
                                       "torch.optim",
                                       "typing",
                                       "torch.nn.modules",
                                       "numpy_"};
  for (const char* k : kKnown) {
    if (name == k) return Ns(name);
  }
  // Any other module imports (os, numpy, torchvision, …): using one of its
  // names is what ConvPlay refuses, at that line.
  Ref other = Ns(name);
  other->attrs["__foreign__"] = Bool(true);
  return other;
}

std::optional<Error> Interp::MakeLayer(LayerKind kind, const Args& args,
                                       const Site& at, Ref* out) {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keywords;
  for (const Ref& v : args.positional) {
    Value x;
    if (auto err = ToValue(v, at, &x)) return err;
    positional.push_back(std::move(x));
  }
  for (const auto& [k, v] : args.keywords) {
    Value x;
    if (auto err = ToValue(v, at, &x)) return err;
    keywords.push_back({k, std::move(x)});
  }
  auto m = std::make_shared<ModuleObj>();
  m->kind = ModuleObj::kLayer;
  m->type = LayerKindName(kind);
  m->line = at.line;
  m->inited = true;
  if (auto err = BindArguments(kind, positional, keywords, &m->spec)) {
    err->line = at.line;
    err->column = at.column;
    return err;
  }
  NormalizeSpec(&m->spec);
  Constructed built;
  if (auto err = ConstructLayer(m->spec, &built)) {
    err->line = at.line;
    err->column = at.column;
    err->layer = -1;
    return err;
  }
  for (const TensorSpec& t : built.tensors) {
    const int64_t bytes = SaturatingMul(Numel(t.shape), 4);
    used_bytes = SaturatingAdd(used_bytes, bytes);
    if (bytes < 0 || used_bytes > plan_options.memory_budget_bytes) {
      return PyError(ErrorKind::kMemoryError,
                     std::string(LayerKindName(kind)) + "'s " + t.name +
                         " of size " + SizesText(t.shape) +
                         " does not fit ConvPlay's memory budget of " +
                         HumanBytes(plan_options.memory_budget_bytes),
                     at, "use fewer channels or features");
    }
  }
  m->tensors = built.tensors;
  if (current_call) {
    m->ctor = current_call;
    ++ctor_uses[current_call];
  }
  auto v = std::make_shared<Obj>();
  v->type = VT::kModule;
  v->mod = m;
  *out = v;
  return std::nullopt;
}

namespace {

Ref ModuleRef(std::shared_ptr<ModuleObj> m) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kModule;
  v->mod = std::move(m);
  return v;
}

std::optional<Error> Container(Interp& in, const std::string& type,
                               const Args& args, const Site& at, Ref* out) {
  auto m = std::make_shared<ModuleObj>();
  m->type = type;
  m->line = at.line;
  m->inited = true;
  m->kind = type == "Sequential"   ? ModuleObj::kSequential
            : type == "ModuleList" ? ModuleObj::kModuleList
            : type == "ModuleDict" ? ModuleObj::kModuleDict
                                   : ModuleObj::kSequential;
  auto add = [&](const std::string& name,
                 const Ref& v) -> std::optional<Error> {
    if (!IsModule(v)) {
      if (m->kind == ModuleObj::kSequential) {
        return PyError(
            ErrorKind::kTypeError,
            std::string(Interp::TypeName(v)) + " is not a Module subclass", at,
            v->type == VT::kClass
                ? "call the class to make a module: " + v->cls->name + "()"
                : "nn.Sequential takes modules such as "
                  "nn.Conv2d(...)");
      }
      return PyError(
          ErrorKind::kTypeError,
          type + " can only hold modules, not " + Interp::TypeName(v), at);
    }
    for (auto& c : m->children) {
      if (c.first == name) {
        c.second = v;
        return std::nullopt;
      }
    }
    m->children.push_back({name, v});
    return std::nullopt;
  };
  if (type == "Identity") {
    *out = ModuleRef(m);
    return std::nullopt;
  }
  if (m->kind == ModuleObj::kSequential) {
    if (!args.keywords.empty()) {
      return PyError(ErrorKind::kTypeError,
                     "Sequential.__init__() got an unexpected keyword "
                     "argument '" +
                         args.keywords[0].first + "'",
                     at);
    }
    if (args.positional.size() == 1 && args.positional[0]->type == VT::kDict) {
      const Ref& d = args.positional[0];
      for (size_t k = 0; k < d->items.size(); ++k) {
        if (d->items[k]->type != VT::kStr) {
          return PyError(ErrorKind::kTypeError,
                         "module name should be a string. Got " +
                             std::string(Interp::TypeName(d->items[k])),
                         at);
        }
        if (auto err = add(d->items[k]->s, d->values[k])) return err;
      }
    } else {
      for (size_t k = 0; k < args.positional.size(); ++k) {
        if (auto err = add(std::to_string(k), args.positional[k])) return err;
      }
    }
  } else if (!args.positional.empty() &&
             args.positional[0]->type != VT::kNone) {
    const Ref& src = args.positional[0];
    if (m->kind == ModuleObj::kModuleDict) {
      if (src->type != VT::kDict) {
        std::vector<Ref> pairs;
        if (auto err = in.Iterate(src, at, &pairs)) return err;
        for (const Ref& p : pairs) {
          if (p->items.size() != 2 || p->items[0]->type != VT::kStr) {
            return PyError(ErrorKind::kValueError,
                           "ModuleDict update sequence element has the "
                           "wrong length or key",
                           at);
          }
          if (auto err = add(p->items[0]->s, p->items[1])) return err;
        }
      } else {
        for (size_t k = 0; k < src->items.size(); ++k) {
          if (src->items[k]->type != VT::kStr) {
            return PyError(ErrorKind::kTypeError,
                           "module name should be a string", at);
          }
          if (auto err = add(src->items[k]->s, src->values[k])) return err;
        }
      }
    } else {
      std::vector<Ref> items;
      if (auto err = in.Iterate(src, at, &items)) return err;
      for (size_t k = 0; k < items.size(); ++k) {
        if (auto err = add(std::to_string(k), items[k])) return err;
      }
    }
  }
  *out = ModuleRef(m);
  return std::nullopt;
}

}  // namespace

bool IsModule(const Ref& v) { return v && v->type == VT::kModule; }

// ---- graph nodes ------------------------------------------------------------

std::optional<Error> Interp::Materialize(const Ref& t, const Site& at) {
  if (!t || t->type != VT::kTensor || t->node != -2) return std::nullopt;
  if (auto err = NeedTensor(t, "forward", at)) return err;
  GraphNode node;
  std::string text;
  if (t->made == 2) {
    if (t->s.empty()) {
      return NotModelled(at,
                         "an nn.Parameter that is not an attribute of a "
                         "module of the model");
    }
    node.op = GraphOp::kParameter;
    node.key = t->s;
    text = t->s;
  } else {
    node.op = GraphOp::kConstant;
    node.scalar = t->f;
    text =
        "torch.full(" + TorchSizeText(t->shape) + ", " + FloatRepr(t->f) + ")";
  }
  node.shape = t->shape;
  Ref made;
  if (auto err = AddNode(node, t->shape, {}, at, &made, text)) return err;
  t->node = made->node;
  return std::nullopt;
}

std::optional<Error> Interp::AddNode(GraphNode node, const Shape& out_shape,
                                     const std::vector<Ref>& inputs,
                                     const Site& at, Ref* out,
                                     const std::string& label_code) {
  for (const Ref& in : inputs) {
    if (auto err = Materialize(in, at)) return err;
  }
  const int id = static_cast<int>(nodes.size());
  const int64_t bytes = SaturatingMul(Numel(out_shape), 4);
  used_bytes = SaturatingAdd(used_bytes, bytes);
  if (bytes < 0 || used_bytes > plan_options.memory_budget_bytes) {
    Error e = PyError(ErrorKind::kMemoryError,
                      "the output of size " + SizesText(out_shape) +
                          " does not fit ConvPlay's memory budget of " +
                          HumanBytes(plan_options.memory_budget_bytes),
                      at, "use a smaller input or fewer channels");
    e.layer = id;
    return e;
  }
  LayerPlan lp;
  lp.index = id;
  lp.kind = node.layer.kind;
  lp.op = node.op == GraphOp::kLayer ? "" : GraphOpName(node.op);
  lp.code = label_code;
  lp.input_shape = inputs.empty() ? Shape{} : inputs[0]->shape;
  lp.output_shape = out_shape;
  lp.line = at.line;
  lp.column = at.column;
  for (const Ref& in : inputs) {
    node.inputs.push_back(in->node);
    lp.inputs.push_back(in->node);
  }
  // The receptive field follows the first input (merges: the widest).
  ReceptiveField field;
  if (!inputs.empty()) {
    int best = inputs[0]->node;
    for (const Ref& in : inputs) {
      const int k = in->node;
      const ReceptiveField& f = k < 0 ? input_field : fields[k];
      const ReceptiveField& b = best < 0 ? input_field : fields[best];
      if (!f.size.empty() && !b.size.empty() && f.size[0] > b.size[0]) {
        best = k;
      }
    }
    field = best < 0 ? input_field : fields[best];
  }
  fields.push_back(field);
  lp.receptive_field = field;
  nodes.push_back(std::move(node));
  plans.push_back(std::move(lp));
  auto t = std::make_shared<Obj>();
  t->type = VT::kTensor;
  t->node = id;
  t->shape = out_shape;
  *out = t;
  return std::nullopt;
}

std::optional<Error> Interp::AddLayerNode(const LayerSpec& spec_in,
                                          const Ref& x, ModuleObj* module,
                                          bool functional, const Site& at,
                                          Ref* out) {
  LayerSpec spec = spec_in;
  NormalizeSpec(&spec);
  const std::string fn = functional ? at.text : LayerKindName(spec.kind);
  if (auto err = NeedTensor(
          x, module ? std::string(LayerKindName(spec.kind)) + ".forward" : fn,
          at)) {
    return err;
  }
  if (auto err = Materialize(x, at)) return err;
  Forwarded f;
  ctx.index = static_cast<int>(nodes.size());
  if (auto err = ForwardLayer(spec, x->shape, ctx, &f)) {
    err->line = at.line;
    err->column = at.column;
    err->layer = static_cast<int>(nodes.size());
    return err;
  }
  if (!ctx.input_batched && f.batched) ctx.input_batched = f.batched;
  GraphNode node;
  node.op = GraphOp::kLayer;
  node.layer = spec;
  const int id = static_cast<int>(nodes.size());
  if (auto err = AddNode(node, f.out, {x}, at, out, FormatLayer(spec))) {
    return err;
  }
  LayerPlan& lp = plans.back();
  lp.functional = functional;
  lp.macs = f.macs;
  if (module) {
    lp.module = module->path;
    ++module->calls;
    if (module->first_call < 0) {
      module->first_call = id;
      lp.tensors = module->tensors;
      for (const TensorSpec& t : lp.tensors) {
        int64_t numel = 1;
        for (int64_t s : t.shape) numel = SaturatingMul(numel, s);
        (t.learnable ? lp.params : lp.buffers) += numel;
      }
      lp.params_formula = ParamsFormula(spec, lp.tensors, lp.params);
    } else {
      lp.shared_with = module->first_call;
    }
  }
  for (std::string& w : f.warnings) {
    warnings.push_back({id, std::move(w)});
  }
  if (FamilyOf(spec.kind) == LayerFamily::kDropout && !dropout_noted) {
    dropout_noted = true;
    warnings.push_back(
        {id, std::string(LayerKindName(spec.kind)) +
                 " is the identity here: ConvPlay runs the model "
                 "in eval mode (model.eval()), where dropout "
                 "passes every value through"});
  }
  // Receptive field.
  ReceptiveField& field = fields.back();
  if (f.field_scope != ReceptiveField::Scope::kLocal) {
    if (field.scope == ReceptiveField::Scope::kLocal) {
      field = ReceptiveField{f.field_scope, {}, {}, {}};
    }
  } else if (!f.window.empty() &&
             field.scope == ReceptiveField::Scope::kLocal) {
    if (field.size.empty())
      field = IdentityField(static_cast<int>(f.window.size()));
    if (field.size.size() == f.window.size()) {
      ComposeField(&field, f.window);
    } else {
      field = ReceptiveField{ReceptiveField::Scope::kWholeInput, {}, {}, {}};
    }
  }
  lp.receptive_field = field;
  return std::nullopt;
}

std::optional<Error> Interp::CallModule(const Ref& module, const Args& args,
                                        const Site& at, Ref* out) {
  ModuleObj& m = *module->mod;
  switch (m.kind) {
    case ModuleObj::kLayer: {
      if (args.positional.size() != 1 || !args.keywords.empty()) {
        return PyError(ErrorKind::kTypeError,
                       "forward() takes 2 positional arguments but " +
                           std::to_string(args.positional.size() + 1) +
                           " were given",
                       at);
      }
      return AddLayerNode(m.spec, args.positional[0], &m, false, at, out);
    }
    case ModuleObj::kSequential: {
      if (args.positional.size() != 1 || !args.keywords.empty()) {
        return PyError(ErrorKind::kTypeError,
                       "forward() takes 2 positional arguments but " +
                           std::to_string(args.positional.size() + 1) +
                           " were given",
                       at);
      }
      ++m.calls;
      Ref x = args.positional[0];
      for (auto& [name, child] : m.children) {
        Ref y;
        if (auto err = Call(child, {{x}, {}}, at, &y)) return err;
        x = y;
      }
      *out = x;
      return std::nullopt;
    }
    case ModuleObj::kModuleList:
    case ModuleObj::kModuleDict:
      return PyError(
          ErrorKind::kNotImplementedError,
          "Module [" + m.type +
              "] is missing the required \"forward\" function",
          at,
          "call the modules it holds: for layer in self." +
              (m.path.empty() ? std::string("layers")
                              : m.path.substr(m.path.rfind('.') + 1)) +
              ": x = layer(x)");
    case ModuleObj::kUser: {
      Ref forward;
      std::vector<std::shared_ptr<ClassInfo>> todo = {m.cls};
      while (!todo.empty() && !forward) {
        auto c = todo.front();
        todo.erase(todo.begin());
        auto it = c->attrs.find("forward");
        if (it != c->attrs.end()) forward = it->second;
        for (const Ref& b : c->bases) {
          if (b->type == VT::kClass) todo.push_back(b->cls);
        }
      }
      if (!forward || forward->type != VT::kFunction) {
        return PyError(ErrorKind::kNotImplementedError,
                       "Module [" + m.type +
                           "] is missing the required \"forward\" function",
                       at, "define forward(self, x) in class " + m.type);
      }
      ++m.calls;
      Args bound = args;
      bound.positional.insert(bound.positional.begin(), module);
      return Call(forward, bound, at, out);
    }
  }
  return std::nullopt;
}

// ---- attributes
// --------------------------------------------------------------

std::optional<Error> Interp::SetAttr(const Ref& obj, const std::string& name,
                                     const Ref& value, const Site& at) {
  if (obj->type == VT::kObject) {
    obj->attrs[name] = value;
    return std::nullopt;
  }
  if (obj->type != VT::kModule) {
    return PyError(ErrorKind::kAttributeError,
                   std::string("'") + TypeName(obj) + "' object attribute '" +
                       name + "' is read-only",
                   at);
  }
  ModuleObj& m = *obj->mod;
  if (m.kind == ModuleObj::kLayer) {
    return NotModelled(at,
                       "changing " + m.type + "." + name + " after it is built",
                       "pass the value to nn." + m.type + "(...)");
  }
  if (IsModule(value)) {
    if (!m.inited) {
      return PyError(ErrorKind::kAttributeError,
                     "cannot assign module before Module.__init__() call", at,
                     "call super().__init__() first in __init__");
    }
    m.attrs.erase(name);
    for (auto& c : m.children) {
      if (c.first == name) {
        c.second = value;
        return std::nullopt;
      }
    }
    m.children.push_back({name, value});
    return std::nullopt;
  }
  if (value->type == VT::kTensor && value->made == 2) {
    if (!m.inited) {
      return PyError(ErrorKind::kAttributeError,
                     "cannot assign parameters before Module.__init__() call",
                     at, "call super().__init__() first in __init__");
    }
    m.attrs.erase(name);
    for (auto& p : m.params) {
      if (p.first == name) {
        p.second = value;
        return std::nullopt;
      }
    }
    m.params.push_back({name, value});
    return std::nullopt;
  }
  for (auto it = m.params.begin(); it != m.params.end(); ++it) {
    if (it->first == name) {
      return PyError(ErrorKind::kTypeError,
                     "cannot assign '" + std::string(TypeName(value)) +
                         "' as parameter '" + name +
                         "' (torch.nn.Parameter or None expected)",
                     at);
    }
  }
  for (auto it = m.children.begin(); it != m.children.end(); ++it) {
    if (it->first == name) {
      if (value->type == VT::kNone) {
        it->second = value;  // PyTorch keeps the slot, set to None
        return std::nullopt;
      }
      return PyError(ErrorKind::kTypeError,
                     "cannot assign '" + std::string(TypeName(value)) +
                         "' as child module '" + name +
                         "' (torch.nn.Module or None expected)",
                     at);
    }
  }
  m.attrs[name] = value;
  return std::nullopt;
}

std::optional<Error> Interp::GetAttr(const Ref& obj, const std::string& name,
                                     const Site& at, Ref* out) {
  switch (obj->type) {
    case VT::kNamespace:
      return NamespaceAttr(obj, name, at, out);
    case VT::kTensor:
      return TensorAttr(obj, name, at, out);
    case VT::kObject: {
      auto it = obj->attrs.find(name);
      if (it != obj->attrs.end()) {
        *out = it->second;
        return std::nullopt;
      }
      auto c = obj->cls->attrs.find(name);
      if (c != obj->cls->attrs.end()) {
        if (c->second->type == VT::kFunction) {
          auto bound = std::make_shared<Obj>(*c->second);
          bound->self = obj;
          *out = bound;
        } else {
          *out = c->second;
        }
        return std::nullopt;
      }
      return PyError(
          ErrorKind::kAttributeError,
          "'" + obj->cls->name + "' object has no attribute '" + name + "'",
          at);
    }
    case VT::kClass: {
      std::vector<std::shared_ptr<ClassInfo>> todo = {obj->cls};
      while (!todo.empty()) {
        auto c = todo.front();
        todo.erase(todo.begin());
        auto it = c->attrs.find(name);
        if (it != c->attrs.end()) {
          *out = it->second;
          return std::nullopt;
        }
        for (const Ref& b : c->bases) {
          if (b->type == VT::kClass) todo.push_back(b->cls);
        }
      }
      return PyError(ErrorKind::kAttributeError,
                     "type object '" + obj->cls->name + "' has no attribute '" +
                         name + "'",
                     at);
    }
    case VT::kDict: {
      if (name == "items" || name == "keys" || name == "values" ||
          name == "get") {
        *out = Builtin(
            name,
            [name](Interp& in, const Args& a, const Site& s,
                   Ref* r) -> std::optional<Error> {
              const Ref& d = a.positional[0];
              if (name == "get") {
                for (size_t k = 0; k < d->items.size(); ++k) {
                  bool eq = false;
                  if (auto err = in.Compare("==", d->items[k], a.positional[1],
                                            s, &eq)) {
                    return err;
                  }
                  if (eq) {
                    *r = d->values[k];
                    return std::nullopt;
                  }
                }
                *r = a.positional.size() > 2 ? a.positional[2] : None();
                return std::nullopt;
              }
              std::vector<Ref> items;
              for (size_t k = 0; k < d->items.size(); ++k) {
                items.push_back(name == "keys" ? d->items[k]
                                : name == "values"
                                    ? d->values[k]
                                    : Tuple({d->items[k], d->values[k]}));
              }
              *r = List(std::move(items));
              return std::nullopt;
            },
            obj);
        return std::nullopt;
      }
      break;
    }
    case VT::kList: {
      if (name == "append" || name == "extend" || name == "insert") {
        *out = Builtin(
            name,
            [name](Interp& in, const Args& a, const Site& s,
                   Ref* r) -> std::optional<Error> {
              const Ref& l = a.positional[0];
              *r = None();
              if (name == "append" && a.positional.size() == 2) {
                l->items.push_back(a.positional[1]);
              } else if (name == "extend" && a.positional.size() == 2) {
                std::vector<Ref> more;
                if (auto err = in.Iterate(a.positional[1], s, &more))
                  return err;
                l->items.insert(l->items.end(), more.begin(), more.end());
              } else if (name == "insert" && a.positional.size() == 3) {
                int64_t k = a.positional[1]->i;
                const int64_t n = static_cast<int64_t>(l->items.size());
                if (k < 0) k = std::max<int64_t>(0, k + n);
                k = std::min(k, n);
                l->items.insert(l->items.begin() + k, a.positional[2]);
              } else {
                return PyError(ErrorKind::kTypeError,
                               "list." + name +
                                   "() got the wrong number of "
                                   "arguments",
                               s);
              }
              return std::nullopt;
            },
            obj);
        return std::nullopt;
      }
      break;
    }
    case VT::kStr: {
      if (name == "format" || name == "lower" || name == "upper" ||
          name == "join") {
        *out = Builtin(
            name,
            [](Interp&, const Args& a, const Site&, Ref* r) {
              *r = a.positional[0];
              return std::optional<Error>();
            },
            obj);
        return std::nullopt;
      }
      break;
    }
    case VT::kOpaque: {
      auto it = obj->attrs.find(name);
      if (it != obj->attrs.end()) {
        *out = it->second;
        return std::nullopt;
      }
      if (obj->s == "output") {
        // net(x).shape and friends at top level: nothing to model.
        *out = obj;
        return std::nullopt;
      }
      break;
    }
    case VT::kModule:
      break;
    default:
      break;
  }
  if (obj->type != VT::kModule) {
    return PyError(ErrorKind::kAttributeError,
                   std::string("'") + TypeName(obj) +
                       "' object has no attribute '" + name + "'",
                   at);
  }
  ModuleObj& m = *obj->mod;
  for (auto& c : m.children) {
    if (c.first == name) {
      *out = c.second;
      return std::nullopt;
    }
  }
  for (auto& p : m.params) {
    if (p.first == name) {
      *out = p.second;
      return std::nullopt;
    }
  }
  for (auto& b : m.buffers) {
    if (std::get<0>(b) == name) {
      *out = std::get<1>(b);
      return std::nullopt;
    }
  }
  if (name == "_modules") {
    // Module._modules: the ordered dict of children, written through.
    auto d = std::make_shared<Obj>();
    d->type = VT::kOpaque;
    d->s = "_modules";
    d->self = obj;
    for (const char* method : {"values", "items", "keys"}) {
      const std::string mname = method;
      d->attrs[mname] = Builtin(
          mname, [mname, obj](Interp&, const Args&, const Site&, Ref* r) {
            std::vector<Ref> items;
            for (auto& c : obj->mod->children) {
              items.push_back(mname == "keys" ? Str(c.first)
                              : mname == "values"
                                  ? c.second
                                  : Tuple({Str(c.first), c.second}));
            }
            *r = List(std::move(items));
            return std::optional<Error>();
          });
    }
    *out = d;
    return std::nullopt;
  }
  auto it = m.attrs.find(name);
  if (it != m.attrs.end()) {
    *out = it->second;
    return std::nullopt;
  }
  if (m.cls) {
    std::vector<std::shared_ptr<ClassInfo>> todo = {m.cls};
    while (!todo.empty()) {
      auto c = todo.front();
      todo.erase(todo.begin());
      auto a = c->attrs.find(name);
      if (a != c->attrs.end()) {
        if (a->second->type == VT::kFunction &&
            !a->second->attrs.count("__staticmethod__")) {
          auto bound = std::make_shared<Obj>(*a->second);
          bound->self = obj;
          if (a->second->attrs.count("__property__")) {
            return Call(bound, {}, at, out);
          }
          *out = bound;
        } else {
          *out = a->second;
        }
        return std::nullopt;
      }
      for (const Ref& b : c->bases) {
        if (b->type == VT::kClass) todo.push_back(b->cls);
      }
    }
  }
  if (m.kind == ModuleObj::kLayer) {
    for (const ParamSpec& p : SignatureOf(m.spec.kind)) {
      if (name == p.name) {
        *out = FromValue(m.spec.Arg(name));
        return std::nullopt;
      }
    }
    for (const TensorSpec& t : m.tensors) {
      if (t.name == name) {
        auto p = Opaque("Parameter");
        std::vector<Ref> dims;
        for (int64_t d : t.shape) dims.push_back(Int(d));
        p->attrs["shape"] = Tuple(dims);
        *out = p;
        return std::nullopt;
      }
    }
  }
  // nn.Module's own methods.
  auto self_method = [&](const char* n) {
    *out = Builtin(
        n,
        [](Interp&, const Args& a, const Site&, Ref* r) {
          *r = a.positional[0];
          return std::optional<Error>();
        },
        obj);
  };
  for (const char* n : {"to", "cuda", "cpu", "eval", "float", "double", "half",
                        "requires_grad_", "zero_grad", "share_memory"}) {
    if (name == n) {
      self_method(n);
      return std::nullopt;
    }
  }
  if (name == "train") {
    *out = Builtin(
        "train",
        [](Interp&, const Args& a, const Site& s,
           Ref* r) -> std::optional<Error> {
          if (a.positional.size() > 1 && Truthy(a.positional[1])) {
            (void)s;
          }
          *r = a.positional[0];
          return std::nullopt;
        },
        obj);
    return std::nullopt;
  }
  if (name == "training") {
    *out = Bool(false);  // ConvPlay runs models in eval mode
    return std::nullopt;
  }
  if (name == "apply") {
    *out = Builtin(
        "apply",
        [](Interp& in, const Args& a, const Site& s,
           Ref* r) -> std::optional<Error> {
          in.warnings.push_back(
              {-1, "line " + std::to_string(s.line) +
                       ": model.apply(...) is not run: ConvPlay's weights are "
                       "PyTorch's default initialisation"});
          *r = a.positional[0];
          return std::nullopt;
        },
        obj);
    return std::nullopt;
  }
  if (name == "forward") {
    *out = Builtin(
        "forward",
        [](Interp& in, const Args& a, const Site& s, Ref* r) {
          Args rest = a;
          rest.positional.erase(rest.positional.begin());
          return in.CallModule(a.positional[0], rest, s, r);
        },
        obj);
    return std::nullopt;
  }
  if (name == "add_module" || name == "register_module") {
    *out = Builtin(
        name,
        [](Interp& in, const Args& a, const Site& s,
           Ref* r) -> std::optional<Error> {
          if (a.positional.size() != 3 || a.positional[1]->type != VT::kStr) {
            return PyError(ErrorKind::kTypeError,
                           "add_module() takes a name and a module", s);
          }
          *r = None();
          return in.SetAttr(a.positional[0], a.positional[1]->s,
                            a.positional[2], s);
        },
        obj);
    return std::nullopt;
  }
  if ((m.kind == ModuleObj::kModuleList || m.kind == ModuleObj::kSequential) &&
      (name == "append" || name == "extend" || name == "insert")) {
    *out = Builtin(
        name,
        [name](Interp& in, const Args& a, const Site& s,
               Ref* r) -> std::optional<Error> {
          ModuleObj& mm = *a.positional[0]->mod;
          std::vector<Ref> more;
          if (name == "extend") {
            if (a.positional.size() != 2) {
              return PyError(ErrorKind::kTypeError, "extend() takes 1 argument",
                             s);
            }
            if (auto err = in.Iterate(a.positional[1], s, &more)) return err;
          } else if (name == "append" && a.positional.size() == 2) {
            more = {a.positional[1]};
          } else {
            return NotModelled(s, mm.type + "." + name + "()");
          }
          for (const Ref& v : more) {
            if (!IsModule(v)) {
              return PyError(ErrorKind::kTypeError,
                             mm.type + "." + name +
                                 " should be called with "
                                 "modules, not " +
                                 TypeName(v),
                             s);
            }
            mm.children.push_back({std::to_string(mm.children.size()), v});
          }
          *r = a.positional[0];
          return std::nullopt;
        },
        obj);
    return std::nullopt;
  }
  if (m.kind == ModuleObj::kModuleDict &&
      (name == "items" || name == "keys" || name == "values")) {
    *out = Builtin(
        name,
        [name](Interp&, const Args& a, const Site&, Ref* r) {
          std::vector<Ref> items;
          for (auto& c : a.positional[0]->mod->children) {
            items.push_back(name == "keys" ? Str(c.first)
                            : name == "values"
                                ? c.second
                                : Tuple({Str(c.first), c.second}));
          }
          *r = List(std::move(items));
          return std::optional<Error>();
        },
        obj);
    return std::nullopt;
  }
  if (name == "children" || name == "modules" || name == "parameters" ||
      name == "named_parameters" || name == "state_dict" ||
      name == "named_children" || name == "named_modules") {
    *out = Builtin(
        name,
        [name](Interp&, const Args& a, const Site&, Ref* r) {
          std::vector<Ref> items;
          if (name == "children" || name == "named_children") {
            for (auto& c : a.positional[0]->mod->children) {
              items.push_back(name == "children"
                                  ? c.second
                                  : Tuple({Str(c.first), c.second}));
            }
          }
          *r = List(std::move(items));
          return std::optional<Error>();
        },
        obj);
    return std::nullopt;
  }
  if (name == "register_buffer" || name == "register_parameter") {
    const bool buffer = name == "register_buffer";
    *out = Builtin(
        name,
        [buffer](Interp& in, const Args& a, const Site& s,
                 Ref* r) -> std::optional<Error> {
          Sig sig{buffer ? "register_buffer" : "register_parameter",
                  {{"self", nullptr},
                   {"name", nullptr},
                   {buffer ? "tensor" : "param", nullptr},
                   {"persistent", Bool(true)}}};
          std::vector<Ref> b;
          if (auto err = Bind(sig, a, s, &b)) return err;
          *r = None();
          if (b[1]->type != VT::kStr) {
            return PyError(ErrorKind::kTypeError,
                           "buffer name should be a string. Got " +
                               std::string(TypeName(b[1])),
                           s);
          }
          ModuleObj& mm = *b[0]->mod;
          if (!buffer) return in.SetAttr(b[0], b[1]->s, b[2], s);
          if (!mm.inited) {
            return PyError(ErrorKind::kAttributeError,
                           "cannot assign buffer before Module.__init__() call",
                           s);
          }
          if (b[2]->type == VT::kNone) return std::nullopt;
          if (b[2]->type != VT::kTensor || b[2]->node != -2 ||
              (b[2]->made != 1 && b[2]->made != 3)) {
            return NotModelled(s,
                               "a buffer that is not made with torch.zeros, "
                               "torch.ones, torch.full or torch.randn");
          }
          auto t = std::make_shared<Obj>(*b[2]);
          const bool persistent = Truthy(b[3]);
          t->random = b[2]->made == 3;
          if (persistent) t->made = 2;  // in the state_dict: read from weights
          mm.buffers.push_back({b[1]->s, t, persistent});
          return std::nullopt;
        },
        obj);
    return std::nullopt;
  }
  return PyError(ErrorKind::kAttributeError,
                 "'" + m.type + "' object has no attribute '" + name + "'", at);
}

// ---- torch, nn, F
// ---------------------------------------------------------------

namespace {

// F.<fn>(input, ...) as a layer: the functional signature, then the layer.
struct Functional {
  const char* name;
  LayerKind kind;
  std::vector<std::pair<std::string, Ref>> params;  // after `input`
  std::vector<std::string> layer_args;  // which params pass to the layer
};

const std::vector<Functional>& Functionals() {
  using I = Interp;
  static const std::vector<Functional> table = [] {
    std::vector<Functional> t;
    auto none = I::None();
    t.push_back({"relu", LayerKind::kReLU, {{"inplace", I::Bool(false)}}, {}});
    t.push_back({"relu_", LayerKind::kReLU, {}, {}});
    t.push_back(
        {"leaky_relu",
         LayerKind::kLeakyReLU,
         {{"negative_slope", I::Float(0.01)}, {"inplace", I::Bool(false)}},
         {"negative_slope"}});
    t.push_back({"elu",
                 LayerKind::kELU,
                 {{"alpha", I::Float(1.0)}, {"inplace", I::Bool(false)}},
                 {"alpha"}});
    t.push_back({"gelu",
                 LayerKind::kGELU,
                 {{"approximate", I::Str("none")}},
                 {"approximate"}});
    t.push_back({"sigmoid", LayerKind::kSigmoid, {}, {}});
    t.push_back({"tanh", LayerKind::kTanh, {}, {}});
    t.push_back({"softmax",
                 LayerKind::kSoftmax,
                 {{"dim", none}, {"_stacklevel", I::Int(3)}, {"dtype", none}},
                 {"dim"}});
    t.push_back({"log_softmax",
                 LayerKind::kLogSoftmax,
                 {{"dim", none}, {"_stacklevel", I::Int(3)}, {"dtype", none}},
                 {"dim"}});
    const LayerKind maxk[] = {LayerKind::kMaxPool1d, LayerKind::kMaxPool2d,
                              LayerKind::kMaxPool3d};
    const LayerKind avgk[] = {LayerKind::kAvgPool1d, LayerKind::kAvgPool2d,
                              LayerKind::kAvgPool3d};
    const LayerKind aak[] = {LayerKind::kAdaptiveAvgPool1d,
                             LayerKind::kAdaptiveAvgPool2d,
                             LayerKind::kAdaptiveAvgPool3d};
    const LayerKind amk[] = {LayerKind::kAdaptiveMaxPool1d,
                             LayerKind::kAdaptiveMaxPool2d,
                             LayerKind::kAdaptiveMaxPool3d};
    static const char* const kMax[] = {"max_pool1d", "max_pool2d",
                                       "max_pool3d"};
    static const char* const kAvg[] = {"avg_pool1d", "avg_pool2d",
                                       "avg_pool3d"};
    static const char* const kAA[] = {
        "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d"};
    static const char* const kAM[] = {
        "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d"};
    for (int d = 0; d < 3; ++d) {
      t.push_back({kMax[d],
                   maxk[d],
                   {{"kernel_size", nullptr},
                    {"stride", none},
                    {"padding", I::Int(0)},
                    {"dilation", I::Int(1)},
                    {"ceil_mode", I::Bool(false)},
                    {"return_indices", I::Bool(false)}},
                   {"kernel_size", "stride", "padding", "dilation", "ceil_mode",
                    "return_indices"}});
      std::vector<std::pair<std::string, Ref>> avg = {
          {"kernel_size", nullptr},
          {"stride", none},
          {"padding", I::Int(0)},
          {"ceil_mode", I::Bool(false)},
          {"count_include_pad", I::Bool(true)}};
      std::vector<std::string> avg_args = {"kernel_size", "stride", "padding",
                                           "ceil_mode", "count_include_pad"};
      if (d > 0) {
        avg.push_back({"divisor_override", none});
        avg_args.push_back("divisor_override");
      }
      t.push_back({kAvg[d], avgk[d], avg, avg_args});
      t.push_back(
          {kAA[d], aak[d], {{"output_size", nullptr}}, {"output_size"}});
      t.push_back(
          {kAM[d],
           amk[d],
           {{"output_size", nullptr}, {"return_indices", I::Bool(false)}},
           {"output_size", "return_indices"}});
    }
    t.push_back({"interpolate",
                 LayerKind::kUpsample,
                 {{"size", none},
                  {"scale_factor", none},
                  {"mode", I::Str("nearest")},
                  {"align_corners", none},
                  {"recompute_scale_factor", none},
                  {"antialias", I::Bool(false)}},
                 {"size", "scale_factor", "mode", "align_corners"}});
    t.push_back({"upsample",
                 LayerKind::kUpsample,
                 {{"size", none},
                  {"scale_factor", none},
                  {"mode", I::Str("nearest")},
                  {"align_corners", none}},
                 {"size", "scale_factor", "mode", "align_corners"}});
    t.push_back({"dropout",
                 LayerKind::kDropout,
                 {{"p", I::Float(0.5)},
                  {"training", I::Bool(true)},
                  {"inplace", I::Bool(false)}},
                 {"p"}});
    t.push_back({"dropout2d",
                 LayerKind::kDropout2d,
                 {{"p", I::Float(0.5)},
                  {"training", I::Bool(true)},
                  {"inplace", I::Bool(false)}},
                 {"p"}});
    t.push_back({"pixel_shuffle",
                 LayerKind::kPixelShuffle,
                 {{"upscale_factor", nullptr}},
                 {"upscale_factor"}});
    t.push_back({"pixel_unshuffle",
                 LayerKind::kPixelUnshuffle,
                 {{"downscale_factor", nullptr}},
                 {"downscale_factor"}});
    return t;
  }();
  return table;
}

const Functional* FindFunctional(const std::string& name) {
  for (const Functional& f : Functionals()) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

}  // namespace

namespace {
std::optional<Error> CallFunctional(Interp& in, const Functional& f,
                                    const std::string& prefix, const Args& args,
                                    const Site& at, Ref* out) {
  Sig sig;
  sig.name = f.name;
  sig.params.push_back({"input", nullptr});
  for (const auto& p : f.params) sig.params.push_back(p);
  std::vector<Ref> bound;
  if (auto err = Bind(sig, args, at, &bound)) return err;
  if (auto err = NeedTensor(bound[0], f.name, at)) return err;
  if ((f.kind == LayerKind::kDropout || f.kind == LayerKind::kDropout2d) &&
      Interp::Truthy(bound[2])) {
    in.warnings.push_back(
        {static_cast<int>(in.nodes.size()),
         prefix + f.name +
             "(...) drops values even in eval mode unless you pass "
             "training=self.training; ConvPlay shows it as the identity "
             "(eval mode)"});
  }
  Args layer_args;
  for (const std::string& name : f.layer_args) {
    for (size_t k = 0; k < f.params.size(); ++k) {
      if (f.params[k].first == name) {
        if (name == "stride" && bound[k + 1]->type == VT::kNone) continue;
        layer_args.keywords.push_back({name, bound[k + 1]});
      }
    }
  }

  std::vector<std::pair<std::string, Value>> keywords;
  for (const auto& [k, v] : layer_args.keywords) {
    Value x;
    if (auto err = in.ToValue(v, at, &x)) return err;
    keywords.push_back({k, std::move(x)});
  }
  LayerSpec spec;
  if (auto err = BindArguments(f.kind, {}, keywords, &spec)) {
    err->line = at.line;
    err->column = at.column;
    return err;
  }
  Constructed built;
  if (auto err = ConstructLayer(spec, &built)) {
    err->line = at.line;
    err->column = at.column;
    return err;
  }
  return in.AddLayerNode(spec, bound[0], nullptr, true, at, out);
}
}  // namespace

std::optional<Error> Interp::NamespaceAttr(const Ref& ns,
                                           const std::string& name,
                                           const Site& at, Ref* out) {
  const std::string& n = ns->s;
  if (ns->attrs.count("__foreign__")) {
    // os, numpy, torchvision, …: a name read from them is only refused when
    // it is called, at that line.
    const std::string full = n + "." + name;
    *out = Builtin(full, [full](Interp&, const Args&, const Site& s, Ref*) {
      return std::optional<Error>(
          NotModelled(s, full + "(...): ConvPlay runs model code with torch, "
                                "torch.nn, torch.nn.functional, math and "
                                "collections"));
    });
    (*out)->attrs["__foreign__"] = Bool(true);
    return std::nullopt;
  }
  auto missing = [&]() {
    std::string hint;
    if (n == "torch.functional" && FindFunctional(name)) {
      hint = "torch.nn.functional has it: import torch.nn.functional as F";
    }
    if (n == "torch.nn") {
      const std::string s = SuggestLayerName(name);
      if (!s.empty()) hint = "did you mean nn." + s + "?";
    }
    return PyError(ErrorKind::kAttributeError,
                   "module '" + n + "' has no attribute '" + name + "'", at,
                   hint);
  };
  if (n == "torch.nn.modules") {
    *out = Ns("torch.nn");
    return std::nullopt;
  }
  if (n == "typing") {
    *out = Opaque("typing");
    return std::nullopt;
  }
  if (n == "collections") {
    if (name == "OrderedDict") return Lookup("dict", globals.get(), at, out);
    return missing();
  }
  if (n == "math") {
    static const double kPi = 3.14159265358979323846;
    if (name == "pi" || name == "e" || name == "inf") {
      *out = Float(name == "pi" ? kPi : name == "e" ? std::exp(1.0) : INFINITY);
      return std::nullopt;
    }
    if (name == "sqrt" || name == "floor" || name == "ceil" || name == "log" ||
        name == "log2" || name == "exp" || name == "prod" || name == "pow") {
      *out = Builtin(
          "math." + name,
          [name](Interp& in, const Args& a, const Site& s,
                 Ref* r) -> std::optional<Error> {
            if (name == "prod") {
              std::vector<Ref> items;
              if (a.positional.size() != 1) {
                return PyError(ErrorKind::kTypeError,
                               "prod() takes exactly 1 positional argument", s);
              }
              if (auto err = in.Iterate(a.positional[0], s, &items)) return err;
              Ref acc = Int(1);
              for (const Ref& v : items) {
                if (auto err = in.Binary("*", acc, v, s, &acc)) return err;
              }
              *r = acc;
              return std::nullopt;
            }
            if (a.positional.empty()) {
              return PyError(ErrorKind::kTypeError,
                             name + "() takes an argument", s);
            }
            const Ref& v = a.positional[0];
            if (v->type != VT::kInt && v->type != VT::kBool &&
                v->type != VT::kFloat) {
              return PyError(
                  ErrorKind::kTypeError,
                  "must be real number, not " + std::string(TypeName(v)), s);
            }
            const double x =
                v->type == VT::kFloat ? v->f : static_cast<double>(v->i);
            if (name == "floor" || name == "ceil") {
              if (v->type != VT::kFloat) {
                *r = Int(v->i);
              } else {
                *r = Int(static_cast<int64_t>(name == "floor" ? std::floor(x)
                                                              : std::ceil(x)));
              }
              return std::nullopt;
            }
            if (name == "pow") {
              const Ref& w = a.positional.size() > 1 ? a.positional[1] : Int(1);
              const double y =
                  w->type == VT::kFloat ? w->f : static_cast<double>(w->i);
              *r = Float(std::pow(x, y));
              return std::nullopt;
            }
            if ((name == "sqrt" && x < 0) ||
                ((name == "log" || name == "log2") && x <= 0)) {
              return PyError(ErrorKind::kValueError, "math domain error", s);
            }
            *r = Float(
                name == "sqrt" ? std::sqrt(x)
                : name == "log"
                    ? (a.positional.size() > 1
                           ? std::log(x) /
                                 std::log(a.positional[1]->type == VT::kFloat
                                              ? a.positional[1]->f
                                              : static_cast<double>(
                                                    a.positional[1]->i))
                           : std::log(x))
                : name == "log2" ? std::log2(x)
                                 : std::exp(x));
            return std::nullopt;
          });
      return std::nullopt;
    }
    return missing();
  }
  if (n == "torch.nn.init") {
    *out = Builtin("nn.init." + name, [name](Interp& in, const Args& a,
                                             const Site& s, Ref* r) {
      in.warnings.push_back(
          {-1, "line " + std::to_string(s.line) + ": nn.init." + name +
                   " is not applied: ConvPlay draws PyTorch's default "
                   "initialisation"});
      *r = a.positional.empty() ? None() : a.positional[0];
      return std::optional<Error>();
    });
    return std::nullopt;
  }
  if (n == "torch.optim") {
    *out = Builtin("torch.optim." + name,
                   [](Interp&, const Args&, const Site&, Ref* r) {
                     *r = Opaque("optimizer");
                     return std::optional<Error>();
                   });
    return std::nullopt;
  }
  if (n == "torch.functional") {
    // The real torch.functional holds tensor utilities, not layers.
    static const char* const kHas[] = {"broadcast_tensors",
                                       "einsum",
                                       "norm",
                                       "split",
                                       "stft",
                                       "unique",
                                       "meshgrid",
                                       "tensordot",
                                       "cdist",
                                       "atleast_1d"};
    for (const char* h : kHas) {
      if (name == h) return NotModelled(at, "torch.functional." + name);
    }
    return missing();
  }
  if (n == "torch.nn") {
    if (name == "functional") {
      *out = Ns("torch.nn.functional");
      return std::nullopt;
    }
    if (name == "init") {
      *out = Ns("torch.nn.init");
      return std::nullopt;
    }
    if (name == "Module") {
      *out = Builtin("Module", [](Interp&, const Args&, const Site& s, Ref*) {
        return std::optional<Error>(NotModelled(
            s, "nn.Module() on its own", "derive a class from nn.Module"));
      });
      return std::nullopt;
    }
    if (name == "Sequential" || name == "ModuleList" || name == "ModuleDict" ||
        name == "Identity") {
      *out = Builtin(name,
                     [name](Interp& in, const Args& a, const Site& s, Ref* r) {
                       return Container(in, name, a, s, r);
                     });
      return std::nullopt;
    }
    if (name == "Parameter") {
      *out =
          Builtin(name,
                  [](Interp&, const Args& a, const Site& s,
                     Ref* r) -> std::optional<Error> {
                    Sig sig{"Parameter",
                            {{"data", None()}, {"requires_grad", Bool(true)}}};
                    std::vector<Ref> b;
                    if (auto err = Bind(sig, a, s, &b)) return err;
                    const Ref& data = b[0];
                    if (data->type != VT::kTensor || data->node != -2 ||
                        (data->made != 1 && data->made != 3)) {
                      return NotModelled(
                          s,
                          "an nn.Parameter that is not made from torch.zeros, "
                          "torch.ones, torch.full, torch.randn or torch.rand",
                          "write nn.Parameter(torch.ones(shape)) or similar");
                    }
                    auto p = std::make_shared<Obj>(*data);
                    p->made = 2;
                    p->random = data->made == 3;
                    p->s.clear();
                    *r = p;
                    return std::nullopt;
                  });
      return std::nullopt;
    }
    if (const auto kind = LayerKindFromName(name)) {
      const LayerKind k = *kind;
      *out = Builtin(name, [k](Interp& in, const Args& a, const Site& s,
                               Ref* r) { return in.MakeLayer(k, a, s, r); });
      return std::nullopt;
    }
    if (IsUnsupportedTorchLayer(name)) {
      return PyError(ErrorKind::kNotImplementedError,
                     "nn." + name +
                         " is a real PyTorch layer, but ConvPlay does not "
                         "support it",
                     at,
                     "ConvPlay models convolution, pooling, activation, "
                     "normalisation, dropout, flatten, linear, padding and "
                     "upsampling layers");
    }
    return missing();
  }
  if (n == "torch.nn.functional") {
    if (const Functional* f = FindFunctional(name)) {
      *out = Builtin("F." + name,
                     [f](Interp& in, const Args& a, const Site& s, Ref* r) {
                       return CallFunctional(in, *f, "F.", a, s, r);
                     });
      return std::nullopt;
    }
    if (name == "pad") {
      *out = Builtin(
          "F.pad",
          [](Interp& in, const Args& a, const Site& s,
             Ref* r) -> std::optional<Error> {
            Sig sig{"pad",
                    {{"input", nullptr},
                     {"pad", nullptr},
                     {"mode", Str("constant")},
                     {"value", None()}}};
            std::vector<Ref> b;
            if (auto err = Bind(sig, a, s, &b)) return err;
            if (auto err = NeedTensor(b[0], "pad", s)) return err;
            std::vector<int64_t> pad;
            if (auto err = IntList({b[1]}, "pad", s, &pad)) return err;
            const std::string mode = b[2]->type == VT::kStr ? b[2]->s : "";
            const bool zero_value =
                b[3]->type == VT::kNone ||
                ((b[3]->type == VT::kInt || b[3]->type == VT::kBool) &&
                 b[3]->i == 0) ||
                (b[3]->type == VT::kFloat && b[3]->f == 0);
            if (pad.size() != 4 || b[0]->shape.size() < 3 ||
                b[0]->shape.size() > 4 || (mode == "constant" && !zero_value) ||
                (mode != "constant" && mode != "reflect" &&
                 mode != "replicate")) {
              return NotModelled(s,
                                 "this F.pad: ConvPlay models 4-value pads "
                                 "on 3-D/4-D inputs with mode 'constant' "
                                 "(value 0), 'reflect' or 'replicate'");
            }
            LayerSpec spec;
            spec.kind = mode == "constant"  ? LayerKind::kZeroPad2d
                        : mode == "reflect" ? LayerKind::kReflectionPad2d
                                            : LayerKind::kReplicationPad2d;
            spec.args = {{"padding", Value::IntTuple(pad)}};
            return in.AddLayerNode(spec, b[0], nullptr, true, s, r);
          });
      return std::nullopt;
    }
    static const char* const kReal[] = {"conv1d",
                                        "conv2d",
                                        "conv3d",
                                        "conv_transpose1d",
                                        "conv_transpose2d",
                                        "linear",
                                        "batch_norm",
                                        "layer_norm",
                                        "instance_norm",
                                        "group_norm",
                                        "embedding",
                                        "cross_entropy",
                                        "nll_loss",
                                        "mse_loss",
                                        "hardtanh",
                                        "relu6",
                                        "silu",
                                        "mish",
                                        "softplus",
                                        "normalize",
                                        "unfold",
                                        "fold",
                                        "grid_sample",
                                        "affine_grid",
                                        "one_hot",
                                        "local_response_norm",
                                        "dropout3d",
                                        "alpha_dropout",
                                        "selu",
                                        "celu",
                                        "prelu",
                                        "glu",
                                        "logsigmoid",
                                        "hardswish",
                                        "hardsigmoid",
                                        "softsign",
                                        "tanhshrink",
                                        "threshold",
                                        "lp_pool2d",
                                        "max_unpool2d"};
    for (const char* r : kReal) {
      if (name == r) {
        return NotModelled(at, "F." + name,
                           name.rfind("conv", 0) == 0 || name == "linear"
                               ? "use an nn module such as nn.Conv2d or "
                                 "nn.Linear, which owns its weights"
                               : "ConvPlay models the functional ops of "
                                 "common tutorials: relu, pooling, softmax, "
                                 "dropout, pad, interpolate");
      }
    }
    return missing();
  }
  if (n == "torch") {
    if (name == "nn") {
      *out = Ns("torch.nn");
      return std::nullopt;
    }
    if (name == "functional") {
      *out = Ns("torch.functional");
      return std::nullopt;
    }
    if (name == "optim") {
      *out = Ns("torch.optim");
      return std::nullopt;
    }
    if (name == "cuda" || name == "backends") {
      auto c = Ns("torch.cuda");
      c->type = VT::kOpaque;
      c->s = "torch.cuda";
      c->attrs["is_available"] = Builtin(
          "is_available", [](Interp&, const Args&, const Site&, Ref* r) {
            *r = Bool(false);
            return std::optional<Error>();
          });
      c->attrs["device_count"] = Builtin(
          "device_count", [](Interp&, const Args&, const Site&, Ref* r) {
            *r = Int(0);
            return std::optional<Error>();
          });
      *out = c;
      return std::nullopt;
    }
    if (name == "device") {
      *out = Builtin("device", [](Interp&, const Args&, const Site&, Ref* r) {
        *r = Opaque("device");
        return std::optional<Error>();
      });
      return std::nullopt;
    }
    if (name == "float32" || name == "float" || name == "float64" ||
        name == "double" || name == "long" || name == "int64") {
      *out = Opaque("dtype");
      return std::nullopt;
    }
    if (name == "manual_seed" || name == "no_grad" ||
        name == "set_grad_enabled" || name == "inference_mode") {
      *out = Builtin(name, [](Interp&, const Args&, const Site&, Ref* r) {
        *r = Opaque("context");
        return std::optional<Error>();
      });
      return std::nullopt;
    }
    if (name == "Tensor") {
      *out = Builtin("Tensor", [](Interp&, const Args&, const Site& s, Ref*) {
        return std::optional<Error>(NotModelled(s, "torch.Tensor(...)"));
      });
      return std::nullopt;
    }
    if (name == "randn" || name == "rand" || name == "zeros" ||
        name == "ones" || name == "empty" || name == "randint" ||
        name == "full") {
      *out = Builtin(
          name,
          [name](Interp& in, const Args& a, const Site& s,
                 Ref* r) -> std::optional<Error> {
            const bool constant =
                name == "zeros" || name == "ones" || name == "full";
            if (in.tracing && !constant) {
              return NotModelled(s,
                                 "torch." + name +
                                     "(...) inside forward(): its values are "
                                     "random");
            }
            std::vector<Ref> pos = a.positional;
            double fill = name == "ones" ? 1 : 0;
            if (name == "full") {
              if (pos.size() != 2) {
                return PyError(ErrorKind::kTypeError,
                               "full() missing required arguments 'size' and "
                               "'fill_value'",
                               s);
              }
              const Ref& v = pos[1];
              if (v->type != VT::kInt && v->type != VT::kBool &&
                  v->type != VT::kFloat) {
                return NotModelled(s,
                                   "torch.full with a fill_value that is not a "
                                   "number");
              }
              fill = v->type == VT::kFloat ? v->f : static_cast<double>(v->i);
              pos.pop_back();
            }
            if (name == "randint" && pos.size() >= 2) {
              pos.erase(pos.begin(), pos.end() - 1);
            }
            std::vector<int64_t> sizes;
            if (auto err = IntList(pos, name, s, &sizes)) return err;
            for (int64_t d : sizes) {
              if (d < 0) {
                return PyError(
                    ErrorKind::kRuntimeError,
                    "Trying to create tensor with negative dimension " +
                        std::to_string(d) + ": " + ListText(sizes),
                    s);
              }
            }
            auto t = std::make_shared<Obj>();
            t->type = VT::kTensor;
            t->node = -2;
            t->shape = sizes;
            t->made = constant ? 1 : 3;
            t->f = fill;
            *r = t;
            return std::nullopt;
          });
      return std::nullopt;
    }
    if (name == "is_grad_enabled") {
      // ConvPlay runs inference (PyTorch under torch.no_grad()).
      *out = Builtin(name, [](Interp&, const Args&, const Site&, Ref* r) {
        *r = Bool(false);
        return std::optional<Error>();
      });
      return std::nullopt;
    }
    if (name == "sqrt" || name == "exp" || name == "log" || name == "abs") {
      *out = Builtin(
          "torch." + name,
          [name](Interp& in, const Args& a, const Site& s,
                 Ref* r) -> std::optional<Error> {
            if (a.positional.size() != 1 || !a.keywords.empty()) {
              return PyError(ErrorKind::kTypeError,
                             name + "() takes exactly one argument (a tensor)",
                             s);
            }
            Ref method;
            if (auto err = in.TensorAttr(a.positional[0], name, s, &method)) {
              return err;
            }
            return in.Call(method, {}, s, r);
          });
      return std::nullopt;
    }
    if (const Functional* f = FindFunctional(name)) {
      if (name == "relu" || name == "sigmoid" || name == "tanh" ||
          name == "softmax" || name == "log_softmax" || name == "relu_" ||
          name == "max_pool1d" || name == "max_pool2d" ||
          name == "max_pool3d" || name == "avg_pool1d" ||
          name == "adaptive_avg_pool1d" || name == "adaptive_max_pool1d" ||
          name == "dropout" || name == "pixel_shuffle" ||
          name == "pixel_unshuffle") {
        *out = Builtin("torch." + name,
                       [f](Interp& in, const Args& a, const Site& s, Ref* r) {
                         return CallFunctional(in, *f, "torch.", a, s, r);
                       });
        return std::nullopt;
      }
    }
    static const char* const kTensorFns[] = {
        "flatten", "cat",       "concat",  "add",     "sub",
        "mul",     "div",       "mean",    "squeeze", "unsqueeze",
        "reshape", "transpose", "permute", "sum"};
    for (const char* f : kTensorFns) {
      if (name == f) {
        *out = Builtin(
            "torch." + name,
            [name](Interp& in, const Args& a, const Site& s,
                   Ref* r) -> std::optional<Error> {
              if (name == "cat" || name == "concat") {
                Sig sig{"cat", {{"tensors", nullptr}, {"dim", Int(0)}}};
                std::vector<Ref> b;
                if (auto err = Bind(sig, a, s, &b)) return err;
                if (b[0]->type != VT::kTuple && b[0]->type != VT::kList) {
                  return PyError(
                      ErrorKind::kTypeError,
                      "cat() received an invalid combination of "
                      "arguments - got (" +
                          std::string(TypeName(b[0])) +
                          "), but expected (tuple of Tensors tensors, "
                          "int dim)",
                      s);
                }
                const std::vector<Ref>& ts = b[0]->items;
                if (ts.empty()) {
                  return PyError(ErrorKind::kRuntimeError,
                                 "torch.cat(): expected a non-empty list of "
                                 "Tensors",
                                 s);
                }
                for (const Ref& t : ts) {
                  if (auto err = NeedTensor(t, "cat", s)) return err;
                }
                int64_t dim = 0;
                if (auto err = IntOf(b[1], "cat(): argument 'dim'", s, &dim)) {
                  return err;
                }
                const Shape& first = ts[0]->shape;
                const int64_t rank = static_cast<int64_t>(first.size());
                int64_t d = 0;
                if (auto err = WrapDim(dim, rank, &d)) {
                  err->line = s.line;
                  err->column = s.column;
                  return err;
                }
                Shape out = first;
                for (size_t k = 1; k < ts.size(); ++k) {
                  const Shape& sh = ts[k]->shape;
                  if (sh.size() != first.size()) {
                    return PyError(
                        ErrorKind::kRuntimeError,
                        "Tensors must have same number of dimensions: "
                        "got " +
                            std::to_string(first.size()) + " and " +
                            std::to_string(sh.size()),
                        s);
                  }
                  for (int64_t j = 0; j < rank; ++j) {
                    if (j != d && sh[j] != first[j]) {
                      return PyError(
                          ErrorKind::kRuntimeError,
                          "Sizes of tensors must match except in dimension " +
                              std::to_string(d) + ". Expected size " +
                              std::to_string(first[j]) + " but got size " +
                              std::to_string(sh[j]) + " for tensor number " +
                              std::to_string(k) + " in the list.",
                          s,
                          "every tensor in torch.cat needs the same sizes "
                          "except "
                          "along dim " +
                              std::to_string(d));
                    }
                  }
                  out[d] += sh[d];
                }
                GraphNode node;
                node.op = GraphOp::kCat;
                node.dims = {d};
                return in.AddNode(node, out, ts, s, r, s.text);
              }
              if (a.positional.empty()) {
                return PyError(ErrorKind::kTypeError,
                               name +
                                   "() missing required argument 'input' "
                                   "(pos 1)",
                               s);
              }
              const Ref& self = a.positional[0];
              if (auto err = NeedTensor(self, name, s)) return err;
              if (name == "add" || name == "sub" || name == "mul" ||
                  name == "div") {
                if (a.positional.size() < 2) {
                  return PyError(ErrorKind::kTypeError,
                                 name +
                                     "() missing required argument 'other' "
                                     "(pos 2)",
                                 s);
                }
                const std::string op = name == "add"   ? "+"
                                       : name == "sub" ? "-"
                                       : name == "mul" ? "*"
                                                       : "/";
                return in.TensorBinary(op, self, a.positional[1], s, r);
              }
              Ref method;
              if (auto err = in.TensorAttr(self, name, s, &method)) return err;
              Args rest = a;
              rest.positional.erase(rest.positional.begin());
              return in.Call(method, rest, s, r);
            });
        return std::nullopt;
      }
    }
    return missing();
  }
  return missing();
}

// ---- tensors
// ------------------------------------------------------------------

std::optional<Error> Interp::TensorBinary(const std::string& op, const Ref& a,
                                          const Ref& b, const Site& at,
                                          Ref* out) {
  const GraphOp kind = op == "+"   ? GraphOp::kAdd
                       : op == "-" ? GraphOp::kSub
                       : op == "*" ? GraphOp::kMul
                       : op == "/" ? GraphOp::kDiv
                                   : GraphOp::kLayer;
  if (kind == GraphOp::kLayer) {
    return NotModelled(at, "the tensor operator " + op);
  }
  auto number = [](const Ref& v) {
    return v->type == VT::kInt || v->type == VT::kBool || v->type == VT::kFloat;
  };
  if (IsTensor(a) && IsTensor(b)) {
    if (auto err = NeedTensor(a, op, at)) return err;
    if (auto err = NeedTensor(b, op, at)) return err;
    const Shape& x = a->shape;
    const Shape& y = b->shape;
    const size_t n = std::max(x.size(), y.size());
    Shape result(n);
    for (size_t k = n; k-- > 0;) {
      const int64_t dx = k < n - x.size() ? 1 : x[k - (n - x.size())];
      const int64_t dy = k < n - y.size() ? 1 : y[k - (n - y.size())];
      if (dx != dy && dx != 1 && dy != 1) {
        return PyError(ErrorKind::kRuntimeError,
                       "The size of tensor a (" + std::to_string(dx) +
                           ") must match the size of tensor b (" +
                           std::to_string(dy) +
                           ") at non-singleton dimension " + std::to_string(k),
                       at,
                       "both sides of " + op +
                           " need the same shape (or 1) "
                           "in every dimension: " +
                           TorchSizeText(x) + " vs " + TorchSizeText(y));
      }
      result[k] = dx == 1 ? dy : dx;
    }
    GraphNode node;
    node.op = kind;
    return AddNode(node, result, {a, b}, at, out, at.text);
  }
  const Ref& t = IsTensor(a) ? a : b;
  const Ref& other = IsTensor(a) ? b : a;
  if (auto err = NeedTensor(t, op, at)) return err;
  if (!number(other)) {
    return PyError(ErrorKind::kTypeError,
                   "unsupported operand type(s) for " + op + ": '" +
                       TypeName(a) + "' and '" + TypeName(b) + "'",
                   at);
  }
  GraphNode node;
  node.op = kind;
  node.has_scalar = true;
  node.scalar =
      other->type == VT::kFloat ? other->f : static_cast<double>(other->i);
  node.scalar_first = !IsTensor(a);
  return AddNode(node, t->shape, {t}, at, out, at.text);
}

std::optional<Error> Interp::TensorIndex(const Ref& t, const Ref& index,
                                         const Site& at, Ref* out) {
  (void)t;
  (void)index;
  (void)out;
  return NotModelled(at, "indexing a tensor (x[...])",
                     "use view, flatten or a pooling layer instead");
}

namespace {
std::optional<Error> ViewLike(Interp& in, const Ref& t, Shape target,
                              const std::string& fn, bool reshape,
                              const Site& at, Ref* out) {
  const int64_t numel = Numel(t->shape);
  int64_t infer = -1;
  int64_t known = 1;
  for (size_t k = 0; k < target.size(); ++k) {
    if (target[k] == -1) {
      if (infer >= 0) {
        return PyError(ErrorKind::kRuntimeError,
                       "only one dimension can be inferred", at);
      }
      infer = static_cast<int64_t>(k);
    } else if (target[k] < 0) {
      return PyError(ErrorKind::kRuntimeError,
                     "invalid shape dimension " + std::to_string(target[k]),
                     at);
    } else {
      known = SaturatingMul(known, target[k]);
    }
  }
  const bool ok =
      infer >= 0 ? (known != 0 && numel % known == 0) : known == numel;
  if (!ok || (infer >= 0 && known == 0)) {
    std::string hint;
    if (infer >= 0 && known != 0) {
      hint = "the input has " + std::to_string(numel) +
             " values; the sizes "
             "you give must divide it";
    } else if (infer < 0) {
      hint = "the input has " + std::to_string(numel) +
             " values: the sizes "
             "must multiply to " +
             std::to_string(numel);
    }
    if (t->shape.size() >= 2) {
      const int64_t per = numel / std::max<int64_t>(t->shape[0], 1);
      hint += (hint.empty() ? "" : "; ") + std::string("x.view(") +
              std::to_string(t->shape[0]) + ", -1) gives " +
              std::to_string(t->shape[0]) + " × " + std::to_string(per);
      if (target.size() == 2 && target[0] == -1 && target[1] != per) {
        hint = "the input " + TorchSizeText(t->shape) + " has " +
               std::to_string(per) + " values per sample: write " + fn +
               "(-1, " + std::to_string(per) +
               ") (and in_features=" + std::to_string(per) +
               " in the next nn.Linear)";
      }
    }
    return PyError(ErrorKind::kRuntimeError,
                   "shape '" + ListText(target) +
                       "' is invalid for input of "
                       "size " +
                       std::to_string(numel),
                   at, hint);
  }
  if (infer >= 0) target[infer] = known == 0 ? 0 : numel / known;
  std::vector<int64_t> strides;
  if (!reshape && !IsContiguous(t) &&
      !ViewStrides(t->shape, t->strides, target, &strides)) {
    return PyError(ErrorKind::kRuntimeError,
                   "view size is not compatible with input tensor's size and "
                   "stride (at least one dimension spans across two "
                   "contiguous subspaces). Use .reshape(...) instead.",
                   at);
  }
  GraphNode node;
  node.op = GraphOp::kView;
  node.dims = target;
  auto err = in.AddNode(node, target, {t}, at, out, at.text);
  if (!err && !reshape && !IsContiguous(t)) (*out)->strides = strides;
  return err;
}
}  // namespace

std::optional<Error> Interp::TensorAttr(const Ref& t, const std::string& name,
                                        const Site& at, Ref* out) {
  const Shape& shape = t->shape;
  const int64_t rank = static_cast<int64_t>(shape.size());
  auto dims_tuple = [&]() {
    std::vector<Ref> d;
    for (int64_t s : shape) d.push_back(Int(s));
    return Tuple(d);
  };
  if (name == "shape") {
    *out = dims_tuple();
    return std::nullopt;
  }
  if (name == "ndim") {
    *out = Int(rank);
    return std::nullopt;
  }
  if (name == "is_cuda" || name == "is_xpu" || name == "is_mps" ||
      name == "requires_grad") {
    *out = Bool(false);
    return std::nullopt;
  }
  if (name == "device" || name == "dtype") {
    *out = Opaque(name);
    return std::nullopt;
  }
  auto method = [&](Native fn) {
    *out = Builtin(name, std::move(fn), t);
    return std::optional<Error>();
  };
  if (name == "size") {
    return method([](Interp& in, const Args& a, const Site& s,
                     Ref* r) -> std::optional<Error> {
      const Ref& self = a.positional[0];
      Ref dim = a.positional.size() > 1 ? a.positional[1] : nullptr;
      for (const auto& [k, v] : a.keywords) {
        if (k == "dim") dim = v;
      }
      if (!dim || dim->type == VT::kNone) {
        std::vector<Ref> d;
        for (int64_t x : self->shape) d.push_back(Int(x));
        *r = Tuple(d);
        return std::nullopt;
      }
      int64_t k = 0;
      if (auto err = IntOf(dim, "size(): argument 'dim'", s, &k)) return err;
      int64_t w = 0;
      if (auto err = WrapDim(k, static_cast<int64_t>(self->shape.size()), &w)) {
        err->line = s.line;
        err->column = s.column;
        return err;
      }
      (void)in;
      *r = Int(self->shape.empty() ? 1 : self->shape[w]);
      return std::nullopt;
    });
  }
  if (name == "dim") {
    return method([](Interp&, const Args& a, const Site&, Ref* r) {
      *r = Int(static_cast<int64_t>(a.positional[0]->shape.size()));
      return std::optional<Error>();
    });
  }
  if (name == "numel" || name == "nelement") {
    return method([](Interp&, const Args& a, const Site&, Ref* r) {
      *r = Int(Numel(a.positional[0]->shape));
      return std::optional<Error>();
    });
  }
  if (name == "data") {
    *out = t;
    return std::nullopt;
  }
  if (name == "sqrt" || name == "exp" || name == "log" || name == "abs") {
    const std::string fn = name;
    return method([fn](Interp& in, const Args& a, const Site& s,
                       Ref* r) -> std::optional<Error> {
      if (a.positional.size() != 1) {
        return PyError(ErrorKind::kTypeError, fn + "() takes no arguments", s);
      }
      if (auto err = NeedTensor(a.positional[0], fn, s)) return err;
      GraphNode node;
      node.op = GraphOp::kUnary;
      node.key = fn;
      return in.AddNode(node, a.positional[0]->shape, {a.positional[0]}, s, r,
                        s.text);
    });
  }
  for (const char* same : {"contiguous", "to", "cuda", "cpu", "float", "detach",
                           "clone", "requires_grad_", "type_as"}) {
    if (name == same) {
      return method([](Interp&, const Args& a, const Site&, Ref* r) {
        *r = a.positional[0];
        return std::optional<Error>();
      });
    }
  }
  if (name == "view" || name == "reshape") {
    const bool reshape = name == "reshape";
    return method([reshape, name](Interp& in, const Args& a, const Site& s,
                                  Ref* r) -> std::optional<Error> {
      std::vector<Ref> rest(a.positional.begin() + 1, a.positional.end());
      for (const auto& [k, v] : a.keywords) {
        if (k == "shape" || k == "size") rest = {v};
      }
      std::vector<int64_t> target;
      if (auto err = IntList(rest, name, s, &target)) return err;
      return ViewLike(in, a.positional[0], target, "x." + name, reshape, s, r);
    });
  }
  if (name == "flatten") {
    return method([](Interp& in, const Args& a, const Site& s,
                     Ref* r) -> std::optional<Error> {
      Sig sig{"flatten",
              {{"self", nullptr}, {"start_dim", Int(0)}, {"end_dim", Int(-1)}}};
      std::vector<Ref> b;
      if (auto err = Bind(sig, a, s, &b)) return err;
      LayerSpec spec;
      spec.kind = LayerKind::kFlatten;
      Value sd, ed;
      if (auto err = in.ToValue(b[1], s, &sd)) return err;
      if (auto err = in.ToValue(b[2], s, &ed)) return err;
      spec.args = {{"start_dim", sd}, {"end_dim", ed}};
      return in.AddLayerNode(spec, b[0], nullptr, true, s, r);
    });
  }
  if (name == "squeeze" || name == "unsqueeze") {
    const bool un = name == "unsqueeze";
    return method([un](Interp& in, const Args& a, const Site& s,
                       Ref* r) -> std::optional<Error> {
      const Ref& self = a.positional[0];
      Ref dim = a.positional.size() > 1 ? a.positional[1] : nullptr;
      for (const auto& [k, v] : a.keywords) {
        if (k == "dim") dim = v;
      }
      Shape target = self->shape;
      const int64_t rank = static_cast<int64_t>(target.size());
      if (un) {
        if (!dim) {
          return PyError(ErrorKind::kTypeError,
                         "unsqueeze() missing 1 required positional "
                         "arguments: \"dim\"",
                         s);
        }
        int64_t d = 0, w = 0;
        if (auto err = IntOf(dim, "unsqueeze(): argument 'dim'", s, &d)) {
          return err;
        }
        if (auto err = WrapDim(d, rank + 1, &w)) {
          err->line = s.line;
          err->column = s.column;
          return err;
        }
        target.insert(target.begin() + w, 1);
      } else if (!dim || dim->type == VT::kNone) {
        target.erase(std::remove(target.begin(), target.end(), 1),
                     target.end());
      } else {
        int64_t d = 0, w = 0;
        if (auto err = IntOf(dim, "squeeze(): argument 'dim'", s, &d)) {
          return err;
        }
        if (auto err = WrapDim(d, rank, &w)) {
          err->line = s.line;
          err->column = s.column;
          return err;
        }
        if (rank > 0 && target[w] == 1) target.erase(target.begin() + w);
      }
      GraphNode node;
      node.op = GraphOp::kView;
      node.dims = target;
      return in.AddNode(node, target, {self}, s, r, s.text);
    });
  }
  if (name == "permute" || name == "transpose" || name == "t") {
    const std::string fn = name;
    return method([fn](Interp& in, const Args& a, const Site& s,
                       Ref* r) -> std::optional<Error> {
      const Ref& self = a.positional[0];
      const int64_t rank = static_cast<int64_t>(self->shape.size());
      std::vector<int64_t> order(rank);
      for (int64_t k = 0; k < rank; ++k) order[k] = k;
      std::vector<Ref> rest(a.positional.begin() + 1, a.positional.end());
      if (fn == "permute") {
        std::vector<int64_t> given;
        if (auto err = IntList(rest, "permute", s, &given)) return err;
        if (static_cast<int64_t>(given.size()) != rank) {
          return PyError(ErrorKind::kRuntimeError,
                         "permute(sparse_coo): number of dimensions in the "
                         "tensor input does not match the length of the "
                         "desired ordering of dimensions i.e. input.dim() = " +
                             std::to_string(rank) +
                             " is not equal to "
                             "len(dims) = " +
                             std::to_string(given.size()),
                         s);
        }
        std::vector<bool> seen(rank, false);
        for (int64_t k = 0; k < rank; ++k) {
          int64_t w = 0;
          if (auto err = WrapDim(given[k], rank, &w)) {
            err->line = s.line;
            err->column = s.column;
            return err;
          }
          if (seen[w]) {
            return PyError(ErrorKind::kRuntimeError,
                           "permute(): duplicate dims are not allowed.", s);
          }
          seen[w] = true;
          order[k] = w;
        }
      } else {
        int64_t d0 = 0, d1 = 1;
        if (fn == "transpose") {
          if (rest.size() != 2) {
            return PyError(ErrorKind::kTypeError, "transpose() takes 2 dims",
                           s);
          }
          if (auto err =
                  IntOf(rest[0], "transpose(): argument 'dim0'", s, &d0)) {
            return err;
          }
          if (auto err =
                  IntOf(rest[1], "transpose(): argument 'dim1'", s, &d1)) {
            return err;
          }
        } else if (rank > 2) {
          return PyError(ErrorKind::kRuntimeError,
                         "t() expects a tensor with <= 2 dimensions, but "
                         "self is " +
                             std::to_string(rank) + "D",
                         s);
        }
        if (rank < 2 && fn == "t") {
          *r = self;
          return std::nullopt;
        }
        int64_t w0 = 0, w1 = 0;
        if (auto err = WrapDim(d0, rank, &w0)) {
          err->line = s.line;
          err->column = s.column;
          return err;
        }
        if (auto err = WrapDim(d1, rank, &w1)) {
          err->line = s.line;
          err->column = s.column;
          return err;
        }
        std::swap(order[w0], order[w1]);
      }
      Shape target(rank);
      std::vector<int64_t> base = self->strides.empty()
                                      ? ContiguousStrides(self->shape)
                                      : self->strides;
      std::vector<int64_t> strides(rank);
      for (int64_t k = 0; k < rank; ++k) {
        target[k] = self->shape[order[k]];
        strides[k] = base[order[k]];
      }
      GraphNode node;
      node.op = GraphOp::kPermute;
      node.dims = order;
      auto err = in.AddNode(node, target, {self}, s, r, s.text);
      if (!err) (*r)->strides = strides;
      return err;
    });
  }
  if (name == "mean" || name == "sum") {
    const bool sum = name == "sum";
    return method([sum](Interp& in, const Args& a, const Site& s,
                        Ref* r) -> std::optional<Error> {
      if (sum) return NotModelled(s, "sum over a tensor", "use mean");
      Sig sig{"mean",
              {{"self", nullptr},
               {"dim", None()},
               {"keepdim", Bool(false)},
               {"dtype", None()}}};
      std::vector<Ref> b;
      if (auto err = Bind(sig, a, s, &b)) return err;
      const Ref& self = b[0];
      const int64_t rank = static_cast<int64_t>(self->shape.size());
      std::vector<int64_t> dims;
      if (b[1]->type == VT::kNone) {
        for (int64_t k = 0; k < rank; ++k) dims.push_back(k);
      } else {
        std::vector<int64_t> given;
        if (auto err = IntList({b[1]}, "mean", s, &given)) return err;
        for (int64_t d : given) {
          int64_t w = 0;
          if (auto err = WrapDim(d, rank, &w)) {
            err->line = s.line;
            err->column = s.column;
            return err;
          }
          if (std::find(dims.begin(), dims.end(), w) != dims.end()) {
            return PyError(ErrorKind::kRuntimeError,
                           "dim " + std::to_string(w) +
                               " appears multiple times in the list of dims",
                           s);
          }
          dims.push_back(w);
        }
      }
      std::sort(dims.begin(), dims.end());
      const bool keep = Truthy(b[2]);
      Shape target;
      for (int64_t k = 0; k < rank; ++k) {
        const bool reduced =
            std::find(dims.begin(), dims.end(), k) != dims.end();
        if (!reduced) {
          target.push_back(self->shape[k]);
        } else if (keep) {
          target.push_back(1);
        }
      }
      GraphNode node;
      node.op = GraphOp::kMean;
      node.dims = dims;
      node.keepdim = keep;
      return in.AddNode(node, target, {self}, s, r, s.text);
    });
  }
  if (name == "add" || name == "sub" || name == "mul" || name == "div" ||
      name == "add_" || name == "mul_") {
    const std::string op = name[0] == 'a'   ? "+"
                           : name[0] == 's' ? "-"
                           : name[0] == 'm' ? "*"
                                            : "/";
    return method([op](Interp& in, const Args& a, const Site& s,
                       Ref* r) -> std::optional<Error> {
      if (a.positional.size() != 2) {
        return PyError(ErrorKind::kTypeError,
                       "missing required argument 'other'", s);
      }
      return in.TensorBinary(op, a.positional[0], a.positional[1], s, r);
    });
  }
  if (name == "expand_as" || name == "expand") {
    return NotModelled(at, "x." + name + "(...)",
                       "write the broadcasting operation (x * y) directly");
  }
  if (const Functional* f = FindFunctional(name)) {
    if (name == "relu" || name == "relu_" || name == "sigmoid" ||
        name == "tanh" || name == "softmax" || name == "log_softmax") {
      return method([f](Interp& in, const Args& a, const Site& s, Ref* r) {
        return CallFunctional(in, *f, "x.", a, s, r);
      });
    }
  }
  return NotModelled(at, "the tensor method ." + name + "()",
                     "ConvPlay follows view, reshape, flatten, size, "
                     "squeeze, unsqueeze, permute, transpose, mean and the "
                     "activations");
}

}  // namespace convplay::internal
