// Parses the Python that learners paste (nn.Sequential(...) or tutorial
// `self.x = nn.Layer(...)` lines) and prints canonical code back.
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "convplay/spec/checked_math.h"
#include "convplay/text/torch_text.h"
#include "text/python_arith.h"
#include "text/torch_lexer.h"

namespace convplay {
namespace {

using internal::Describe;
using internal::Token;
using internal::TokenType;

// A statement worth reading: `[target =] callee(args)` where the callee
// names a torch.nn layer (nn.X, torch.nn.X, or a bare capitalised name).
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  ParseResult Run() {
    ParseResult result;
    while (Cur().type != TokenType::kEnd) {
      const size_t start = i_;
      if (auto err = Statement(&result.layers)) {
        result.error = err;
        return result;
      }
      if (i_ == start) ++i_;  // safety: always make progress
    }
    if (result.layers.empty() && saw_code_ && !saw_sequential_) {
      result.error = ErrorAt(t_.front(),
                             "no layers found: write nn.Sequential(...) with "
                             "layers in it, or lines like self.conv1 = "
                             "nn.Conv2d(3, 10, 3)");
      return result;
    }
    result.ok = true;
    return result;
  }

 private:
  const Token& Cur() const { return t_[i_]; }
  const Token& At(size_t k) const { return t_[std::min(k, t_.size() - 1)]; }
  bool IsOp(const Token& t, const char* op) const {
    return t.type == TokenType::kOp && t.text == op;
  }

  Error ErrorAt(const Token& t, std::string message,
                ErrorKind kind = ErrorKind::kSyntaxError,
                std::string hint = {}) const {
    Error e = MakeError(kind, std::move(message), std::move(hint));
    e.line = t.line;
    e.column = t.column;
    e.layer = layer_index_;
    return e;
  }

  void SkipToLineEnd() {
    while (Cur().type != TokenType::kNewline && Cur().type != TokenType::kEnd) {
      ++i_;
    }
    if (Cur().type == TokenType::kNewline) ++i_;
  }

  // Reads a dotted name starting at k; returns its parts and the index after.
  std::vector<const Token*> DottedAt(size_t k, size_t* after) const {
    std::vector<const Token*> parts;
    if (At(k).type != TokenType::kName) return parts;
    parts.push_back(&At(k));
    ++k;
    while (IsOp(At(k), ".") && At(k + 1).type == TokenType::kName) {
      parts.push_back(&At(k + 1));
      k += 2;
    }
    *after = k;
    return parts;
  }

  // Is the dotted name a torch.nn module path? Sets *name to the class name.
  static bool ModulePath(const std::vector<const Token*>& parts,
                         std::string* name, bool* bare) {
    if (parts.empty()) return false;
    *name = parts.back()->text;
    *bare = parts.size() == 1;
    if (parts.size() == 1) {
      return !name->empty() &&
             std::isupper(static_cast<unsigned char>((*name)[0]));
    }
    if (parts.size() == 2) return parts[0]->text == "nn";
    if (parts.size() == 3) {
      return parts[0]->text == "torch" && parts[1]->text == "nn";
    }
    return false;
  }

  std::optional<Error> Statement(std::vector<LayerSpec>* layers) {
    if (Cur().type == TokenType::kNewline) {
      ++i_;
      return std::nullopt;
    }
    saw_code_ = true;
    // Find the call: skip `target =` (target may be dotted, e.g. self.conv1).
    size_t k = i_;
    size_t after = 0;
    auto target = DottedAt(k, &after);
    if (!target.empty() && IsOp(At(after), "=") && !IsOp(At(after + 1), "=")) {
      k = after + 1;
    }
    auto callee = DottedAt(k, &after);
    std::string name;
    bool bare = false;
    if (!ModulePath(callee, &name, &bare) || !IsOp(At(after), "(")) {
      SkipToLineEnd();
      return std::nullopt;
    }
    // A bare capitalised call that is no known layer could be the learner's
    // own class (class Net(nn.Module) is skipped: it has no '=' or call).
    i_ = k;
    if (auto err = Layer(layers)) return err;
    if (Cur().type != TokenType::kNewline && Cur().type != TokenType::kEnd &&
        !IsOp(Cur(), ";")) {
      return ErrorAt(Cur(), "expected end of line after the layer, found " +
                                Describe(Cur()));
    }
    if (IsOp(Cur(), ";")) {
      ++i_;
      return std::nullopt;
    }
    SkipToLineEnd();
    return std::nullopt;
  }

