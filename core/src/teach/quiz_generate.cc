// MakeQuestion: a random but reproducible stack for each (kind, level, seed),
// drawn until MakePlan accepts it (invalid-layer: until exactly the chosen
// layer fails), then asked through QuestionFor.
#include <algorithm>
#include <string>
#include <utility>

#include "convplay/run/network.h"
#include "convplay/teach/quiz.h"
#include "teach/quiz_internal.h"

namespace convplay {
namespace {

using internal::Window2d;

LayerSpec Make(LayerKind kind,
               std::vector<std::pair<std::string, Value>> args) {
  LayerSpec s;
  s.kind = kind;
  s.args = std::move(args);
  NormalizeSpec(&s);
  return s;
}

class Draw {
 public:
  explicit Draw(uint64_t seed) : rng_(seed) {}
  int64_t Int(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(rng_.Next() %
                                     static_cast<uint64_t>(hi - lo + 1));
  }
  template <typename T>
  T Pick(std::initializer_list<T> options) {
    return *(options.begin() +
             Int(0, static_cast<int64_t>(options.size()) - 1));
  }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

 private:
  Random rng_;
};

LayerSpec Conv(int64_t cin, int64_t cout, int64_t k, int64_t s, int64_t p,
               int64_t d, int64_t g) {
  std::vector<std::pair<std::string, Value>> a = {
      {"in_channels", Value::Int(cin)},
      {"out_channels", Value::Int(cout)},
      {"kernel_size", Value::Int(k)}};
  if (s != 1) a.emplace_back("stride", Value::Int(s));
  if (p != 0) a.emplace_back("padding", Value::Int(p));
  if (d != 1) a.emplace_back("dilation", Value::Int(d));
  if (g != 1) a.emplace_back("groups", Value::Int(g));
  return Make(LayerKind::kConv2d, std::move(a));
}

LayerSpec Pool(bool max, int64_t k, int64_t s, int64_t p, bool ceil) {
  std::vector<std::pair<std::string, Value>> a = {
      {"kernel_size", Value::Int(k)}};
  if (s > 0) a.emplace_back("stride", Value::Int(s));
  if (p != 0) a.emplace_back("padding", Value::Int(p));
  if (ceil) a.emplace_back("ceil_mode", Value::Bool(true));
  return Make(max ? LayerKind::kMaxPool2d : LayerKind::kAvgPool2d,
              std::move(a));
}

LayerSpec Flatten() { return Make(LayerKind::kFlatten, {}); }
LayerSpec Relu() { return Make(LayerKind::kReLU, {}); }

struct Drawn {
  std::vector<LayerSpec> stack;
  Shape input;
};

// A random conv/pool stack for a level; may be invalid (the caller checks).
Drawn DrawStack(Draw& r, int level) {
  Drawn d;
  const int layers = level == 1   ? 1
                     : level == 2 ? static_cast<int>(r.Int(2, 3))
                                  : static_cast<int>(r.Int(4, 7));
  int64_t c = r.Pick({1, 3});
  const int64_t h = level == 1   ? r.Int(6, 32)
                    : level == 2 ? r.Int(12, 64)
                                 : r.Pick({28, 32, 48, 64, 96, 128});
  if (level == 3 && r.Chance(25)) {
    d.input = {c, h, h};  // unbatched
  } else {
    d.input = {level == 3 && r.Chance(30) ? r.Int(2, 8) : 1, c, h, h};
  }
  for (int i = 0; i < layers; ++i) {
    const int roll = static_cast<int>(r.Int(1, 100));
    if (roll <= 50 || (i == 0 && level > 1 && roll <= 70)) {
      const int64_t k = level == 1 ? r.Pick({3, 5}) : r.Pick({1, 3, 3, 5, 7});
      const int64_t s = level == 1 ? 1 : r.Pick({1, 1, 2});
      const int64_t dil = level == 3 && r.Chance(30) ? 2 : 1;
      const int64_t p = r.Int(0, k / 2 * dil);
      int64_t cout = r.Pick({4, 6, 8, 10, 12, 16, 20, 32});
      int64_t g = 1;
      if (level == 3 && r.Chance(30) && c % 2 == 0 && cout % 2 == 0)
        g = c == cout && r.Chance(50) ? c : 2;
      d.stack.push_back(Conv(c, cout, k, s, p, dil, g));
      c = cout;
    } else if (roll <= 85) {
      const bool max = roll <= 72;
      const int64_t k = r.Pick({2, 2, 3});
      const int64_t s = r.Chance(60) ? 0 : r.Int(1, k);
      const int64_t p = r.Int(0, k / 2);
      d.stack.push_back(Pool(max, k, s, p, level == 3 && r.Chance(40)));
    } else if (i > 0) {
      d.stack.push_back(Relu());
    } else {
      --i;
    }
  }
  return d;
}

bool Valid(const Drawn& d) { return MakePlan(d.stack, d.input).ok; }

// Indices of the layers that are Conv2d (or any window layer).
std::vector<int> Layers(const std::vector<LayerSpec>& stack, bool conv_only) {
  std::vector<int> out;
  for (size_t i = 0; i < stack.size(); ++i) {
    Window2d w;
    if (internal::WindowOf(stack[i], &w) && (!conv_only || w.conv))
      out.push_back(static_cast<int>(i));
  }
  return out;
}

std::optional<Error> Attempt(QuizKind kind, Draw& r, int level, Question* q) {
  Drawn d = DrawStack(r, level);
  if (!Valid(d)) return MakeError(ErrorKind::kValueError, "retry");
  const std::string name = QuizKindName(kind);
  std::string ask;
  if (kind == QuizKind::kFlatten || kind == QuizKind::kLinearIn) {
    d.stack.push_back(Flatten());
    ask = name;
  } else if (kind == QuizKind::kShape) {
    ask = "shape:" +
          std::to_string(r.Int(0, static_cast<int64_t>(d.stack.size()) - 1));
  } else if (kind == QuizKind::kParams || kind == QuizKind::kMacs) {
    const auto convs = Layers(d.stack, true);
    if (convs.empty()) return MakeError(ErrorKind::kValueError, "retry");
    ask = name + ":" +
          std::to_string(convs[static_cast<size_t>(
              r.Int(0, static_cast<int64_t>(convs.size()) - 1))]);
  } else if (kind == QuizKind::kTotalParams) {
    if (Layers(d.stack, true).empty())
      return MakeError(ErrorKind::kValueError, "retry");
    if (level > 1) {
      d.stack.push_back(Flatten());
      const Plan flat = MakePlan(d.stack, d.input);
      d.stack.push_back(
          Make(LayerKind::kLinear,
               {{"in_features", Value::Int(flat.output_shape.back())},
                {"out_features", Value::Int(r.Pick({2, 10}))}}));
    }
    ask = name;
  } else if (kind == QuizKind::kReceptiveField) {
    const auto windows = Layers(d.stack, false);
    if (windows.empty()) return MakeError(ErrorKind::kValueError, "retry");
    ask = name + ":" + std::to_string(windows.back());
  } else if (kind == QuizKind::kSamePadding) {
    const auto convs = Layers(d.stack, true);
    if (convs.empty()) return MakeError(ErrorKind::kValueError, "retry");
    const int at = convs[static_cast<size_t>(
        r.Int(0, static_cast<int64_t>(convs.size()) - 1))];
    Window2d w;
    internal::WindowOf(d.stack[at], &w);
    const int64_t k = r.Pick({3, 5, 7});
    const int64_t dil = level == 3 && r.Chance(50) ? 2 : 1;
    d.stack[at] = Conv(w.in_channels, w.out_channels, k, 1, 0, dil, w.groups);
    if (!Valid(d)) return MakeError(ErrorKind::kValueError, "retry");
    ask = name + ":" + std::to_string(at);
  } else if (kind == QuizKind::kReachSize) {
    const auto windows = Layers(d.stack, false);
    if (windows.empty()) return MakeError(ErrorKind::kValueError, "retry");
    const int at = windows.back();
    Window2d w;
    internal::WindowOf(d.stack[at], &w);
    const int64_t s = r.Int(1, 4);
    // Pools get their stride written out, so the learner knows it is asked.
    d.stack[at] = w.conv ? Conv(w.in_channels, w.out_channels, w.kernel[0], s,
                                w.pad[0], w.dilation[0], w.groups)
                         : Pool(w.max, w.kernel[0], s, w.pad[0], w.ceil);
    if (!Valid(d)) return MakeError(ErrorKind::kValueError, "retry");
    // Only one stride may reach this size.
    const Plan plan = MakePlan(d.stack, d.input);
    const Shape target = plan.layers[at].output_shape;
    for (int64_t other = 1; other <= 8; ++other) {
      if (other == s) continue;
      Drawn t = d;
      t.stack[at] = w.conv ? Conv(w.in_channels, w.out_channels, w.kernel[0],
                                  other, w.pad[0], w.dilation[0], w.groups)
                           : Pool(w.max, w.kernel[0], other, w.pad[0], w.ceil);
      const Plan p = MakePlan(t.stack, t.input);
      if (p.ok && p.layers[at].output_shape == target)
        return MakeError(ErrorKind::kValueError, "retry");
    }
    ask = name + ":" + std::to_string(at);
  } else if (kind == QuizKind::kInvalidLayer) {
    const Plan plan = MakePlan(d.stack, d.input);
    const int mode = static_cast<int>(r.Int(0, 2));
    const auto convs = Layers(d.stack, true);
    int broken = -1;
    if (mode == 0 && !convs.empty()) {  // in_channels that do not match
      broken = convs[static_cast<size_t>(
          r.Int(0, static_cast<int64_t>(convs.size()) - 1))];
      Window2d w;
      internal::WindowOf(d.stack[broken], &w);
      d.stack[broken] =
          Conv(w.in_channels + w.groups, w.out_channels, w.kernel[0],
               w.stride[0], w.pad[0], w.dilation[0], w.groups);
    } else if (mode == 1) {  // a kernel larger than the (padded) input
      broken = static_cast<int>(d.stack.size());
      const Shape& out = plan.output_shape;
      const int64_t c = out[out.size() - 3];
      d.stack.push_back(Conv(c, 8, out.back() + 2, 1, 0, 1, 1));
    } else {  // a Linear whose in_features do not match
      d.stack.push_back(Flatten());
      const Plan flat = MakePlan(d.stack, d.input);
      broken = static_cast<int>(d.stack.size());
      const int64_t f = flat.output_shape.back();
      d.stack.push_back(Make(
          LayerKind::kLinear,
          {{"in_features",
            Value::Int(f + r.Pick({-2, -1, 1, 2, 10}) * (f > 10 ? 1 : -1))},
           {"out_features", Value::Int(10)}}));
    }
    const Plan bad = MakePlan(d.stack, d.input);
    if (broken < 0 || bad.ok || !bad.error || bad.error->layer != broken)
      return MakeError(ErrorKind::kValueError, "retry");
    ask = name;
  }
  return QuestionFor(d.stack, d.input, ask, q);
}

}  // namespace

std::optional<Error> MakeQuestion(std::string_view kind_text, uint64_t seed,
                                  int level, Question* out) {
  const std::optional<QuizKind> kind = QuizKindFromName(kind_text);
  if (!kind) {
    std::string list;
    for (const auto& k : QuizKinds()) list += (list.empty() ? "" : ", ") + k;
    return MakeError(ErrorKind::kValueError, "kind must be one of " + list +
                                                 "; got '" +
                                                 std::string(kind_text) + "'");
  }
  if (level < 1 || level > 3) {
    return MakeError(ErrorKind::kValueError,
                     "level must be 1, 2 or 3, got " + std::to_string(level));
  }
  Question q;
  std::optional<Error> err;
  if (*kind == QuizKind::kCodeInFeatures || *kind == QuizKind::kCodeViewSize) {
    return internal::GenerateCodeQuestion(*kind, seed, level, out);
  }
  if (*kind == QuizKind::kFlatten && seed == 0) {
    // The classic example: 3 × 130 × 130 → 5120 features.
    err = QuestionFor(
        {Conv(3, 10, 3, 1, 0, 1, 1), Pool(true, 4, 4, 0, false),
         Conv(10, 20, 5, 1, 2, 1, 1), Pool(true, 2, 2, 0, false), Flatten()},
        {1, 3, 130, 130}, "flatten", &q);
  } else {
    const uint64_t mixed = seed * 0x9e3779b97f4a7c15ull +
                           static_cast<uint64_t>(*kind) * 131 +
                           static_cast<uint64_t>(level);
    Draw r(mixed);
    err = MakeError(ErrorKind::kValueError, "retry");
    for (int attempt = 0; attempt < 2000 && err; ++attempt)
      err = Attempt(*kind, r, level, &q);
    if (err)
      return MakeError(ErrorKind::kRuntimeError,
                       std::string("could not generate a ") +
                           QuizKindName(*kind) + " question");
  }
  if (err) return err;
  q.kind = QuizKindName(*kind);
  q.level = level;
  q.seed = seed;
  *out = std::move(q);
  return std::nullopt;
}

}  // namespace convplay
