#include "model/py_parser.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

#include "model/py_lexer.h"

namespace convplay::internal {
namespace {

constexpr int kMaxDepth = 200;

class Parser {
 public:
  explicit Parser(std::vector<PyToken> t) : t_(std::move(t)) {}

  std::optional<Error> Module(Block* out) {
    while (Cur().type != PyTok::kEnd) {
      if (Cur().type == PyTok::kNewline) {
        ++i_;
        continue;
      }
      if (Cur().type == PyTok::kIndent) {
        return Fail(Cur(), "unexpected indent", ErrorKind::kSyntaxError);
      }
      if (!Statement(out)) return error_;
    }
    return std::nullopt;
  }

 private:
  const PyToken& Cur() const { return t_[i_]; }
  const PyToken& Next(size_t k = 1) const {
    return t_[std::min(i_ + k, t_.size() - 1)];
  }
  bool IsOp(const char* op) const {
    return Cur().type == PyTok::kOp && Cur().text == op;
  }
  bool IsName(const char* n) const {
    return Cur().type == PyTok::kName && Cur().text == n;
  }
  bool Accept(const char* op) {
    if (IsOp(op)) {
      ++i_;
      return true;
    }
    return false;
  }
  std::optional<Error> Fail(const PyToken& at, std::string message,
                            ErrorKind kind = ErrorKind::kSyntaxError) {
    if (!error_) {
      Error e = MakeError(kind, std::move(message));
      e.line = at.line;
      e.column = at.column;
      error_ = e;
    }
    return error_;
  }
  bool Expect(const char* op) {
    if (Accept(op)) return true;
    if (Cur().type == PyTok::kNewline || Cur().type == PyTok::kEnd) {
      Fail(Cur(), std::string("expected '") + op + "'");
    } else {
      Fail(Cur(), "invalid syntax: expected '" + std::string(op) + "', found " +
                      PyDescribe(Cur()));
    }
    return false;
  }
  static bool IsKeyword(const std::string& s) {
    static const char* const kWords[] = {
        "False",  "None",     "True",  "and",    "as",       "assert",
        "async",  "await",    "break", "class",  "continue", "def",
        "del",    "elif",     "else",  "except", "finally",  "for",
        "from",   "global",   "if",    "import", "in",       "is",
        "lambda", "nonlocal", "not",   "or",     "pass",     "raise",
        "return", "try",      "while", "with",   "yield"};
    for (const char* w : kWords) {
      if (s == w) return true;
    }
    return false;
  }
  bool PlainName() const {
    return Cur().type == PyTok::kName && !IsKeyword(Cur().text);
  }

  ExprP NewExpr(Expr::Kind kind, const PyToken& at) {
    auto e = std::make_shared<Expr>();
    e->kind = kind;
    e->line = at.line;
    e->column = at.column;
    return e;
  }
  void Close(const ExprP& e) {
    const PyToken& last = t_[i_ > 0 ? i_ - 1 : 0];
    e->end_line = last.end_line;
    e->end_column = last.end_column;
  }

  // ---- statements -------------------------------------------------------

  bool Suite(Block* body) {
    if (!Expect(":")) return false;
    if (Cur().type != PyTok::kNewline) {  // simple statements on one line
      return SimpleStatements(body);
    }
    ++i_;
    if (Cur().type != PyTok::kIndent) {
      Fail(Cur(), "expected an indented block", ErrorKind::kSyntaxError);
      return false;
    }
    ++i_;
    while (Cur().type != PyTok::kDedent && Cur().type != PyTok::kEnd) {
      if (Cur().type == PyTok::kNewline) {
        ++i_;
        continue;
      }
      if (Cur().type == PyTok::kIndent) {
        Fail(Cur(), "unexpected indent");
        return false;
      }
      if (!Statement(body)) return false;
    }
    if (Cur().type == PyTok::kDedent) ++i_;
    return true;
  }

