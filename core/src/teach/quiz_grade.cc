// Grading: reading a learner's answer leniently, comparing it strictly, and
// recognising the answers common misconceptions lead to — each computed by
// walking the stack again with that one mistake made.
#include <algorithm>
#include <cctype>
#include <string>

#include "convplay/teach/quiz.h"
#include "teach/quiz_internal.h"

namespace convplay {
namespace internal {
namespace {

struct Mistakes {
  bool forgot_floor = false, padding_once = false, ignored_dilation = false;
  bool in_channels_depth = false, pool_stride_1 = false, ignored_ceil = false;
  bool unbatched_flatten = false;
};

int64_t CeilDiv(int64_t a, int64_t b) {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}
int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -CeilDiv(-a, b);
}

// One spatial size through a window, with the mistakes made (the real rule
// also drops a ceil_mode window that would start in the right padding).
int64_t Size(const Window2d& w, int i, int64_t in, const Mistakes& m,
             bool default_stride) {
  const int64_t d = m.ignored_dilation ? 1 : w.dilation[i];
  const int64_t pad = m.padding_once ? w.pad_total[i] / 2 : w.pad_total[i];
  const int64_t s = m.pool_stride_1 && default_stride ? 1 : w.stride[i];
  const int64_t num = in + pad - d * (w.kernel[i] - 1) - 1;
  const bool ceil = w.ceil && !m.ignored_ceil;
  int64_t out =
      (ceil || m.forgot_floor ? CeilDiv(num, s) : FloorDiv(num, s)) + 1;
  if (ceil && (out - 1) * s >= in + w.pad[i]) --out;
  return out;
}

// Per-sample shapes through the stack with the mistakes made; {} when the
// stack has layers this walk does not model (the misconception is skipped).
std::vector<std::vector<int64_t>> Walk(const Question& q, const Mistakes& m) {
  const bool batched = q.input_shape.size() == 4;
  std::vector<int64_t> s(q.input_shape.begin() + (batched ? 1 : 0),
                         q.input_shape.end());
  std::vector<std::vector<int64_t>> shapes;
  for (const LayerSpec& spec : q.stack) {
    Window2d w;
    if (WindowOf(spec, &w)) {
      if (s.size() != 3) return {};
      const Value& st = spec.Arg("stride");
      const bool default_stride =
          !w.conv && (st.is_none() || (st.is_sequence() && st.items().empty()));
      const int64_t c =
          w.conv ? (m.in_channels_depth ? w.in_channels : w.out_channels)
                 : s[0];
      s = {c, Size(w, 0, s[1], m, default_stride),
           Size(w, 1, s[2], m, default_stride)};
      if (s[1] <= 0 || s[2] <= 0) return {};
    } else if (spec.kind == LayerKind::kFlatten) {
      int64_t n = 1;
      const size_t keep =
          (!batched && !m.unbatched_flatten && s.size() > 1) ? 1 : 0;
      for (size_t k = keep; k < s.size(); ++k) n *= s[k];
      s = keep ? std::vector<int64_t>{s[0], n} : std::vector<int64_t>{n};
    } else if (spec.kind == LayerKind::kLinear) {
      s.back() = spec.Arg("out_features").as_int();
    } else if (FamilyOf(spec.kind) != LayerFamily::kActivation &&
               FamilyOf(spec.kind) != LayerFamily::kBatchNorm &&
               FamilyOf(spec.kind) != LayerFamily::kDropout) {
      return {};
    }
    shapes.push_back(s);
  }
  return shapes;
}

int64_t ReceptiveSize(const Question& q, int layer, const Mistakes& m) {
  int64_t r = 1, j = 1;
  for (int i = 0; i <= layer; ++i) {
    Window2d w;
    if (!WindowOf(q.stack[i], &w)) continue;
    const Value& st = q.stack[i].Arg("stride");
    const bool default_stride = !w.conv && st.is_none();
    r += (w.kernel[1] - 1) * (m.ignored_dilation ? 1 : w.dilation[1]) * j;
    j *= m.pool_stride_1 && default_stride ? 1 : w.stride[1];
  }
  return r;
}

}  // namespace

std::string MisconceptionMessage(const std::string& id) {
  if (id == "forgot-floor")
    return "You rounded up (or kept the fraction): PyTorch floors (H + "
           "2·padding − dilation·(kernel − 1) − 1) / stride, "
           "dropping a last window that does not fit.";
  if (id == "padding-once")
    return "You counted the padding once; it is added on both sides, so it "
           "counts twice: + 2·padding.";
  if (id == "ignored-dilation")
    return "You ignored the dilation: a dilated kernel spans dilation·(kernel "
           "− 1) + 1 cells.";
  if (id == "in-channels-depth")
    return "You kept the input's channel count: a Conv2d's output has "
           "out_channels channels.";
  if (id == "forgot-bias")
    return "You forgot the biases: with bias=True each output channel (or "
           "feature) adds one more parameter.";
  if (id == "batch-dimension")
    return "You included the batch dimension: the question asks per sample; "
           "the batch size is not part of the features.";
  if (id == "pool-stride-1")
    return "You used stride 1 for the pooling layer: when stride is not given "
           "it defaults to kernel_size.";
  if (id == "ignored-ceil-mode")
    return "You ignored ceil_mode=True: it rounds up, keeping a last partial "
           "window.";
  if (id == "unbatched-flatten")
    return "nn.Flatten() starts at dim 1: on an unbatched (C, H, W) input it "
           "keeps the channels and flattens only H × W.";
  return "";
}

std::string MisconceivedAnswer(const Question& q, const std::string& id) {
  const Ask a = ParseAsk(q.ask);
  const bool batched = q.input_shape.size() == 4;
  const int64_t batch = batched ? q.input_shape[0] : 1;
  Mistakes m;
  if (id == "forgot-floor")
    m.forgot_floor = true;
  else if (id == "padding-once")
    m.padding_once = true;
  else if (id == "ignored-dilation")
    m.ignored_dilation = true;
  else if (id == "in-channels-depth")
    m.in_channels_depth = true;
  else if (id == "pool-stride-1")
    m.pool_stride_1 = true;
  else if (id == "ignored-ceil-mode")
    m.ignored_ceil = true;
  else if (id == "unbatched-flatten")
    m.unbatched_flatten = true;
  else if (id != "forgot-bias" && id != "batch-dimension")
    return "";

  const bool shapes = a.kind == QuizKind::kFlatten ||
                      a.kind == QuizKind::kLinearIn ||
                      a.kind == QuizKind::kShape || a.kind == QuizKind::kMacs;
  if (id == "batch-dimension") {
    if (!batched) return "";
    if (a.kind == QuizKind::kShape) {
      const auto walk = Walk(q, Mistakes{});
      if (walk.empty()) return "";
      std::vector<int64_t> with = walk[a.layer];
      with.insert(with.begin(), batch);
      return JoinSizes(with, "x");
    }
    if (a.kind == QuizKind::kFlatten || a.kind == QuizKind::kLinearIn) {
      const auto walk = Walk(q, Mistakes{});
      if (walk.empty()) return "";
      const int64_t f = walk.back().back();
      return batch > 1 ? std::to_string(batch * f) : JoinSizes({batch, f}, "x");
    }
    return "";
  }
  if (id == "forgot-bias") {
    if (a.kind != QuizKind::kParams && a.kind != QuizKind::kTotalParams)
      return "";
    const Plan plan = MakePlan(q.stack, q.input_shape);
    if (!plan.ok) return "";
    int64_t total = 0;
    for (const LayerPlan& lp : plan.layers) {
      if (a.kind == QuizKind::kParams && lp.index != a.layer) continue;
      int64_t biases = 0;
      for (const TensorSpec& t : lp.tensors)
        if (t.name == "bias") {
          biases = 1;
          for (int64_t d : t.shape) biases *= d;
        }
      total += lp.params - biases;
    }
    return std::to_string(total);
  }
  if (shapes) {
    const auto walk = Walk(q, m);
    if (walk.empty()) return "";
    if (a.kind == QuizKind::kShape) return JoinSizes(walk[a.layer], "x");
    if (a.kind == QuizKind::kMacs) {
      Window2d w;
      if (!WindowOf(q.stack[a.layer], &w) || !w.conv) return "";
      int64_t elems = batch;
      for (int64_t d : walk[a.layer]) elems *= d;
      return std::to_string(elems * (w.in_channels / w.groups) * w.kernel[0] *
                            w.kernel[1]);
    }
    return std::to_string(walk.back().back());
  }
  if (a.kind == QuizKind::kReceptiveField)
    return std::to_string(ReceptiveSize(q, a.layer, m));
  if (a.kind == QuizKind::kSamePadding) {
    Window2d w;
    WindowOf(q.stack[a.layer], &w);
    if (m.padding_once)
      return std::to_string(w.dilation[0] * (w.kernel[0] - 1));
    if (m.ignored_dilation) return std::to_string((w.kernel[0] - 1) / 2);
    return "";
  }
  if (a.kind == QuizKind::kReachSize &&
      (m.padding_once || m.ignored_dilation || m.forgot_floor)) {
    // The stride the learner would pick when making this mistake.
    Window2d w;
    WindowOf(q.stack[a.layer], &w);
    const Plan plan = MakePlan(q.stack, q.input_shape);
    if (!plan.ok) return "";
    const Shape& in = plan.layers[a.layer].input_shape;
    const Shape& out = plan.layers[a.layer].output_shape;
    for (int64_t s = 1; s <= 16; ++s) {
      Window2d t = w;
      t.stride[0] = s;
      if (Size(t, 0, in[in.size() - 2], m, false) == out[out.size() - 2])
        return std::to_string(s);
    }
  }
  return "";
}

}  // namespace internal

