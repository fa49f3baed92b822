// Checked exercises, generated and graded by the shape engine: "how many
// features reach the nn.Linear?", "what is the output shape after layer 3?",
// parameter counts, MACs, receptive fields, the padding that keeps the size,
// the stride that reaches a size, the in_features a Linear needs, and
// "which layer is invalid?". Every answer comes from MakePlan; wrong answers
// are matched against what common misconceptions would give.
#ifndef CONVPLAY_TEACH_QUIZ_H_
#define CONVPLAY_TEACH_QUIZ_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/plan/plan.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/spec/status.h"

namespace convplay {

enum class QuizKind {
#define X(name, api, per_layer, title) k##name,
#include "convplay/teach/quiz_kinds.inc"
#undef X
};

// The kinds' API names, in order ("flatten", "shape", …).
const std::vector<std::string>& QuizKinds();
const char* QuizKindName(QuizKind kind);   // "total-params"
const char* QuizKindTitle(QuizKind kind);  // "Parameters of the stack"
// Whether the ask names a layer ("shape:3") or the whole stack ("flatten").
bool QuizKindAsksLayer(QuizKind kind);
std::optional<QuizKind> QuizKindFromName(std::string_view name);

// One step of a worked solution: a layer (or -1), what happens in words,
// and the formula with the numbers substituted, as TeX.
struct QuizStep {
  int layer = -1;
  std::string text;
  std::string formula;
};

// An answer a misconception leads to, and what to tell the learner.
struct Misconception {
  std::string id;      // "padding-once", "forgot-bias", …
  std::string answer;  // canonical form, e.g. "5120" or "20x16x16"
  std::string
      message;  // "You counted the padding once; it goes on both sides."
};

struct Question {
  std::string kind;
  int level = 1;
  uint64_t seed = 0;
  std::vector<LayerSpec> stack;
  Shape input_shape;
  std::string ask;  // "flatten", "shape:3", "params:0", "same-padding:0", …
  std::string prompt;  // the question in words
  std::string answer;  // canonical: "5120", "20x16x16"
  std::string hint;
  std::vector<Misconception> misconceptions;
  std::vector<QuizStep> steps;
  // Questions on class code: the code as shown (the asked value replaced by
  // '?') and as it really is (what grading rebuilds the question from).
  std::string code;
  std::string source;
  int line = 0;  // the line of the '?'
};

// A question of `kind` at `level` (1: one layer, 2: two or three, 3: four to
// seven with dilation, ceil_mode, groups, unbatched inputs), the same for
// the same (kind, level, seed) everywhere. kind "flatten", seed 0, level 1 is
// the classic 3 × 130 × 130 example.
std::optional<Error> MakeQuestion(std::string_view kind, uint64_t seed,
                                  int level, Question* out);

// An author's question: a valid stack, an input shape and what to ask.
std::optional<Error> QuestionFor(const std::vector<LayerSpec>& stack,
                                 const Shape& input_shape, std::string_view ask,
                                 Question* out);

// A question on class code: ask "in-features:<module>" (what the
// nn.Linear's in_features must be) or "view-size" (the number the first
// x.view(-1, N) / x.view(x.size(0), N) needs). The code may be wrong in
// exactly that place; the question is what makes forward() run.
std::optional<Error> QuestionForCode(std::string_view code,
                                     const Shape& input_shape,
                                     std::string_view ask, Question* out);

struct QuizGrade {
  bool correct = false;
  std::string expected;
  std::string given;  // the answer as understood ("" if unreadable)
  std::optional<Misconception> misconception;
  std::string hint;
  std::string problem;  // why the answer could not be read, if it could not
  std::vector<QuizStep> solution;
};

// Lenient reading ("5,120", "20x16x16", "(20, 16, 16)", "torch.Size([1, 20,
// 16, 16])"), strict grading.
QuizGrade GradeAnswer(const Question& q, std::string_view answer);

// The whole numbers in an answer, or what is wrong with it. With
// `one_number`, "5,120" reads as 5120 (else as the shape 5 × 120).
std::optional<std::vector<int64_t>> ReadAnswer(std::string_view text,
                                               std::string* problem,
                                               bool one_number = false);

namespace internal {
// What the stack's answer would be under a misconception (empty if the
// misconception does not apply to this question).
std::string MisconceivedAnswer(const Question& q, const std::string& id);
// What to tell a learner whose answer matches misconception `id`.
std::string MisconceptionMessage(const std::string& id);
}  // namespace internal

}  // namespace convplay

#endif  // CONVPLAY_TEACH_QUIZ_H_