  bool Statement(Block* out) {
    if (++depth_ > kMaxDepth) {
      Fail(Cur(), "too many nested blocks", ErrorKind::kSyntaxError);
      return false;
    }
    struct Leave {
      int* d;
      ~Leave() { --*d; }
    } leave{&depth_};
    const PyToken& at = Cur();
    std::vector<ExprP> decorators;
    while (IsOp("@")) {
      ++i_;
      ExprP d = Expression();
      if (!d) return false;
      decorators.push_back(d);
      if (Cur().type != PyTok::kNewline) {
        Fail(Cur(), "invalid syntax after a decorator");
        return false;
      }
      ++i_;
    }
    auto stmt = std::make_shared<Stmt>();
    stmt->line = Cur().line;
    stmt->column = Cur().column;
    stmt->decorators = decorators;
    if (IsName("def")) {
      ++i_;
      stmt->kind = Stmt::kDef;
      if (!PlainName()) {
        Fail(Cur(), "invalid syntax: expected a function name");
        return false;
      }
      stmt->op = Cur().text;
      ++i_;
      if (!Expect("(")) return false;
      if (!Params(&stmt->params, ")")) return false;
      if (!Expect(")")) return false;
      if (Accept("->")) {
        if (!Expression()) return false;
      }
      if (!Suite(&stmt->body)) return false;
    } else if (IsName("class")) {
      ++i_;
      stmt->kind = Stmt::kClass;
      if (!PlainName()) {
        Fail(Cur(), "invalid syntax: expected a class name");
        return false;
      }
      stmt->op = Cur().text;
      ++i_;
      if (Accept("(")) {
        while (!IsOp(")")) {
          if (Cur().type == PyTok::kName && Next().type == PyTok::kOp &&
              Next().text == "=") {
            i_ += 2;  // metaclass=... is ignored
          }
          ExprP b = Expression();
          if (!b) return false;
          stmt->bases.push_back(b);
          if (!Accept(",")) break;
        }
        if (!Expect(")")) return false;
      }
      if (!Suite(&stmt->body)) return false;
    } else if (IsName("if")) {
      if (!IfStatement(stmt.get())) return false;
    } else if (IsName("for")) {
      ++i_;
      stmt->kind = Stmt::kFor;
      stmt->target = TargetList();
      if (!stmt->target) return false;
      if (!IsName("in")) {
        Fail(Cur(), "invalid syntax: expected 'in'");
        return false;
      }
      ++i_;
      stmt->value = ExpressionList();
      if (!stmt->value) return false;
      if (!Suite(&stmt->body)) return false;
      if (IsName("else")) {
        ++i_;
        if (!Suite(&stmt->orelse)) return false;
      }
    } else if (IsName("while")) {
      ++i_;
      stmt->kind = Stmt::kWhile;
      stmt->value = Expression();
      if (!stmt->value) return false;
      if (!Suite(&stmt->body)) return false;
      if (IsName("else")) {
        ++i_;
        if (!Suite(&stmt->orelse)) return false;
      }
    } else if (IsName("try")) {
      ++i_;
      stmt->kind = Stmt::kTry;
      if (!Suite(&stmt->body)) return false;
      while (IsName("except") || IsName("finally") || IsName("else")) {
        ++i_;
        while (!IsOp(":") && Cur().type != PyTok::kNewline &&
               Cur().type != PyTok::kEnd) {
          ++i_;
        }
        Block ignored;
        if (!Suite(&ignored)) return false;
      }
    } else if (IsName("with")) {
      ++i_;
      stmt->kind = Stmt::kWith;
      while (true) {
        ExprP ctx = Expression();
        if (!ctx) return false;
        stmt->targets.push_back(ctx);
        if (IsName("as")) {
          ++i_;
          if (!TargetList()) return false;
        }
        if (!Accept(",")) break;
      }
      if (!Suite(&stmt->body)) return false;
    } else {
      (void)at;
      return SimpleStatements(out);
    }
    stmt->end_line = t_[i_ > 0 ? i_ - 1 : 0].line;
    out->push_back(stmt);
    return true;
  }

  bool IfStatement(Stmt* stmt) {
    ++i_;  // 'if' or 'elif'
    stmt->kind = Stmt::kIf;
    stmt->value = NamedExpression();
    if (!stmt->value) return false;
    if (!Suite(&stmt->body)) return false;
    if (IsName("elif")) {
      auto inner = std::make_shared<Stmt>();
      inner->line = Cur().line;
      inner->column = Cur().column;
      if (!IfStatement(inner.get())) return false;
      stmt->orelse.push_back(inner);
    } else if (IsName("else")) {
      ++i_;
      if (!Suite(&stmt->orelse)) return false;
    }
    return true;
  }

  bool SimpleStatements(Block* out) {
    while (true) {
      if (!SimpleStatement(out)) return false;
      if (Accept(";")) {
        if (Cur().type == PyTok::kNewline || Cur().type == PyTok::kEnd) break;
        continue;
      }
      break;
    }
    if (Cur().type == PyTok::kNewline) {
      ++i_;
      return true;
    }
    if (Cur().type == PyTok::kEnd || Cur().type == PyTok::kDedent) return true;
    Fail(Cur(),
         "invalid syntax: expected end of line, found " + PyDescribe(Cur()));
    return false;
  }

