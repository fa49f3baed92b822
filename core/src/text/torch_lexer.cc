#include "text/torch_lexer.h"

#include <cctype>

namespace convplay::internal {
namespace {

bool IsNameStart(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}

bool IsNameChar(unsigned char c) { return IsNameStart(c) || std::isdigit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view code) : code_(code) {}

  std::optional<Error> Run(std::vector<Token>* out) {
    int depth = 0;
    while (pos_ < code_.size()) {
      const char c = code_[pos_];
      if (c == '\n') {
        if (depth == 0 && !out->empty() &&
            out->back().type != TokenType::kNewline) {
          out->push_back(Make(TokenType::kNewline, "\n"));
        }
        Advance();
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        Advance();
        continue;
      }
      if (c == '#') {
        while (pos_ < code_.size() && code_[pos_] != '\n') Advance();
        continue;
      }
      if (c == '\\' && Peek(1) == '\n') {
        Advance();
        Advance();
        continue;
      }
      const int line = line_;
      const int column = column_;
      Token tok;
      if (IsNameStart(static_cast<unsigned char>(c))) {
        // String prefixes (r'', b'', f'', u'') read as plain strings.
        size_t end = pos_;
        while (end < code_.size() &&
               IsNameChar(static_cast<unsigned char>(code_[end]))) {
          ++end;
        }
        const std::string_view word = code_.substr(pos_, end - pos_);
        const bool prefix =
            word.size() <= 2 && end < code_.size() &&
            (code_[end] == '\'' || code_[end] == '"') &&
            word.find_first_not_of("rRbBuUfF") == std::string_view::npos;
        if (prefix) {
          while (pos_ < end) Advance();
          if (auto err = String(&tok)) return err;
        } else {
          tok.type = TokenType::kName;
          tok.text = std::string(word);
          while (pos_ < end) Advance();
        }
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' &&
                  std::isdigit(static_cast<unsigned char>(Peek(1))))) {
        if (auto err = Number(&tok)) return err;
      } else if (c == '\'' || c == '"') {
        if (auto err = String(&tok)) return err;
      } else {
        static const char* const kOps[] = {"**", "//", "->", "(", ")", "[", "]",
                                           "{",  "}",  ",",  "=", ".", ":", "*",
                                           "/",  "+",  "-",  "%", "@", ";", "<",
                                           ">",  "!",  "|",  "&", "^", "~"};
        const char* found = nullptr;
        for (const char* op : kOps) {
          if (code_.substr(pos_).rfind(op, 0) == 0) {
            found = op;
            break;
          }
        }
        if (!found) {
          return ErrorAt(
              line, column,
              "invalid character '" + std::string(1, c) + "' in code");
        }
        tok.type = TokenType::kOp;
        tok.text = found;
        for (size_t i = 0; found[i]; ++i) Advance();
        if (tok.text == "(" || tok.text == "[" || tok.text == "{") ++depth;
        if ((tok.text == ")" || tok.text == "]" || tok.text == "}") &&
            depth > 0) {
          --depth;
        }
      }
      tok.line = line;
      tok.column = column;
      out->push_back(std::move(tok));
    }
    // An unclosed bracket leaves the line open: the parser then meets the
    // end of input and says which bracket was never closed.
    if (depth == 0 && !out->empty() &&
        out->back().type != TokenType::kNewline) {
      out->push_back(Make(TokenType::kNewline, "\n"));
    }
    out->push_back(Make(TokenType::kEnd, ""));
    return std::nullopt;
  }

 private:
  char Peek(size_t ahead) const {
    return pos_ + ahead < code_.size() ? code_[pos_ + ahead] : '\0';
  }

  void Advance() {
    const unsigned char c = static_cast<unsigned char>(code_[pos_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 bytes
      ++column_;
    }
  }

  Token Make(TokenType type, std::string text) const {
    Token t;
    t.type = type;
    t.text = std::move(text);
    t.line = line_;
    t.column = column_;
    return t;
  }

  static Error ErrorAt(int line, int column, std::string message) {
    Error e = MakeError(ErrorKind::kSyntaxError, std::move(message));
    e.line = line;
    e.column = column;
    return e;
  }

  std::optional<Error> Number(Token* tok) {
    const int line = line_, column = column_;
    size_t end = pos_;
    bool is_float = false;
    auto digits = [&] {
      while (end < code_.size() &&
             (std::isdigit(static_cast<unsigned char>(code_[end])) ||
              code_[end] == '_')) {
        ++end;
      }
    };
    if (code_[pos_] == '0' && end + 1 < code_.size() &&
        std::string_view("xXoObB").find(code_[end + 1]) !=
            std::string_view::npos) {
      return ErrorAt(line, column,
                     "ConvPlay reads decimal numbers only (no 0x, 0o, 0b)");
    }
    digits();
    if (end < code_.size() && code_[end] == '.') {
      is_float = true;
      ++end;
      digits();
    }
    if (end < code_.size() && (code_[end] == 'e' || code_[end] == 'E')) {
      size_t e = end + 1;
      if (e < code_.size() && (code_[e] == '+' || code_[e] == '-')) ++e;
      if (e < code_.size() &&
          std::isdigit(static_cast<unsigned char>(code_[e]))) {
        is_float = true;
        end = e;
        digits();
      }
    }
    if (end < code_.size() &&
        IsNameStart(static_cast<unsigned char>(code_[end]))) {
      return ErrorAt(line, column, "invalid number literal");
    }
    std::string text;
    for (size_t i = pos_; i < end; ++i) {
      if (code_[i] != '_') text += code_[i];
    }
    while (pos_ < end) Advance();
    tok->type = is_float ? TokenType::kFloat : TokenType::kInt;
    tok->text = text;
    return std::nullopt;
  }

  std::optional<Error> String(Token* tok) {
    const int line = line_, column = column_;
    const char quote = code_[pos_];
    const bool triple = Peek(1) == quote && Peek(2) == quote;
    const size_t qlen = triple ? 3 : 1;
    for (size_t i = 0; i < qlen; ++i) Advance();
    std::string value;
    while (true) {
      if (pos_ >= code_.size() || (!triple && code_[pos_] == '\n')) {
        return ErrorAt(line, column, "unterminated string literal");
      }
      const char c = code_[pos_];
      if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote))) {
        for (size_t i = 0; i < qlen; ++i) Advance();
        break;
      }
      if (c == '\\' && pos_ + 1 < code_.size()) {
        const char n = code_[pos_ + 1];
        Advance();
        Advance();
        switch (n) {
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          case '\\':
          case '\'':
          case '"':
            value += n;
            break;
          case '\n':
            break;
          default:
            value += '\\';
            value += n;
        }
        continue;
      }
      value += c;
      Advance();
    }
    tok->type = TokenType::kString;
    tok->text = value;
    return std::nullopt;
  }

  std::string_view code_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::optional<Error> Tokenize(std::string_view code, std::vector<Token>* out) {
  out->clear();
  return Lexer(code).Run(out);
}

std::string Describe(const Token& t) {
  switch (t.type) {
    case TokenType::kNewline:
      return "end of line";
    case TokenType::kEnd:
      return "end of input";
    case TokenType::kString:
      return "a string";
    default:
      return "'" + t.text + "'";
  }
}

}  // namespace convplay::internal
