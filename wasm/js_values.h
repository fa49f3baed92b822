// Conversions between C++ values and the plain JS values of the API
// (camelCase fields), shared by the Embind bindings.
#ifndef CONVPLAY_WASM_JS_VALUES_H_
#define CONVPLAY_WASM_JS_VALUES_H_

#include <emscripten/val.h>

#include <optional>
#include <string>
#include <vector>

#include "convplay/model/model.h"
#include "convplay/plan/plan.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/spec/status.h"

namespace convplay {

using emscripten::val;

val ToJs(const Value& v);
val ErrorToJs(const Error& e);
val SpecToJs(const LayerSpec& spec);
val SpecsToJs(const std::vector<LayerSpec>& specs);
Error TypeErrorValue(std::string message);
// A JS value as a Python literal: integers stay ints, arrays become tuples.
std::optional<Error> FromJs(const val& v, const std::string& where, Value* out);
std::optional<Error> SpecsFromJs(const val& layers,
                                 std::vector<LayerSpec>* out);
val PlanToJs(const Plan& plan);
// Engine.layers(): every layer kind with its family, spatial dims and
// constructor signature (device and dtype left out).
val LayerCatalogueToJs();
// A model (code or LayerSpec[]) and an input shape from JS.
std::optional<Error> ModelFromJs(const val& model, const val& input_shape,
                                 std::vector<LayerSpec>* specs, Shape* shape);
// A model (class code, Sequential code or LayerSpec[]) read for the input
// shape; argument type errors are returned, the model's own in out->error.
std::optional<Error> ReadFromJs(const val& model, const val& input_shape,
                                const val& options, ModelRead* out);
// The plan with the module tree: what engine.plan() returns.
val ModelReadToJs(const ModelRead& r);
val Float32Copy(const float* data, size_t n);

template <typename T>
val Array(const std::vector<T>& values) {
  val a = val::array();
  for (const T& v : values) a.call<void>("push", val(static_cast<double>(v)));
  return a;
}

}  // namespace convplay

#endif  // CONVPLAY_WASM_JS_VALUES_H_