  bool SimpleStatement(Block* out) {
    auto stmt = std::make_shared<Stmt>();
    stmt->line = Cur().line;
    stmt->column = Cur().column;
    if (IsName("pass")) {
      ++i_;
      stmt->kind = Stmt::kPass;
    } else if (IsName("break")) {
      ++i_;
      stmt->kind = Stmt::kBreak;
    } else if (IsName("continue")) {
      ++i_;
      stmt->kind = Stmt::kContinue;
    } else if (IsName("return")) {
      ++i_;
      stmt->kind = Stmt::kReturn;
      if (Cur().type != PyTok::kNewline && !IsOp(";") &&
          Cur().type != PyTok::kEnd) {
        stmt->value = ExpressionList();
        if (!stmt->value) return false;
      }
    } else if (IsName("global") || IsName("nonlocal")) {
      ++i_;
      stmt->kind = Stmt::kGlobal;
      while (PlainName()) {
        stmt->names.push_back(Cur().text);
        ++i_;
        if (!Accept(",")) break;
      }
    } else if (IsName("del")) {
      ++i_;
      stmt->kind = Stmt::kDel;
      stmt->value = ExpressionList();
      if (!stmt->value) return false;
    } else if (IsName("assert")) {
      ++i_;
      stmt->kind = Stmt::kAssert;
      stmt->value = Expression();
      if (!stmt->value) return false;
      if (Accept(",")) {
        stmt->target = Expression();
        if (!stmt->target) return false;
      }
    } else if (IsName("raise")) {
      ++i_;
      stmt->kind = Stmt::kRaise;
      if (Cur().type != PyTok::kNewline && Cur().type != PyTok::kEnd) {
        stmt->value = Expression();
        if (!stmt->value) return false;
        if (IsName("from")) {
          ++i_;
          if (!Expression()) return false;
        }
      }
    } else if (IsName("import")) {
      ++i_;
      stmt->kind = Stmt::kImport;
      while (true) {
        std::string name;
        if (!DottedName(&name)) return false;
        std::string as;
        if (IsName("as")) {
          ++i_;
          if (!PlainName()) {
            Fail(Cur(), "invalid syntax: expected a name after 'as'");
            return false;
          }
          as = Cur().text;
          ++i_;
        }
        stmt->names.push_back(name);
        stmt->asnames.push_back(as);
        if (!Accept(",")) break;
      }
    } else if (IsName("from")) {
      ++i_;
      stmt->kind = Stmt::kImportFrom;
      while (IsOp(".") || IsOp("...")) {
        stmt->level += IsOp(".") ? 1 : 3;
        ++i_;
      }
      if (!IsName("import")) {
        if (!DottedName(&stmt->op)) return false;
      }
      if (!IsName("import")) {
        Fail(Cur(), "invalid syntax: expected 'import'");
        return false;
      }
      ++i_;
      const bool paren = Accept("(");
      if (IsOp("*")) {
        ++i_;
        stmt->names.push_back("*");
        stmt->asnames.push_back("");
      } else {
        while (PlainName()) {
          std::string name = Cur().text;
          ++i_;
          std::string as;
          if (IsName("as")) {
            ++i_;
            if (!PlainName()) {
              Fail(Cur(), "invalid syntax: expected a name after 'as'");
              return false;
            }
            as = Cur().text;
            ++i_;
          }
          stmt->names.push_back(name);
          stmt->asnames.push_back(as);
          if (!Accept(",")) break;
        }
      }
      if (paren && !Expect(")")) return false;
      if (stmt->names.empty()) {
        Fail(Cur(), "invalid syntax: expected a name to import");
        return false;
      }
    } else {
      ExprP first = ExpressionList(/*allow_star=*/true);
      if (!first) return false;
      if (IsOp("=")) {
        stmt->kind = Stmt::kAssign;
        std::vector<ExprP> chain = {first};
        while (Accept("=")) {
          ExprP next = ExpressionList(true);
          if (!next) return false;
          chain.push_back(next);
        }
        stmt->value = chain.back();
        chain.pop_back();
        for (const ExprP& t : chain) {
          if (!CheckTarget(t)) return false;
        }
        stmt->targets = chain;
      } else if (Cur().type == PyTok::kOp && Cur().text.size() >= 2 &&
                 Cur().text.back() == '=' && Cur().text != "==" &&
                 Cur().text != "<=" && Cur().text != ">=" &&
                 Cur().text != "!=") {
        stmt->kind = Stmt::kAugAssign;
        stmt->op = Cur().text.substr(0, Cur().text.size() - 1);
        ++i_;
        if (!CheckTarget(first)) return false;
        if (first->kind == Expr::kTuple || first->kind == Expr::kList) {
          Fail(*FirstTok(first),
               "'tuple' is an illegal expression for augmented assignment");
          return false;
        }
        stmt->target = first;
        stmt->value = ExpressionList();
        if (!stmt->value) return false;
      } else if (IsOp(":")) {
        ++i_;
        stmt->kind = Stmt::kAnnAssign;
        stmt->target = first;
        if (!Expression()) return false;
        if (Accept("=")) {
          stmt->value = ExpressionList();
          if (!stmt->value) return false;
        }
      } else {
        stmt->kind = Stmt::kExpr;
        stmt->value = first;
      }
    }
    stmt->end_line = t_[i_ > 0 ? i_ - 1 : 0].line;
    out->push_back(stmt);
    return true;
  }

