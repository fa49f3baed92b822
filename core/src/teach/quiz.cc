// Quiz questions from a stack: the answer from the plan, the prompt, the
// hint and the worked solution with the numbers substituted.
#include "convplay/teach/quiz.h"

#include <algorithm>
#include <string>

#include "convplay/text/torch_text.h"
#include "teach/quiz_internal.h"

namespace convplay {
namespace internal {
namespace {

int64_t Dim(const Value& v, int i, int64_t fallback) {
  if (v.is_int()) return v.as_int();
  if (v.is_sequence() && v.items().size() == 2 && v.items()[i].is_int())
    return v.items()[i].as_int();
  return fallback;
}

}  // namespace

bool WindowOf(const LayerSpec& spec, Window2d* w) {
  const bool conv = spec.kind == LayerKind::kConv2d;
  const bool max = spec.kind == LayerKind::kMaxPool2d;
  if (!conv && !max && spec.kind != LayerKind::kAvgPool2d) return false;
  *w = Window2d{};
  w->conv = conv;
  w->max = max;
  for (int i = 0; i < 2; ++i) {
    w->kernel[i] = Dim(spec.Arg("kernel_size"), i, 1);
    const Value& s = spec.Arg("stride");
    const bool default_stride =
        !conv && (s.is_none() || (s.is_sequence() && s.items().empty()));
    w->stride[i] = default_stride ? w->kernel[i] : Dim(s, i, 1);
    w->dilation[i] = (conv || max) ? Dim(spec.Arg("dilation"), i, 1) : 1;
    const Value& p = spec.Arg("padding");
    if (p.is_string()) {
      // 'same' (stride 1): total d·(k − 1), the extra one on the right.
      w->pad_total[i] =
          p.as_string() == "same" ? w->dilation[i] * (w->kernel[i] - 1) : 0;
      w->pad[i] = w->pad_total[i] / 2;
    } else {
      w->pad[i] = Dim(p, i, 0);
      w->pad_total[i] = 2 * w->pad[i];
    }
  }
  if (conv) {
    w->in_channels = spec.Arg("in_channels").as_int();
    w->out_channels = spec.Arg("out_channels").as_int();
    w->groups = spec.Arg("groups").as_int();
    w->bias = spec.Arg("bias").Truthy();
  } else {
    w->ceil = spec.Arg("ceil_mode").Truthy();
  }
  return true;
}

Ask ParseAsk(const std::string& ask) {
  Ask a;
  const size_t colon = ask.find(':');
  a.name = ask.substr(0, colon);
  a.kind = QuizKindFromName(a.name);
  if (colon != std::string::npos) {
    const std::string n = ask.substr(colon + 1);
    if (!n.empty() && n.size() < 6 &&
        std::all_of(n.begin(), n.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      a.layer = std::stoi(n);
    else
      a.layer = -2;  // malformed
  }
  return a;
}

bool Batched(const Question& q) { return q.input_shape.size() == 4; }

std::vector<int64_t> AnswerOf(const Question& q, const Plan& plan) {
  const Ask a = ParseAsk(q.ask);
  const auto per_sample = [&](const Shape& s) {
    return Batched(q) && !s.empty()
               ? std::vector<int64_t>(s.begin() + 1, s.end())
               : std::vector<int64_t>(s.begin(), s.end());
  };
  if (a.kind == QuizKind::kFlatten || a.kind == QuizKind::kLinearIn)
    return {plan.output_shape.back()};
  if (a.kind == QuizKind::kShape)
    return per_sample(plan.layers[a.layer].output_shape);
  if (a.kind == QuizKind::kParams) return {plan.layers[a.layer].params};
  if (a.kind == QuizKind::kTotalParams) return {plan.total_params};
  if (a.kind == QuizKind::kMacs) return {plan.layers[a.layer].macs};
  if (a.kind == QuizKind::kReceptiveField)
    return {plan.layers[a.layer].receptive_field.size.back()};
  if (a.kind == QuizKind::kSamePadding) {
    Window2d w;
    WindowOf(q.stack[a.layer], &w);
    return {w.dilation[0] * (w.kernel[0] - 1) / 2};
  }
  if (a.kind == QuizKind::kReachSize) {
    Window2d w;
    WindowOf(q.stack[a.layer], &w);
    return {w.stride[0]};
  }
  return {};
}

}  // namespace internal

namespace {

using internal::Ask;
using internal::Window2d;

std::string N(int64_t v) { return std::to_string(v); }

// "10 × (3 × 3) + 10 = 100" as TeX.
std::string Tex(const std::string& text) {
  std::string out;
  const std::string times = "\xc3\x97";  // ×
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, times.size(), times) == 0) {
      out += "\\times";
      i += times.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string ShapeWords(const Shape& s) {
  std::string t = "(";
  for (size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + N(s[i]);
  return t + ")";
}

// One spatial size through a window, in words and in TeX.
void SizeStep(const Window2d& w, int i, int64_t in, int64_t out,
              std::string* text, std::string* tex) {
  const std::string pad =
      w.pad_total[i] == 2 * w.pad[i]
          ? "2·" + N(w.pad[i])
          : N(w.pad[i]) + " + " + N(w.pad_total[i] - w.pad[i]);
  const std::string pad_tex =
      w.pad_total[i] == 2 * w.pad[i]
          ? "2\\cdot " + N(w.pad[i])
          : N(w.pad[i]) + " + " + N(w.pad_total[i] - w.pad[i]);
  const char* l = w.ceil ? "⌈" : "⌊";
  const char* r = w.ceil ? "⌉" : "⌋";
  *text = std::string(l) + "(" + N(in) + " + " + pad + " − " +
          N(w.dilation[i]) + "·(" + N(w.kernel[i]) + " − 1) − 1) / " +
          N(w.stride[i]) + r + " + 1 = " + N(out);
  const char* lt = w.ceil ? "\\left\\lceil" : "\\left\\lfloor";
  const char* rt = w.ceil ? "\\right\\rceil" : "\\right\\rfloor";
  *tex = std::string(lt) + " \\frac{" + N(in) + " + " + pad_tex + " - " +
         N(w.dilation[i]) + "\\cdot(" + N(w.kernel[i]) + " - 1) - 1}{" +
         N(w.stride[i]) + "} " + rt + " + 1 = " + N(out);
}

// The per-layer steps of the shape walk, up to and including layer `last`.
void ShapeSteps(const Question& q, const Plan& plan, int last,
                std::vector<QuizStep>* steps) {
  for (int i = 0; i <= last && i < static_cast<int>(plan.layers.size()); ++i) {
    const LayerPlan& lp = plan.layers[i];
    const LayerSpec& spec = q.stack[i];
    QuizStep st;
    st.layer = i;
    Window2d w;
    const std::string name = lp.code;
    if (internal::WindowOf(spec, &w)) {
      const Shape& in = lp.input_shape;
      const Shape& out = lp.output_shape;
      const size_t n = in.size();
      std::string th, tw, xh, xw;
      SizeStep(w, 0, in[n - 2], out[n - 2], &th, &xh);
      SizeStep(w, 1, in[n - 1], out[n - 1], &tw, &xw);
      st.text = name + ": H_out = " + th + ", W_out = " + tw;
      if (w.conv) {
        st.text += "; " + N(w.out_channels) + " output channels";
      } else {
        st.text += "; channels unchanged";
        if (spec.Arg("stride").is_none())
          st.text += " (stride defaults to kernel_size)";
      }
      st.text += " → " + ShapeWords(out);
      st.formula = "H_{out} = " + xh + ",\\quad W_{out} = " + xw;
    } else if (spec.kind == LayerKind::kFlatten) {
      const Shape& in = lp.input_shape;
      const Shape& out = lp.output_shape;
      if (in.size() == 3) {
        st.text = name + " on an unbatched input keeps dim 0 (start_dim=1): " +
                  ShapeWords(in) + " → " + ShapeWords(out) +
                  ", so a following Linear sees " + N(out.back()) + " features";
        st.formula = N(in[1]) + " \\times " + N(in[2]) + " = " + N(out.back());
      } else {
        std::string prod, tex;
        for (size_t k = 1; k < in.size(); ++k) {
          prod += (k > 1 ? " × " : "") + N(in[k]);
          tex += (k > 1 ? " \\times " : "") + N(in[k]);
        }
        st.text =
            name + ": " + prod + " = " + N(out.back()) + " features per sample";
        st.formula = tex + " = " + N(out.back());
      }
    } else {
      st.text = name + ": " + ShapeWords(lp.input_shape) + " → " +
                ShapeWords(lp.output_shape);
      st.formula = "\\text{shape } " + JoinSizes(lp.output_shape, "x");
    }
    steps->push_back(st);
  }
}

void ParamSteps(const Plan& plan, int layer, std::vector<QuizStep>* steps) {
  for (const LayerPlan& lp : plan.layers) {
    if (layer >= 0 && lp.index != layer) continue;
    if (lp.params == 0 && layer < 0) continue;
    QuizStep st;
    st.layer = lp.index;
    st.text = lp.code + ": " + lp.params_formula;
    st.formula = Tex(lp.params_formula);
    steps->push_back(st);
  }
  if (layer < 0) {
    QuizStep total;
    total.text = "Total: " + N(plan.total_params);
    total.formula = "\\textstyle\\sum = " + N(plan.total_params);
    steps->push_back(total);
  }
}

std::string LayerName(const Question& q, int i) {
  return "layer " + N(i) + " (" + FormatLayer(q.stack[i]) + ")";
}

struct KindInfo {
  const char* name;
  bool per_layer;
  const char* title;
};

constexpr KindInfo kQuizKinds[] = {
#define X(name, api, per_layer, title) {api, per_layer, title},
#include "convplay/teach/quiz_kinds.inc"
#undef X
};

// "flatten, shape:K, params:K, …" for messages.
std::string AskList() {
  std::string list;
  for (const KindInfo& k : kQuizKinds)
    list += (list.empty() ? "" : ", ") + std::string(k.name) +
            (k.per_layer ? ":K" : "");
  return list;
}

}  // namespace

const std::vector<std::string>& QuizKinds() {
  static const auto* kinds = [] {
    auto* v = new std::vector<std::string>;
    for (const KindInfo& k : kQuizKinds) v->push_back(k.name);
    return v;
  }();
  return *kinds;
}

const char* QuizKindName(QuizKind kind) {
  return kQuizKinds[static_cast<int>(kind)].name;
}

const char* QuizKindTitle(QuizKind kind) {
  return kQuizKinds[static_cast<int>(kind)].title;
}

bool QuizKindAsksLayer(QuizKind kind) {
  return kQuizKinds[static_cast<int>(kind)].per_layer;
}

std::optional<QuizKind> QuizKindFromName(std::string_view name) {
  for (size_t i = 0; i < std::size(kQuizKinds); ++i) {
    if (name == kQuizKinds[i].name) return static_cast<QuizKind>(i);
  }
  return std::nullopt;
}

std::optional<Error> QuestionFor(const std::vector<LayerSpec>& stack,
                                 const Shape& input_shape,
                                 std::string_view ask_text, Question* out) {
  Question q;
  q.stack = stack;
  q.input_shape = input_shape;
  q.ask = std::string(ask_text);
  const Ask a = internal::ParseAsk(q.ask);
  q.kind = a.name;
  if (!a.kind) {
    return MakeError(ErrorKind::kValueError, "ask must be one of " + AskList() +
                                                 "; got '" + q.ask + "'");
  }
  if (QuizKindAsksLayer(*a.kind) &&
      (a.layer < 0 || a.layer >= static_cast<int>(stack.size()))) {
    return MakeError(ErrorKind::kValueError,
                     "ask '" + q.ask + "' needs a layer index from 0 to " +
                         N(static_cast<int64_t>(stack.size()) - 1) +
                         ", e.g. '" + a.name + ":0'");
  }
  const Plan plan = MakePlan(stack, input_shape);
  const std::string input = ShapeWords(input_shape);
  const bool batched = input_shape.size() == 4;
  if (a.kind == QuizKind::kInvalidLayer) {
    if (plan.ok || !plan.error || plan.error->layer < 0) {
      return MakeError(
          ErrorKind::kValueError,
          "an invalid-layer question needs a stack with an invalid layer");
    }
    q.answer = N(plan.error->layer);
    q.prompt = "One layer of this stack fails when an input of shape " + input +
               " runs through it. Which layer (its index, from 0)?";
    q.hint =
        "Walk the shape through the stack; check each layer's in_channels or "
        "in_features against what reaches it, and each kernel against the "
        "(padded) size.";
    ShapeSteps(q, plan, plan.error->layer - 1, &q.steps);
    QuizStep fail;
    fail.layer = plan.error->layer;
    fail.text = "Layer " + q.answer +
                " fails: " + std::string(ErrorKindName(plan.error->kind)) +
                ": " + plan.error->message +
                (plan.error->hint.empty() ? "" : " (" + plan.error->hint + ")");
    fail.formula = "\\text{layer " + q.answer + " is invalid}";
    q.steps.push_back(fail);
    *out = std::move(q);
    return std::nullopt;
  }
  if (!plan.ok) {
    return MakeError(ErrorKind::kValueError,
                     "the stack must be valid for this question: " +
                         std::string(ErrorKindName(plan.error->kind)) + ": " +
                         plan.error->message);
  }
  if ((a.kind == QuizKind::kFlatten || a.kind == QuizKind::kLinearIn) &&
      (plan.layers.empty() || plan.layers.back().kind != LayerKind::kFlatten)) {
    return MakeError(ErrorKind::kValueError,
                     "'" + a.name + "' needs a stack ending in nn.Flatten()");
  }
  Window2d w;
  if ((a.kind == QuizKind::kSamePadding || a.kind == QuizKind::kReachSize) &&
      (!internal::WindowOf(stack[a.layer], &w) ||
       (a.kind == QuizKind::kSamePadding &&
        (!w.conv || w.stride[0] != 1 ||
         w.dilation[0] * (w.kernel[0] - 1) % 2 != 0)))) {
    return MakeError(
        ErrorKind::kValueError,
        "'" + q.ask +
            "' needs a Conv2d (stride 1, odd kernel) or pool at that layer");
  }
  if (a.kind == QuizKind::kReceptiveField &&
      plan.layers[a.layer].receptive_field.scope !=
          ReceptiveField::Scope::kLocal) {
    return MakeError(ErrorKind::kValueError,
                     "layer " + N(a.layer) + " has no local receptive field");
  }
  q.answer = JoinSizes(internal::AnswerOf(q, plan), "x");
  const std::string per = batched ? " per sample" : "";
  if (a.kind == QuizKind::kFlatten) {
    q.prompt = "An input of shape " + input +
               " goes through this stack. How many features" + per +
               " does nn.Flatten() pass on to the next layer (the size of its "
               "last dimension)?";
    q.hint =
        "Work out each layer's output H × W with ⌊(H + 2·padding − "
        "dilation·(kernel − 1) − 1) / stride⌋ + 1, "
        "then multiply channels × H × W" +
        std::string(batched ? "." : "; mind that the input is unbatched.");
    ShapeSteps(q, plan, static_cast<int>(stack.size()) - 1, &q.steps);
  } else if (a.kind == QuizKind::kLinearIn) {
    q.prompt = "An input of shape " + input +
               " goes through this stack, then into nn.Linear(in_features=?, "
               "out_features=10). What must in_features be?";
    q.hint =
        "in_features is the size of the last dimension that reaches the "
        "Linear: the flattened features" +
        per + ".";
    ShapeSteps(q, plan, static_cast<int>(stack.size()) - 1, &q.steps);
  } else if (a.kind == QuizKind::kShape) {
    q.prompt = "An input of shape " + input +
               " goes through this stack. What is the output shape of " +
               LayerName(q, a.layer) +
               (batched ? ", per sample (without the batch dimension)" : "") +
               "? Write it like 20x16x16.";
    q.hint =
        "Channels come from the last conv's out_channels; each spatial size "
        "follows "
        "⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1.";
    ShapeSteps(q, plan, a.layer, &q.steps);
  } else if (a.kind == QuizKind::kParams) {
    q.prompt = "How many learnable parameters does " + LayerName(q, a.layer) +
               " have?";
    q.hint =
        "A Conv2d has out_channels × (in_channels / groups × kernel_h × "
        "kernel_w) weights, plus "
        "out_channels biases when bias=True.";
    ParamSteps(plan, a.layer, &q.steps);
  } else if (a.kind == QuizKind::kTotalParams) {
    q.prompt =
        "How many learnable parameters does the whole stack have (input " +
        input + ")?";
    q.hint =
        "Add up each layer's weights and biases; pooling, ReLU and Flatten "
        "have none.";
    ParamSteps(plan, -1, &q.steps);
  } else if (a.kind == QuizKind::kMacs) {
    const LayerPlan& lp = plan.layers[a.layer];
    q.prompt = "How many multiply-accumulates (MACs) does " +
               LayerName(q, a.layer) + " do for an input of shape " + input +
               "?";
    q.hint =
        "MACs = output elements × the inputs each one sums: (in_channels / "
        "groups) × kernel_h × kernel_w.";
    ShapeSteps(q, plan, a.layer, &q.steps);
    QuizStep st;
    st.layer = a.layer;
    int64_t elems = 1;
    for (int64_t d : lp.output_shape) elems *= d;
    internal::WindowOf(q.stack[a.layer], &w);
    const int64_t per_out =
        w.in_channels / w.groups * w.kernel[0] * w.kernel[1];
    st.text = "MACs = " + N(elems) + " output values × " + N(per_out) + " = " +
              N(lp.macs);
    st.formula = N(elems) + " \\times (" + N(w.in_channels / w.groups) +
                 " \\times " + N(w.kernel[0]) + " \\times " + N(w.kernel[1]) +
                 ") = " + N(lp.macs);
    q.steps.push_back(st);
  } else if (a.kind == QuizKind::kReceptiveField) {
    q.prompt = "An output cell of " + LayerName(q, a.layer) +
               " depends on a square of input pixels. How wide is it (pixels "
               "per side)?";
    q.hint =
        "Walk the layers: r grows by (kernel − 1)·dilation·j, and the jump j "
        "multiplies by each stride; start with r = 1, j = 1.";
    int64_t r = 1, j = 1;
    for (int i = 0; i <= a.layer; ++i) {
      Window2d lw;
      if (!internal::WindowOf(q.stack[i], &lw)) continue;
      QuizStep st;
      st.layer = i;
      const int64_t r2 = r + (lw.kernel[1] - 1) * lw.dilation[1] * j;
      st.text = plan.layers[i].code + ": r = " + N(r) + " + (" +
                N(lw.kernel[1]) + " − 1)·" + N(lw.dilation[1]) + "·" + N(j) +
                " = " + N(r2) + ", jump = " + N(j) + "·" + N(lw.stride[1]) +
                " = " + N(j * lw.stride[1]);
      st.formula = "r = " + N(r) + " + (" + N(lw.kernel[1]) + " - 1)\\cdot " +
                   N(lw.dilation[1]) + "\\cdot " + N(j) + " = " + N(r2) +
                   ",\\quad j = " + N(j * lw.stride[1]);
      r = r2;
      j *= lw.stride[1];
      q.steps.push_back(st);
    }
  } else if (a.kind == QuizKind::kSamePadding) {
    q.prompt = "Layer " + N(a.layer) + " is " + FormatLayer(q.stack[a.layer]) +
               " with stride 1. Which integer padding keeps its output H × W "
               "equal to its input H × W?";
    q.hint =
        "With stride 1 the size stays when 2·padding = dilation·(kernel − 1).";
    QuizStep st;
    st.layer = a.layer;
    st.text = "2·p = dilation·(kernel − 1) = " + N(w.dilation[0]) + "·(" +
              N(w.kernel[0]) + " − 1), so p = " + q.answer;
    st.formula = "p = \\frac{" + N(w.dilation[0]) + "\\cdot(" + N(w.kernel[0]) +
                 " - 1)}{2} = " + q.answer;
    q.steps.push_back(st);
  } else if (a.kind == QuizKind::kReachSize) {
    const LayerPlan& lp = plan.layers[a.layer];
    const int64_t in_h = lp.input_shape[lp.input_shape.size() - 2];
    const int64_t out_h = lp.output_shape[lp.output_shape.size() - 2];
    q.prompt = "Layer " + N(a.layer) + " takes H = " + N(in_h) +
               " and must produce H = " + N(out_h) +
               " with kernel_size=" + N(w.kernel[0]) +
               ", padding=" + N(w.pad[0]) +
               (w.dilation[0] > 1 ? ", dilation=" + N(w.dilation[0]) : "") +
               (w.ceil ? ", ceil_mode=True" : "") + ". Which stride does that?";
    q.hint =
        "Try strides in ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ "
        "+ 1 until the size matches.";
    std::string th, xh;
    SizeStep(w, 0, in_h, out_h, &th, &xh);
    QuizStep st;
    st.layer = a.layer;
    st.text = "With stride " + q.answer + ": " + th;
    st.formula = xh;
    q.steps.push_back(st);
  }
  for (const char* id :
       {"forgot-floor", "padding-once", "ignored-dilation", "in-channels-depth",
        "forgot-bias", "batch-dimension", "pool-stride-1", "ignored-ceil-mode",
        "unbatched-flatten"}) {
    Misconception m;
    m.id = id;
    m.answer = internal::MisconceivedAnswer(q, m.id);
    m.message = internal::MisconceptionMessage(m.id);
    if (m.answer.empty() || m.answer == q.answer) continue;
    const bool seen = std::any_of(
        q.misconceptions.begin(), q.misconceptions.end(),
        [&](const Misconception& o) { return o.answer == m.answer; });
    if (!seen) q.misconceptions.push_back(m);
  }
  *out = std::move(q);
  return std::nullopt;
}

}  // namespace convplay
