// A Python literal as it appears in a layer's arguments: ints, floats,
// strings, True/False/None, tuples and lists of those.
#ifndef CONVPLAY_SPEC_VALUE_H_
#define CONVPLAY_SPEC_VALUE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace convplay {

class Value {
 public:
  enum class Type { kNone, kBool, kInt, kFloat, kString, kTuple, kList };

  Value() = default;
  static Value None() { return Value(); }
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Float(double f);
  static Value String(std::string s);
  static Value Tuple(std::vector<Value> items);
  static Value List(std::vector<Value> items);
  static Value IntTuple(const std::vector<int64_t>& ints);

  Type type() const { return type_; }
  bool is_none() const { return type_ == Type::kNone; }
  // Python's bool is an int: True == 1.
  bool is_int() const { return type_ == Type::kInt || type_ == Type::kBool; }
  bool is_number() const { return is_int() || type_ == Type::kFloat; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_sequence() const {
    return type_ == Type::kTuple || type_ == Type::kList;
  }

  int64_t as_int() const { return int_; }
  double as_double() const {
    return type_ == Type::kFloat ? float_ : static_cast<double>(int_);
  }
  bool as_bool() const { return int_ != 0; }
  const std::string& as_string() const { return string_; }
  const std::vector<Value>& items() const { return items_; }

  // Python's truthiness (bool(x)).
  bool Truthy() const;
  // Python's type name: 'int', 'float', 'str', 'bool', 'NoneType', ...
  const char* TypeName() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  Type type_ = Type::kNone;
  int64_t int_ = 0;
  double float_ = 0;
  std::string string_;
  std::vector<Value> items_;
};

// Python's repr(): 3, 2.5, 1e-05, 'same', True, None, (3, 3), (1,), [1, 2].
std::string Repr(const Value& v);

// As Repr, but valid Python source: inf and nan print as float('inf') and
// float('nan').
std::string CodeRepr(const Value& v);

// Shortest decimal text that reads back as the same double, as Python's repr.
std::string FloatRepr(double f);

}  // namespace convplay

#endif  // CONVPLAY_SPEC_VALUE_H_