  const PyToken* FirstTok(const ExprP& e) {
    static PyToken tok;
    tok.line = e->line;
    tok.column = e->column;
    return &tok;
  }

  bool CheckTarget(const ExprP& t) {
    switch (t->kind) {
      case Expr::kName:
      case Expr::kAttribute:
      case Expr::kSubscript:
        return true;
      case Expr::kStarred:
        return CheckTarget(t->a);
      case Expr::kTuple:
      case Expr::kList:
        for (const ExprP& item : t->items) {
          if (!CheckTarget(item)) return false;
        }
        return true;
      case Expr::kCall:
        Fail(*FirstTok(t),
             "cannot assign to function call here. Maybe you meant '==' "
             "instead of '='?");
        return false;
      default:
        Fail(*FirstTok(t),
             "cannot assign to expression here. Maybe you "
             "meant '==' instead of '='?");
        return false;
    }
  }

  bool DottedName(std::string* out) {
    if (!PlainName()) {
      Fail(Cur(), "invalid syntax: expected a module name");
      return false;
    }
    *out = Cur().text;
    ++i_;
    while (IsOp(".") && Next().type == PyTok::kName) {
      *out += "." + Next().text;
      i_ += 2;
    }
    return true;
  }

  bool Params(std::vector<Param>* params, const char* close) {
    bool keyword_only = false;
    while (!IsOp(close)) {
      Param p;
      if (Accept("**")) {
        p.kind = Param::kStarStar;
      } else if (Accept("*")) {
        if (IsOp(",")) {
          keyword_only = true;
          ++i_;
          continue;
        }
        p.kind = Param::kStar;
        keyword_only = true;
      } else if (Accept("/")) {
        if (!Accept(",")) break;
        continue;
      } else if (keyword_only) {
        p.kind = Param::kKeywordOnly;
      }
      if (!PlainName()) {
        Fail(Cur(), "invalid syntax: expected a parameter name, found " +
                        PyDescribe(Cur()));
        return false;
      }
      p.name = Cur().text;
      ++i_;
      if (std::string(close) == ")" && Accept(":")) {
        if (!Expression()) return false;  // annotation
      }
      if (Accept("=")) {
        p.default_value = Expression();
        if (!p.default_value) return false;
      } else if (p.kind == Param::kNormal) {
        for (const Param& q : *params) {
          if (q.kind == Param::kNormal && q.default_value) {
            Fail(Cur(), "non-default argument follows default argument");
            return false;
          }
        }
      }
      for (const Param& q : *params) {
        if (q.name == p.name) {
          Fail(Cur(),
               "duplicate argument '" + p.name + "' in function definition");
          return false;
        }
      }
      params->push_back(std::move(p));
      if (!Accept(",")) break;
    }
    return true;
  }

  // ---- expressions ------------------------------------------------------

  ExprP TargetList() {
    const PyToken& at = Cur();
    ExprP first = OrExpr();
    if (!first) return nullptr;
    if (!IsOp(",")) return CheckTarget(first) ? first : nullptr;
    ExprP tuple = NewExpr(Expr::kTuple, at);
    tuple->items.push_back(first);
    while (Accept(",")) {
      if (IsName("in") || IsOp("=")) break;
      ExprP item = OrExpr();
      if (!item) return nullptr;
      tuple->items.push_back(item);
    }
    Close(tuple);
    return CheckTarget(tuple) ? tuple : nullptr;
  }