  // callee '(' args ')' at i_, appended to layers (Sequential flattened).
  std::optional<Error> Layer(std::vector<LayerSpec>* layers) {
    if (auto err = Enter()) return err;
    struct Leave {
      int* depth;
      ~Leave() { --*depth; }
    } leave{&depth_};
    size_t after = 0;
    auto callee = DottedAt(i_, &after);
    std::string name;
    bool bare = false;
    if (!ModulePath(callee, &name, &bare) || !IsOp(At(after), "(")) {
      const Token& at = Cur();
      return ErrorAt(
          at, "expected a layer such as nn.Conv2d(...), found " + Describe(at));
    }
    const Token& name_tok = *callee.back();
    const Token& open = At(after);
    i_ = after + 1;
    if (name == "Sequential") {
      saw_sequential_ = true;
      return Sequential(open, layers);
    }
    const std::optional<LayerKind> kind = LayerKindFromName(name);
    if (!kind) return UnknownLayer(name_tok, name, bare);
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keywords;
    if (auto err = Arguments(open, &positional, &keywords)) return err;
    LayerSpec spec;
    if (auto err = BindArguments(*kind, positional, keywords, &spec)) {
      err->line = name_tok.line;
      err->column = name_tok.column;
      err->layer = static_cast<int>(layers->size());
      return err;
    }
    layers->push_back(std::move(spec));
    layer_index_ = static_cast<int>(layers->size());
    return std::nullopt;
  }

  std::optional<Error> Sequential(const Token& open,
                                  std::vector<LayerSpec>* layers) {
    while (!IsOp(Cur(), ")")) {
      if (Cur().type == TokenType::kEnd) {
        return ErrorAt(open,
                       "'(' was never closed: expected ')' to end "
                       "nn.Sequential(");
      }
      if (Cur().type == TokenType::kName && IsOp(At(i_ + 1), "=")) {
        return ErrorAt(Cur(),
                       "nn.Sequential takes layers, not keyword "
                       "arguments");
      }
      layer_index_ = static_cast<int>(layers->size());
      if (auto err = Layer(layers)) return err;
      if (IsOp(Cur(), ",")) {
        ++i_;
      } else if (Cur().type == TokenType::kEnd) {
        return ErrorAt(open,
                       "'(' was never closed: expected ')' to end "
                       "nn.Sequential(");
      } else if (!IsOp(Cur(), ")")) {
        return ErrorAt(Cur(),
                       "expected ',' or ')' after a layer in "
                       "nn.Sequential(...), found " +
                           Describe(Cur()));
      }
    }
    ++i_;
    return std::nullopt;
  }

  Error UnknownLayer(const Token& at, const std::string& name, bool bare) {
    const std::string suggestion = SuggestLayerName(name);
    std::string hint =
        suggestion.empty() ? "" : "did you mean nn." + suggestion + "?";
    if (IsUnsupportedTorchLayer(name)) {
      return ErrorAt(at,
                     "nn." + name +
                         " is a real PyTorch layer, but ConvPlay does not "
                         "support it",
                     ErrorKind::kNotImplementedError,
                     hint.empty() ? "ConvPlay models convolution, pooling, "
                                    "activation, normalisation, dropout, "
                                    "flatten, linear, padding and upsampling "
                                    "layers"
                                  : hint);
    }
    if (bare) {
      return ErrorAt(at, "name '" + name + "' is not defined",
                     ErrorKind::kNameError, hint);
    }
    return ErrorAt(at, "module 'torch.nn' has no attribute '" + name + "'",
                   ErrorKind::kAttributeError, hint);
  }

  std::optional<Error> Arguments(
      const Token& open, std::vector<Value>* positional,
      std::vector<std::pair<std::string, Value>>* keywords) {
    while (!IsOp(Cur(), ")")) {
      if (Cur().type == TokenType::kEnd) {
        return ErrorAt(open, "'(' was never closed: expected ')'");
      }
      if (IsOp(Cur(), "*") || IsOp(Cur(), "**")) {
        return ErrorAt(Cur(),
                       "ConvPlay cannot read *args or **kwargs: write "
                       "the values out");
      }
      if (Cur().type == TokenType::kName && IsOp(At(i_ + 1), "=") &&
          !IsOp(At(i_ + 2), "=")) {
        const Token& key = Cur();
        i_ += 2;
        Value v;
        if (auto err = Expression(&v)) return err;
        for (const auto& kw : *keywords) {
          if (kw.first == key.text) {
            return ErrorAt(key, "keyword argument repeated: " + key.text);
          }
        }
        keywords->emplace_back(key.text, std::move(v));
      } else {
        if (!keywords->empty()) {
          return ErrorAt(Cur(), "positional argument follows keyword argument");
        }
        Value v;
        if (auto err = Expression(&v)) return err;
        positional->push_back(std::move(v));
      }
      if (IsOp(Cur(), ",")) {
        ++i_;
      } else if (Cur().type == TokenType::kEnd) {
        return ErrorAt(open, "'(' was never closed: expected ')'");
      } else if (!IsOp(Cur(), ")")) {
        return ErrorAt(Cur(), "expected ',' or ')' after an argument, found " +
                                  Describe(Cur()));
      }
    }
    ++i_;
    return std::nullopt;
  }

