// Embind glue: the Engine and Model classes, each method a conversion from JS
// values, one call into the core, and a conversion back. Every result is a
// plain JS value (camelCase fields), built with emscripten::val so nothing
// but the two classes needs delete(). Checks and rules live in the core (or,
// for JavaScript types, in the JS wrapper, web/src/engine/load-engine.ts).
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <cstdint>
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
#include "convplay/version.h"
#include "explain_js.h"
#include "js_values.h"
#include "quiz_js.h"

namespace convplay {
namespace {

val WithError(const Error& e) {
  val result = val::object();
  result.set("error", ErrorToJs(e));
  return result;
}

class Model {
 public:
  Model(const val& model, const val& input_shape, double seed,
        const val& options) {
    ModelRead read;
    if (auto err = ReadFromJs(model, input_shape, options, &read)) {
      error_ = *err;
      return;
    }
    // The JS wrapper passes a safe non-negative integer.
    const uint64_t s =
        std::isfinite(seed) && seed >= 0 ? static_cast<uint64_t>(seed) : 0;
    if (auto err = Network::Create(read, s, &net_)) {
      error_ = *err;
      net_.reset();
      return;
    }
    read_ = std::move(read);

    views_.assign(2 * (2 + net_->plan().layers.size()), 0);
    UpdateViews();
  }

  val error() const { return net_ ? val::null() : ErrorToJs(error_); }
  val plan() const { return net_ ? ModelReadToJs(read_) : val::null(); }

  // input: Float32Array (checked by the JS wrapper). Returns
  // { output, outputShape, activations } or { error }.
  val forward(const val& input, bool activations) {
    if (!net_) return WithError(error_);
    const size_t n = input["length"].as<size_t>();
    // A wrong size is the core's error; the network's input buffer keeps
    // its size (and address).
    const size_t size = static_cast<size_t>(net_->input_size());
    if (n == size) {
      // Copy JS -> heap through a view of the network's input buffer (no
      // per-element calls).
      val(emscripten::typed_memory_view(n, net_->input_data()))
          .call<void>("set", input);
    }
    if (auto err = n == size ? net_->Run()
                             : net_->Forward(net_->input_data(),
                                             static_cast<int64_t>(n))) {
      return WithError(*err);
    }
    UpdateViews();
    const Plan& plan = net_->plan();
    const std::vector<float>& out = net_->final_output();
    val result = val::object();
    result.set("output", Float32Copy(out.data(), out.size()));
    result.set("outputShape", Array(plan.output_shape));
    val acts = val::array();
    for (size_t i = 0; activations && i < plan.layers.size(); ++i) {
      const std::vector<float>& data = net_->output(static_cast<int>(i));
      val a = val::object();
      a.set("shape", Array(plan.layers[i].output_shape));
      a.set("data", Float32Copy(data.data(), data.size()));
      acts.call<void>("push", a);
    }
    result.set("activations", acts);
    return result;
  }

  // The zero-copy path (DESIGN.md §6). The JS wrapper writes the input
  // straight into the network's input buffer through a Float32Array view of
  // WASM memory, calls run(), and reads the outputs through views of the
  // network's own buffers. views() is the address of a uint32 table the wrapper
  // reads those views' places from: [input ptr, length, output ptr, length,
  // then per layer ptr, length]. It is rewritten after each run, so a view is
  // re-made whenever an address moves or memory grows; nothing here allocates
  // after the first run.
  double views() const {
    return static_cast<double>(reinterpret_cast<uintptr_t>(views_.data()));
  }

  // One forward pass over the input buffer, no copy; false on error (then
  // lastError()).
  bool run() {
    if (!net_) return false;
    if (auto err = net_->Run()) {
      last_error_ = *err;
      return false;
    }
    UpdateViews();
    return true;
  }

  val lastError() const { return ErrorToJs(net_ ? last_error_ : error_); }

  // The arithmetic behind one output value of layer `layer` (conv, transposed
  // conv or pool), at `index` in that layer's output shape, from the last
  // forward(). Returns the explanation, or { error }.
  val explain(int layer, const val& index) const {
    if (!net_) return WithError(error_);
    std::vector<int64_t> position;
    const int n = index["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      const double v = index[i].as<double>();
      // Not a whole number: out of range, which the core reports.
      position.push_back(v == std::floor(v) && std::abs(v) < 1e15
                             ? static_cast<int64_t>(v)
                             : -1);
    }
    Explanation e;
    if (auto err = ExplainAt(*net_, layer, position, &e))
      return WithError(*err);
    val result = ExplanationToJs(e);
    result.set("layer", layer);
    result.set("spatialDims", SpatialDimsOf(net_->plan().layers[layer].kind));
    result.set("output", net_->output(layer)[static_cast<size_t>(e.flat)]);
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
  // Returns null or the error; the core changes all or nothing.
  val setWeights(const val& weights) {
    if (!net_) return ErrorToJs(error_);
    const val keys = val::global("Object").call<val>("keys", weights);
    const int n = keys["length"].as<int>();
    std::vector<std::pair<std::string, std::vector<float>>> tensors(n);
    for (int i = 0; i < n; ++i) {
      tensors[i].first = keys[i].as<std::string>();
      const val w = weights[tensors[i].first];
      tensors[i].second.resize(w["length"].as<size_t>());
      val(emscripten::typed_memory_view(tensors[i].second.size(),
                                        tensors[i].second.data()))
          .call<void>("set", w);
    }
    if (auto err = net_->SetWeights(tensors)) return ErrorToJs(*err);
    return val::null();
  }

 private:
  static uint32_t Address(const float* p) {
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
  }

  void UpdateViews() {
    uint32_t* v = views_.data();
    v[0] = Address(net_->input_data());
    v[1] = static_cast<uint32_t>(net_->input_size());
    const std::vector<float>& out = net_->final_output();
    v[2] = Address(out.data());
    v[3] = static_cast<uint32_t>(out.size());
    const size_t layers = net_->plan().layers.size();
    for (size_t i = 0; i < layers; ++i) {
      const std::vector<float>& data = net_->output(static_cast<int>(i));
      v[4 + 2 * i] = Address(data.data());
      v[5 + 2 * i] = static_cast<uint32_t>(data.size());
    }
  }

  std::unique_ptr<Network> net_;
  ModelRead read_;
  Error error_;
  Error last_error_;

  std::vector<uint32_t> views_;  // see views()
};

class Engine {
 public:
  std::string version() const { return Version(); }
  std::string target() const { return SimdTargetName(); }