  // a, b, c (a tuple when there is a comma)
  ExprP ExpressionList(bool allow_star = false) {
    const PyToken& at = Cur();
    ExprP first = StarOrExpression(allow_star);
    if (!first) return nullptr;
    if (!IsOp(",")) return first;
    ExprP tuple = NewExpr(Expr::kTuple, at);
    tuple->items.push_back(first);
    while (Accept(",")) {
      if (EndsList()) break;
      ExprP item = StarOrExpression(allow_star);
      if (!item) return nullptr;
      tuple->items.push_back(item);
    }
    Close(tuple);
    return tuple;
  }
  bool EndsList() const {
    return Cur().type == PyTok::kNewline || Cur().type == PyTok::kEnd ||
           IsOp("=") || IsOp(")") || IsOp("]") || IsOp("}") || IsOp(";") ||
           (Cur().type == PyTok::kOp && Cur().text.size() >= 2 &&
            Cur().text.back() == '=');
  }
  ExprP StarOrExpression(bool allow_star) {
    if (IsOp("*")) {
      const PyToken& at = Cur();
      ++i_;
      ExprP e = NewExpr(Expr::kStarred, at);
      e->a = OrExpr();
      if (!e->a) return nullptr;
      Close(e);
      (void)allow_star;
      return e;
    }
    return Expression();
  }

  ExprP NamedExpression() {
    if (PlainName() && Next().type == PyTok::kOp && Next().text == ":=") {
      Fail(Next(), "ConvPlay does not read the walrus operator ':='",
           ErrorKind::kNotImplementedError);
      return nullptr;
    }
    return Expression();
  }

  ExprP Expression() {
    if (++depth_ > kMaxDepth) {
      Fail(Cur(), "expression too deeply nested", ErrorKind::kSyntaxError);
      --depth_;
      return nullptr;
    }
    struct Leave {
      int* d;
      ~Leave() { --*d; }
    } leave{&depth_};
    if (IsName("lambda")) return Lambda();
    const PyToken& at = Cur();
    ExprP body = OrTest();
    if (!body) return nullptr;
    if (IsName("if")) {
      // Only a conditional expression when followed by 'else'.
      size_t save = i_;
      ++i_;
      ExprP test = OrTest();
      if (!test) return nullptr;
      if (!IsName("else")) {
        if (in_comprehension_) {
          i_ = save;
          return body;
        }
        Fail(Cur(), "expected 'else' after 'if' expression");
        return nullptr;
      }
      ++i_;
      ExprP other = Expression();
      if (!other) return nullptr;
      ExprP e = NewExpr(Expr::kIfElse, at);
      e->a = test;
      e->b = body;
      e->c = other;
      Close(e);
      return e;
    }
    return body;
  }

  ExprP Lambda() {
    const PyToken& at = Cur();
    ++i_;
    ExprP e = NewExpr(Expr::kLambda, at);
    if (!Params(&e->params, ":")) return nullptr;
    if (!Expect(":")) return nullptr;
    e->a = Expression();
    if (!e->a) return nullptr;
    Close(e);
    return e;
  }

  // a or b / a and b: left-associative chains of one keyword over the next
  // level down.
  ExprP BoolChain(const char* keyword, ExprP (Parser::*operand)()) {
    const PyToken& at = Cur();
    ExprP left = (this->*operand)();
    if (!left) return nullptr;
    while (IsName(keyword)) {
      ++i_;
      ExprP right = (this->*operand)();
      if (!right) return nullptr;
      ExprP e = NewExpr(Expr::kBoolOp, at);
      e->name = keyword;
      e->a = left;
      e->b = right;
      Close(e);
      left = e;
    }
    return left;
  }
  ExprP OrTest() { return BoolChain("or", &Parser::AndTest); }
  ExprP AndTest() { return BoolChain("and", &Parser::NotTest); }
  ExprP NotTest() {
    if (IsName("not")) {
      const PyToken& at = Cur();
      ++i_;
      ExprP e = NewExpr(Expr::kUnary, at);
      e->name = "not";
      e->a = NotTest();
      if (!e->a) return nullptr;
      Close(e);
      return e;
    }
    return Comparison();
  }
  ExprP Comparison() {
    const PyToken& at = Cur();
    ExprP first = OrExpr();
    if (!first) return nullptr;
    ExprP cmp;
    while (true) {
      std::string op;
      if (Cur().type == PyTok::kOp &&
          (Cur().text == "<" || Cur().text == ">" || Cur().text == "==" ||
           Cur().text == "!=" || Cur().text == "<=" || Cur().text == ">=")) {
        op = Cur().text;
        ++i_;
      } else if (IsName("in")) {
        if (in_comprehension_ && in_for_target_) break;
        op = "in";
        ++i_;
      } else if (IsName("not") && Next().type == PyTok::kName &&
                 Next().text == "in") {
        op = "not in";
        i_ += 2;
      } else if (IsName("is")) {
        ++i_;
        op = "is";
        if (IsName("not")) {
          ++i_;
          op = "is not";
        }
      } else {
        break;
      }
      if (!cmp) {
        cmp = NewExpr(Expr::kCompare, at);
        cmp->items.push_back(first);
      }
      ExprP next = OrExpr();
      if (!next) return nullptr;
      cmp->ops.push_back(op);
      cmp->items.push_back(next);
    }
    if (cmp) {
      Close(cmp);
      return cmp;
    }
    return first;
  }

