#include "quiz_js.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "convplay/model/model.h"
#include "convplay/text/torch_text.h"
#include "js_values.h"

namespace convplay {
namespace {

using emscripten::val;

val StepsToJs(const std::vector<QuizStep>& steps) {
  val a = val::array();
  for (const QuizStep& s : steps) {
    val o = val::object();
    o.set("layer", s.layer);
    o.set("text", s.text);
    o.set("formula", s.formula);
    a.call<void>("push", o);
  }
  return a;
}

val MisconceptionToJs(const Misconception& m) {
  val o = val::object();
  o.set("id", m.id);
  o.set("answer", m.answer);
  o.set("message", m.message);
  return o;
}

}  // namespace

val QuizKindsToJs() {
  val a = val::array();
  for (const std::string& name : QuizKinds()) {
    const QuizKind kind = *QuizKindFromName(name);
    val o = val::object();
    o.set("kind", name);
    o.set("title", std::string(QuizKindTitle(kind)));
    o.set("perLayer", QuizKindAsksLayer(kind));
    a.call<void>("push", o);
  }
  return a;
}

val QuestionToJs(const Question& q) {
  val o = val::object();
  o.set("kind", q.kind);
  o.set("level", q.level);
  o.set("seed", static_cast<double>(q.seed));
  o.set("model", q.source.empty() ? FormatStack(q.stack) : q.source);
  if (!q.code.empty()) {
    o.set("code", q.code);
    o.set("line", q.line);
  }
  val shape = val::array();
  for (int64_t d : q.input_shape)
    shape.call<void>("push", static_cast<double>(d));
  o.set("inputShape", shape);
  o.set("ask", q.ask);
  o.set("prompt", q.prompt);
  o.set("answer", q.answer);
  o.set("hint", q.hint);
  val ms = val::array();
  for (const Misconception& m : q.misconceptions)
    ms.call<void>("push", MisconceptionToJs(m));
  o.set("misconceptions", ms);
  o.set("steps", StepsToJs(q.steps));
  return o;
}

val GradeToJs(const QuizGrade& g) {
  val o = val::object();
  o.set("correct", g.correct);
  o.set("expected", g.expected);
  o.set("given", g.given);
  if (g.misconception)
    o.set("misconception", MisconceptionToJs(*g.misconception));
  if (!g.hint.empty()) o.set("hint", g.hint);
  if (!g.problem.empty()) o.set("problem", g.problem);
  o.set("solution", StepsToJs(g.solution));
  return o;
}

// An author's question (or one rebuilt for grading): a stack or Sequential
// code with a stack ask, or class code with a code ask.
std::optional<Error> QuestionFromJs(const val& model, const val& input_shape,
                                    const val& ask, Question* q) {
  if (!ask.isString()) {
    return TypeErrorValue(
        "quiz(request): ask must be a string such as 'flatten', 'shape:2' or "
        "(class code) 'in-features:fc1'");
  }
  if (model.isString() && IsClassCode(model.as<std::string>())) {
    std::vector<LayerSpec> none;
    Shape shape;
    if (auto err = ModelFromJs(val::array(), input_shape, &none, &shape)) {
      return err;
    }
    return QuestionForCode(model.as<std::string>(), shape,
                           ask.as<std::string>(), q);
  }
  std::vector<LayerSpec> specs;
  Shape shape;
  if (auto err = ModelFromJs(model, input_shape, &specs, &shape)) return err;
  return QuestionFor(specs, shape, ask.as<std::string>(), q);
}

val QuizFromJs(const val& req) {
  val result = val::object();
  Question q;
  std::optional<Error> err;
  if (req.typeOf().as<std::string>() != "object" || req.isNull()) {
    err = TypeErrorValue("quiz(request): request must be an object");
  } else if (!req["model"].isUndefined()) {
    err = QuestionFromJs(req["model"], req["inputShape"], req["ask"], &q);
  } else {
    const val kind = req["kind"], seed = req["seed"], level = req["level"];
    const double s = seed.isUndefined() ? 0
                     : seed.isNumber()  ? seed.as<double>()
                                        : -1;
    const double l = level.isUndefined() ? 1
                     : level.isNumber()  ? level.as<double>()
                                         : 0;
    if (!kind.isString()) {
      err = TypeErrorValue(
          "quiz(request): kind must be a string such as 'flatten'");
    } else if (!(s >= 0 && s <= 9007199254740991.0 && s == std::floor(s))) {
      err = TypeErrorValue("quiz(request): seed must be a whole number ≥ 0");
    } else if (l != std::floor(l)) {
      err = TypeErrorValue("quiz(request): level must be 1, 2 or 3");
    } else {
      err = MakeQuestion(kind.as<std::string>(), static_cast<uint64_t>(s),
                         static_cast<int>(l), &q);
    }
  }
  if (err) {
    result.set("error", ErrorToJs(*err));
    return result;
  }
  return QuestionToJs(q);
}

// Grades an answer to a question from quiz(): the question is rebuilt from
// its model, input and ask, so only the engine decides what is right.
val GradeFromJs(const val& question, const val& answer) {
  val result = val::object();
  if (question.typeOf().as<std::string>() != "object" || question.isNull() ||
      !answer.isString()) {
    result.set("error", ErrorToJs(TypeErrorValue(
                            "grade(question, answer): question must come "
                            "from quiz() and answer must be a string")));
    return result;
  }
  Question q;
  std::optional<Error> err = QuestionFromJs(
      question["model"], question["inputShape"], question["ask"], &q);
  if (err) {
    result.set("error", ErrorToJs(*err));
    return result;
  }
  if (question["kind"].isString()) q.kind = question["kind"].as<std::string>();
  return GradeToJs(GradeAnswer(q, answer.as<std::string>()));
}

}  // namespace convplay