namespace {

// "5,120", "5_120", "1 000 000": one number written with thousands separators.
bool ThousandsNumber(const std::string& t) {
  size_t i = 0, group = 0;
  bool first = true;
  char sep = 0;
  for (; i <= t.size(); ++i) {
    const bool end = i == t.size();
    const char c = end ? 0 : t[i];
    if (!end && std::isdigit(static_cast<unsigned char>(c))) {
      ++group;
      continue;
    }
    if (first ? (group < 1 || group > 3) : group != 3) return false;
    if (end) return !first;
    if (c != ',' && c != '_' && c != ' ') return false;
    if (sep && c != sep) return false;
    sep = c;
    first = false;
    group = 0;
  }
  return false;
}

// Whether position i has a digit before and after it (spaces skipped).
bool Between(const std::string& t, size_t i) {
  size_t a = i, b = i + 1;
  while (a > 0 && t[a - 1] == ' ') --a;
  while (b < t.size() && t[b] == ' ') ++b;
  return a > 0 && b < t.size() &&
         std::isdigit(static_cast<unsigned char>(t[a - 1])) &&
         std::isdigit(static_cast<unsigned char>(t[b]));
}

std::string Trim(std::string t) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  t.erase(t.begin(), std::find_if(t.begin(), t.end(), not_space));
  t.erase(std::find_if(t.rbegin(), t.rend(), not_space).base(), t.end());
  return t;
}

}  // namespace

