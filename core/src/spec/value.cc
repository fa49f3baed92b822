#include "convplay/spec/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace convplay {

Value Value::Bool(bool b) {
  Value v;
  v.type_ = Type::kBool;
  v.int_ = b ? 1 : 0;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.type_ = Type::kInt;
  v.int_ = i;
  return v;
}

Value Value::Float(double f) {
  Value v;
  v.type_ = Type::kFloat;
  v.float_ = f;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.type_ = Type::kString;
  v.string_ = std::move(s);
  return v;
}

Value Value::Tuple(std::vector<Value> items) {
  Value v;
  v.type_ = Type::kTuple;
  v.items_ = std::move(items);
  return v;
}

Value Value::List(std::vector<Value> items) {
  Value v;
  v.type_ = Type::kList;
  v.items_ = std::move(items);
  return v;
}

Value Value::IntTuple(const std::vector<int64_t>& ints) {
  std::vector<Value> items;
  items.reserve(ints.size());
  for (int64_t i : ints) items.push_back(Int(i));
  return Tuple(std::move(items));
}

bool Value::Truthy() const {
  switch (type_) {
    case Type::kNone:
      return false;
    case Type::kBool:
    case Type::kInt:
      return int_ != 0;
    case Type::kFloat:
      return float_ != 0;
    case Type::kString:
      return !string_.empty();
    case Type::kTuple:
    case Type::kList:
      return !items_.empty();
  }
  return false;
}

const char* Value::TypeName() const {
  switch (type_) {
    case Type::kNone:
      return "NoneType";
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kFloat:
      return "float";
    case Type::kString:
      return "str";
    case Type::kTuple:
      return "tuple";
    case Type::kList:
      return "list";
  }
  return "object";
}

bool operator==(const Value& a, const Value& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Value::Type::kNone:
      return true;
    case Value::Type::kBool:
    case Value::Type::kInt:
      return a.int_ == b.int_;
    case Value::Type::kFloat:
      // Bitwise-equal semantics so that NaN round-trips compare equal.
      return a.float_ == b.float_ ||
             (std::isnan(a.float_) && std::isnan(b.float_));
    case Value::Type::kString:
      return a.string_ == b.string_;
    case Value::Type::kTuple:
    case Value::Type::kList:
      return a.items_ == b.items_;
  }
  return false;
}

std::string FloatRepr(double f) {
  if (std::isnan(f)) return "nan";
  if (std::isinf(f)) return f > 0 ? "inf" : "-inf";
  // Python's repr: the shortest digits that read back exactly, written in
  // fixed notation when the exponent is in [-4, 16), else scientific.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, f);
    if (std::strtod(buf, nullptr) == f) break;
  }
  std::string text = buf;  // e.g. "-1.25e-05"
  const size_t e = text.find('e');
  const int exponent = std::atoi(text.c_str() + e + 1);
  std::string sign = text[0] == '-' ? "-" : "";
  std::string digits;
  for (size_t i = sign.size(); i < e; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (exponent < -4 || exponent >= 16) {
    std::string out = sign + digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_text[16];
    std::snprintf(exp_text, sizeof exp_text, "e%c%02d",
                  exponent < 0 ? '-' : '+',
                  exponent < 0 ? -exponent : exponent);
    return out + exp_text;
  }
  if (exponent < 0) {
    return sign + "0." + std::string(-exponent - 1, '0') + digits;
  }
  const size_t int_len = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= int_len) {
    return sign + digits + std::string(int_len - digits.size(), '0') + ".0";
  }
  return sign + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

namespace {

std::string ReprImpl(const Value& v, bool code);

}  // namespace

std::string Repr(const Value& v) { return ReprImpl(v, false); }
std::string CodeRepr(const Value& v) { return ReprImpl(v, true); }

namespace {

std::string ReprImpl(const Value& v, bool code) {
  switch (v.type()) {
    case Value::Type::kNone:
      return "None";
    case Value::Type::kBool:
      return v.as_bool() ? "True" : "False";
    case Value::Type::kInt:
      return std::to_string(v.as_int());
    case Value::Type::kFloat: {
      const double f = v.as_double();
      if (code && !std::isfinite(f)) return "float('" + FloatRepr(f) + "')";
      return FloatRepr(f);
    }
    case Value::Type::kString: {
      // Python prefers single quotes unless the text contains one.
      const std::string& s = v.as_string();
      const bool dq =
          s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
      const char q = dq ? '"' : '\'';
      std::string out(1, q);
      for (char c : s) {
        if (c == '\\' || c == q) out += '\\';
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        out += c;
      }
      out += q;
      return out;
    }
    case Value::Type::kTuple:
    case Value::Type::kList: {
      const bool tuple = v.type() == Value::Type::kTuple;
      std::string out = tuple ? "(" : "[";
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out += ", ";
        out += ReprImpl(v.items()[i], code);
      }
      if (tuple && v.items().size() == 1) out += ",";
      out += tuple ? ")" : "]";
      return out;
    }
  }
  return "";
}

}  // namespace
}  // namespace convplay
