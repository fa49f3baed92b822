// Embind glue: one long-lived Engine class; every result is a plain JS value
// (camelCase fields), built with emscripten::val so nothing needs delete().
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "convplay/compute/simd.h"
#include "convplay/plan/plan.h"
#include "convplay/run/network.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/teach/explain.h"
#include "convplay/teach/quiz.h"
#include "convplay/text/torch_text.h"
#include "explain_js.h"
#include "js_values.h"
#include "quiz_js.h"

namespace convplay {
namespace {
class Model {
 public:
  Model(const val& model, const val& input_shape, double seed) {
    std::vector<LayerSpec> specs;
    Shape shape;
    if (auto err = ModelFromJs(model, input_shape, &specs, &shape)) {
      error_ = *err;
      return;
    }
    const uint64_t s =
        std::isfinite(seed) && seed >= 0 ? static_cast<uint64_t>(seed) : 0;
    if (auto err = Network::Create(specs, shape, s, &net_)) {
      error_ = *err;
      net_.reset();
    }
  }

  val error() const { return net_ ? val::null() : ErrorToJs(error_); }
  val plan() const { return net_ ? PlanToJs(net_->plan()) : val::null(); }

  // input: Float32Array (checked by the JS wrapper). Returns
  // { output, outputShape, activations } or { error }.
  val forward(const val& input, bool activations) {
    val result = val::object();
    if (!net_) {
      result.set("error", ErrorToJs(error_));
      return result;
    }
    const size_t n = input["length"].as<size_t>();
    if (static_cast<int64_t>(n) != net_->input_size()) {
      result.set("error",
                 ErrorToJs(MakeError(
                     ErrorKind::kValueError,
                     "the input has " + std::to_string(n) +
                         " values, but its shape " + SizesShape(net_->plan()) +
                         " needs " + std::to_string(net_->input_size()),
                     "give a Float32Array of exactly that many values")));
      return result;
    }
    input_.resize(n);
    // Copy JS -> heap through a view of our own buffer (no per-element calls).
    val(emscripten::typed_memory_view(n, input_.data()))
        .call<void>("set", input);
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(input_[i])) {
        result.set("error",
                   ErrorToJs(MakeError(
                       ErrorKind::kValueError,
                       std::string("the input has ") +
                           (std::isnan(input_[i]) ? "NaN" : "an infinity") +
                           " at index " + std::to_string(i),
                       "the playground needs finite input values")));
        return result;
      }
    }
    if (auto err = net_->Forward(input_.data(), static_cast<int64_t>(n))) {
      result.set("error", ErrorToJs(*err));
      return result;
    }
    const Plan& plan = net_->plan();
    const std::vector<float>& out = net_->final_output();
    result.set("output", plan.layers.empty()
                             ? Float32Copy(input_.data(), n)
                             : Float32Copy(out.data(), out.size()));
    result.set("outputShape",
               Array(plan.layers.empty() ? plan.output_shape
                                         : plan.layers.back().output_shape));
    val acts = val::array();
    if (activations) {
      for (size_t i = 0; i < plan.layers.size(); ++i) {
        val a = val::object();
        a.set("shape", Array(plan.layers[i].output_shape));
        a.set("data", Float32Copy(net_->output(static_cast<int>(i)).data(),
                                  net_->output(static_cast<int>(i)).size()));
        acts.call<void>("push", a);
      }
    }
    result.set("activations", acts);
    return result;
  }

  // The arithmetic behind one output value of layer `layer` (conv, transposed
  // conv or pool), at `index` in that layer's output shape, from the last
  // forward(). Returns the explanation, or { error }.
  val explain(int layer, const val& index) const {
    val result = val::object();
    if (!net_) {
      result.set("error", ErrorToJs(error_));
      return result;
    }
    const Plan& plan = net_->plan();
    if (layer < 0 || layer >= static_cast<int>(plan.layers.size())) {
      result.set("error",
                 ErrorToJs(MakeError(
                     ErrorKind::kIndexError,
                     "explain(layer): layer " + std::to_string(layer) +
                         " is out of range for " +
                         std::to_string(plan.layers.size()) + " layers")));
      return result;
    }
    const Shape& shape = plan.layers[layer].output_shape;
    const int n = index["length"].as<int>();
    int64_t flat = 0;
    bool ok = n == static_cast<int>(shape.size());
    for (int i = 0; ok && i < n; ++i) {
      const double v = index[i].as<double>();
      ok = v == std::floor(v) && v >= 0 && v < static_cast<double>(shape[i]);
      flat = flat * shape[i] + static_cast<int64_t>(v);
    }
    if (!ok) {
      result.set("error",
                 ErrorToJs(MakeError(ErrorKind::kIndexError,
                                     "explain(index): the index must have " +
                                         std::to_string(shape.size()) +
                                         " whole numbers within the shape " +
                                         ShapeList(shape))));
      return result;
    }
    Explanation e;
    if (auto err = net_->Explain(layer, flat, &e)) {
      result.set("error", ErrorToJs(*err));
      return result;
    }
    result = ExplanationToJs(e);
    result.set("layer", layer);
    result.set("spatialDims", SpatialDimsOf(plan.layers[layer].kind));
    result.set("output", net_->output(layer)[static_cast<size_t>(flat)]);
    return result;
  }

  val weights() const {
    val o = val::object();
    if (!net_) return o;
    for (const std::string& name : net_->WeightNames()) {
      const std::vector<float>* w = net_->Weight(name);
      o.set(name, Float32Copy(w->data(), w->size()));
    }
    return o;
  }

