// The interpreter behind ReadModel: Python values, scopes, user classes and
// nn.Module instances, and a trace of forward() as a graph with shapes.
#ifndef CONVPLAY_SRC_MODEL_INTERP_H_
#define CONVPLAY_SRC_MODEL_INTERP_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "convplay/model/model.h"
#include "convplay/spec/status.h"
#include "model/py_ast.h"
#include "plan/rules.h"

namespace convplay::internal {

struct Obj;
using Ref = std::shared_ptr<Obj>;
struct Scope;
struct ClassInfo;
struct ModuleObj;
class Interp;

enum class VT {
  kNone,
  kBool,
  kInt,
  kFloat,
  kStr,
  kTuple,
  kList,
  kDict,
  kSlice,
  kEllipsis,
  kFunction,   // a def or lambda
  kBuiltin,    // a native callable (nn.Conv2d, F.relu, len, x.view, …)
  kClass,      // a user class
  kModule,     // an nn.Module instance (a layer, container or user module)
  kObject,     // an instance of a user class that is not a module
  kTensor,     // a traced tensor: a graph node and its shape
  kNamespace,  // torch, torch.nn, F, math, collections
  kRange,
  kOpaque,  // torch.device, dtypes, optimisers: values we only pass on
};

struct Args {
  std::vector<Ref> positional;
  std::vector<std::pair<std::string, Ref>> keywords;
};

// The call site: where errors point.
struct Site {
  int line = 0, column = 0;
  std::string text;  // the call as written
};

using Native = std::function<std::optional<Error>(Interp&, const Args&,
                                                  const Site&, Ref* out)>;

struct FunctionInfo {
  std::string name;
  std::vector<Param> params;
  std::vector<Ref> defaults;  // evaluated at def time, per param (or null)
  const Block* body = nullptr;
  ExprP lambda_body;
  std::shared_ptr<Scope> closure;
  std::weak_ptr<ClassInfo> owner;  // methods: the class (for super()); weak:
                                   // the class holds its methods
  std::shared_ptr<Block> keep;     // keeps the AST alive
};

struct ClassInfo {
  std::string name;
  std::vector<Ref> bases;            // user classes, or the nn.Module builtin
  std::map<std::string, Ref> attrs;  // methods and class attributes
  bool is_module = false;            // derives from nn.Module
  int line = 0;
};

struct Obj {
  VT type = VT::kNone;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;            // str; builtin/namespace name
  std::vector<Ref> items;   // tuple, list; dict keys; slice (3); range (3)
  std::vector<Ref> values;  // dict values
  std::shared_ptr<FunctionInfo> fn;
  Native native;
  Ref self;                          // bound methods (function or builtin)
  std::shared_ptr<ClassInfo> cls;    // kClass; kObject's class
  std::shared_ptr<ModuleObj> mod;    // kModule
  std::map<std::string, Ref> attrs;  // kObject, kNamespace members
  // kTensor
  int node = -1;  // -1: the model's input; -2: a tensor made at top level
  Shape shape;
  std::vector<int64_t> strides;  // as PyTorch would have them (views)
  // Tensors the code made (node -2): 1 a constant (torch.zeros/ones/full,
  // value `f`), 2 an nn.Parameter (initial value `f`, or random), 3 a
  // random tensor (torch.randn) that is not a parameter. `s` is a
  // parameter's state_dict key once the tree is named.
  int made = 0;
  bool random = false;
};

struct ModuleObj {
  enum Kind {
    kLayer,
    kSequential,
    kModuleList,
    kModuleDict,
    kUser
  } kind = kLayer;
  std::string type;                 // class name
  LayerSpec spec;                   // kLayer
  std::vector<TensorSpec> tensors;  // kLayer's own parameters and buffers
  std::shared_ptr<ClassInfo> cls;   // kUser
  bool inited = false;              // Module.__init__ ran
  std::vector<std::pair<std::string, Ref>> children;  // registration order
  std::map<std::string, Ref> attrs;
  // A class's own nn.Parameters and buffers (persistent: in the state_dict),
  // in registration order.
  std::vector<std::pair<std::string, Ref>> params;
  std::vector<std::tuple<std::string, Ref, bool>> buffers;
  int line = 0;
  std::string path;  // set before tracing
  int calls = 0;
  int first_call = -1;         // node id of the first call
  const Expr* ctor = nullptr;  // the nn.X(...) call that built it
  std::string lambda_note;
};

struct Scope {
  std::map<std::string, Ref> vars;
  std::shared_ptr<Scope> parent;  // enclosing function or the globals
  bool captured = false;          // a closure made here points at this scope
};

// Python's exception as ConvPlay reports it: PyTorch's class and message at
// the innermost line of the learner's code.
Error PyError(ErrorKind kind, std::string message, const Site& at,
              std::string hint = {});
// NotImplementedError "ConvPlay cannot model <what>", at the line.
Error NotModelled(const Site& at, const std::string& what,
                  const std::string& hint = {});

class Interp {
 public:
  Interp(const Shape& input, const PlanOptions& options);

  // Runs the module's top level.
  std::optional<Error> RunModule(const Block& module);
  std::optional<Error> EvalSource(const std::string& code, Ref* out);
  // Traces root.forward(x) on the input.
  std::optional<Error> Trace(const Ref& root, Ref* out);

