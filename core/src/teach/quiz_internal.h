// Shared by the quiz sources: a conv or pool layer's window along H and W,
// read from its arguments as PyTorch does.
#ifndef CONVPLAY_SRC_TEACH_QUIZ_INTERNAL_H_
#define CONVPLAY_SRC_TEACH_QUIZ_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "convplay/plan/plan.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/teach/quiz.h"

namespace convplay::internal {

struct Window2d {
  bool conv = false;  // Conv2d (else a pool)
  bool max = false;   // MaxPool2d
  int64_t kernel[2] = {1, 1};
  int64_t stride[2] = {1, 1};
  int64_t pad[2] = {0, 0};  // left (symmetric, or 'same' left)
  int64_t pad_total[2] = {0, 0};
  int64_t dilation[2] = {1, 1};
  bool ceil = false;
  int64_t groups = 1;
  int64_t in_channels = 0, out_channels = 0;
  bool bias = true;
};

// For Conv2d, MaxPool2d and AvgPool2d; false for other kinds.
bool WindowOf(const LayerSpec& spec, Window2d* w);

// The parsed ask: "shape:3" -> {kShape, 3}; layer -1 when absent, -2 when
// malformed; no kind when the name is not a quiz kind.
struct Ask {
  std::optional<QuizKind> kind;
  std::string name;  // the kind as written
  int layer = -1;
};
Ask ParseAsk(const std::string& ask);

// The class-code kinds (quiz_code.cc): a generated class Net.
std::optional<Error> GenerateCodeQuestion(QuizKind kind, uint64_t seed,
                                          int level, Question* out);

// The answer's numbers for a stack whose plan is `plan` (ok for every ask
// but invalid-layer), as the ask wants them.
std::vector<int64_t> AnswerOf(const Question& q, const Plan& plan);

}  // namespace convplay::internal

#endif  // CONVPLAY_SRC_TEACH_QUIZ_INTERNAL_H_