  // weights: { key: Float32Array } (types checked by the JS wrapper).
  // All-or-nothing: every key and size is checked before anything changes.
  val setWeights(const val& weights) {
    if (!net_) return ErrorToJs(error_);
    const val keys = val::global("Object").call<val>("keys", weights);
    const int n = keys["length"].as<int>();
    std::vector<std::pair<std::string, std::vector<float>>> updates;
    for (int i = 0; i < n; ++i) {
      const std::string key = keys[i].as<std::string>();
      const std::vector<float>* current = net_->Weight(key);
      if (!current) {
        std::string known;
        for (const std::string& k : net_->WeightNames())
          known += (known.empty() ? "" : ", ") + k;
        return ErrorToJs(
            MakeError(ErrorKind::kRuntimeError,
                      "Unexpected key(s) in state_dict: \"" + key + "\". ",
                      known.empty() ? "this stack has no weights"
                                    : "the keys are: " + known));
      }
      const val w = weights[key];
      const size_t size = w["length"].as<size_t>();
      if (size != current->size()) {
        return ErrorToJs(MakeError(ErrorKind::kRuntimeError,
                                   "size mismatch for " + key + ": got " +
                                       std::to_string(size) +
                                       " values, the tensor in the model has " +
                                       std::to_string(current->size())));
      }
      std::vector<float> values(size);
      val(emscripten::typed_memory_view(size, values.data()))
          .call<void>("set", w);
      for (size_t j = 0; j < size; ++j) {
        if (!std::isfinite(values[j])) {
          return ErrorToJs(MakeError(ErrorKind::kValueError,
                                     "weight " + key +
                                         " has a non-finite value at index " +
                                         std::to_string(j)));
        }
      }
      updates.emplace_back(key, std::move(values));
    }
    for (auto& [key, values] : updates) net_->SetWeight(key, values);
    return val::null();
  }

 private:
  static std::string ShapeList(const Shape& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
      s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
  }

  static std::string SizesShape(const Plan& plan) {
    return ShapeList(plan.layers.empty() ? plan.output_shape
                                         : plan.layers[0].input_shape);
  }

  std::unique_ptr<Network> net_;
  Error error_;
  std::vector<float> input_;
};

class Engine {
 public:
  std::string version() const { return "0.1.0"; }
  std::string target() const { return SimdTargetName(); }

  val parse(const std::string& code) const {
    const ParseResult r = ParseTorch(code);
    val o = val::object();
    o.set("ok", r.ok);
    o.set("layers", SpecsToJs(r.layers));
    if (r.error) o.set("error", ErrorToJs(*r.error));
    return o;
  }

  // Canonical code; a bad spec gives the error as a Python comment-free
  // message via the `error` of parse/plan instead, so here it throws.
  val format(const val& layers) const {
    std::vector<LayerSpec> specs;
    if (auto err = SpecsFromJs(layers, &specs)) return ErrorToJs(*err);
    return val(FormatStack(specs));
  }

  val plan(const val& model, const val& input_shape) const {
    std::vector<LayerSpec> specs;
    Shape shape;
    if (auto err = ModelFromJs(model, input_shape, &specs, &shape)) {
      Plan failed;
      failed.error = err;
      return PlanToJs(failed);
    }
    return PlanToJs(MakePlan(specs, shape));
  }

  // Every layer kind with its constructor signature (device and dtype left
  // out): what a layer palette offers and what a layer card can edit.
  val layers() const {
    val a = val::array();
    for (int i = 0; i < kLayerKindCount; ++i) {
      const auto kind = static_cast<LayerKind>(i);
      val o = val::object();
      o.set("kind", std::string(LayerKindName(kind)));
      o.set("family", std::string(FamilyName(FamilyOf(kind))));
      o.set("spatialDims", SpatialDimsOf(kind));
      val params = val::array();
      for (const ParamSpec& p : SignatureOf(kind)) {
        const std::string name = p.name;
        if (name == "device" || name == "dtype") continue;
        val param = val::object();
        param.set("name", name);
        param.set("required", p.required);
        if (!p.required) param.set("default", ToJs(p.default_value));
        params.call<void>("push", param);
      }
      o.set("params", params);
      a.call<void>("push", o);
    }
    return a;
  }

  // A question: generated from { kind, seed, level }, or fixed by an author
  // with { model, inputShape, ask }. Returns the question or { error }.
  val quiz(const val& req) const { return QuizFromJs(req); }

  // Grades an answer to a question from quiz() (rebuilt from its model,
  // input and ask, so only the engine decides what is right).
  val grade(const val& question, const val& answer) const {
    return GradeFromJs(question, answer);
  }

  // Heap statistics (dlmalloc): for leak checks and the memory budget UI.
  val memory() const {
    const struct mallinfo info = mallinfo();
    val o = val::object();
    o.set("heapBytes", val::module_property("HEAP8")["length"]);
    o.set("usedBytes", static_cast<double>(info.uordblks));
    return o;
  }
};

}  // namespace
}  // namespace convplay

EMSCRIPTEN_BINDINGS(convplay) {
  emscripten::class_<convplay::Engine>("Engine")
      .constructor<>()
      .property("version", &convplay::Engine::version)
      .property("target", &convplay::Engine::target)
      .function("parse", &convplay::Engine::parse)
      .function("format", &convplay::Engine::format)
      .function("plan", &convplay::Engine::plan)
      .function("layers", &convplay::Engine::layers)
      .function("quiz", &convplay::Engine::quiz)
      .function("grade", &convplay::Engine::grade)
      .function("memory", &convplay::Engine::memory);
  emscripten::class_<convplay::Model>("Model")
      .constructor<emscripten::val, emscripten::val, double>()
      .function("error", &convplay::Model::error)
      .function("plan", &convplay::Model::plan)
      .function("forward", &convplay::Model::forward)
      .function("weights", &convplay::Model::weights)
      .function("setWeights", &convplay::Model::setWeights)
      .function("explain", &convplay::Model::explain);
}
