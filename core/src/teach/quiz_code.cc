// Quizzes on class code: "what must fc1's in_features be?" and "what size
// does the view need?", asked on the learner's own `class Net(nn.Module)`
// (or a generated one), answered and explained by the same engine as the
// stack quizzes: the calls before the asked place become a stack ending in
// nn.Flatten(), and QuestionFor gives the answer, steps and misconceptions.
#include <algorithm>
#include <string>

#include "convplay/model/model.h"
#include "convplay/run/random.h"
#include "convplay/spec/shape.h"
#include "convplay/teach/quiz.h"
#include "teach/quiz_internal.h"

namespace convplay {
namespace {

std::string N(int64_t v) { return std::to_string(v); }

Error Refuse(std::string message) {
  return MakeError(ErrorKind::kValueError, std::move(message));
}

// The calls before call `upto` as a stack: layer calls keep their spec, a
// view/flatten to [N, rest] becomes nn.Flatten(). False if another op is on
// the way (a merge, a mean, a permute).
bool StackBefore(const ModelRead& r, size_t upto, std::vector<LayerSpec>* out) {
  out->clear();
  for (size_t i = 0; i < upto && i < r.nodes.size(); ++i) {
    const GraphNode& n = r.nodes[i];
    if (n.inputs != std::vector<int>{static_cast<int>(i) - 1}) return false;
    if (n.op == GraphOp::kLayer) {
      out->push_back(n.layer);
      continue;
    }
    const LayerPlan& lp = r.plan.layers[i];
    if (n.op == GraphOp::kView && lp.output_shape.size() == 2 &&
        lp.input_shape.size() >= 2 && lp.output_shape[0] == lp.input_shape[0]) {
      LayerSpec f;
      f.kind = LayerKind::kFlatten;
      out->push_back(f);
      continue;
    }
    return false;
  }
  return true;
}

size_t LineStart(const std::string& code, int line) {
  size_t pos = 0;
  for (int l = 1; l < line && pos != std::string::npos; ++l) {
    pos = code.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? code.size() : pos;
}

// In the view call on `line`, the text of its last argument replaced by
// `with`; false if there is no such call.
bool ReplaceViewSize(const std::string& code, int line, const std::string& with,
                     std::string* out) {
  const size_t start = LineStart(code, line);
  size_t end = code.find('\n', start);
  if (end == std::string::npos) end = code.size();
  size_t call = std::string::npos;
  for (const char* name : {".view(", ".reshape("}) {
    const size_t at = code.find(name, start);
    if (at != std::string::npos && at < end) call = std::min(call, at);
  }
  if (call == std::string::npos) return false;
  size_t open = code.find('(', call);
  int depth = 0;
  size_t last_comma = std::string::npos, close = std::string::npos;
  for (size_t k = open; k < code.size(); ++k) {
    const char c = code[k];
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') {
      if (--depth == 0) {
        close = k;
        break;
      }
    }
    if (c == ',' && depth == 1) last_comma = k;
  }
  if (close == std::string::npos || last_comma == std::string::npos) {
    return false;
  }
  *out = code.substr(0, last_comma + 1) + " " + with + code.substr(close);
  return true;
}

std::string LineText(const std::string& code, int line) {
  const size_t start = LineStart(code, line);
  size_t end = code.find('\n', start);
  if (end == std::string::npos) end = code.size();
  std::string text = code.substr(start, end - start);
  const size_t first = text.find_first_not_of(" \t");
  return first == std::string::npos ? "" : text.substr(first);
}

}  // namespace

std::optional<Error> QuestionForCode(std::string_view code_in,
                                     const Shape& input_shape,
                                     std::string_view ask_text, Question* out) {
  const std::string code(code_in);
  const std::string ask(ask_text);
  const std::string input = JoinSizes(input_shape, " × ");
  Question q;
  std::vector<LayerSpec> stack;
  std::string shown;
  int line = 0;
  std::string where;
  if (ask.rfind("in-features:", 0) == 0) {
    const std::string module = ask.substr(12);
    // Probe: with in_features=1 the trace stops at this Linear (unless 1 is
    // right), and the calls before it are planned.
    std::string probe;
    if (auto err = EditArgument(code, {}, module, "in_features", "1", &probe)) {
      if (err->kind == ErrorKind::kTypeError) {
        return Refuse("'" + module + "' is not an nn.Linear");
      }
      return err;
    }
    const ModelRead r = ReadModel(probe, input_shape);
    size_t at = r.plan.layers.size();
    for (size_t i = 0; i < r.plan.layers.size(); ++i) {
      if (r.plan.layers[i].module == module) at = i;
    }
    if (r.ok && at == r.plan.layers.size()) {
      return Refuse("forward() never calls " + module);
    }
    if (!r.ok &&
        (!r.error || r.error->layer != static_cast<int>(at) ||
         r.error->message.find("mat1 and mat2") == std::string::npos)) {
      return Refuse("the model must run up to " + module +
                    " for this question" +
                    (r.error ? ": " + r.error->message : std::string()));
    }
    const ModuleInfo* info = nullptr;
    for (const ModuleInfo& m : r.modules) {
      if (m.path == module) info = &m;
    }
    if (!info || info->type != "Linear") {
      return Refuse("'" + module + "' is not an nn.Linear");
    }
    if (!StackBefore(r, at, &stack) || stack.empty() ||
        stack.back().kind != LayerKind::kFlatten) {
      return Refuse("the calls before " + module +
                    " must be a chain that ends in a flatten or view");
    }
    if (auto err = EditArgument(code, {}, module, "in_features", "?", &shown)) {
      return err;
    }
    line = info->line;
    where = "self." + module + " = nn.Linear(?, …)";
  } else if (ask == "view-size") {
    const ModelRead r = ReadModel(code, input_shape);
    size_t at = r.plan.layers.size();
    for (size_t i = 0; i < r.plan.layers.size(); ++i) {
      if (r.plan.layers[i].op == "view" && at == r.plan.layers.size()) at = i;
    }
    if (at == r.plan.layers.size() && !r.ok && r.error &&
        r.error->message.rfind("shape '", 0) == 0) {
      at = static_cast<size_t>(r.error->layer);
      line = r.error->line;
    } else if (at < r.plan.layers.size()) {
      line = r.plan.layers[at].line;
    } else {
      return Refuse("the model has no view to ask about");
    }
    if (!StackBefore(r, at, &stack)) {
      return Refuse("the calls before the view must be a chain");
    }
    LayerSpec f;
    f.kind = LayerKind::kFlatten;
    stack.push_back(f);
    if (!ReplaceViewSize(code, line, "?", &shown)) {
      return Refuse("line " + N(line) + " has no view(..., N) to ask about");
    }
    where = LineText(shown, line);
  } else {
    return MakeError(ErrorKind::kValueError,
                     "ask must be 'in-features:<module>' or 'view-size' for "
                     "class code; got '" +
                         ask + "'");
  }
  if (auto err = QuestionFor(stack, input_shape, "linear-in", &q)) return err;
  q.kind = ask == "view-size" ? "code-view-size" : "code-in-features";
  q.ask = ask;
  q.code = shown;
  q.source = code;
  q.line = line;
  const bool batched = input_shape.size() >= 2;
  q.prompt = "This model gets an input of shape " + input +
             ". What number must replace the ? on line " + N(line) + " (" +
             where + ") so that forward() runs?";
  q.hint = "Follow the shape through forward() call by call up to line " +
           N(line) + "; the number is the features" +
           (batched ? " per sample" : "") + " that reach it: channels × H × W.";
  *out = std::move(q);
  return std::nullopt;
}

namespace internal {

// A class Net in the style of the PyTorch tutorials, with random sizes.
std::optional<Error> GenerateCodeQuestion(QuizKind kind, uint64_t seed,
                                          int level, Question* out) {
  Random rng(seed * 0x9e3779b97f4a7c15ull + static_cast<uint64_t>(kind) * 977 +
             static_cast<uint64_t>(level));
  auto pick = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng.Next() %
                                     static_cast<uint64_t>(hi - lo + 1));
  };
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int64_t channels = pick(0, 1) ? 3 : 1;
    const int64_t size = std::vector<int64_t>{28, 32, 48, 64}[pick(0, 3)];
    const int convs = level == 1 ? 1 : level == 2 ? 2 : 3;
    std::string init, forward;
    int64_t c = channels;
    for (int k = 1; k <= convs; ++k) {
      const int64_t out_c =
          std::vector<int64_t>{6, 8, 10, 12, 16, 20, 32}[pick(0, 6)];
      const int64_t kernel = std::vector<int64_t>{3, 5}[pick(0, 1)];
      const int64_t pad = level >= 2 && pick(0, 2) == 0 ? kernel / 2 : 0;
      const int64_t stride = level == 3 && pick(0, 3) == 0 ? 2 : 1;
      init += "        self.conv" + N(k) + " = nn.Conv2d(" + N(c) + ", " +
              N(out_c) + ", " + N(kernel) +
              (stride != 1 ? ", stride=" + N(stride) : "") +
              (pad ? ", padding=" + N(pad) : "") + ")\n";
      forward += "        x = self.pool(F.relu(self.conv" + N(k) + "(x)))\n";
      c = out_c;
    }
    const int64_t hidden = std::vector<int64_t>{64, 84, 120, 128}[pick(0, 3)];
    const bool view = kind == QuizKind::kCodeViewSize;
    std::string code =
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as "
        "F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        "
        "super().__init__()\n" +
        init +
        "        self.pool = nn.MaxPool2d(2, 2)\n        self.fc1 = "
        "nn.Linear(FLAT, " +
        N(hidden) + ")\n        self.fc2 = nn.Linear(" + N(hidden) +
        ", 10)\n\n    def forward(self, x):\n" + forward +
        (view ? "        x = x.view(-1, FLAT)\n"
              : "        x = torch.flatten(x, 1)\n") +
        "        x = F.relu(self.fc1(x))\n        return self.fc2(x)\n";
    const Shape input = {1, channels, size, size};
    // The right number, from the engine: plan with placeholders that stop
    // the trace (in_features=1 at fc1, view(-1, -1)), then read the last
    // 4-D shape before it.
    std::string probe = code;
    const size_t lin = probe.find("nn.Linear(FLAT");
    probe.replace(lin, 14, "nn.Linear(1");
    for (size_t at; (at = probe.find("FLAT")) != std::string::npos;) {
      probe.replace(at, 4, "-1");
    }
    const ModelRead r = ReadModel(probe, input);
    if (r.ok || !r.error) continue;
    Shape reach;
    for (const LayerPlan& lp : r.plan.layers) {
      if (lp.output_shape.size() == 4) reach = lp.output_shape;
    }
    if (reach.size() != 4 || reach[2] < 1 || reach[2] > 12) continue;
    const int64_t flat = reach[1] * reach[2] * reach[3];
    std::string real = code;
    for (size_t at; (at = real.find("FLAT")) != std::string::npos;) {
      real.replace(at, 4, N(flat));
    }
    Question q;
    auto err = QuestionForCode(real, input,
                               view ? "view-size" : "in-features:fc1", &q);
    if (err) continue;
    if (view) {
      // The same number stands in fc1: hide it there too.
      const std::string fc = "nn.Linear(" + N(flat) + ",";
      const size_t at = q.code.find(fc);
      if (at != std::string::npos)
        q.code.replace(at, fc.size(), "nn.Linear(?,");
      q.prompt +=
          " The same number goes in fc1's in_features, also shown as ?.";
    }
    q.seed = seed;
    q.level = level;
    *out = std::move(q);
    return std::nullopt;
  }
  return MakeError(
      ErrorKind::kRuntimeError,
      std::string("could not generate a ") + QuizKindName(kind) + " question");
}

}  // namespace internal
}  // namespace convplay
