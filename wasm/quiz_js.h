// Quiz questions and grades as the plain JS objects the .d.ts declares.
#ifndef CONVPLAY_WASM_QUIZ_JS_H_
#define CONVPLAY_WASM_QUIZ_JS_H_

#include <emscripten/val.h>

#include "convplay/teach/quiz.h"

namespace convplay {

// Engine.quizKinds(): [{ kind, title, perLayer }] in the .inc's order.
emscripten::val QuizKindsToJs();
emscripten::val QuestionToJs(const Question& q);
emscripten::val GradeToJs(const QuizGrade& g);

// Engine.quiz(request) and Engine.grade(question, answer): the result, or
// { error } for a bad request.
emscripten::val QuizFromJs(const emscripten::val& req);
emscripten::val GradeFromJs(const emscripten::val& question,
                            const emscripten::val& answer);

}  // namespace convplay

#endif  // CONVPLAY_WASM_QUIZ_JS_H_
