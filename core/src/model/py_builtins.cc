// Python's builtins as model code uses them: print (not run), len, range,
// int/float/bool/str/list/tuple/dict (OrderedDict is dict), zip, enumerate,
// min/max/sum/abs/round, isinstance, getattr/setattr/hasattr, reversed,
// sorted, any/all, pow, divmod, super (bound where it is called) and the
// exception classes that `raise` names.
#include <algorithm>
#include <cmath>

#include "model/interp.h"

namespace convplay::internal {

void Interp::InstallBuiltins() {
  auto def = [&](const std::string& name, Native fn) {
    builtins_->vars[name] = Builtin(name, std::move(fn));
  };
  def("print", [](Interp&, const Args&, const Site&, Ref* out) {
    *out = None();
    return std::nullopt;
  });
  def("len",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 1) {
          return PyError(ErrorKind::kTypeError,
                         "len() takes exactly one argument (" +
                             std::to_string(a.positional.size()) + " given)",
                         at);
        }
        const Ref& v = a.positional[0];
        if (v->type == VT::kTensor) {
          if (v->shape.empty()) {
            return PyError(ErrorKind::kTypeError, "len() of a 0-d tensor", at);
          }
          *out = Int(v->shape[0]);
          return std::nullopt;
        }
        if (v->type == VT::kModule) {
          if (v->mod->kind == ModuleObj::kUser ||
              v->mod->kind == ModuleObj::kLayer) {
            return PyError(ErrorKind::kTypeError,
                           "object of type '" + v->mod->type + "' has no len()",
                           at);
          }
          *out = Int(static_cast<int64_t>(v->mod->children.size()));
          return std::nullopt;
        }
        if (v->type == VT::kStr) {
          *out = Int(static_cast<int64_t>(v->s.size()));
          return std::nullopt;
        }
        if (v->type == VT::kRange) {
          std::vector<Ref> items;
          if (auto err = in.Iterate(v, at, &items)) return err;
          *out = Int(static_cast<int64_t>(items.size()));
          return std::nullopt;
        }
        if (v->type != VT::kTuple && v->type != VT::kList &&
            v->type != VT::kDict) {
          return PyError(
              ErrorKind::kTypeError,
              std::string("object of type '") + TypeName(v) + "' has no len()",
              at);
        }
        *out = Int(static_cast<int64_t>(v->items.size()));
        return std::nullopt;
      });
  def("range",
      [](Interp&, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.empty() || a.positional.size() > 3) {
          return PyError(ErrorKind::kTypeError,
                         "range expected at most 3 arguments, got " +
                             std::to_string(a.positional.size()),
                         at);
        }
        int64_t v[3] = {0, 0, 1};
        for (size_t k = 0; k < a.positional.size(); ++k) {
          const Ref& x = a.positional[k];
          if (x->type != VT::kInt && x->type != VT::kBool) {
            return PyError(ErrorKind::kTypeError,
                           std::string("'") + TypeName(x) +
                               "' object cannot be interpreted as an integer",
                           at);
          }
        }
        if (a.positional.size() == 1) {
          v[1] = a.positional[0]->i;
        } else {
          v[0] = a.positional[0]->i;
          v[1] = a.positional[1]->i;
          if (a.positional.size() == 3) v[2] = a.positional[2]->i;
        }
        if (v[2] == 0) {
          return PyError(ErrorKind::kValueError,
                         "range() arg 3 must not be zero", at);
        }
        auto r = std::make_shared<Obj>();
        r->type = VT::kRange;
        r->items = {Int(v[0]), Int(v[1]), Int(v[2])};
        *out = r;
        return std::nullopt;
      });
  auto convert = [&](const char* name) {
    def(name,
        [name = std::string(name)](Interp& in, const Args& a, const Site& at,
                                   Ref* out) -> std::optional<Error> {
          if (a.positional.empty()) {
            *out = name == "int"     ? Int(0)
                   : name == "float" ? Float(0)
                   : name == "bool"  ? Bool(false)
                   : name == "str"   ? Str("")
                   : name == "list"  ? List({})
                                     : Tuple({});
            return std::nullopt;
          }
          const Ref& v = a.positional[0];
          if (name == "list" || name == "tuple") {
            std::vector<Ref> items;
            if (auto err = in.Iterate(v, at, &items)) return err;
            *out = name == "list" ? List(std::move(items))
                                  : Tuple(std::move(items));
            return std::nullopt;
          }
          if (name == "bool") {
            if (v->type == VT::kTensor) {
              return NotModelled(at,
                                 "bool() of a tensor: its value depends on "
                                 "the data");
            }
            *out = Bool(Truthy(v));
            return std::nullopt;
          }
          if (name == "str") {
            *out = Str(v->type == VT::kStr ? v->s : in.Repr(v));
            return std::nullopt;
          }
          if (v->type == VT::kTensor) {
            return NotModelled(at, name +
                                       "() of a tensor: its value depends on "
                                       "the data");
          }
          if (name == "int") {
            if (v->type == VT::kInt || v->type == VT::kBool) {
              *out = Int(v->i);
            } else if (v->type == VT::kFloat) {
              if (!std::isfinite(v->f) || std::fabs(v->f) > 9.2e18) {
                return PyError(
                    ErrorKind::kValueError,
                    "cannot convert float " + in.Repr(v) + " to integer", at);
              }
              *out = Int(static_cast<int64_t>(std::trunc(v->f)));
            } else if (v->type == VT::kStr) {
              char* end = nullptr;
              const long long x = std::strtoll(v->s.c_str(), &end, 10);
              if (v->s.empty() || *end != '\0') {
                return PyError(
                    ErrorKind::kValueError,
                    "invalid literal for int() with base 10: " + in.Repr(v),
                    at);
              }
              *out = Int(x);
            } else {
              return PyError(ErrorKind::kTypeError,
                             std::string("int() argument must be a string, a "
                                         "bytes-like object or a real number, "
                                         "not '") +
                                 TypeName(v) + "'",
                             at);
            }
            return std::nullopt;
          }
          // float
          if (v->type == VT::kInt || v->type == VT::kBool) {
            *out = Float(static_cast<double>(v->i));
          } else if (v->type == VT::kFloat) {
            *out = v;
          } else if (v->type == VT::kStr) {
            std::string s = v->s;
            for (char& c : s) c = static_cast<char>(std::tolower(c));
            if (s == "inf" || s == "+inf" || s == "infinity") {
              *out = Float(INFINITY);
            } else if (s == "-inf" || s == "-infinity") {
              *out = Float(-INFINITY);
            } else if (s == "nan") {
              *out = Float(NAN);
            } else {
              char* end = nullptr;
              const double x = std::strtod(v->s.c_str(), &end);
              if (v->s.empty() || *end != '\0') {
                return PyError(
                    ErrorKind::kValueError,
                    "could not convert string to float: " + in.Repr(v), at);
              }
              *out = Float(x);
            }
          } else {
            return PyError(ErrorKind::kTypeError,
                           std::string("float() argument must be a string or a "
                                       "real number, not '") +
                               TypeName(v) + "'",
                           at);
          }
          return std::nullopt;
        });
  };
  for (const char* n : {"int", "float", "bool", "str", "list", "tuple"}) {
    convert(n);
  }
  def("dict",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        auto d = std::make_shared<Obj>();
        d->type = VT::kDict;
        if (!a.positional.empty()) {
          std::vector<Ref> pairs;
          if (auto err = in.Iterate(a.positional[0], at, &pairs)) return err;
          for (const Ref& p : pairs) {
            std::vector<Ref> kv;
            if (auto err = in.Iterate(p, at, &kv)) return err;
            if (kv.size() != 2) {
              return PyError(ErrorKind::kValueError,
                             "dictionary update sequence element has length " +
                                 std::to_string(kv.size()) + "; 2 is required",
                             at);
            }
            d->items.push_back(kv[0]);
            d->values.push_back(kv[1]);
          }
        }
        for (const auto& [k, v] : a.keywords) {
          d->items.push_back(Str(k));
          d->values.push_back(v);
        }
        *out = d;
        return std::nullopt;
      });
  builtins_->vars["OrderedDict"] = builtins_->vars["dict"];
  def("zip",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        std::vector<std::vector<Ref>> lists;
        size_t n = SIZE_MAX;
        for (const Ref& v : a.positional) {
          lists.emplace_back();
          if (auto err = in.Iterate(v, at, &lists.back())) return err;
          n = std::min(n, lists.back().size());
        }
        std::vector<Ref> items;
        if (lists.empty()) n = 0;
        for (size_t k = 0; k < n; ++k) {
          std::vector<Ref> t;
          for (auto& l : lists) t.push_back(l[k]);
          items.push_back(Tuple(std::move(t)));
        }
        *out = List(std::move(items));
        return std::nullopt;
      });
  def("enumerate",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.empty()) {
          return PyError(ErrorKind::kTypeError,
                         "enumerate() missing required argument 'iterable'",
                         at);
        }
        std::vector<Ref> items;
        if (auto err = in.Iterate(a.positional[0], at, &items)) return err;
        int64_t start = a.positional.size() > 1 ? a.positional[1]->i : 0;
        for (const auto& [k, v] : a.keywords) {
          if (k == "start") start = v->i;
        }
        std::vector<Ref> pairs;
        for (size_t k = 0; k < items.size(); ++k) {
          pairs.push_back(
              Tuple({Int(start + static_cast<int64_t>(k)), items[k]}));
        }
        *out = List(std::move(pairs));
        return std::nullopt;
      });
  auto minmax = [&](const char* name, bool is_max) {
    def(name,
        [is_max, name = std::string(name)](Interp& in, const Args& a,
                                           const Site& at,
                                           Ref* out) -> std::optional<Error> {
          std::vector<Ref> items;
          if (a.positional.size() == 1) {
            if (a.positional[0]->type == VT::kTensor) {
              return NotModelled(at, "torch-valued " + name + "()");
            }
            if (auto err = in.Iterate(a.positional[0], at, &items)) return err;
          } else {
            items = a.positional;
          }
          if (items.empty()) {
            return PyError(ErrorKind::kValueError,
                           name + "() arg is an empty sequence", at);
          }
          Ref best = items[0];
          for (size_t k = 1; k < items.size(); ++k) {
            bool less = false;
            if (auto err =
                    in.Compare(is_max ? "<" : ">", best, items[k], at, &less)) {
              return err;
            }
            if (less) best = items[k];
          }
          *out = best;
          return std::nullopt;
        });
  };
  minmax("max", true);
  minmax("min", false);
  def("sum",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.empty()) {
          return PyError(ErrorKind::kTypeError,
                         "sum() takes at least 1 positional argument (0 given)",
                         at);
        }
        std::vector<Ref> items;
        if (auto err = in.Iterate(a.positional[0], at, &items)) return err;
        Ref acc = a.positional.size() > 1 ? a.positional[1] : Int(0);
        for (const Ref& v : items) {
          if (auto err = in.Binary("+", acc, v, at, &acc)) return err;
        }
        *out = acc;
        return std::nullopt;
      });
  def("abs",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 1) {
          return PyError(ErrorKind::kTypeError,
                         "abs() takes exactly one argument", at);
        }
        const Ref& v = a.positional[0];
        if (v->type == VT::kInt || v->type == VT::kBool) {
          *out = Int(v->i < 0 ? -v->i : v->i);
        } else if (v->type == VT::kFloat) {
          *out = Float(std::fabs(v->f));
        } else {
          (void)in;
          return PyError(
              ErrorKind::kTypeError,
              std::string("bad operand type for abs(): '") + TypeName(v) + "'",
              at);
        }
        return std::nullopt;
      });
  def("round",
      [](Interp&, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.empty()) {
          return PyError(ErrorKind::kTypeError,
                         "round() missing required argument 'number' (pos 1)",
                         at);
        }
        const Ref& v = a.positional[0];
        if (v->type == VT::kInt || v->type == VT::kBool) {
          *out = Int(v->i);
          return std::nullopt;
        }
        if (v->type != VT::kFloat) {
          return PyError(ErrorKind::kTypeError,
                         std::string("type ") + TypeName(v) +
                             " doesn't define __round__ method",
                         at);
        }
        if (a.positional.size() > 1 && a.positional[1]->type != VT::kNone) {
          const double p =
              std::pow(10.0, static_cast<double>(a.positional[1]->i));
          *out = Float(std::nearbyint(v->f * p) / p);
          return std::nullopt;
        }
        *out = Int(static_cast<int64_t>(std::nearbyint(v->f)));
        return std::nullopt;
      });
  def("isinstance",
      [](Interp&, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 2) {
          return PyError(ErrorKind::kTypeError,
                         "isinstance expected 2 arguments, got " +
                             std::to_string(a.positional.size()),
                         at);
        }
        const Ref& v = a.positional[0];
        std::vector<Ref> types = {a.positional[1]};
        if (a.positional[1]->type == VT::kTuple) types = a.positional[1]->items;
        bool result = false;
        for (const Ref& t : types) {
          if (t->type == VT::kBuiltin) {
            const std::string& n = t->s;
            if ((n == "int" && (v->type == VT::kInt || v->type == VT::kBool)) ||
                (n == "float" && v->type == VT::kFloat) ||
                (n == "bool" && v->type == VT::kBool) ||
                (n == "str" && v->type == VT::kStr) ||
                (n == "list" && v->type == VT::kList) ||
                (n == "tuple" && v->type == VT::kTuple) ||
                (n == "dict" && v->type == VT::kDict) ||
                (n == "Tensor" && v->type == VT::kTensor) ||
                (n == "Module" && v->type == VT::kModule) ||
                (v->type == VT::kModule && v->mod->type == n)) {
              result = true;
            }
          } else if (t->type == VT::kClass && v->type == VT::kModule &&
                     v->mod->cls) {
            std::vector<std::shared_ptr<ClassInfo>> todo = {v->mod->cls};
            while (!todo.empty()) {
              auto c = todo.back();
              todo.pop_back();
              if (c == t->cls) result = true;
              for (const Ref& b : c->bases) {
                if (b->type == VT::kClass) todo.push_back(b->cls);
              }
            }
          }
        }
        *out = Bool(result);
        return std::nullopt;
      });
  def("hasattr",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 2 || a.positional[1]->type != VT::kStr) {
          return PyError(ErrorKind::kTypeError,
                         "hasattr expected 2 arguments: an object and a str",
                         at);
        }
        Ref v;
        auto err = in.GetAttr(a.positional[0], a.positional[1]->s, at, &v);
        if (err && err->kind != ErrorKind::kAttributeError) return err;
        *out = Bool(!err);
        return std::nullopt;
      });
  def("getattr",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() < 2 || a.positional[1]->type != VT::kStr) {
          return PyError(ErrorKind::kTypeError,
                         "getattr expected at least 2 arguments", at);
        }
        auto err = in.GetAttr(a.positional[0], a.positional[1]->s, at, out);
        if (err && err->kind == ErrorKind::kAttributeError &&
            a.positional.size() > 2) {
          *out = a.positional[2];
          return std::nullopt;
        }
        return err;
      });
  def("setattr",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 3 || a.positional[1]->type != VT::kStr) {
          return PyError(ErrorKind::kTypeError,
                         "setattr expected 3 arguments: an object, a str and a "
                         "value",
                         at);
        }
        *out = None();
        return in.SetAttr(a.positional[0], a.positional[1]->s, a.positional[2],
                          at);
      });
  def("reversed",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 1) {
          return PyError(ErrorKind::kTypeError, "reversed expected 1 argument",
                         at);
        }
        std::vector<Ref> items;
        if (auto err = in.Iterate(a.positional[0], at, &items)) return err;
        std::reverse(items.begin(), items.end());
        *out = List(std::move(items));
        return std::nullopt;
      });
  def("sorted",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 1) {
          return PyError(ErrorKind::kTypeError, "sorted expected 1 argument",
                         at);
        }
        std::vector<Ref> items;
        if (auto err = in.Iterate(a.positional[0], at, &items)) return err;
        std::optional<Error> failed;
        std::stable_sort(items.begin(), items.end(),
                         [&](const Ref& x, const Ref& y) {
                           bool less = false;
                           if (!failed)
                             failed = in.Compare("<", x, y, at, &less);
                           return less;
                         });
        if (failed) return failed;
        *out = List(std::move(items));
        return std::nullopt;
      });
  auto anyall = [&](const char* name, bool all) {
    def(name,
        [all](Interp& in, const Args& a, const Site& at,
              Ref* out) -> std::optional<Error> {
          if (a.positional.size() != 1) {
            return PyError(ErrorKind::kTypeError, "expected 1 argument", at);
          }
          std::vector<Ref> items;
          if (auto err = in.Iterate(a.positional[0], at, &items)) return err;
          bool r = all;
          for (const Ref& v : items) {
            if (Truthy(v) != all) r = !all;
          }
          *out = Bool(r);
          return std::nullopt;
        });
  };
  anyall("any", false);
  anyall("all", true);
  def("pow",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 2) {
          return PyError(ErrorKind::kTypeError, "pow expected 2 arguments", at);
        }
        return in.Binary("**", a.positional[0], a.positional[1], at, out);
      });
  def("divmod",
      [](Interp& in, const Args& a, const Site& at,
         Ref* out) -> std::optional<Error> {
        if (a.positional.size() != 2) {
          return PyError(ErrorKind::kTypeError, "divmod expected 2 arguments",
                         at);
        }
        Ref q, r;
        if (auto err =
                in.Binary("//", a.positional[0], a.positional[1], at, &q)) {
          return err;
        }
        if (auto err =
                in.Binary("%", a.positional[0], a.positional[1], at, &r)) {
          return err;
        }
        *out = Tuple({q, r});
        return std::nullopt;
      });
  def("super",
      [](Interp&, const Args&, const Site& at, Ref*) -> std::optional<Error> {
        return PyError(ErrorKind::kRuntimeError, "super(): no arguments", at);
      });
  def("object", [](Interp&, const Args&, const Site&, Ref* out) {
    *out = None();
    return std::nullopt;
  });
  for (const char* n : {"ValueError", "TypeError", "RuntimeError",
                        "NotImplementedError", "Exception", "AssertionError",
                        "KeyError", "IndexError", "AttributeError"}) {
    def(n,
        [n = std::string(n)](Interp& in, const Args& a, const Site&, Ref* out) {
          auto e = std::make_shared<Obj>();
          e->type = VT::kOpaque;
          e->s = n;
          if (!a.positional.empty()) {
            e->attrs["message"] = a.positional[0]->type == VT::kStr
                                      ? a.positional[0]
                                      : Str(in.Repr(a.positional[0]));
          }
          *out = e;
          return std::nullopt;
        });
  }
}

}  // namespace convplay::internal
