// Quizzes: generated questions are reproducible and valid (their answers
// agree with MakePlan), answers are read leniently and graded strictly, and
// every misconception is recognised on a hand-made case.
#include "convplay/teach/quiz.h"

#include <gtest/gtest.h>

#include <set>

#include "convplay/model/model.h"
#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

std::vector<LayerSpec> Stack(const std::string& code) {
  const ParseResult r = ParseTorch(code);
  EXPECT_TRUE(r.ok) << code;
  return r.layers;
}

Question Ask(const std::string& code, const Shape& input,
             const std::string& ask) {
  Question q;
  const auto err = QuestionFor(Stack(code), input, ask, &q);
  EXPECT_FALSE(err.has_value())
      << code << " " << ask << ": " << (err ? err->message : "");
  return q;
}

// The answer recomputed from the plan, independently of the quiz code.
std::string PlanAnswer(const Question& q) {
  const Plan plan = MakePlan(q.stack, q.input_shape);
  const std::string what = q.ask.substr(0, q.ask.find(':'));
  const int layer = q.ask.find(':') == std::string::npos
                        ? -1
                        : std::stoi(q.ask.substr(q.ask.find(':') + 1));
  const bool batched = q.input_shape.size() == 4;
  if (what == "invalid-layer")
    return plan.error ? std::to_string(plan.error->layer) : "valid!";
  if (!plan.ok) return "invalid!";
  auto join = [](const Shape& s, size_t from) {
    std::string t;
    for (size_t i = from; i < s.size(); ++i)
      t += (i > from ? "x" : "") + std::to_string(s[i]);
    return t;
  };
  if (what == "flatten" || what == "linear-in")
    return std::to_string(plan.output_shape.back());
  if (what == "shape")
    return join(plan.layers[layer].output_shape, batched ? 1 : 0);
  if (what == "params") return std::to_string(plan.layers[layer].params);
  if (what == "total-params") return std::to_string(plan.total_params);
  if (what == "macs") return std::to_string(plan.layers[layer].macs);
  if (what == "receptive-field")
    return std::to_string(plan.layers[layer].receptive_field.size.back());
  if (what == "same-padding") {
    // The padding that keeps the size: try them.
    for (int64_t p = 0; p < 16; ++p) {
      auto stack = q.stack;
      stack[layer].args.emplace_back("padding", Value::Int(p));
      NormalizeSpec(&stack[layer]);
      const Plan pp = MakePlan(stack, q.input_shape);
      if (pp.ok && pp.layers[layer].output_shape.back() ==
                       pp.layers[layer].input_shape.back())
        return std::to_string(p);
    }
    return "none";
  }
  if (what == "reach-size") {
    const Value& s = q.stack[layer].Arg("stride");
    return std::to_string(s.is_int() ? s.as_int() : -1);
  }
  return "?";
}

TEST(QuizTest, TheClassicQuestionIsFirst) {
  Question q;
  ASSERT_FALSE(MakeQuestion("flatten", 0, 1, &q));
  EXPECT_EQ(q.answer, "5120");
  EXPECT_EQ(q.input_shape, (Shape{1, 3, 130, 130}));
  EXPECT_EQ(FormatStack(q.stack),
            "nn.Sequential(\n    nn.Conv2d(3, 10, kernel_size=3),\n    "
            "nn.MaxPool2d(kernel_size=4, stride=4),\n"
            "    nn.Conv2d(10, 20, kernel_size=5, padding=2),\n    "
            "nn.MaxPool2d(kernel_size=2, stride=2),\n"
            "    nn.Flatten(),\n)");
  ASSERT_EQ(q.steps.size(), 5u);
  EXPECT_NE(q.steps[0].text.find("⌊(130 + 2·0 − 1·(3 − 1) − 1) / 1⌋ + 1 = 128"),
            std::string::npos)
      << q.steps[0].text;
  EXPECT_NE(q.steps[4].formula.find("20 \\times 16 \\times 16 = 5120"),
            std::string::npos)
      << q.steps[4].formula;
  EXPECT_TRUE(GradeAnswer(q, "5120").correct);
  EXPECT_TRUE(GradeAnswer(q, " 5,120 ").correct);
  const QuizGrade wrong = GradeAnswer(q, "1x5120");
  EXPECT_FALSE(wrong.correct);
  ASSERT_TRUE(wrong.misconception);
  EXPECT_EQ(wrong.misconception->id, "batch-dimension");
}

TEST(QuizTest, GenerationIsDeterministic) {
  for (const std::string& kind : QuizKinds()) {
    for (int level = 1; level <= 3; ++level) {
      for (uint64_t seed : {1u, 7u, 12345u}) {
        Question a, b;
        ASSERT_FALSE(MakeQuestion(kind, seed, level, &a)) << kind;
        ASSERT_FALSE(MakeQuestion(kind, seed, level, &b)) << kind;
        EXPECT_EQ(FormatStack(a.stack), FormatStack(b.stack));
        EXPECT_EQ(a.input_shape, b.input_shape);
        EXPECT_EQ(a.prompt, b.prompt);
        EXPECT_EQ(a.answer, b.answer);
      }
    }
  }
}