  ExprP BinaryLevel(int level) {
    static const std::vector<std::vector<std::string>> kLevels = {
        {"|"},        {"^"},      {"&"},
        {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};
    if (level >= static_cast<int>(kLevels.size())) return Factor();
    const PyToken& at = Cur();
    ExprP left = BinaryLevel(level + 1);
    if (!left) return nullptr;
    while (Cur().type == PyTok::kOp) {
      bool match = false;
      for (const std::string& op : kLevels[level]) {
        if (Cur().text == op) match = true;
      }
      if (!match) break;
      ExprP e = NewExpr(Expr::kBinary, at);
      e->name = Cur().text;
      ++i_;
      e->a = left;
      e->b = BinaryLevel(level + 1);
      if (!e->b) return nullptr;
      Close(e);
      left = e;
    }
    return left;
  }
  ExprP OrExpr() { return BinaryLevel(0); }

  ExprP Factor() {
    if (IsOp("-") || IsOp("+") || IsOp("~")) {
      const PyToken& at = Cur();
      ExprP e = NewExpr(Expr::kUnary, at);
      e->name = Cur().text;
      ++i_;
      if (++depth_ > kMaxDepth) {
        Fail(at, "expression too deeply nested");
        --depth_;
        return nullptr;
      }
      e->a = Factor();
      --depth_;
      if (!e->a) return nullptr;
      Close(e);
      return e;
    }
    return Power();
  }
  ExprP Power() {
    const PyToken& at = Cur();
    ExprP base = Primary();
    if (!base) return nullptr;
    if (IsOp("**")) {
      ++i_;
      ExprP e = NewExpr(Expr::kBinary, at);
      e->name = "**";
      e->a = base;
      e->b = Factor();
      if (!e->b) return nullptr;
      Close(e);
      return e;
    }
    return base;
  }

  ExprP Primary() {
    const PyToken& at = Cur();
    ExprP e = Atom();
    if (!e) return nullptr;
    while (true) {
      if (IsOp(".")) {
        ++i_;
        if (Cur().type != PyTok::kName) {
          Fail(Cur(), "invalid syntax: expected an attribute name after '.'");
          return nullptr;
        }
        ExprP a = NewExpr(Expr::kAttribute, at);
        a->a = e;
        a->name = Cur().text;
        ++i_;
        Close(a);
        e = a;
      } else if (IsOp("(")) {
        ++i_;
        ExprP call = NewExpr(Expr::kCall, at);
        call->a = e;
        if (!CallArgs(call.get())) return nullptr;
        Close(call);
        e = call;
      } else if (IsOp("[")) {
        ++i_;
        ExprP sub = NewExpr(Expr::kSubscript, at);
        sub->a = e;
        sub->b = SubscriptList();
        if (!sub->b) return nullptr;
        if (!Expect("]")) return nullptr;
        Close(sub);
        e = sub;
      } else {
        break;
      }
    }
    return e;
  }

  bool CallArgs(Expr* call) {
    bool saw_keyword = false;
    while (!IsOp(")")) {
      std::string keyword;
      ExprP value;
      if (IsOp("**")) {
        const PyToken& at = Cur();
        ++i_;
        value = NewExpr(Expr::kStarred, at);
        value->name = "**";
        value->a = Expression();
        if (!value->a) return false;
        keyword = "**";
      } else if (IsOp("*")) {
        const PyToken& at = Cur();
        ++i_;
        value = NewExpr(Expr::kStarred, at);
        value->a = Expression();
        if (!value->a) return false;
      } else if (Cur().type == PyTok::kName && Next().type == PyTok::kOp &&
                 Next().text == "=") {
        keyword = Cur().text;
        i_ += 2;
        value = Expression();
        if (!value) return false;
        saw_keyword = true;
      } else {
        const PyToken& at = Cur();
        value = Expression();
        if (!value) return false;
        if (IsName("for")) {  // f(x for x in y)
          ExprP gen = NewExpr(Expr::kListComp, at);
          gen->name = "gen";
          gen->a = value;
          if (!Comprehensions(gen.get())) return false;
          Close(gen);
          value = gen;
        }
        if (saw_keyword) {
          Fail(at, "positional argument follows keyword argument");
          return false;
        }
      }
      call->items.push_back(value);
      call->keywords.push_back(keyword);
      if (!Accept(",")) break;
    }
    return Expect(")");
  }

  ExprP SubscriptList() {
    const PyToken& at = Cur();
    ExprP first = SliceItem();
    if (!first) return nullptr;
    if (!IsOp(",")) return first;
    ExprP tuple = NewExpr(Expr::kTuple, at);
    tuple->items.push_back(first);
    while (Accept(",")) {
      if (IsOp("]")) break;
      ExprP item = SliceItem();
      if (!item) return nullptr;
      tuple->items.push_back(item);
    }
    Close(tuple);
    return tuple;
  }
  ExprP SliceItem() {
    const PyToken& at = Cur();
    ExprP lower;
    if (!IsOp(":")) {
      lower = StarOrExpression(true);
      if (!lower) return nullptr;
      if (!IsOp(":")) return lower;
    }
    ExprP s = NewExpr(Expr::kSlice, at);
    s->a = lower;
    ++i_;  // ':'
    if (!IsOp(":") && !IsOp(",") && !IsOp("]")) {
      s->b = Expression();
      if (!s->b) return nullptr;
    }
    if (Accept(":")) {
      if (!IsOp(",") && !IsOp("]")) {
        s->c = Expression();
        if (!s->c) return nullptr;
      }
    }
    Close(s);
    return s;
  }

  bool Comprehensions(Expr* e) {
    const bool saved = in_comprehension_;
    in_comprehension_ = true;
    while (IsName("for")) {
      ++i_;
      Comprehension c;
      in_for_target_ = true;
      c.target = TargetList();
      in_for_target_ = false;
      if (!c.target) return false;
      if (!IsName("in")) {
        Fail(Cur(), "invalid syntax: expected 'in'");
        return false;
      }
      ++i_;
      c.iter = OrTest();
      if (!c.iter) return false;
      while (IsName("if")) {
        ++i_;
        ExprP cond = OrTest();
        if (!cond) return false;
        c.conditions.push_back(cond);
      }
      e->comps.push_back(std::move(c));
    }
    in_comprehension_ = saved;
    return true;
  }

  ExprP Atom() {
    const PyToken& at = Cur();
    switch (at.type) {
      case PyTok::kName: {
        if (at.text == "True" || at.text == "False" || at.text == "None") {
          ++i_;
          ExprP e = NewExpr(at.text == "True"    ? Expr::kTrue
                            : at.text == "False" ? Expr::kFalse
                                                 : Expr::kNone,
                            at);
          Close(e);
          return e;
        }
        if (IsKeyword(at.text) && at.text != "lambda") {
          Fail(at, "invalid syntax: unexpected '" + at.text + "'");
          return nullptr;
        }
        if (at.text == "lambda") return Lambda();
        ++i_;
        ExprP e = NewExpr(Expr::kName, at);
        e->name = at.text;
        Close(e);
        return e;
      }
      case PyTok::kInt: {
        ++i_;
        ExprP e = NewExpr(Expr::kInt, at);
        e->name = at.text;
        errno = 0;
        const char* text = at.text.c_str();
        int base = 10;
        if (at.text.size() > 2 && at.text[0] == '0') {
          const char p = static_cast<char>(at.text[1] | 0x20);
          base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
          if (base != 10) text += 2;
        } else if (at.text.size() > 1 && at.text[0] == '0' &&
                   at.text.find_first_not_of('0') != std::string::npos) {
          Fail(at,
               "leading zeros in decimal integer literals are not "
               "permitted; use an 0o prefix for octal integers");
          return nullptr;
        }
        char* end = nullptr;
        const unsigned long long v = std::strtoull(text, &end, base);
        if (errno == ERANGE || v > static_cast<unsigned long long>(
                                       std::numeric_limits<int64_t>::max())) {
          e->int_overflow = true;
        } else {
          e->int_value = static_cast<int64_t>(v);
        }
        Close(e);
        return e;
      }
      case PyTok::kFloat: {
        ++i_;
        ExprP e = NewExpr(Expr::kFloat, at);
        e->name = at.text;
        e->float_value = std::strtod(at.text.c_str(), nullptr);
        Close(e);
        return e;
      }
      case PyTok::kString: {
        ExprP e = NewExpr(Expr::kString, at);
        while (Cur().type == PyTok::kString) {  // implicit concatenation
          e->name += Cur().text;
          ++i_;
        }
        Close(e);
        return e;
      }
      case PyTok::kOp:
        break;
      default:
        if (at.type == PyTok::kIndent) {
          Fail(at, "unexpected indent");
        } else {
          Fail(at, "invalid syntax: unexpected " + PyDescribe(at));
        }
        return nullptr;
    }
    if (at.text == "...") {
      ++i_;
      ExprP e = NewExpr(Expr::kEllipsis, at);
      Close(e);
      return e;
    }
    if (at.text == "(") {
      ++i_;
      if (Accept(")")) {
        ExprP e = NewExpr(Expr::kTuple, at);
        Close(e);
        return e;
      }
      ExprP first = StarOrExpression(true);
      if (!first) return nullptr;
      if (IsName("for")) {
        ExprP gen = NewExpr(Expr::kListComp, at);
        gen->name = "gen";
        gen->a = first;
        if (!Comprehensions(gen.get())) return nullptr;
        if (!Expect(")")) return nullptr;
        Close(gen);
        return gen;
      }
      if (Accept(")")) return first;  // parenthesised expression
      ExprP tuple = NewExpr(Expr::kTuple, at);
      tuple->items.push_back(first);
      while (Accept(",")) {
        if (IsOp(")")) break;
        ExprP item = StarOrExpression(true);
        if (!item) return nullptr;
        tuple->items.push_back(item);
      }
      if (!Expect(")")) return nullptr;
      Close(tuple);
      return tuple;
    }
    if (at.text == "[") {
      ++i_;
      ExprP list = NewExpr(Expr::kList, at);
      if (Accept("]")) {
        Close(list);
        return list;
      }
      ExprP first = StarOrExpression(true);
      if (!first) return nullptr;
      if (IsName("for")) {
        list->kind = Expr::kListComp;
        list->name = "list";
        list->a = first;
        if (!Comprehensions(list.get())) return nullptr;
        if (!Expect("]")) return nullptr;
        Close(list);
        return list;
      }
      list->items.push_back(first);
      while (Accept(",")) {
        if (IsOp("]")) break;
        ExprP item = StarOrExpression(true);
        if (!item) return nullptr;
        list->items.push_back(item);
      }
      if (!Expect("]")) return nullptr;
      Close(list);
      return list;
    }
    if (at.text == "{") {
      ++i_;
      ExprP d = NewExpr(Expr::kDict, at);
      if (Accept("}")) {
        Close(d);
        return d;
      }
      bool is_set = false;
      while (!IsOp("}")) {
        if (Accept("**")) {
          d->items.push_back(nullptr);
          ExprP v = OrExpr();
          if (!v) return nullptr;
          d->items.push_back(v);
        } else {
          ExprP k = Expression();
          if (!k) return nullptr;
          if (Accept(":")) {
            ExprP v = Expression();
            if (!v) return nullptr;
            d->items.push_back(k);
            d->items.push_back(v);
            if (IsName("for")) {
              d->kind = Expr::kListComp;
              d->name = "dict";
              d->a = k;
              d->b = v;
              d->items.clear();
              if (!Comprehensions(d.get())) return nullptr;
              break;
            }
          } else {
            is_set = true;
            d->items.push_back(k);
          }
        }
        if (!Accept(",")) break;
      }
      if (is_set) d->kind = Expr::kSet;
      if (!Expect("}")) return nullptr;
      Close(d);
      return d;
    }
    Fail(at, "invalid syntax: unexpected " + PyDescribe(at));
    return nullptr;
  }

  std::vector<PyToken> t_;
  size_t i_ = 0;
  int depth_ = 0;
  bool in_comprehension_ = false;
  bool in_for_target_ = false;
  std::optional<Error> error_;
};

}  // namespace

std::optional<Error> PyParse(std::string_view code, Block* out) {
  std::vector<PyToken> tokens;
  if (auto err = PyTokenize(code, &tokens)) return err;
  Parser parser(std::move(tokens));
  return parser.Module(out);
}

}  // namespace convplay::internal