  // Values.
  static Ref None();
  static Ref Bool(bool b);
  static Ref Int(int64_t i);
  static Ref Float(double f);
  static Ref Str(std::string s);
  static Ref Tuple(std::vector<Ref> items);
  static Ref List(std::vector<Ref> items);
  static Ref Builtin(std::string name, Native fn, Ref self = nullptr);
  static const char* TypeName(const Ref& v);
  static bool Truthy(const Ref& v);
  std::string Repr(const Ref& v);

  std::optional<Error> Call(const Ref& fn, const Args& args, const Site& at,
                            Ref* out);
  std::optional<Error> GetAttr(const Ref& obj, const std::string& name,
                               const Site& at, Ref* out);
  std::optional<Error> SetAttr(const Ref& obj, const std::string& name,
                               const Ref& value, const Site& at);
  std::optional<Error> Iterate(const Ref& v, const Site& at,
                               std::vector<Ref>* out);
  std::optional<Error> ToValue(const Ref& v, const Site& at, Value* out);
  Ref FromValue(const Value& v);

  // Graph building (torch_api.cc).
  std::optional<Error> AddLayerNode(const LayerSpec& spec, const Ref& x,
                                    ModuleObj* module, bool functional,
                                    const Site& at, Ref* out);
  std::optional<Error> AddNode(GraphNode node, const Shape& out_shape,
                               const std::vector<Ref>& inputs, const Site& at,
                               Ref* out, const std::string& label_code);
  // A tensor the code made becomes a graph node at its first use.
  std::optional<Error> Materialize(const Ref& t, const Site& at);
  std::optional<Error> CallModule(const Ref& module, const Args& args,
                                  const Site& at, Ref* out);
  std::optional<Error> Binary(const std::string& op, const Ref& a, const Ref& b,
                              const Site& at, Ref* out);
  std::optional<Error> TensorBinary(const std::string& op, const Ref& a,
                                    const Ref& b, const Site& at, Ref* out);
  std::optional<Error> TensorAttr(const Ref& t, const std::string& name,
                                  const Site& at, Ref* out);
  std::optional<Error> TensorIndex(const Ref& t, const Ref& index,
                                   const Site& at, Ref* out);
  std::optional<Error> MakeLayer(LayerKind kind, const Args& args,
                                 const Site& at, Ref* out);
  Ref MakeNamespace(const std::string& name);
  std::optional<Error> NamespaceAttr(const Ref& ns, const std::string& name,
                                     const Site& at, Ref* out);

  std::vector<GraphNode> nodes;
  std::vector<LayerPlan> plans;
  std::vector<PlanWarning> warnings;
  std::vector<std::string> classes;
  std::optional<Shape> suggested_input;
  std::string source_;                   // the learner's code (for call texts)
  const Expr* current_call = nullptr;    // the call being made (MakeLayer)
  std::map<const Expr*, int> ctor_uses;  // how many modules a call built
  Ref last_module_var;   // the last top-level name bound to a module
  Ref last_module_expr;  // the last top-level expression that is a module
  std::shared_ptr<Scope> globals;
  bool tracing = false;
  bool dropout_noted = false;
  int64_t used_bytes = 0;
  Shape input_shape;
  PlanOptions plan_options;
  ForwardContext ctx;
  std::vector<ReceptiveField> fields;  // per node
  ReceptiveField input_field;
  int field_dims = 0;

 private:
  friend struct Frame;
  void InstallBuiltins();  // py_builtins.cc
  std::optional<Error> Exec(const Block& body, Scope* scope, int* flow,
                            Ref* ret);
  std::optional<Error> ExecStmt(const Stmt& s, Scope* scope, int* flow,
                                Ref* ret);
  std::optional<Error> Eval(const Expr& e, Scope* scope, Ref* out);
  std::optional<Error> EvalCall(const Expr& e, Scope* scope, Ref* out);
  std::optional<Error> EvalArgs(const Expr& e, Scope* scope, const Site& at,
                                Args* args);
  std::optional<Error> Assign(const Expr& target, const Ref& value,
                              Scope* scope);
  std::optional<Error> Lookup(const std::string& name, Scope* scope,
                              const Site& at, Ref* out);
  std::optional<Error> CallFunction(const Ref& fn, const Args& args,
                                    const Site& at, Ref* out);
  std::optional<Error> Instantiate(const Ref& cls, const Args& args,
                                   const Site& at, Ref* out);
  std::optional<Error> Subscript(const Ref& obj, const Ref& index,
                                 const Site& at, Ref* out);
  std::optional<Error> Compare(const std::string& op, const Ref& a,
                               const Ref& b, const Site& at, bool* out);
  std::optional<Error> Comprehension(const Expr& e, size_t level, Scope* scope,
                                     std::vector<Ref>* out,
                                     std::vector<Ref>* values);
  Site SiteOf(const Expr& e) const;

  std::shared_ptr<Scope> builtins_;
  int depth_ = 0;
  int64_t steps_ = 0;
  bool top_level_ = true;
  std::vector<std::shared_ptr<Block>> keep_;
  std::vector<std::shared_ptr<Scope>> pinned_;  // scopes closures point at
};

// Module-tree helpers (model.cc).
bool IsModule(const Ref& v);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_MODEL_INTERP_H_
