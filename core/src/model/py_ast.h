// The syntax tree of the Python subset ConvPlay runs: enough for the
// modules, helper functions and constants of course and tutorial code.
#ifndef CONVPLAY_SRC_MODEL_PY_AST_H_
#define CONVPLAY_SRC_MODEL_PY_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace convplay::internal {

struct Expr;
struct Stmt;
using ExprP = std::shared_ptr<Expr>;
using StmtP = std::shared_ptr<Stmt>;
using Block = std::vector<StmtP>;

struct Param {
  std::string name;
  ExprP default_value;  // null: required
  enum Kind { kNormal, kStar, kStarStar, kKeywordOnly } kind = kNormal;
};

struct Comprehension {
  ExprP target;
  ExprP iter;
  std::vector<ExprP> conditions;
};

struct Expr {
  enum Kind {
    kName,
    kInt,
    kFloat,
    kString,
    kTrue,
    kFalse,
    kNone,
    kEllipsis,
    kAttribute,  // a.name
    kCall,       // a(items...), keywords[i] names items[i] ("" positional)
    kSubscript,  // a[b]
    kSlice,      // a:b:c (any may be null)
    kBinary,     // a op b
    kUnary,      // op a   ("-", "+", "not", "~")
    kBoolOp,     // a and b / a or b
    kCompare,    // items[0] ops[0] items[1] ...
    kIfElse,     // b if a else c
    kTuple,
    kList,
    kDict,  // items: k0, v0, k1, v1, ... (null key: **expansion)
    kSet,
    kListComp,  // a for ... (comprehensions); kind of result in op
    kLambda,
    kStarred,  // *a in calls and displays; "**" in op for **a
  } kind = kName;
  std::string name;  // names, attribute names, string text, operator
  int64_t int_value = 0;
  double float_value = 0;
  bool int_overflow = false;
  ExprP a, b, c;
  std::vector<ExprP> items;
  std::vector<std::string> keywords;  // kCall: one per item
  std::vector<std::string> ops;       // kCompare
  std::vector<Comprehension> comps;   // kListComp
  std::vector<Param> params;          // kLambda
  int line = 0, column = 0;
  int end_line = 0, end_column = 0;  // one past the last character
};

struct Stmt {
  enum Kind {
    kExpr,
    kAssign,     // targets = value (targets: a chain a = b = value)
    kAugAssign,  // target op= value
    kAnnAssign,  // target: annotation [= value]
    kReturn,
    kPass,
    kBreak,
    kContinue,
    kIf,
    kFor,
    kWhile,
    kDef,
    kClass,
    kImport,      // names: "torch.nn" as asnames
    kImportFrom,  // module from; names/asnames
    kGlobal,
    kAssert,
    kRaise,
    kTry,
    kWith,
    kDel,
  } kind = kExpr;
  std::vector<ExprP> targets;
  ExprP value;  // value, test, iter, return value
  ExprP target;
  std::string op;  // augmented op ("+"), class/def name, import module
  std::vector<std::string> names, asnames;
  int level = 0;  // relative import dots
  Block body, orelse;
  std::vector<Param> params;
  std::vector<ExprP> bases, decorators;
  int line = 0, column = 0;
  int end_line = 0;
};

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_MODEL_PY_AST_H_
