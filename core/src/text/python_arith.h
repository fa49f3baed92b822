// Python's arithmetic on int and float literals, with int64 overflow
// reported instead of wrapped.
#ifndef CONVPLAY_SRC_TEXT_PYTHON_ARITH_H_
#define CONVPLAY_SRC_TEXT_PYTHON_ARITH_H_

#include <string>

#include "convplay/spec/value.h"

namespace convplay::internal {

enum class ArithError { kNone, kType, kZeroDivision, kOutOfRange };

// a op b for op in + - * / // % **, as Python computes it.
ArithError PythonArith(const std::string& op, const Value& a, const Value& b,
                       Value* out);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_TEXT_PYTHON_ARITH_H_