  val parse(const std::string& code) const {
    val o = val::object();
    if (IsClassCode(code)) {
      // Class code is read whole by plan()/load(); parse() reports only
      // whether it is class code (its syntax is checked there).
      o.set("ok", true);
      o.set("classCode", true);
      o.set("layers", val::array());
      return o;
    }
    const ParseResult r = ParseTorch(code);
    o.set("ok", r.ok);
    o.set("classCode", false);
    o.set("layers", SpecsToJs(r.layers));
    if (r.error) o.set("error", ErrorToJs(*r.error));
    return o;
  }

  // Canonical code, or the error value (the JS wrapper throws it).
  val format(const val& layers) const {
    std::vector<LayerSpec> specs;
    if (auto err = SpecsFromJs(layers, &specs)) return ErrorToJs(*err);
    return val(FormatStack(specs));
  }

  // The plan of a stack, Sequential code or class code (with its module
  // tree and graph); options.entry picks the model in class code.
  val plan(const val& model, const val& input_shape, const val& options) const {
    ModelRead read;
    if (auto err = ReadFromJs(model, input_shape, options, &read)) {
      Plan failed;
      failed.error = err;
      return PlanToJs(failed);
    }
    return ModelReadToJs(read);
  }

  // Rewrites one constructor argument of class code in place: opts is
  // { module, param, value, entry? }. Returns { code } or { error }.
  val editArgument(const std::string& code, const val& opts) const {
    auto str = [&](const char* key) {
      const val v = opts[key];
      return v.typeOf().as<std::string>() == "string" ? v.as<std::string>()
                                                      : std::string();
    };
    ModelOptions options;
    options.entry = str("entry");
    std::string out;
    if (auto err = EditArgument(code, options, str("module"), str("param"),
                                str("value"), &out)) {
      return WithError(*err);
    }
    val o = val::object();
    o.set("code", out);
    return o;
  }

  // The model as code: opts.form is 'class' or 'sequential'. Returns
  // { code } or { error }.
  val exportCode(const val& model, const val& input_shape,
                 const val& opts) const {
    ModelRead read;
    if (auto err = ReadFromJs(model, input_shape, opts, &read)) {
      return WithError(*err);
    }
    if (!read.ok) {
      return WithError(read.error ? *read.error
                                  : MakeError(ErrorKind::kValueError,
                                              "the model has an error"));
    }
    const val form = opts["form"];
    const bool sequential = form.typeOf().as<std::string>() == "string" &&
                            form.as<std::string>() == "sequential";
    std::string out;
    if (auto err = sequential ? ExportSequential(read, &out)
                              : ExportClass(read, &out)) {
      return WithError(*err);
    }
    val o = val::object();
    o.set("code", out);
    return o;
  }

  // Every layer kind with its constructor signature: what a layer palette
  // offers and what a layer card can edit.
  val layers() const { return LayerCatalogueToJs(); }

  // Every quiz kind: its name, title and whether it asks about one layer.
  val quizKinds() const { return QuizKindsToJs(); }

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
      .function("editArgument", &convplay::Engine::editArgument)
      .function("exportCode", &convplay::Engine::exportCode)
      .function("layers", &convplay::Engine::layers)
      .function("quizKinds", &convplay::Engine::quizKinds)
      .function("quiz", &convplay::Engine::quiz)
      .function("grade", &convplay::Engine::grade)
      .function("memory", &convplay::Engine::memory);
  emscripten::class_<convplay::Model>("Model")
      .constructor<emscripten::val, emscripten::val, double, emscripten::val>()
      .function("error", &convplay::Model::error)
      .function("plan", &convplay::Model::plan)
      .function("forward", &convplay::Model::forward)
      .function("views", &convplay::Model::views)
      .function("run", &convplay::Model::run)
      .function("lastError", &convplay::Model::lastError)
      .function("weights", &convplay::Model::weights)
      .function("setWeights", &convplay::Model::setWeights)
      .function("explain", &convplay::Model::explain);
}