  // Python expressions over literals: + - * / // % ** and unary signs.
  std::optional<Error> Expression(Value* out) { return Sum(out); }

  std::optional<Error> Sum(Value* out) {
    if (auto err = Product(out)) return err;
    while (IsOp(Cur(), "+") || IsOp(Cur(), "-")) {
      const Token& op = Cur();
      ++i_;
      Value rhs;
      if (auto err = Product(&rhs)) return err;
      if (auto err = Arith(op, *out, rhs, out)) return err;
    }
    return std::nullopt;
  }

  std::optional<Error> Product(Value* out) {
    if (auto err = Unary(out)) return err;
    while (IsOp(Cur(), "*") || IsOp(Cur(), "/") || IsOp(Cur(), "//") ||
           IsOp(Cur(), "%")) {
      const Token& op = Cur();
      ++i_;
      Value rhs;
      if (auto err = Unary(&rhs)) return err;
      if (auto err = Arith(op, *out, rhs, out)) return err;
    }
    return std::nullopt;
  }

  // Deep nesting would exhaust the (small, in WASM) stack; Python itself
  // refuses code nested this deeply.
  std::optional<Error> Enter() {
    if (++depth_ > kMaxDepth) {
      return ErrorAt(Cur(), "too many nested parentheses or signs (more than " +
                                std::to_string(kMaxDepth) + " levels)");
    }
    return std::nullopt;
  }

  std::optional<Error> Unary(Value* out) {
    if (auto err = Enter()) return err;
    struct Leave {
      int* depth;
      ~Leave() { --*depth; }
    } leave{&depth_};
    if (IsOp(Cur(), "-") || IsOp(Cur(), "+")) {
      const Token& op = Cur();
      ++i_;
      // -9223372036854775808 is in range although its magnitude is not.
      if (op.text == "-" && Cur().type == TokenType::kInt &&
          Cur().text == "9223372036854775808" && !IsOp(At(i_ + 1), "**")) {
        ++i_;
        *out = Value::Int(std::numeric_limits<int64_t>::min());
        return std::nullopt;
      }
      Value v;
      if (auto err = Unary(&v)) return err;
      if (!v.is_number()) {
        return ErrorAt(op,
                       std::string("bad operand type for unary ") + op.text +
                           ": '" + v.TypeName() + "'",
                       ErrorKind::kTypeError);
      }
      if (op.text == "+") {
        *out = v.type() == Value::Type::kBool ? Value::Int(v.as_int()) : v;
      } else if (v.is_int()) {
        if (v.as_int() == std::numeric_limits<int64_t>::min()) {
          return OutOfRange(op);
        }
        *out = Value::Int(-v.as_int());
      } else {
        *out = Value::Float(-v.as_double());
      }
      return std::nullopt;
    }
    return Power(out);
  }

  std::optional<Error> Power(Value* out) {
    if (auto err = Atom(out)) return err;
    if (IsOp(Cur(), "**")) {
      const Token& op = Cur();
      ++i_;
      Value rhs;
      if (auto err = Unary(&rhs)) return err;  // right-associative
      return Arith(op, *out, rhs, out);
    }
    return std::nullopt;
  }

  Error OutOfRange(const Token& at) const {
    return ErrorAt(at,
                   "integer out of range: ConvPlay reads whole numbers from "
                   "-2**63 to 2**63 - 1",
                   ErrorKind::kValueError);
  }

  std::optional<Error> Arith(const Token& op, const Value& a, const Value& b,
                             Value* out) {
    switch (internal::PythonArith(op.text, a, b, out)) {
      case internal::ArithError::kNone:
        return std::nullopt;
      case internal::ArithError::kType:
        return ErrorAt(op,
                       "unsupported operand type(s) for " + op.text + ": '" +
                           a.TypeName() + "' and '" + b.TypeName() + "'",
                       ErrorKind::kTypeError);
      case internal::ArithError::kZeroDivision:
        return ErrorAt(op,
                       op.text == "/" ? "division by zero"
                                      : "integer division or modulo by zero",
                       ErrorKind::kValueError);
      case internal::ArithError::kOutOfRange:
        break;
    }
    return OutOfRange(op);
  }