std::optional<std::vector<int64_t>> ReadAnswer(std::string_view text,
                                               std::string* problem,
                                               bool one_number) {
  std::string t(text);
  // torch.Size([1, 20, 16, 16]) and brackets of any kind.
  for (const char* prefix : {"torch.Size", "torch.size"}) {
    const size_t at = t.find(prefix);
    if (at != std::string::npos) t.erase(at, std::string(prefix).size());
  }
  for (char& c : t)
    if (c == '(' || c == ')' || c == '[' || c == ']') c = ' ';
  t = Trim(t);
  // A number with thousands separators ("5,120") when one number is asked
  // for; underscores always group digits.
  if ((one_number || t.find('_') != std::string::npos) && ThousandsNumber(t)) {
    t.erase(
        std::remove_if(t.begin(), t.end(),
                       [](char c) { return c == ',' || c == '_' || c == ' '; }),
        t.end());
  }
  std::vector<int64_t> out;
  std::string token;
  auto flush = [&]() -> bool {
    if (token.empty()) return true;
    if (token.size() > 15 ||
        !std::all_of(token.begin(), token.end(), [](char d) {
          return std::isdigit(static_cast<unsigned char>(d));
        })) {
      *problem = "'" + token +
                 "' is not a whole number ≥ 0: answers are whole numbers (e.g. "
                 "5120) or shapes "
                 "(e.g. 20x16x16)";
      return false;
    }
    out.push_back(std::stoll(token));
    token.clear();
    return true;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    const bool times = t.compare(i, 2, "\xc3\x97") == 0;  // ×
    // x separates sizes ("20x16"), but only between digits: "sixteen" is a
    // word.
    const bool x = (c == 'x' || c == 'X') && Between(t, i);
    if (c == ',' || x || c == '*' || std::isspace(c) || times) {
      if (!flush()) return std::nullopt;
      if (times) ++i;
    } else {
      token += static_cast<char>(c);
    }
  }
  if (!flush()) return std::nullopt;
  if (out.empty()) {
    *problem =
        "the answer is empty: write a whole number (e.g. 5120) or a shape "
        "(e.g. 20x16x16)";
    return std::nullopt;
  }
  return out;
}

QuizGrade GradeAnswer(const Question& q, std::string_view answer) {
  QuizGrade g;
  g.expected = q.answer;
  g.solution = q.steps;
  std::string unused;
  const auto expected = ReadAnswer(q.answer, &unused);
  const bool one_number = expected && expected->size() == 1;
  const auto given = ReadAnswer(answer, &g.problem, one_number);
  if (!given || !expected) {
    g.hint = q.hint;
    return g;
  }
  std::vector<int64_t> v = *given;
  // A square receptive field may be written 26x26.
  if (QuizKindFromName(q.kind) == QuizKind::kReceptiveField && v.size() == 2 &&
      v[0] == v[1])
    v.pop_back();
  g.given = JoinSizes(v, "x");
  g.correct = v == *expected;
  if (g.correct) return g;
  g.hint = q.hint;
  for (const Misconception& m : q.misconceptions) {
    const auto mv = ReadAnswer(m.answer, &unused);
    if (mv && *mv == v) {
      g.misconception = m;
      break;
    }
  }
  return g;
}

}  // namespace convplay
