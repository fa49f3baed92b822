// Python's grammar for the subset ConvPlay runs (statements, expressions,
// comprehensions, lambdas), with CPython's SyntaxError wording where the
// learner is likely to meet it.
#ifndef CONVPLAY_SRC_MODEL_PY_PARSER_H_
#define CONVPLAY_SRC_MODEL_PY_PARSER_H_

#include <optional>
#include <string_view>

#include "convplay/spec/status.h"
#include "model/py_ast.h"

namespace convplay::internal {

std::optional<Error> PyParse(std::string_view code, Block* out);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_MODEL_PY_PARSER_H_
