// An Explanation as the plain JS object the .d.ts declares (camelCase).
#ifndef CONVPLAY_WASM_EXPLAIN_JS_H_
#define CONVPLAY_WASM_EXPLAIN_JS_H_

#include <emscripten/val.h>

#include "convplay/teach/explain.h"

namespace convplay {

// Every field but `layer`, `spatialDims` and `output`, which the caller knows.
emscripten::val ExplanationToJs(const Explanation& e);

}  // namespace convplay

#endif  // CONVPLAY_WASM_EXPLAIN_JS_H_
