// Errors as values: the core never throws and never aborts on bad input.
#ifndef CONVPLAY_SPEC_STATUS_H_
#define CONVPLAY_SPEC_STATUS_H_

#include <string>

namespace convplay {

// PyTorch's (and Python's) exception classes, plus MemoryError for what
// ConvPlay refuses to allocate.
enum class ErrorKind {
  kValueError,
  kRuntimeError,
  kTypeError,
  kIndexError,
  kNotImplementedError,
  kSyntaxError,
  kMemoryError,
  kAttributeError,
  kNameError,
};

const char* ErrorKindName(ErrorKind kind);

struct Error {
  int layer = -1;  // index of the failing layer; -1 when not a layer's fault
  ErrorKind kind = ErrorKind::kRuntimeError;
  std::string message;  // PyTorch's own text where PyTorch has one
  std::string hint;     // ConvPlay's advice: what to change
  int line = 0;         // 1-based position in PyTorch code; 0 if none
  int column = 0;
};

inline Error MakeError(ErrorKind kind, std::string message,
                       std::string hint = {}) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

}  // namespace convplay

#endif  // CONVPLAY_SPEC_STATUS_H_