// 10 000 questions per kind; a tenth under AddressSanitizer, which makes
// this walk twenty times slower (the other builds run all of them).
#if defined(__SANITIZE_ADDRESS__)
constexpr uint64_t kQuestions = 1000;
#else
constexpr uint64_t kQuestions = 10000;
#endif

class QuizKindTest : public ::testing::TestWithParam<std::string> {};

TEST_P(QuizKindTest, TenThousandQuestionsAgreeWithThePlan) {
  const std::string kind = GetParam();
  std::set<std::string> distinct;
  std::set<int> levels_with_layers[4];
  // Class-code questions trace the model a few times each: a fifth.
  const uint64_t questions =
      kind.rfind("code-", 0) == 0 ? kQuestions / 5 : kQuestions;
  for (uint64_t seed = 1; seed <= questions; ++seed) {
    const int level = 1 + static_cast<int>(seed % 3);
    Question q;
    const auto err = MakeQuestion(kind, seed, level, &q);
    ASSERT_FALSE(err) << kind << " seed " << seed << ": " << err->message;
    if (kind.rfind("code-", 0) == 0) {
      // The class code runs with the answer in place of every '?', and
      // fails with the answer + 1.
      auto with = [&](const std::string& v) {
        std::string code = q.code;
        for (size_t at; (at = code.find('?')) != std::string::npos;) {
          code.replace(at, 1, v);
        }
        return ReadModel(code, q.input_shape);
      };
      ASSERT_TRUE(with(q.answer).ok) << q.code;
      ASSERT_FALSE(with(std::to_string(std::stoll(q.answer) + 1)).ok) << q.code;
      ASSERT_NE(q.code.find('?'), std::string::npos);
      if (seed <= 64) {
        // Grading rebuilds the question from the real code.
        Question again;
        ASSERT_FALSE(QuestionForCode(q.source, q.input_shape, q.ask, &again));
        ASSERT_EQ(again.answer, q.answer);
      }
    } else {
      ASSERT_EQ(q.answer, PlanAnswer(q)) << kind << " seed " << seed << "\n"
                                         << FormatStack(q.stack);
    }
    ASSERT_FALSE(q.prompt.empty());
    ASSERT_FALSE(q.steps.empty());
    for (const Misconception& m : q.misconceptions) {
      ASSERT_NE(m.answer, q.answer);
      ASSERT_FALSE(m.message.empty()) << m.id;
    }
    distinct.insert(FormatStack(q.stack) + q.ask + q.code);
    levels_with_layers[level].insert(static_cast<int>(q.stack.size()));
  }
  EXPECT_GT(distinct.size(), questions / 2) << "too many repeated questions";
}

INSTANTIATE_TEST_SUITE_P(Kinds, QuizKindTest, ::testing::ValuesIn(QuizKinds()),
                         [](const auto& info) {
                           std::string s;
                           for (char c : info.param) s += c == '-' ? '_' : c;
                           return s;
                         });

TEST(QuizTest, RecognisesEveryMisconception) {
  struct Case {
    const char* code;
    Shape input;
    const char* ask;
    const char* wrong;
    const char* id;
  };
  const Case cases[] = {
      // ⌊(9 − 3)/2⌋ + 1 = 4; rounding up gives 5.
      {"nn.Conv2d(1, 1, 3, stride=2)",
       {1, 1, 10, 10},
       "shape:0",
       "1x5x5",
       "forgot-floor"},
      // (8 + 2·2 − 5) + 1 = 8; padding once: 6.
      {"nn.Conv2d(1, 4, 5, padding=2)",
       {1, 1, 8, 8},
       "shape:0",
       "4x6x6",
       "padding-once"},
      // dilation 2: 16 − 4 = 12; ignored: 14.
      {"nn.Conv2d(1, 2, 3, dilation=2)",
       {1, 1, 16, 16},
       "shape:0",
       "2x14x14",
       "ignored-dilation"},
      {"nn.Conv2d(3, 8, 3)",
       {1, 3, 10, 10},
       "shape:0",
       "3x8x8",
       "in-channels-depth"},
      {"nn.Conv2d(3, 8, 3)", {1, 3, 10, 10}, "params:0", "216", "forgot-bias"},
      {"nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten())",
       {2, 3, 6, 6},
       "flatten",
       "128",
       "batch-dimension"},
      {"nn.MaxPool2d(2)", {1, 1, 8, 8}, "shape:0", "1x7x7", "pool-stride-1"},
      {"nn.MaxPool2d(2, ceil_mode=True)",
       {1, 1, 7, 7},
       "shape:0",
       "1x3x3",
       "ignored-ceil-mode"},
      {"nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten())",
       {3, 6, 6},
       "linear-in",
       "64",
       "unbatched-flatten"},
      {"nn.Conv2d(1, 1, 5, dilation=2)",
       {1, 1, 20, 20},
       "same-padding:0",
       "8",
       "padding-once"},
      {"nn.Conv2d(1, 1, 5, dilation=2)",
       {1, 1, 20, 20},
       "same-padding:0",
       "2",
       "ignored-dilation"},
      {"nn.Sequential(nn.Conv2d(1, 1, 3, dilation=2), nn.MaxPool2d(2))",
       {1, 1, 20, 20},
       "receptive-field:1",
       "4",
       "ignored-dilation"},
  };
  for (const Case& c : cases) {
    const Question q = Ask(c.code, c.input, c.ask);
    const QuizGrade g = GradeAnswer(q, c.wrong);
    EXPECT_FALSE(g.correct) << c.code;
    ASSERT_TRUE(g.misconception)
        << c.code << " " << c.ask << ": expected " << q.answer
        << ", no diagnosis for " << c.wrong;
    EXPECT_EQ(g.misconception->id, c.id) << c.code;
    EXPECT_FALSE(g.hint.empty());
  }
}