  std::optional<Error> Atom(Value* out) {
    const Token& t = Cur();
    switch (t.type) {
      case TokenType::kInt: {
        errno = 0;
        char* end = nullptr;
        const long long v = std::strtoll(t.text.c_str(), &end, 10);
        if (errno == ERANGE) return OutOfRange(t);
        ++i_;
        *out = Value::Int(v);
        return std::nullopt;
      }
      case TokenType::kFloat:
        ++i_;
        *out = Value::Float(std::strtod(t.text.c_str(), nullptr));
        return std::nullopt;
      case TokenType::kString: {
        ++i_;
        std::string s = t.text;
        // Adjacent literals concatenate, as in Python.
        while (Cur().type == TokenType::kString) s += t_[i_++].text;
        *out = Value::String(std::move(s));
        return std::nullopt;
      }
      case TokenType::kName:
        if (t.text == "True" || t.text == "False") {
          ++i_;
          *out = Value::Bool(t.text == "True");
          return std::nullopt;
        }
        if (t.text == "None") {
          ++i_;
          *out = Value::None();
          return std::nullopt;
        }
        if (t.text == "float" && IsOp(At(i_ + 1), "(")) return FloatCall(out);
        return ErrorAt(t, "name '" + t.text + "' is not defined",
                       ErrorKind::kNameError,
                       "ConvPlay reads literal values: write the number "
                       "instead of a variable");
      case TokenType::kOp:
        if (t.text == "(" || t.text == "[") return Sequence(out);
        break;
      default:
        break;
    }
    return ErrorAt(t,
                   "expected a value (a number, string, True/False/None, "
                   "tuple or list), found " +
                       Describe(t));
  }

  // float('inf'), float('-inf'), float('nan'), float("1e-3"), float(2).
  std::optional<Error> FloatCall(Value* out) {
    const Token& name = Cur();
    i_ += 2;
    Value arg;
    if (auto err = Expression(&arg)) return err;
    if (!IsOp(Cur(), ")")) {
      return ErrorAt(
          Cur(), "expected ')' to end float(...), found " + Describe(Cur()));
    }
    ++i_;
    if (arg.is_number()) {
      *out = Value::Float(arg.as_double());
      return std::nullopt;
    }
    if (arg.is_string()) {
      std::string text;
      for (char c : arg.as_string()) {
        if (c != ' ' && c != '_')
          text +=
              static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      const bool negative = !text.empty() && text[0] == '-';
      const std::string body = text.substr(
          !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0);
      if (body == "inf" || body == "infinity") {
        *out = Value::Float(negative ? -HUGE_VAL : HUGE_VAL);
        return std::nullopt;
      }
      if (body == "nan") {
        *out = Value::Float(std::nan(""));
        return std::nullopt;
      }
      char* end = nullptr;
      const double d = std::strtod(text.c_str(), &end);
      if (!text.empty() && end && *end == '\0') {
        *out = Value::Float(d);
        return std::nullopt;
      }
    }
    return ErrorAt(name, "could not convert string to float: " + Repr(arg),
                   ErrorKind::kValueError);
  }

  std::optional<Error> Sequence(Value* out) {
    const Token& open = Cur();
    const bool list = open.text == "[";
    const char* close = list ? "]" : ")";
    ++i_;
    std::vector<Value> items;
    bool trailing_comma = false;
    while (!IsOp(Cur(), close)) {
      if (Cur().type == TokenType::kEnd) {
        return ErrorAt(
            open,
            "'" + open.text + "' was never closed: expected '" + close + "'");
      }
      Value v;
      if (auto err = Expression(&v)) return err;
      items.push_back(std::move(v));
      trailing_comma = false;
      if (IsOp(Cur(), ",")) {
        trailing_comma = true;
        ++i_;
      } else if (Cur().type == TokenType::kEnd) {
        return ErrorAt(
            open,
            "'" + open.text + "' was never closed: expected '" + close + "'");
      } else if (!IsOp(Cur(), close)) {
        return ErrorAt(Cur(), std::string("expected ',' or '") + close +
                                  "', found " + Describe(Cur()));
      }
    }
    ++i_;
    if (!list && items.size() == 1 && !trailing_comma) {
      *out = std::move(items[0]);  // (x) is just x
    } else {
      *out =
          list ? Value::List(std::move(items)) : Value::Tuple(std::move(items));
    }
    return std::nullopt;
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  static constexpr int kMaxDepth = 100;
  int depth_ = 0;
  bool saw_code_ = false;
  bool saw_sequential_ = false;  // an empty nn.Sequential() is a valid stack
  int layer_index_ = 0;
};

}  // namespace

ParseResult ParseTorch(std::string_view code) {
  std::vector<Token> tokens;
  if (auto err = internal::Tokenize(code, &tokens)) {
    ParseResult r;
    r.error = err;
    return r;
  }
  return Parser(std::move(tokens)).Run();
}

}  // namespace convplay
