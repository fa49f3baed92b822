// Python semantics for the subset ConvPlay runs: scopes, statements,
// expressions, functions, classes and the builtins that model code uses.
#include "model/interp.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "model/py_parser.h"
#include "text/python_arith.h"

namespace convplay::internal {

namespace {
constexpr int kMaxCallDepth = 150;
constexpr int64_t kMaxSteps = 2'000'000;
constexpr int64_t kMaxItems = 1'000'000;

enum Flow { kNormal = 0, kReturn, kBreak, kContinue };
}  // namespace

Error NotModelled(const Site& at, const std::string& what,
                  const std::string& hint) {
  return PyError(ErrorKind::kNotImplementedError,
                 "ConvPlay cannot model " + what, at, hint);
}

Error PyError(ErrorKind kind, std::string message, const Site& at,
              std::string hint) {
  Error e = MakeError(kind, std::move(message), std::move(hint));
  e.line = at.line;
  e.column = at.column;
  return e;
}

Interp::Interp(const Shape& input, const PlanOptions& options)
    : input_shape(input), plan_options(options) {
  builtins_ = std::make_shared<Scope>();
  globals = std::make_shared<Scope>();
  globals->parent = builtins_;
  InstallBuiltins();
}

// ---- values ---------------------------------------------------------------

Ref Interp::None() {
  static const Ref none = [] {
    auto v = std::make_shared<Obj>();
    v->type = VT::kNone;
    return v;
  }();
  return none;
}
Ref Interp::Bool(bool b) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kBool;
  v->b = b;
  v->i = b ? 1 : 0;
  return v;
}
Ref Interp::Int(int64_t i) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kInt;
  v->i = i;
  return v;
}
Ref Interp::Float(double f) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kFloat;
  v->f = f;
  return v;
}
Ref Interp::Str(std::string s) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kStr;
  v->s = std::move(s);
  return v;
}
Ref Interp::Tuple(std::vector<Ref> items) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kTuple;
  v->items = std::move(items);
  return v;
}
Ref Interp::List(std::vector<Ref> items) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kList;
  v->items = std::move(items);
  return v;
}
Ref Interp::Builtin(std::string name, Native fn, Ref self) {
  auto v = std::make_shared<Obj>();
  v->type = VT::kBuiltin;
  v->s = std::move(name);
  v->native = std::move(fn);
  v->self = std::move(self);
  return v;
}

const char* Interp::TypeName(const Ref& v) {
  switch (v->type) {
    case VT::kNone:
      return "NoneType";
    case VT::kBool:
      return "bool";
    case VT::kInt:
      return "int";
    case VT::kFloat:
      return "float";
    case VT::kStr:
      return "str";
    case VT::kTuple:
      return "tuple";
    case VT::kList:
      return "list";
    case VT::kDict:
      return "dict";
    case VT::kSlice:
      return "slice";
    case VT::kEllipsis:
      return "ellipsis";
    case VT::kFunction:
      return v->self ? "method" : "function";
    case VT::kBuiltin:
      return "builtin_function_or_method";
    case VT::kClass:
      return "type";
    case VT::kModule:
      return v->mod->type.c_str();
    case VT::kObject:
      return v->cls->name.c_str();
    case VT::kTensor:
      return "Tensor";
    case VT::kNamespace:
      return "module";
    case VT::kRange:
      return "range";
    case VT::kOpaque:
      return v->s.c_str();
  }
  return "object";
}

bool Interp::Truthy(const Ref& v) {
  switch (v->type) {
    case VT::kNone:
      return false;
    case VT::kBool:
    case VT::kInt:
      return v->i != 0;
    case VT::kFloat:
      return v->f != 0;
    case VT::kStr:
      return !v->s.empty();
    case VT::kTuple:
    case VT::kList:
    case VT::kDict:
      return !v->items.empty();
    case VT::kModule:
      return v->mod->kind == ModuleObj::kLayer ||
             v->mod->kind == ModuleObj::kUser || !v->mod->children.empty();
    default:
      return true;
  }
}

std::string Interp::Repr(const Ref& v) {
  switch (v->type) {
    case VT::kNone:
      return "None";
    case VT::kBool:
      return v->b ? "True" : "False";
    case VT::kInt:
      return std::to_string(v->i);
    case VT::kFloat:
      return FloatRepr(v->f);
    case VT::kStr: {
      const char q = v->s.find('\'') != std::string::npos &&
                             v->s.find('"') == std::string::npos
                         ? '"'
                         : '\'';
      return q + v->s + q;
    }
    case VT::kTuple:
    case VT::kList: {
      std::string s = v->type == VT::kTuple ? "(" : "[";
      for (size_t k = 0; k < v->items.size(); ++k) {
        if (k) s += ", ";
        s += Repr(v->items[k]);
      }
      if (v->type == VT::kTuple && v->items.size() == 1) s += ",";
      return s + (v->type == VT::kTuple ? ")" : "]");
    }
    case VT::kDict: {
      std::string s = "{";
      for (size_t k = 0; k < v->items.size(); ++k) {
        if (k) s += ", ";
        s += Repr(v->items[k]) + ": " + Repr(v->values[k]);
      }
      return s + "}";
    }
    case VT::kTensor:
      return "tensor of shape " + TorchSizeText(v->shape);
    case VT::kModule:
      return v->mod->type + "()";
    case VT::kClass:
      return "<class '" + v->cls->name + "'>";
    case VT::kFunction:
      return "<function " + v->fn->name + ">";
    case VT::kBuiltin:
      return "<built-in function " + v->s + ">";
    case VT::kNamespace:
      return "<module '" + v->s + "'>";
    default:
      return std::string("<") + TypeName(v) + ">";
  }
}

std::optional<Error> Interp::ToValue(const Ref& v, const Site& at, Value* out) {
  switch (v->type) {
    case VT::kNone:
      *out = Value::None();
      return std::nullopt;
    case VT::kBool:
      *out = Value::Bool(v->b);
      return std::nullopt;
    case VT::kInt:
      *out = Value::Int(v->i);
      return std::nullopt;
    case VT::kFloat:
      *out = Value::Float(v->f);
      return std::nullopt;
    case VT::kStr:
      *out = Value::String(v->s);
      return std::nullopt;
    case VT::kTuple:
    case VT::kList: {
      std::vector<Value> items;
      for (const Ref& x : v->items) {
        Value item;
        if (auto err = ToValue(x, at, &item)) return err;
        items.push_back(std::move(item));
      }
      *out = v->type == VT::kTuple ? Value::Tuple(std::move(items))
                                   : Value::List(std::move(items));
      return std::nullopt;
    }
    case VT::kRange: {
      std::vector<Ref> items;
      if (auto err = Iterate(v, at, &items)) return err;
      return ToValue(Tuple(items), at, out);
    }
    case VT::kOpaque:
      if (v->s == "device" || v->s == "dtype") {
        *out = Value::None();
        return std::nullopt;
      }
      break;
    case VT::kTensor:
      return NotModelled(at,
                         "a tensor as a layer argument: ConvPlay needs "
                         "Python numbers here");
    default:
      break;
  }
  return NotModelled(at,
                     std::string("a ") + TypeName(v) + " as a layer argument");
}

Ref Interp::FromValue(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone:
      return None();
    case Value::Type::kBool:
      return Bool(v.as_bool());
    case Value::Type::kInt:
      return Int(v.as_int());
    case Value::Type::kFloat:
      return Float(v.as_double());
    case Value::Type::kString:
      return Str(v.as_string());
    case Value::Type::kTuple:
    case Value::Type::kList: {
      std::vector<Ref> items;
      for (const Value& x : v.items()) items.push_back(FromValue(x));
      return v.type() == Value::Type::kTuple ? Tuple(items) : List(items);
    }
  }
  return None();
}

