// Tokens of the Python that learners paste as class code: names, numbers,
// strings, operators, and Python's NEWLINE / INDENT / DEDENT structure.
#ifndef CONVPLAY_SRC_MODEL_PY_LEXER_H_
#define CONVPLAY_SRC_MODEL_PY_LEXER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/spec/status.h"

namespace convplay::internal {

enum class PyTok {
  kName,
  kInt,
  kFloat,
  kString,
  kOp,
  kNewline,
  kIndent,
  kDedent,
  kEnd
};

struct PyToken {
  PyTok type = PyTok::kEnd;
  std::string text;  // names, operators, number text; unescaped for strings
  int line = 1;      // 1-based
  int column = 1;    // 1-based
  int end_line = 1;  // one past the token's last character
  int end_column = 1;
};

// Python's tokenizer for the subset ConvPlay reads: implicit line joining
// inside brackets, backslash continuation, comments, triple-quoted strings,
// and an IndentationError for a dedent to an unknown level.
std::optional<Error> PyTokenize(std::string_view code,
                                std::vector<PyToken>* out);

// "'x'", "end of line", "end of input", "indent" for messages.
std::string PyDescribe(const PyToken& t);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_MODEL_PY_LEXER_H_
