// Tokens of the Python subset ConvPlay reads.
#ifndef CONVPLAY_SRC_TEXT_TORCH_LEXER_H_
#define CONVPLAY_SRC_TEXT_TORCH_LEXER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/spec/status.h"

namespace convplay::internal {

enum class TokenType { kName, kInt, kFloat, kString, kOp, kNewline, kEnd };

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;  // names, operators, number text; unescaped for strings
  int line = 1;      // 1-based
  int column = 1;    // 1-based, in characters
};

// Splits code into tokens. Newlines inside brackets, comments and blank
// lines are dropped; a kNewline ends each logical line; the last token is
// kEnd. On a lexical error returns a SyntaxError with its position.
std::optional<Error> Tokenize(std::string_view code, std::vector<Token>* out);

// "'x'", "end of line", "end of input" for messages.
std::string Describe(const Token& t);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_TEXT_TORCH_LEXER_H_