TEST(QuizTest, ReadsAnswersLenientlyAndGradesStrictly) {
  std::string problem;
  const auto read = [&](const char* t, bool one = false) {
    return ReadAnswer(t, &problem, one);
  };
  EXPECT_EQ(*read("20x16x16"), (std::vector<int64_t>{20, 16, 16}));
  EXPECT_EQ(*read("(20, 16, 16)"), (std::vector<int64_t>{20, 16, 16}));
  EXPECT_EQ(*read("torch.Size([1, 20, 16, 16])"),
            (std::vector<int64_t>{1, 20, 16, 16}));
  EXPECT_EQ(*read("20 × 16 × 16"), (std::vector<int64_t>{20, 16, 16}));
  EXPECT_EQ(*read("[20,16,16]"), (std::vector<int64_t>{20, 16, 16}));
  EXPECT_EQ(*read("5,120", true), (std::vector<int64_t>{5120}));
  EXPECT_EQ(*read("5_120"), (std::vector<int64_t>{5120}));
  EXPECT_EQ(*read("5,120"),
            (std::vector<int64_t>{5, 120}));  // a shape when a shape is asked
  EXPECT_FALSE(read("twelve"));
  EXPECT_NE(problem.find("'twelve' is not a whole number"), std::string::npos);
  EXPECT_FALSE(read("sixteen"));
  EXPECT_NE(problem.find("'sixteen' is not a whole number"), std::string::npos);
  EXPECT_EQ(*read("20 x 16X16"), (std::vector<int64_t>{20, 16, 16}));
  EXPECT_FALSE(read("-3"));
  EXPECT_FALSE(read("3.5"));
  EXPECT_FALSE(read("   "));
  EXPECT_FALSE(read("99999999999999999999"));

  const Question q =
      Ask("nn.Conv2d(3, 20, 5, padding=2)", {1, 3, 16, 16}, "shape:0");
  EXPECT_EQ(q.answer, "20x16x16");
  EXPECT_TRUE(GradeAnswer(q, "(20, 16, 16)").correct);
  EXPECT_FALSE(GradeAnswer(q, "16x16x20").correct);
  const QuizGrade batch = GradeAnswer(q, "1x20x16x16");
  ASSERT_TRUE(batch.misconception);
  EXPECT_EQ(batch.misconception->id, "batch-dimension");
  const QuizGrade junk = GradeAnswer(q, "about 20");
  EXPECT_FALSE(junk.correct);
  EXPECT_FALSE(junk.problem.empty());

  const Question rf =
      Ask("nn.Sequential(nn.Conv2d(1, 1, 3), nn.Conv2d(1, 1, 3))", {1, 1, 9, 9},
          "receptive-field:1");
  EXPECT_EQ(rf.answer, "5");
  EXPECT_TRUE(GradeAnswer(rf, "5x5").correct);
}

TEST(QuizTest, AuthorsGetClearErrors) {
  Question q;
  EXPECT_EQ(MakeQuestion("sizes", 1, 1, &q)->kind, ErrorKind::kValueError);
  EXPECT_EQ(MakeQuestion("flatten", 1, 4, &q)->message,
            "level must be 1, 2 or 3, got 4");
  EXPECT_NE(
      QuestionFor(Stack("nn.Conv2d(3, 4, 3)"), {1, 3, 8, 8}, "shape:5", &q)
          ->message.find("layer index from 0 to 0"),
      std::string::npos);
  EXPECT_NE(
      QuestionFor(Stack("nn.Conv2d(3, 4, 3)"), {1, 5, 8, 8}, "shape:0", &q)
          ->message.find("must be valid"),
      std::string::npos);
  EXPECT_TRUE(
      QuestionFor(Stack("nn.Conv2d(3, 4, 3)"), {1, 3, 8, 8}, "flatten", &q)
          .has_value());
  EXPECT_TRUE(
      QuestionFor(Stack("nn.Conv2d(3, 4, 3)"), {1, 3, 8, 8}, "shape:x", &q)
          .has_value());
  ASSERT_FALSE(QuestionFor(
      Stack("nn.Sequential(nn.Conv2d(3, 4, 3), nn.Conv2d(3, 4, 3))"),
      {1, 3, 8, 8}, "invalid-layer", &q));
  EXPECT_EQ(q.answer, "1");
  EXPECT_NE(q.steps.back().text.find("RuntimeError"), std::string::npos);
}

}  // namespace
}  // namespace convplay
