#include "convplay/spec/status.h"

namespace convplay {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kValueError:
      return "ValueError";
    case ErrorKind::kRuntimeError:
      return "RuntimeError";
    case ErrorKind::kTypeError:
      return "TypeError";
    case ErrorKind::kIndexError:
      return "IndexError";
    case ErrorKind::kNotImplementedError:
      return "NotImplementedError";
    case ErrorKind::kSyntaxError:
      return "SyntaxError";
    case ErrorKind::kMemoryError:
      return "MemoryError";
    case ErrorKind::kAttributeError:
      return "AttributeError";
    case ErrorKind::kNameError:
      return "NameError";
  }
  return "RuntimeError";
}

}  // namespace convplay
