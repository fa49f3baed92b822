#include "model/py_lexer.h"

#include <cctype>
#include <cstring>

namespace convplay::internal {
namespace {

bool IsNameStart(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool IsNameChar(unsigned char c) { return IsNameStart(c) || std::isdigit(c); }

Error SyntaxAt(int line, int column, std::string message,
               ErrorKind kind = ErrorKind::kSyntaxError) {
  Error e = MakeError(kind, std::move(message));
  e.line = line;
  e.column = column;
  return e;
}

class Lexer {
 public:
  explicit Lexer(std::string_view code) : code_(code) {}

  std::optional<Error> Run(std::vector<PyToken>* out) {
    out_ = out;
    std::vector<int> indents = {0};
    bool line_start = true;
    while (pos_ < code_.size()) {
      if (line_start && depth_ == 0) {
        // Measure the indentation of a logical line; skip blank lines.
        int width = 0;
        size_t p = pos_;
        while (p < code_.size() &&
               (code_[p] == ' ' || code_[p] == '\t' || code_[p] == '\f')) {
          width = code_[p] == '\t' ? (width / 8 + 1) * 8 : width + 1;
          ++p;
        }
        if (p >= code_.size()) break;
        if (code_[p] == '\n' || code_[p] == '\r' || code_[p] == '#') {
          while (pos_ < p) Advance();
          while (pos_ < code_.size() && code_[pos_] != '\n') Advance();
          if (pos_ < code_.size()) Advance();
          continue;
        }
        while (pos_ < p) Advance();
        line_start = false;
        if (width > indents.back()) {
          indents.push_back(width);
          Push(PyTok::kIndent, "");
        } else {
          while (width < indents.back()) {
            indents.pop_back();
            Push(PyTok::kDedent, "");
          }
          if (width != indents.back()) {
            return SyntaxAt(line_, column_,
                            "unindent does not match any outer indentation "
                            "level",
                            ErrorKind::kSyntaxError);
          }
        }
      }
      const char c = code_[pos_];
      if (c == '\n') {
        if (depth_ == 0) {
          Push(PyTok::kNewline, "\n");
          line_start = true;
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
      if (c == '\\') {
        size_t p = pos_ + 1;
        if (p < code_.size() && code_[p] == '\r') ++p;
        if (p < code_.size() && code_[p] == '\n') {
          while (pos_ <= p) Advance();
          continue;
        }
        return SyntaxAt(line_, column_,
                        "unexpected character after line continuation "
                        "character");
      }
      const int line = line_;
      const int column = column_;
      PyToken tok;
      if (IsNameStart(static_cast<unsigned char>(c))) {
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
          const bool raw = word.find_first_of("rR") != std::string_view::npos;
          while (pos_ < end) Advance();
          if (auto err = String(&tok, raw)) return err;
        } else {
          tok.type = PyTok::kName;
          tok.text = std::string(word);
          while (pos_ < end) Advance();
        }
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' &&
                  std::isdigit(static_cast<unsigned char>(Peek(1))))) {
        Number(&tok);
      } else if (c == '\'' || c == '"') {
        if (auto err = String(&tok, false)) return err;
      } else {
        static const char* const kOps[] = {
            "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=",
            ">=",  "+=",  "-=",  "*=",  "/=",  "%=", "&=", "|=", "^=", "@=",
            "->",  ":=",  "<<",  ">>",  "(",   ")",  "[",  "]",  "{",  "}",
            ",",   "=",   ".",   ":",   "*",   "/",  "+",  "-",  "%",  "@",
            ";",   "<",   ">",   "|",   "&",   "^",  "~"};
        const char* found = nullptr;
        for (const char* op : kOps) {
          if (code_.substr(pos_).rfind(op, 0) == 0) {
            found = op;
            break;
          }
        }
        if (!found) {
          std::string shown(1, c);
          if (static_cast<unsigned char>(c) >= 0x80 || c == '!' || c == '$' ||
              c == '?' || c == '`') {
            return SyntaxAt(line, column,
                            "invalid character '" + shown + "' in the code");
          }
          return SyntaxAt(line, column, "invalid syntax: '" + shown + "'");
        }
        tok.type = PyTok::kOp;
        tok.text = found;
        const std::string_view op(found);
        if (op == "(" || op == "[" || op == "{") {
          ++depth_;
          opens_.push_back({found[0], line, column});
        } else if (op == ")" || op == "]" || op == "}") {
          const char want = op == ")" ? '(' : op == "]" ? '[' : '{';
          if (opens_.empty()) {
            return SyntaxAt(line, column, "unmatched '" + tok.text + "'");
          }
          if (opens_.back().c != want) {
            return SyntaxAt(line, column,
                            "closing parenthesis '" + tok.text +
                                "' does not match opening parenthesis '" +
                                std::string(1, opens_.back().c) + "'");
          }
          opens_.pop_back();
          --depth_;
        }
        for (size_t k = 0; k < op.size(); ++k) Advance();
      }
      tok.line = line;
      tok.column = column;
      tok.end_line = line_;
      tok.end_column = column_;
      out->push_back(std::move(tok));
    }
    if (!opens_.empty()) {
      return SyntaxAt(
          opens_.back().line, opens_.back().column,
          "'" + std::string(1, opens_.back().c) + "' was never closed");
    }
    if (!out->empty() && out->back().type != PyTok::kNewline &&
        out->back().type != PyTok::kDedent) {
      Push(PyTok::kNewline, "\n");
    }
    while (indents.size() > 1) {
      indents.pop_back();
      Push(PyTok::kDedent, "");
    }
    Push(PyTok::kEnd, "");
    return std::nullopt;
  }

 private:
  struct Open {
    char c;
    int line, column;
  };

  char Peek(size_t k) const {
    return pos_ + k < code_.size() ? code_[pos_ + k] : '\0';
  }
  void Advance() {
    if (code_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(code_[pos_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }
  void Push(PyTok type, std::string text) {
    PyToken t;
    t.type = type;
    t.text = std::move(text);
    t.line = line_;
    t.column = column_;
    t.end_line = line_;
    t.end_column = column_;
    out_->push_back(std::move(t));
  }

  void Number(PyToken* tok) {
    size_t end = pos_;
    bool is_float = false;
    auto digits = [&](auto pred) {
      while (
          end < code_.size() &&
          (pred(static_cast<unsigned char>(code_[end])) || code_[end] == '_')) {
        ++end;
      }
    };
    if (code_[end] == '0' && end + 1 < code_.size() &&
        std::strchr("xXoObB", code_[end + 1]) != nullptr) {
      end += 2;
      digits([](unsigned char ch) { return std::isxdigit(ch) != 0; });
    } else {
      digits([](unsigned char ch) { return std::isdigit(ch) != 0; });
      if (end < code_.size() && code_[end] == '.') {
        is_float = true;
        ++end;
        digits([](unsigned char ch) { return std::isdigit(ch) != 0; });
      }
      if (end < code_.size() && (code_[end] == 'e' || code_[end] == 'E')) {
        size_t e = end + 1;
        if (e < code_.size() && (code_[e] == '+' || code_[e] == '-')) ++e;
        if (e < code_.size() &&
            std::isdigit(static_cast<unsigned char>(code_[e]))) {
          is_float = true;
          end = e;
          digits([](unsigned char ch) { return std::isdigit(ch) != 0; });
        }
      }
    }
    std::string text;
    for (size_t k = pos_; k < end; ++k) {
      if (code_[k] != '_') text += code_[k];
    }
    tok->type = is_float ? PyTok::kFloat : PyTok::kInt;
    tok->text = text;
    while (pos_ < end) Advance();
  }

  std::optional<Error> String(PyToken* tok, bool raw) {
    const int line = line_;
    const int column = column_;
    const char q = code_[pos_];
    const bool triple = Peek(1) == q && Peek(2) == q;
    const size_t qlen = triple ? 3 : 1;
    for (size_t k = 0; k < qlen; ++k) Advance();
    std::string text;
    while (true) {
      if (pos_ >= code_.size()) {
        return SyntaxAt(line, column,
                        triple ? "unterminated triple-quoted string literal"
                               : "unterminated string literal");
      }
      const char c = code_[pos_];
      if (!triple && c == '\n') {
        return SyntaxAt(line, column, "unterminated string literal");
      }
      if (c == q && (!triple || (Peek(1) == q && Peek(2) == q))) {
        for (size_t k = 0; k < qlen; ++k) Advance();
        break;
      }
      if (c == '\\' && pos_ + 1 < code_.size()) {
        const char n = code_[pos_ + 1];
        Advance();
        Advance();
        if (raw) {
          text += '\\';
          text += n;
        } else if (n == 'n') {
          text += '\n';
        } else if (n == 't') {
          text += '\t';
        } else if (n == '\n') {
        } else {
          text += n;
        }
        continue;
      }
      text += c;
      Advance();
    }
    tok->type = PyTok::kString;
    tok->text = std::move(text);
    return std::nullopt;
  }

  std::string_view code_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int depth_ = 0;
  std::vector<Open> opens_;
  std::vector<PyToken>* out_ = nullptr;
};

}  // namespace

std::optional<Error> PyTokenize(std::string_view code,
                                std::vector<PyToken>* out) {
  out->clear();
  return Lexer(code).Run(out);
}

std::string PyDescribe(const PyToken& t) {
  switch (t.type) {
    case PyTok::kNewline:
      return "end of line";
    case PyTok::kEnd:
      return "end of input";
    case PyTok::kIndent:
      return "an indent";
    case PyTok::kDedent:
      return "the end of a block";
    case PyTok::kString:
      return "a string";
    default:
      return "'" + t.text + "'";
  }
}

}  // namespace convplay::internal