Site Interp::SiteOf(const Expr& e) const {
  Site s;
  s.line = e.line;
  s.column = e.column;
  // The source text of the expression (single or multi line).
  if (e.end_line > 0) {
    int line = 1, col = 1;
    size_t start = std::string::npos, end = std::string::npos;
    for (size_t k = 0; k <= source_.size(); ++k) {
      if (line == e.line && col == e.column) start = k;
      if (line == e.end_line && col == e.end_column) {
        end = k;
        break;
      }
      if (k == source_.size()) break;
      if (source_[k] == '\n') {
        if (line == e.end_line) {
          end = k;
          break;
        }
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(source_[k]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    if (start != std::string::npos) {
      if (end == std::string::npos || end < start) end = source_.size();
      std::string text;
      bool space = false;
      for (size_t k = start; k < end; ++k) {
        const char c = source_[k];
        if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
          space = true;
          continue;
        }
        if (space && !text.empty() && text.back() != '(' &&
            text.back() != '[' && c != ')' && c != ']') {
          text += ' ';
        }
        space = false;
        text += c;
      }
      if (text.size() > 200) text = text.substr(0, 197) + "...";
      s.text = text;
    }
  }
  return s;
}

// ---- running --------------------------------------------------------------

std::optional<Error> Interp::RunModule(const Block& module) {
  int flow = kNormal;
  Ref ret;
  top_level_ = true;
  return Exec(module, globals.get(), &flow, &ret);
}

std::optional<Error> Interp::EvalSource(const std::string& code, Ref* out) {
  auto block = std::make_shared<Block>();
  const std::string saved = source_;
  source_ = code;
  if (auto err = PyParse(code, block.get())) {
    source_ = saved;
    return err;
  }
  keep_.push_back(block);
  if (block->size() != 1 || (*block)[0]->kind != Stmt::kExpr) {
    source_ = saved;
    Error e = MakeError(ErrorKind::kSyntaxError,
                        "the model must be one expression, such as Net()");
    return e;
  }
  // The entry's own positions are not lines of the learner's code.
  std::function<void(Expr*)> unplace = [&](Expr* x) {
    if (!x) return;
    x->line = -1;
    x->end_line = 0;
    for (Expr* c : {x->a.get(), x->b.get(), x->c.get()}) unplace(c);
    for (const ExprP& item : x->items) unplace(item.get());
  };
  unplace((*block)[0]->value.get());
  auto err = Eval(*(*block)[0]->value, globals.get(), out);
  source_ = saved;
  if (err && err->line < 0) {
    err->line = 0;
    err->column = 0;
  }
  return err;
}

std::optional<Error> Interp::Exec(const Block& body, Scope* scope, int* flow,
                                  Ref* ret) {
  for (const StmtP& s : body) {
    if (auto err = ExecStmt(*s, scope, flow, ret)) return err;
    if (*flow != kNormal) return std::nullopt;
  }
  return std::nullopt;
}

namespace {
Ref MakeFunction(const std::string& name, const std::vector<Param>& params,
                 std::vector<Ref> defaults, const Block* body, ExprP lambda,
                 std::shared_ptr<Scope> closure) {
  auto fn = std::make_shared<FunctionInfo>();
  fn->name = name;
  fn->params = params;
  fn->defaults = std::move(defaults);
  fn->body = body;
  fn->lambda_body = std::move(lambda);
  fn->closure = std::move(closure);
  auto v = std::make_shared<Obj>();
  v->type = VT::kFunction;
  v->fn = fn;
  return v;
}

std::shared_ptr<Scope> ShareScope(Scope* scope,
                                  const std::shared_ptr<Scope>& globals) {
  // A non-owning pointer (an owning one would make a cycle: a scope holds
  // the function that holds the scope). The interpreter owns the globals
  // and pins every other captured scope (pinned_) for its whole life, so
  // the closure never dangles.
  if (scope != globals.get()) scope->captured = true;
  return std::shared_ptr<Scope>(std::shared_ptr<Scope>{}, scope);
}
}  // namespace

std::optional<Error> Interp::ExecStmt(const Stmt& s, Scope* scope, int* flow,
                                      Ref* ret) {
  if (++steps_ > kMaxSteps) {
    Site at{s.line, s.column, ""};
    return PyError(ErrorKind::kRuntimeError,
                   "the code runs too long for ConvPlay (over " +
                       std::to_string(kMaxSteps) + " steps)",
                   at, "ConvPlay runs loops with small literal ranges");
  }
  const Site at{s.line, s.column, ""};
  switch (s.kind) {
    case Stmt::kPass:
    case Stmt::kGlobal:
      return std::nullopt;
    case Stmt::kBreak:
      *flow = kBreak;
      return std::nullopt;
    case Stmt::kContinue:
      *flow = kContinue;
      return std::nullopt;
    case Stmt::kExpr: {
      // print(...) is not evaluated: it has no effect on the model.
      if (s.value->kind == Expr::kCall && s.value->a->kind == Expr::kName &&
          s.value->a->name == "print") {
        return std::nullopt;
      }
      if (s.value->kind == Expr::kString) return std::nullopt;  // docstring
      Ref v;
      if (auto err = Eval(*s.value, scope, &v)) return err;
      if (scope == globals.get() && IsModule(v)) last_module_expr = v;
      return std::nullopt;
    }
    case Stmt::kAssign: {
      Ref v;
      if (auto err = Eval(*s.value, scope, &v)) return err;
      for (const ExprP& t : s.targets) {
        if (auto err = Assign(*t, v, scope)) return err;
        if (scope == globals.get() && t->kind == Expr::kName && IsModule(v)) {
          last_module_var = v;
        }
      }
      return std::nullopt;
    }
    case Stmt::kAnnAssign: {
      if (!s.value) return std::nullopt;
      Ref v;
      if (auto err = Eval(*s.value, scope, &v)) return err;
      return Assign(*s.target, v, scope);
    }
    case Stmt::kAugAssign: {
      Ref cur, rhs, result;
      if (auto err = Eval(*s.target, scope, &cur)) return err;
      if (auto err = Eval(*s.value, scope, &rhs)) return err;
      Site op_site = SiteOf(*s.target);
      op_site.line = s.line;
      op_site.column = s.column;
      if (cur->type == VT::kList && s.op == "+") {
        std::vector<Ref> items;
        if (auto err = Iterate(rhs, at, &items)) return err;
        for (Ref& x : items) cur->items.push_back(x);
        return std::nullopt;
      }
      if (auto err = Binary(s.op, cur, rhs, op_site, &result)) return err;
      return Assign(*s.target, result, scope);
    }
    case Stmt::kReturn: {
      *ret = None();
      if (s.value) {
        if (auto err = Eval(*s.value, scope, ret)) return err;
      }
      *flow = kReturn;
      return std::nullopt;
    }
    case Stmt::kIf: {
      Ref test;
      if (auto err = Eval(*s.value, scope, &test)) return err;
      if (test->type == VT::kTensor) {
        return NotModelled(SiteOf(*s.value),
                           "an `if` on a tensor's values: the branch taken "
                           "depends on the data",
                           "ConvPlay follows `if` on Python values (sizes, "
                           "flags, self.training) only");
      }
      return Exec(Truthy(test) ? s.body : s.orelse, scope, flow, ret);
    }
    case Stmt::kFor: {
      Ref iter;
      if (auto err = Eval(*s.value, scope, &iter)) return err;
      if (iter->type == VT::kTensor) {
        return NotModelled(SiteOf(*s.value), "a `for` loop over a tensor",
                           "loop over a range or a list of modules instead");
      }
      std::vector<Ref> items;
      if (auto err = Iterate(iter, SiteOf(*s.value), &items)) return err;
      bool broke = false;
      for (const Ref& item : items) {
        if (auto err = Assign(*s.target, item, scope)) return err;
        if (auto err = Exec(s.body, scope, flow, ret)) return err;
        if (*flow == kReturn) return std::nullopt;
        if (*flow == kBreak) {
          *flow = kNormal;
          broke = true;
          break;
        }
        *flow = kNormal;
      }
      if (!broke) return Exec(s.orelse, scope, flow, ret);
      return std::nullopt;
    }
    case Stmt::kWhile: {
      for (int64_t n = 0;; ++n) {
        Ref test;
        if (auto err = Eval(*s.value, scope, &test)) return err;
        if (test->type == VT::kTensor) {
          return NotModelled(SiteOf(*s.value),
                             "a `while` loop on a tensor's values");
        }
        if (!Truthy(test)) return Exec(s.orelse, scope, flow, ret);
        if (auto err = Exec(s.body, scope, flow, ret)) return err;
        if (*flow == kReturn) return std::nullopt;
        if (*flow == kBreak) {
          *flow = kNormal;
          return std::nullopt;
        }
        *flow = kNormal;
      }
    }
    case Stmt::kDef: {
      std::vector<Ref> defaults;
      for (const Param& p : s.params) {
        Ref d;
        if (p.default_value) {
          if (auto err = Eval(*p.default_value, scope, &d)) return err;
        }
        defaults.push_back(d);
      }
      Ref fn = MakeFunction(s.op, s.params, std::move(defaults), &s.body,
                            nullptr, ShareScope(scope, globals));
      for (const ExprP& d : s.decorators) {
        if (d->kind == Expr::kName &&
            (d->name == "staticmethod" || d->name == "property")) {
          fn->attrs["__" + d->name + "__"] = Bool(true);
        }
      }
      scope->vars[s.op] = fn;
      return std::nullopt;
    }
    case Stmt::kClass: {
      auto cls = std::make_shared<ClassInfo>();
      cls->name = s.op;
      cls->line = s.line;
      for (const ExprP& b : s.bases) {
        Ref base;
        if (auto err = Eval(*b, scope, &base)) return err;
        if (base->type == VT::kClass) {
          if (base->cls->is_module) cls->is_module = true;
        } else if (base->type == VT::kBuiltin && base->s == "Module") {
          cls->is_module = true;
        } else if (base->type == VT::kBuiltin && base->s == "object") {
        } else {
          return NotModelled(SiteOf(*b),
                             "a class that derives from " + Repr(base),
                             "derive model classes from nn.Module");
        }
        cls->bases.push_back(base);
      }
      // The class body runs in its own scope; its names become attributes.
      auto body = std::make_shared<Scope>();
      body->parent = ShareScope(scope, globals);
      int inner = kNormal;
      Ref r;
      if (auto err = Exec(s.body, body.get(), &inner, &r)) return err;
      for (auto& [name, v] : body->vars) {
        if (v->type == VT::kFunction) {
          v->fn->owner = cls;
          // Methods look names up in the globals, not the class body.
          v->fn->closure = ShareScope(scope, globals);
        }
        cls->attrs[name] = v;
      }
      auto v = std::make_shared<Obj>();
      v->type = VT::kClass;
      v->cls = cls;
      scope->vars[s.op] = v;
      if (cls->is_module) {
        classes.erase(std::remove(classes.begin(), classes.end(), s.op),
                      classes.end());
        classes.push_back(s.op);
      }
      return std::nullopt;
    }
    case Stmt::kImport: {
      for (size_t k = 0; k < s.names.size(); ++k) {
        const std::string& name = s.names[k];
        Ref ns = MakeNamespace(name);
        if (!ns) {
          return PyError(ErrorKind::kNotImplementedError,
                         "ConvPlay cannot import '" + name +
                             "': it runs model code with torch, torch.nn, "
                             "torch.nn.functional, math and collections",
                         at, "remove the import and the code that needs it");
        }
        if (!s.asnames[k].empty()) {
          scope->vars[s.asnames[k]] = ns;
        } else {
          const std::string top = name.substr(0, name.find('.'));
          scope->vars[top] = MakeNamespace(top);
        }
      }
      return std::nullopt;
    }
    case Stmt::kImportFrom: {
      Ref ns = s.level == 0 ? MakeNamespace(s.op) : nullptr;
      if (!ns) {
        return PyError(ErrorKind::kNotImplementedError,
                       "ConvPlay cannot import from '" +
                           std::string(s.level, '.') + s.op +
                           "': it runs model code with torch, torch.nn, "
                           "torch.nn.functional, math and collections",
                       at, "remove the import and the code that needs it");
      }
      for (size_t k = 0; k < s.names.size(); ++k) {
        if (s.names[k] == "*") {
          return NotModelled(at, "`from " + s.op + " import *`",
                             "import the names you use");
        }
        Ref v;
        const Ref sub = MakeNamespace(s.op + "." + s.names[k]);
        if (sub && (!sub->attrs.count("__foreign__") ||
                    ns->attrs.count("__foreign__"))) {
          v = sub;
        } else if (auto err = NamespaceAttr(ns, s.names[k], at, &v)) {
          return PyError(
              ErrorKind::kNameError,
              "cannot import name '" + s.names[k] + "' from '" + s.op + "'",
              at);
        }
        scope->vars[s.asnames[k].empty() ? s.names[k] : s.asnames[k]] = v;
      }
      return std::nullopt;
    }
    case Stmt::kAssert: {
      Ref test;
      if (auto err = Eval(*s.value, scope, &test)) return err;
      if (test->type == VT::kTensor) return std::nullopt;
      if (!Truthy(test)) {
        std::string message;
        if (s.target) {
          Ref m;
          if (auto err = Eval(*s.target, scope, &m)) return err;
          message = m->type == VT::kStr ? m->s : Repr(m);
        }
        return PyError(
            ErrorKind::kValueError,
            "AssertionError" + (message.empty() ? "" : ": " + message), at);
      }
      return std::nullopt;
    }
    case Stmt::kRaise: {
      std::string kind = "Exception", message;
      if (s.value) {
        Ref v;
        if (auto err = Eval(*s.value, scope, &v)) return err;
        if (v->type == VT::kOpaque) {
          kind = v->s;
          auto it = v->attrs.find("message");
          if (it != v->attrs.end()) message = it->second->s;
        }
      }
      ErrorKind k = kind == "TypeError" ? ErrorKind::kTypeError
                    : kind == "NotImplementedError"
                        ? ErrorKind::kNotImplementedError
                    : kind == "RuntimeError"   ? ErrorKind::kRuntimeError
                    : kind == "IndexError"     ? ErrorKind::kIndexError
                    : kind == "AttributeError" ? ErrorKind::kAttributeError
                                               : ErrorKind::kValueError;
      return PyError(k, message.empty() ? kind : message, at);
    }
    case Stmt::kTry:
      return NotModelled(at, "try/except",
                         "write the model code without exception handling");
    case Stmt::kWith: {
      for (const ExprP& c : s.targets) {
        Ref v;
        if (auto err = Eval(*c, scope, &v)) return err;
      }
      return Exec(s.body, scope, flow, ret);
    }
    case Stmt::kDel:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Error> Interp::Assign(const Expr& target, const Ref& value,
                                    Scope* scope) {
  const Site at = SiteOf(target);
  switch (target.kind) {
    case Expr::kName:
      scope->vars[target.name] = value;
      return std::nullopt;
    case Expr::kAttribute: {
      Ref obj;
      if (auto err = Eval(*target.a, scope, &obj)) return err;
      return SetAttr(obj, target.name, value, at);
    }
    case Expr::kSubscript: {
      Ref obj, index;
      if (auto err = Eval(*target.a, scope, &obj)) return err;
      if (auto err = Eval(*target.b, scope, &index)) return err;
      if (obj->type == VT::kList) {
        if (index->type != VT::kInt) {
          return PyError(ErrorKind::kTypeError,
                         "list indices must be integers or slices, not " +
                             std::string(TypeName(index)),
                         at);
        }
        int64_t k = index->i;
        const int64_t n = static_cast<int64_t>(obj->items.size());
        if (k < 0) k += n;
        if (k < 0 || k >= n) {
          return PyError(ErrorKind::kIndexError,
                         "list assignment index out of range", at);
        }
        obj->items[static_cast<size_t>(k)] = value;
        return std::nullopt;
      }
      if (obj->type == VT::kDict) {
        for (size_t k = 0; k < obj->items.size(); ++k) {
          bool eq = false;
          if (auto err = Compare("==", obj->items[k], index, at, &eq)) {
            return err;
          }
          if (eq) {
            obj->values[k] = value;
            return std::nullopt;
          }
        }
        obj->items.push_back(index);
        obj->values.push_back(value);
        return std::nullopt;
      }
      if (obj->type == VT::kModule &&
          obj->mod->kind == ModuleObj::kModuleDict && index->type == VT::kStr) {
        return SetAttr(obj, index->s, value, at);
      }
      if (obj->type == VT::kOpaque && obj->s == "_modules" &&
          index->type == VT::kStr) {
        if (!IsModule(value)) {
          return NotModelled(at, "a non-module in _modules");
        }
        return SetAttr(obj->self, index->s, value, at);
      }
      if (obj->type == VT::kTensor) {
        return NotModelled(at, "assigning into a tensor (x[...] = ...)");
      }
      return PyError(ErrorKind::kTypeError,
                     std::string("'") + TypeName(obj) +
                         "' object does not support item assignment",
                     at);
    }
    case Expr::kTuple:
    case Expr::kList: {
      if (value->type == VT::kTensor) {
        return NotModelled(at, "unpacking a tensor into names");
      }
      std::vector<Ref> items;
      if (auto err = Iterate(value, at, &items)) return err;
      size_t star = target.items.size();
      for (size_t k = 0; k < target.items.size(); ++k) {
        if (target.items[k]->kind == Expr::kStarred) star = k;
      }
      if (star == target.items.size()) {
        if (items.size() != target.items.size()) {
          if (items.size() > target.items.size()) {
            return PyError(ErrorKind::kValueError,
                           "too many values to unpack (expected " +
                               std::to_string(target.items.size()) + ")",
                           at);
          }
          return PyError(ErrorKind::kValueError,
                         "not enough values to unpack (expected " +
                             std::to_string(target.items.size()) + ", got " +
                             std::to_string(items.size()) + ")",
                         at);
        }
        for (size_t k = 0; k < items.size(); ++k) {
          if (auto err = Assign(*target.items[k], items[k], scope)) return err;
        }
        return std::nullopt;
      }
      const size_t after = target.items.size() - star - 1;
      if (items.size() < star + after) {
        return PyError(ErrorKind::kValueError, "not enough values to unpack",
                       at);
      }
      for (size_t k = 0; k < star; ++k) {
        if (auto err = Assign(*target.items[k], items[k], scope)) return err;
      }
      std::vector<Ref> rest(items.begin() + static_cast<long>(star),
                            items.end() - static_cast<long>(after));
      if (auto err = Assign(*target.items[star]->a, List(rest), scope)) {
        return err;
      }
      for (size_t k = 0; k < after; ++k) {
        if (auto err = Assign(*target.items[star + 1 + k],
                              items[items.size() - after + k], scope)) {
          return err;
        }
      }
      return std::nullopt;
    }
    default:
      return PyError(ErrorKind::kSyntaxError, "cannot assign to expression",
                     at);
  }
}

std::optional<Error> Interp::Lookup(const std::string& name, Scope* scope,
                                    const Site& at, Ref* out) {
  for (Scope* s = scope; s; s = s->parent.get()) {
    auto it = s->vars.find(name);
    if (it != s->vars.end()) {
      *out = it->second;
      return std::nullopt;
    }
  }
  // Snippets often leave out their imports: torch, nn and F mean what the
  // tutorials import them as, and a warning says so.
  if (name == "torch" || name == "nn" || name == "F") {
    const char* module = name == "torch" ? "torch"
                         : name == "nn"  ? "torch.nn"
                                         : "torch.nn.functional";
    *out = MakeNamespace(module);
    globals->vars[name] = *out;
    warnings.push_back(
        {-1, "line " + std::to_string(at.line) + ": " + name +
                 " is used without an import; ConvPlay reads it as " +
                 (name == "torch"
                      ? std::string("import torch")
                      : "import " + std::string(module) + " as " + name) +
                 " (PyTorch itself would raise NameError: name '" + name +
                 "' is not defined)"});
    return std::nullopt;
  }
  std::string hint;
  if (name == "nn" || name == "F" || name == "torch") {
    hint = name == "F"    ? "add `import torch.nn.functional as F`"
           : name == "nn" ? "add `import torch.nn as nn`"
                          : "add `import torch`";
  }
  return PyError(ErrorKind::kNameError, "name '" + name + "' is not defined",
                 at, hint);
}

std::optional<Error> Interp::Iterate(const Ref& v, const Site& at,
                                     std::vector<Ref>* out) {
  out->clear();
  switch (v->type) {
    case VT::kTuple:
    case VT::kList:
      *out = v->items;
      return std::nullopt;
    case VT::kDict:
      *out = v->items;
      return std::nullopt;
    case VT::kStr:
      for (char c : v->s) out->push_back(Str(std::string(1, c)));
      return std::nullopt;
    case VT::kRange: {
      const int64_t start = v->items[0]->i, stop = v->items[1]->i,
                    step = v->items[2]->i;
      for (int64_t k = start; step > 0 ? k < stop : k > stop; k += step) {
        if (static_cast<int64_t>(out->size()) >= kMaxItems) {
          return PyError(ErrorKind::kMemoryError,
                         "the range is too long for ConvPlay", at);
        }
        out->push_back(Int(k));
      }
      return std::nullopt;
    }
    case VT::kModule:
      if (v->mod->kind == ModuleObj::kSequential ||
          v->mod->kind == ModuleObj::kModuleList) {
        for (auto& c : v->mod->children) out->push_back(c.second);
        return std::nullopt;
      }
      if (v->mod->kind == ModuleObj::kModuleDict) {
        for (auto& c : v->mod->children) out->push_back(Str(c.first));
        return std::nullopt;
      }
      break;
    case VT::kTensor:
      return NotModelled(at, "iterating over a tensor");
    default:
      break;
  }
  return PyError(ErrorKind::kTypeError,
                 std::string("'") + TypeName(v) + "' object is not iterable",
                 at);
}

// ---- expressions ----------------------------------------------------------

std::optional<Error> Interp::Eval(const Expr& e, Scope* scope, Ref* out) {
  if (++depth_ > 400) {
    --depth_;
    return PyError(ErrorKind::kRuntimeError, "maximum recursion depth exceeded",
                   SiteOf(e));
  }
  struct Leave {
    int* d;
    ~Leave() { --*d; }
  } leave{&depth_};
  const Site at{e.line, e.column, ""};
  switch (e.kind) {
    case Expr::kName:
      return Lookup(e.name, scope, at, out);
    case Expr::kInt:
      if (e.int_overflow) {
        return NotModelled(at, "integers beyond 64 bits (" + e.name + ")");
      }
      *out = Int(e.int_value);
      return std::nullopt;
    case Expr::kFloat:
      *out = Float(e.float_value);
      return std::nullopt;
    case Expr::kString:
      *out = Str(e.name);
      return std::nullopt;
    case Expr::kTrue:
      *out = Bool(true);
      return std::nullopt;
    case Expr::kFalse:
      *out = Bool(false);
      return std::nullopt;
    case Expr::kNone:
      *out = None();
      return std::nullopt;
    case Expr::kEllipsis: {
      auto v = std::make_shared<Obj>();
      v->type = VT::kEllipsis;
      *out = v;
      return std::nullopt;
    }
    case Expr::kAttribute: {
      Ref obj;
      if (auto err = Eval(*e.a, scope, &obj)) return err;
      return GetAttr(obj, e.name, SiteOf(e), out);
    }
    case Expr::kCall:
      return EvalCall(e, scope, out);
    case Expr::kSubscript: {
      Ref obj, index;
      if (auto err = Eval(*e.a, scope, &obj)) return err;
      if (auto err = Eval(*e.b, scope, &index)) return err;
      return Subscript(obj, index, SiteOf(e), out);
    }
    case Expr::kSlice: {
      auto v = std::make_shared<Obj>();
      v->type = VT::kSlice;
      for (const ExprP& part : {e.a, e.b, e.c}) {
        Ref p = None();
        if (part) {
          if (auto err = Eval(*part, scope, &p)) return err;
        }
        v->items.push_back(p);
      }
      *out = v;
      return std::nullopt;
    }
    case Expr::kBinary: {
      Ref a, b;
      if (auto err = Eval(*e.a, scope, &a)) return err;
      if (auto err = Eval(*e.b, scope, &b)) return err;
      return Binary(e.name, a, b, SiteOf(e), out);
    }
    case Expr::kUnary: {
      Ref a;
      if (auto err = Eval(*e.a, scope, &a)) return err;
      if (e.name == "not") {
        if (a->type == VT::kTensor) {
          return NotModelled(at, "`not` on a tensor's values");
        }
        *out = Bool(!Truthy(a));
        return std::nullopt;
      }
      if (e.name == "+") {
        if (a->type == VT::kInt || a->type == VT::kBool) {
          *out = Int(a->i);
          return std::nullopt;
        }
        if (a->type == VT::kFloat || a->type == VT::kTensor) {
          *out = a;
          return std::nullopt;
        }
      }
      if (e.name == "-") {
        if (a->type == VT::kTensor) {
          return Binary("*", a, Int(-1), SiteOf(e), out);
        }
        return Binary("*", a, Int(-1), at, out);
      }
      if (e.name == "~" && (a->type == VT::kInt || a->type == VT::kBool)) {
        *out = Int(~a->i);
        return std::nullopt;
      }
      return PyError(
          ErrorKind::kTypeError,
          "bad operand type for unary " + e.name + ": '" + TypeName(a) + "'",
          at);
    }
    case Expr::kBoolOp: {
      Ref a;
      if (auto err = Eval(*e.a, scope, &a)) return err;
      if (a->type == VT::kTensor) {
        return NotModelled(at, "`" + e.name + "` on a tensor's values");
      }
      const bool t = Truthy(a);
      if ((e.name == "and" && !t) || (e.name == "or" && t)) {
        *out = a;
        return std::nullopt;
      }
      return Eval(*e.b, scope, out);
    }
    case Expr::kCompare: {
      Ref left;
      if (auto err = Eval(*e.items[0], scope, &left)) return err;
      for (size_t k = 0; k < e.ops.size(); ++k) {
        Ref right;
        if (auto err = Eval(*e.items[k + 1], scope, &right)) return err;
        bool r = false;
        if (auto err = Compare(e.ops[k], left, right, at, &r)) return err;
        if (!r) {
          *out = Bool(false);
          return std::nullopt;
        }
        left = right;
      }
      *out = Bool(true);
      return std::nullopt;
    }
    case Expr::kIfElse: {
      Ref test;
      if (auto err = Eval(*e.a, scope, &test)) return err;
      if (test->type == VT::kTensor) {
        return NotModelled(at,
                           "a conditional expression on a tensor's "
                           "values");
      }
      return Eval(Truthy(test) ? *e.b : *e.c, scope, out);
    }
    case Expr::kTuple:
    case Expr::kList:
    case Expr::kSet: {
      std::vector<Ref> items;
      for (const ExprP& item : e.items) {
        if (item->kind == Expr::kStarred) {
          Ref v;
          if (auto err = Eval(*item->a, scope, &v)) return err;
          std::vector<Ref> more;
          if (auto err = Iterate(v, at, &more)) return err;
          items.insert(items.end(), more.begin(), more.end());
          continue;
        }
        Ref v;
        if (auto err = Eval(*item, scope, &v)) return err;
        items.push_back(v);
      }
      *out = e.kind == Expr::kTuple ? Tuple(std::move(items))
                                    : List(std::move(items));
      return std::nullopt;
    }
    case Expr::kDict: {
      auto d = std::make_shared<Obj>();
      d->type = VT::kDict;
      for (size_t k = 0; k + 1 < e.items.size(); k += 2) {
        Ref key, value;
        if (auto err = Eval(*e.items[k + 1], scope, &value)) return err;
        if (!e.items[k]) {
          if (value->type != VT::kDict) {
            return PyError(ErrorKind::kTypeError,
                           "'" + std::string(TypeName(value)) +
                               "' object is not a mapping",
                           at);
          }
          d->items.insert(d->items.end(), value->items.begin(),
                          value->items.end());
          d->values.insert(d->values.end(), value->values.begin(),
                           value->values.end());
          continue;
        }
        if (auto err = Eval(*e.items[k], scope, &key)) return err;
        d->items.push_back(key);
        d->values.push_back(value);
      }
      *out = d;
      return std::nullopt;
    }
    case Expr::kListComp: {
      auto inner = std::make_shared<Scope>();
      inner->parent = ShareScope(scope, globals);
      std::vector<Ref> items, values;
      auto err = Comprehension(e, 0, inner.get(), &items, &values);
      if (inner->captured) pinned_.push_back(inner);
      if (err) return err;
      if (e.name == "dict") {
        auto d = std::make_shared<Obj>();
        d->type = VT::kDict;
        d->items = std::move(items);
        d->values = std::move(values);
        *out = d;
      } else {
        *out = List(std::move(items));
      }
      return std::nullopt;
    }
    case Expr::kLambda: {
      std::vector<Ref> defaults;
      for (const Param& p : e.params) {
        Ref d;
        if (p.default_value) {
          if (auto err = Eval(*p.default_value, scope, &d)) return err;
        }
        defaults.push_back(d);
      }
      // The lambda keeps its defining scope alive when it is a frame's.
      *out =
          MakeFunction("<lambda>", e.params, std::move(defaults), nullptr,
                       std::make_shared<Expr>(e), ShareScope(scope, globals));
      return std::nullopt;
    }
    case Expr::kStarred:
      return PyError(ErrorKind::kSyntaxError,
                     "can't use starred expression here", at);
  }
  return std::nullopt;
}

std::optional<Error> Interp::Comprehension(const Expr& e, size_t level,
                                           Scope* scope, std::vector<Ref>* out,
                                           std::vector<Ref>* values) {
  if (level == e.comps.size()) {
    Ref v;
    if (auto err = Eval(*e.a, scope, &v)) return err;
    out->push_back(v);
    if (e.name == "dict") {
      Ref value;
      if (auto err = Eval(*e.b, scope, &value)) return err;
      values->push_back(value);
    }
    return std::nullopt;
  }
  const auto& c = e.comps[level];
  Ref iter;
  if (auto err = Eval(*c.iter, scope, &iter)) return err;
  std::vector<Ref> items;
  if (auto err = Iterate(iter, SiteOf(*c.iter), &items)) return err;
  for (const Ref& item : items) {
    if (++steps_ > kMaxSteps) {
      return PyError(ErrorKind::kRuntimeError,
                     "the code runs too long for ConvPlay", SiteOf(e));
    }
    if (auto err = Assign(*c.target, item, scope)) return err;
    bool keep = true;
    for (const ExprP& cond : c.conditions) {
      Ref t;
      if (auto err = Eval(*cond, scope, &t)) return err;
      if (!Truthy(t)) keep = false;
    }
    if (!keep) continue;
    if (auto err = Comprehension(e, level + 1, scope, out, values)) return err;
  }
  return std::nullopt;
}

std::optional<Error> Interp::EvalArgs(const Expr& e, Scope* scope,
                                      const Site& at, Args* args) {
  for (size_t k = 0; k < e.items.size(); ++k) {
    const Expr& item = *e.items[k];
    if (item.kind == Expr::kStarred) {
      Ref v;
      if (auto err = Eval(*item.a, scope, &v)) return err;
      if (item.name == "**") {
        if (v->type != VT::kDict) {
          return PyError(ErrorKind::kTypeError,
                         "argument after ** must be a mapping, not " +
                             std::string(TypeName(v)),
                         at);
        }
        for (size_t j = 0; j < v->items.size(); ++j) {
          if (v->items[j]->type != VT::kStr) {
            return PyError(ErrorKind::kTypeError, "keywords must be strings",
                           at);
          }
          args->keywords.push_back({v->items[j]->s, v->values[j]});
        }
        continue;
      }
      if (v->type == VT::kTensor) {
        return NotModelled(at, "*tensor in a call");
      }
      std::vector<Ref> more;
      if (auto err = Iterate(v, at, &more)) return err;
      args->positional.insert(args->positional.end(), more.begin(), more.end());
      continue;
    }
    Ref v;
    if (auto err = Eval(item, scope, &v)) return err;
    if (e.keywords[k].empty()) {
      args->positional.push_back(v);
    } else {
      for (const auto& kw : args->keywords) {
        if (kw.first == e.keywords[k]) {
          return PyError(ErrorKind::kSyntaxError,
                         "keyword argument repeated: " + e.keywords[k], at);
        }
      }
      args->keywords.push_back({e.keywords[k], v});
    }
  }
  return std::nullopt;
}

std::optional<Error> Interp::EvalCall(const Expr& e, Scope* scope, Ref* out) {
  const Site at = SiteOf(e);
  // super() / super(Net, self) inside a method.
  if (e.a->kind == Expr::kAttribute && e.a->a->kind == Expr::kCall &&
      e.a->a->a->kind == Expr::kName && e.a->a->a->name == "super") {
    Ref self;
    Site sup = SiteOf(*e.a->a);
    std::shared_ptr<ClassInfo> owner;
    for (Scope* s = scope; s; s = s->parent.get()) {
      auto it = s->vars.find("__class__");
      if (it != s->vars.end()) {
        owner = it->second->cls;
        break;
      }
    }
    if (!e.a->a->items.empty()) {
      Ref cls;
      if (auto err = Eval(*e.a->a->items[0], scope, &cls)) return err;
      if (cls->type == VT::kClass) owner = cls->cls;
      if (e.a->a->items.size() > 1) {
        if (auto err = Eval(*e.a->a->items[1], scope, &self)) return err;
      }
    }
    if (!self) {
      for (Scope* s = scope; s; s = s->parent.get()) {
        auto it = s->vars.find("self");
        if (it != s->vars.end()) {
          self = it->second;
          break;
        }
        if (s->vars.count("__class__")) break;
      }
    }
    if (!owner || !self) {
      return PyError(ErrorKind::kRuntimeError, "super(): no arguments", sup);
    }
    Args args;
    if (auto err = EvalArgs(e, scope, at, &args)) return err;
    // The next class in the MRO after `owner` that defines the method.
    const std::string& method = e.a->name;
    for (const Ref& base : owner->bases) {
      if (base->type == VT::kClass) {
        std::vector<std::shared_ptr<ClassInfo>> todo = {base->cls};
        while (!todo.empty()) {
          auto c = todo.front();
          todo.erase(todo.begin());
          auto it = c->attrs.find(method);
          if (it != c->attrs.end() && it->second->type == VT::kFunction) {
            Args bound = args;
            bound.positional.insert(bound.positional.begin(), self);
            return CallFunction(it->second, bound, at, out);
          }
          for (const Ref& b : c->bases) {
            if (b->type == VT::kClass) todo.push_back(b->cls);
          }
        }
      }
    }
    if (method == "__init__") {
      if (self->type == VT::kModule) self->mod->inited = true;
      *out = None();
      return std::nullopt;
    }
    if (method == "forward" && self->type == VT::kModule) {
      return PyError(ErrorKind::kNotImplementedError,
                     "Module [" + self->mod->type +
                         "] is missing the required \"forward\" function",
                     at);
    }
    return PyError(ErrorKind::kAttributeError,
                   "'super' object has no attribute '" + method + "'", at);
  }
  Ref fn;
  if (auto err = Eval(*e.a, scope, &fn)) return err;
  if (fn->type == VT::kBuiltin && fn->s == "print") {
    *out = None();
    return std::nullopt;
  }
  Args args;
  if (auto err = EvalArgs(e, scope, at, &args)) return err;
  // A module called at top level (net(torch.randn(1, 3, 32, 32))) is not
  // run: the model is traced on the learner's input. Its input shape is a
  // suggestion.
  if (!tracing && fn->type == VT::kModule) {
    if (!args.positional.empty() && args.positional[0]->type == VT::kTensor &&
        args.positional[0]->node == -2) {
      suggested_input = args.positional[0]->shape;
    }
    auto t = std::make_shared<Obj>();
    t->type = VT::kOpaque;
    t->s = "output";
    *out = t;
    return std::nullopt;
  }
  current_call = &e;
  return Call(fn, args, at, out);
}

std::optional<Error> Interp::Call(const Ref& fn, const Args& args,
                                  const Site& at, Ref* out) {
  if (++depth_ > kMaxCallDepth) {
    --depth_;
    return PyError(ErrorKind::kRuntimeError, "maximum recursion depth exceeded",
                   at);
  }
  struct Leave {
    int* d;
    ~Leave() { --*d; }
  } leave{&depth_};
  switch (fn->type) {
    case VT::kBuiltin: {
      if (fn->self) {
        Args bound = args;
        bound.positional.insert(bound.positional.begin(), fn->self);
        return fn->native(*this, bound, at, out);
      }
      return fn->native(*this, args, at, out);
    }
    case VT::kFunction: {
      if (fn->self) {
        Args bound = args;
        bound.positional.insert(bound.positional.begin(), fn->self);
        return CallFunction(fn, bound, at, out);
      }
      return CallFunction(fn, args, at, out);
    }
    case VT::kClass:
      return Instantiate(fn, args, at, out);
    case VT::kModule:
      return CallModule(fn, args, at, out);
    case VT::kObject: {
      auto it = fn->cls->attrs.find("__call__");
      if (it != fn->cls->attrs.end()) {
        Args bound = args;
        bound.positional.insert(bound.positional.begin(), fn);
        return CallFunction(it->second, bound, at, out);
      }
      break;
    }
    default:
      break;
  }
  return PyError(ErrorKind::kTypeError,
                 std::string("'") + TypeName(fn) + "' object is not callable",
                 at);
}

std::optional<Error> Interp::CallFunction(const Ref& fn, const Args& args,
                                          const Site& at, Ref* out) {
  const FunctionInfo& f = *fn->fn;
  auto frame = std::make_shared<Scope>();
  frame->parent = f.closure ? f.closure : globals;
  const std::shared_ptr<ClassInfo> owner = f.owner.lock();
  if (owner) {
    auto c = std::make_shared<Obj>();
    c->type = VT::kClass;
    c->cls = owner;
    frame->vars["__class__"] = c;
  }
  const std::string fname =
      (owner ? owner->name + "." : std::string()) + f.name + "()";
  size_t pos = 0;
  Ref star_args, star_kwargs;
  std::vector<bool> bound(f.params.size(), false);
  for (size_t k = 0; k < f.params.size(); ++k) {
    const Param& p = f.params[k];
    if (p.kind == Param::kNormal && pos < args.positional.size()) {
      frame->vars[p.name] = args.positional[pos++];
      bound[k] = true;
    } else if (p.kind == Param::kStar) {
      star_args = Tuple(
          std::vector<Ref>(args.positional.begin() + static_cast<long>(pos),
                           args.positional.end()));
      pos = args.positional.size();
      frame->vars[p.name] = star_args;
      bound[k] = true;
    } else if (p.kind == Param::kStarStar) {
      auto d = std::make_shared<Obj>();
      d->type = VT::kDict;
      star_kwargs = d;
      frame->vars[p.name] = d;
      bound[k] = true;
    }
  }
  if (pos < args.positional.size()) {
    size_t n = 0;
    for (const Param& p : f.params) n += p.kind == Param::kNormal;
    const bool method = owner != nullptr;
    return PyError(ErrorKind::kTypeError,
                   fname + " takes " + std::to_string(n - (method ? 0 : 0)) +
                       " positional argument" + (n == 1 ? "" : "s") + " but " +
                       std::to_string(args.positional.size()) +
                       (args.positional.size() == 1 ? " was" : " were") +
                       " given",
                   at);
  }
  for (const auto& [key, value] : args.keywords) {
    bool found = false;
    for (size_t k = 0; k < f.params.size(); ++k) {
      const Param& p = f.params[k];
      if (p.name == key &&
          (p.kind == Param::kNormal || p.kind == Param::kKeywordOnly)) {
        if (bound[k]) {
          return PyError(
              ErrorKind::kTypeError,
              fname + " got multiple values for argument '" + key + "'", at);
        }
        frame->vars[key] = value;
        bound[k] = true;
        found = true;
      }
    }
    if (!found) {
      if (star_kwargs) {
        star_kwargs->items.push_back(Str(key));
        star_kwargs->values.push_back(value);
      } else {
        return PyError(
            ErrorKind::kTypeError,
            fname + " got an unexpected keyword argument '" + key + "'", at);
      }
    }
  }
  std::vector<std::string> missing;
  for (size_t k = 0; k < f.params.size(); ++k) {
    if (bound[k]) continue;
    if (f.defaults[k]) {
      frame->vars[f.params[k].name] = f.defaults[k];
    } else {
      missing.push_back("'" + f.params[k].name + "'");
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (size_t k = 0; k < missing.size(); ++k) {
      if (k)
        list += k + 1 == missing.size() ? (k > 1 ? ", and " : " and ") : ", ";
      list += missing[k];
    }
    return PyError(ErrorKind::kTypeError,
                   fname + " missing " + std::to_string(missing.size()) +
                       " required positional argument" +
                       (missing.size() == 1 ? "" : "s") + ": " + list,
                   at);
  }
  const bool saved_top = top_level_;
  top_level_ = false;
  std::optional<Error> err;
  if (f.lambda_body) {
    err = Eval(*f.lambda_body->a, frame.get(), out);
  } else {
    int flow = kNormal;
    Ref ret = None();
    err = Exec(*f.body, frame.get(), &flow, &ret);
    *out = flow == kReturn ? ret : None();
  }
  top_level_ = saved_top;
  if (frame->captured) pinned_.push_back(frame);
  return err;
}

std::optional<Error> Interp::Instantiate(const Ref& cls_ref, const Args& args,
                                         const Site& at, Ref* out) {
  const auto& cls = cls_ref->cls;
  Ref self = std::make_shared<Obj>();
  if (cls->is_module) {
    self->type = VT::kModule;
    self->mod = std::make_shared<ModuleObj>();
    self->mod->kind = ModuleObj::kUser;
    self->mod->type = cls->name;
    self->mod->cls = cls;
    self->mod->line = at.line;
  } else {
    self->type = VT::kObject;
    self->cls = cls;
  }
  // __init__ through the bases.
  std::vector<std::shared_ptr<ClassInfo>> todo = {cls};
  Ref init;
  while (!todo.empty() && !init) {
    auto c = todo.front();
    todo.erase(todo.begin());
    auto it = c->attrs.find("__init__");
    if (it != c->attrs.end()) init = it->second;
    for (const Ref& b : c->bases) {
      if (b->type == VT::kClass) todo.push_back(b->cls);
    }
  }
  if (init && init->type == VT::kFunction) {
    Args bound = args;
    bound.positional.insert(bound.positional.begin(), self);
    Ref ignored;
    if (auto err = CallFunction(init, bound, at, &ignored)) return err;
  } else {
    if (!args.positional.empty() || !args.keywords.empty()) {
      return PyError(ErrorKind::kTypeError, cls->name + "() takes no arguments",
                     at);
    }
    if (self->type == VT::kModule) self->mod->inited = true;
  }
  *out = self;
  return std::nullopt;
}

std::optional<Error> Interp::Compare(const std::string& op, const Ref& a,
                                     const Ref& b, const Site& at, bool* out) {
  if (op == "is" || op == "is not") {
    bool same = a.get() == b.get() ||
                (a->type == VT::kNone && b->type == VT::kNone) ||
                (a->type == VT::kBool && b->type == VT::kBool && a->b == b->b);
    *out = op == "is" ? same : !same;
    return std::nullopt;
  }
  if (op == "in" || op == "not in") {
    bool found = false;
    if (b->type == VT::kStr && a->type == VT::kStr) {
      found = b->s.find(a->s) != std::string::npos;
    } else if (b->type == VT::kModule &&
               b->mod->kind == ModuleObj::kModuleDict && a->type == VT::kStr) {
      for (auto& c : b->mod->children) found |= c.first == a->s;
    } else {
      std::vector<Ref> items;
      if (auto err = Iterate(b, at, &items)) return err;
      for (const Ref& x : items) {
        bool eq = false;
        if (auto err = Compare("==", a, x, at, &eq)) return err;
        if (eq) {
          found = true;
          break;
        }
      }
    }
    *out = op == "in" ? found : !found;
    return std::nullopt;
  }
  if (a->type == VT::kTensor || b->type == VT::kTensor) {
    return NotModelled(at, "comparing tensor values (" + op +
                               "): the result depends on the data");
  }
  auto num = [](const Ref& v) {
    return v->type == VT::kInt || v->type == VT::kBool || v->type == VT::kFloat;
  };
  if (num(a) && num(b)) {
    const bool ints = a->type != VT::kFloat && b->type != VT::kFloat;
    const double x = a->type == VT::kFloat ? a->f : static_cast<double>(a->i);
    const double y = b->type == VT::kFloat ? b->f : static_cast<double>(b->i);
    auto cmp = [&](auto p, auto q) {
      if (op == "==") return p == q;
      if (op == "!=") return p != q;
      if (op == "<") return p < q;
      if (op == ">") return p > q;
      if (op == "<=") return p <= q;
      return p >= q;
    };
    *out = ints ? cmp(a->i, b->i) : cmp(x, y);
    return std::nullopt;
  }
  if (a->type == VT::kStr && b->type == VT::kStr) {
    const int c = a->s.compare(b->s);
    *out = op == "=="   ? c == 0
           : op == "!=" ? c != 0
           : op == "<"  ? c < 0
           : op == ">"  ? c > 0
           : op == "<=" ? c <= 0
                        : c >= 0;
    return std::nullopt;
  }
  const bool seq =
      (a->type == VT::kTuple || a->type == VT::kList) && a->type == b->type;
  if (seq) {
    const size_t n = std::min(a->items.size(), b->items.size());
    for (size_t k = 0; k < n; ++k) {
      bool eq = false;
      if (auto err = Compare("==", a->items[k], b->items[k], at, &eq)) {
        return err;
      }
      if (!eq) {
        if (op == "==") {
          *out = false;
          return std::nullopt;
        }
        if (op == "!=") {
          *out = true;
          return std::nullopt;
        }
        return Compare(op, a->items[k], b->items[k], at, out);
      }
    }
    const size_t x = a->items.size(), y = b->items.size();
    *out = op == "=="   ? x == y
           : op == "!=" ? x != y
           : op == "<"  ? x < y
           : op == ">"  ? x > y
           : op == "<=" ? x <= y
                        : x >= y;
    return std::nullopt;
  }
  if (op == "==" || op == "!=") {
    bool eq =
        a.get() == b.get() || (a->type == VT::kNone && b->type == VT::kNone);
    *out = op == "==" ? eq : !eq;
    return std::nullopt;
  }
  return PyError(ErrorKind::kTypeError,
                 "'" + op + "' not supported between instances of '" +
                     TypeName(a) + "' and '" + TypeName(b) + "'",
                 at);
}

std::optional<Error> Interp::Subscript(const Ref& obj, const Ref& index,
                                       const Site& at, Ref* out) {
  if (obj->type == VT::kTensor) return TensorIndex(obj, index, at, out);
  std::vector<Ref> items;
  std::string what = TypeName(obj);
  if (obj->type == VT::kDict) {
    for (size_t k = 0; k < obj->items.size(); ++k) {
      bool eq = false;
      if (auto err = Compare("==", obj->items[k], index, at, &eq)) return err;
      if (eq) {
        *out = obj->values[k];
        return std::nullopt;
      }
    }
    return PyError(ErrorKind::kIndexError, "KeyError: " + Repr(index), at);
  }
  if (obj->type == VT::kModule) {
    const auto& m = *obj->mod;
    if (m.kind == ModuleObj::kModuleDict) {
      if (index->type == VT::kStr) {
        for (auto& c : m.children) {
          if (c.first == index->s) {
            *out = c.second;
            return std::nullopt;
          }
        }
      }
      return PyError(ErrorKind::kIndexError, "KeyError: " + Repr(index), at);
    }
    if (m.kind != ModuleObj::kSequential && m.kind != ModuleObj::kModuleList) {
      return PyError(ErrorKind::kTypeError,
                     "'" + m.type + "' object is not subscriptable", at);
    }
    for (auto& c : m.children) items.push_back(c.second);
    if (index->type == VT::kInt || index->type == VT::kBool) {
      int64_t k = index->i;
      const int64_t n = static_cast<int64_t>(items.size());
      if (k < -n || k >= n) {
        return PyError(ErrorKind::kIndexError,
                       "index " + std::to_string(k) + " is out of range", at);
      }
      if (k < 0) k += n;
      *out = items[static_cast<size_t>(k)];
      return std::nullopt;
    }
    if (index->type != VT::kSlice) {
      return PyError(ErrorKind::kTypeError,
                     m.type + " indices must be integers or slices, not " +
                         TypeName(index),
                     at);
    }
  } else if (obj->type == VT::kTuple || obj->type == VT::kList) {
    items = obj->items;
  } else if (obj->type == VT::kStr) {
    for (char c : obj->s) items.push_back(Str(std::string(1, c)));
  } else if (obj->type == VT::kRange) {
    if (auto err = Iterate(obj, at, &items)) return err;
  } else {
    return PyError(ErrorKind::kTypeError,
                   "'" + what + "' object is not subscriptable", at);
  }
  const int64_t n = static_cast<int64_t>(items.size());
  if (index->type == VT::kInt || index->type == VT::kBool) {
    int64_t k = index->i;
    if (k < 0) k += n;
    if (k < 0 || k >= n) {
      return PyError(ErrorKind::kIndexError,
                     (obj->type == VT::kStr ? std::string("string") : what) +
                         " index out of range",
                     at);
    }
    *out = items[static_cast<size_t>(k)];
    return std::nullopt;
  }
  if (index->type == VT::kSlice) {
    auto part = [&](int k, int64_t dflt, int64_t* v) -> std::optional<Error> {
      const Ref& p = index->items[k];
      if (p->type == VT::kNone) {
        *v = dflt;
        return std::nullopt;
      }
      if (p->type != VT::kInt && p->type != VT::kBool) {
        return PyError(ErrorKind::kTypeError,
                       "slice indices must be integers or None", at);
      }
      *v = p->i;
      return std::nullopt;
    };
    int64_t step = 1;
    if (auto err = part(2, 1, &step)) return err;
    if (step == 0) {
      return PyError(ErrorKind::kValueError, "slice step cannot be zero", at);
    }
    int64_t start = 0, stop = 0;
    if (auto err = part(0, step > 0 ? 0 : n - 1, &start)) return err;
    if (auto err = part(1, step > 0 ? n : -n - 1, &stop)) return err;
    auto clamp = [&](int64_t v, bool is_stop) {
      if (v < 0) v += n;
      if (step > 0) return std::clamp<int64_t>(v, 0, n);
      (void)is_stop;
      return std::clamp<int64_t>(v, -1, n - 1);
    };
    if (index->items[0]->type != VT::kNone) start = clamp(start, false);
    if (index->items[1]->type != VT::kNone) stop = clamp(stop, true);
    std::vector<Ref> picked;
    for (int64_t k = start; step > 0 ? k < stop : k > stop; k += step) {
      picked.push_back(items[static_cast<size_t>(k)]);
    }
    if (obj->type == VT::kModule) {
      auto m = std::make_shared<Obj>();
      m->type = VT::kModule;
      m->mod = std::make_shared<ModuleObj>(*obj->mod);
      m->mod->children.clear();
      int64_t k = start;
      for (const Ref& p : picked) {
        m->mod->children.push_back({obj->mod->children[k].first, p});
        k += step;
      }
      *out = m;
      return std::nullopt;
    }
    if (obj->type == VT::kStr) {
      std::string s;
      for (const Ref& p : picked) s += p->s;
      *out = Str(s);
      return std::nullopt;
    }
    *out = obj->type == VT::kTuple ? Tuple(picked) : List(picked);
    return std::nullopt;
  }
  return PyError(
      ErrorKind::kTypeError,
      what + " indices must be integers or slices, not " + TypeName(index), at);
}

// Python's + - * / // % ** on numbers, strings, tuples and lists; tensors
// go to the graph (torch_api.cc).
std::optional<Error> Interp::Binary(const std::string& op, const Ref& a,
                                    const Ref& b, const Site& at, Ref* out) {
  auto num = [](const Ref& v) {
    return v->type == VT::kInt || v->type == VT::kBool || v->type == VT::kFloat;
  };
  if (a->type == VT::kTensor || b->type == VT::kTensor) {
    return TensorBinary(op, a, b, at, out);
  }
  if (num(a) && num(b)) {
    Value x = a->type == VT::kFloat ? Value::Float(a->f) : Value::Int(a->i);
    Value y = b->type == VT::kFloat ? Value::Float(b->f) : Value::Int(b->i);
    if (op == "<<" || op == ">>" || op == "&" || op == "|" || op == "^") {
      if (a->type == VT::kFloat || b->type == VT::kFloat) {
        return PyError(ErrorKind::kTypeError,
                       "unsupported operand type(s) for " + op + ": '" +
                           TypeName(a) + "' and '" + TypeName(b) + "'",
                       at);
      }
      const int64_t p = a->i, q = b->i;
      *out = Int(op == "<<"   ? (q < 63 && q >= 0 ? p << q : 0)
                 : op == ">>" ? (q >= 0 ? p >> std::min<int64_t>(q, 63) : 0)
                 : op == "&"  ? (p & q)
                 : op == "|"  ? (p | q)
                              : (p ^ q));
      return std::nullopt;
    }
    Value r;
    switch (PythonArith(op, x, y, &r)) {
      case ArithError::kNone:
        *out = FromValue(r);
        return std::nullopt;
      case ArithError::kZeroDivision:
        return PyError(ErrorKind::kValueError,
                       op == "%"   ? "ZeroDivisionError: integer modulo by zero"
                       : op == "/" ? "ZeroDivisionError: division by zero"
                                   : "ZeroDivisionError: integer division or "
                                     "modulo by zero",
                       at);
      case ArithError::kOutOfRange:
        return PyError(ErrorKind::kValueError,
                       "the result of " + op + " is beyond 64-bit integers",
                       at);
      case ArithError::kType:
        break;
    }
  }
  if (op == "+" && a->type == b->type &&
      (a->type == VT::kStr || a->type == VT::kTuple || a->type == VT::kList)) {
    if (a->type == VT::kStr) {
      *out = Str(a->s + b->s);
      return std::nullopt;
    }
    std::vector<Ref> items = a->items;
    items.insert(items.end(), b->items.begin(), b->items.end());
    *out = a->type == VT::kTuple ? Tuple(items) : List(items);
    return std::nullopt;
  }
  if (op == "*" && (a->type == VT::kInt || b->type == VT::kInt)) {
    const Ref& seq = a->type == VT::kInt ? b : a;
    const int64_t n = a->type == VT::kInt ? a->i : b->i;
    if (seq->type == VT::kStr || seq->type == VT::kTuple ||
        seq->type == VT::kList) {
      if (n * static_cast<int64_t>(
                  std::max<size_t>(seq->items.size(), seq->s.size())) >
          kMaxItems) {
        return PyError(ErrorKind::kMemoryError, "the sequence is too long", at);
      }
      if (seq->type == VT::kStr) {
        std::string s;
        for (int64_t k = 0; k < n; ++k) s += seq->s;
        *out = Str(s);
        return std::nullopt;
      }
      std::vector<Ref> items;
      for (int64_t k = 0; k < n; ++k) {
        items.insert(items.end(), seq->items.begin(), seq->items.end());
      }
      *out = seq->type == VT::kTuple ? Tuple(items) : List(items);
      return std::nullopt;
    }
  }
  if (op == "%" && a->type == VT::kStr) {
    *out = a;  // string formatting: the text does not matter to the model
    return std::nullopt;
  }
  return PyError(ErrorKind::kTypeError,
                 "unsupported operand type(s) for " + op + ": '" + TypeName(a) +
                     "' and '" + TypeName(b) + "'",
                 at);
}

}  // namespace convplay::internal
