#include "js_values.h"

#include <cmath>
#include <string>
#include <vector>

#include "convplay/text/torch_text.h"

namespace convplay {

val ToJs(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone:
      return val::null();
    case Value::Type::kBool:
      return val(v.as_bool());
    case Value::Type::kInt:
      return val(static_cast<double>(v.as_int()));
    case Value::Type::kFloat:
      return val(v.as_double());
    case Value::Type::kString:
      return val(v.as_string());
    case Value::Type::kTuple:
    case Value::Type::kList: {
      val a = val::array();
      for (const Value& item : v.items()) a.call<void>("push", ToJs(item));
      return a;
    }
  }
  return val::null();
}

val ErrorToJs(const Error& e) {
  val o = val::object();
  o.set("layer", e.layer);
  o.set("kind", std::string(ErrorKindName(e.kind)));
  o.set("message", e.message);
  if (!e.hint.empty()) o.set("hint", e.hint);
  if (e.line > 0) {
    o.set("line", e.line);
    o.set("column", e.column);
  }
  return o;
}

val SpecToJs(const LayerSpec& spec) {
  val o = val::object();
  o.set("kind", std::string(LayerKindName(spec.kind)));
  val args = val::object();
  for (const auto& [name, value] : spec.args) args.set(name, ToJs(value));
  o.set("args", args);
  return o;
}

val SpecsToJs(const std::vector<LayerSpec>& specs) {
  val a = val::array();
  for (const LayerSpec& s : specs) a.call<void>("push", SpecToJs(s));
  return a;
}

Error TypeErrorValue(std::string message) {
  return MakeError(ErrorKind::kTypeError, std::move(message));
}

// A JS value as a Python literal: integers stay ints, arrays become tuples.
std::optional<Error> FromJs(const val& v, const std::string& where,
                            Value* out) {
  const std::string type = v.typeOf().as<std::string>();
  if (v.isNull() || v.isUndefined()) {
    *out = Value::None();
  } else if (type == "boolean") {
    *out = Value::Bool(v.as<bool>());
  } else if (type == "number") {
    const double d = v.as<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
      *out = Value::Int(static_cast<int64_t>(d));
    } else {
      *out = Value::Float(d);
    }
  } else if (type == "string") {
    *out = Value::String(v.as<std::string>());
  } else if (val::global("Array").call<bool>("isArray", v)) {
    std::vector<Value> items;
    const int n = v["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      Value item;
      if (auto err = FromJs(v[i], where, &item)) return err;
      items.push_back(std::move(item));
    }
    *out = Value::Tuple(std::move(items));
  } else {
    return TypeErrorValue(where +
                          " must be a number, string, boolean, null or "
                          "array, not " +
                          type);
  }
  return std::nullopt;
}

std::optional<Error> SpecsFromJs(const val& layers,
                                 std::vector<LayerSpec>* out) {
  if (!val::global("Array").call<bool>("isArray", layers)) {
    return TypeErrorValue("layers must be an array of { kind, args }");
  }
  const int n = layers["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const val layer = layers[i];
    if (layer.typeOf().as<std::string>() != "object" || layer.isNull() ||
        layer["kind"].typeOf().as<std::string>() != "string") {
      Error e = TypeErrorValue("layer " + std::to_string(i) +
                               " must be an object { kind: string, args }");
      e.layer = i;
      return e;
    }
    const std::string kind_name = layer["kind"].as<std::string>();
    const std::optional<LayerKind> kind = LayerKindFromName(kind_name);
    if (!kind) {
      const std::string suggestion = SuggestLayerName(kind_name);
      Error e = MakeError(
          ErrorKind::kAttributeError,
          "module 'torch.nn' has no attribute '" + kind_name + "'",
          suggestion.empty() ? "" : "did you mean nn." + suggestion + "?");
      e.layer = i;
      return e;
    }
    LayerSpec spec;
    spec.kind = *kind;
    const val args = layer["args"];
    if (!args.isUndefined() && !args.isNull()) {
      const val keys = val::global("Object").call<val>("keys", args);
      const int nk = keys["length"].as<int>();
      for (int k = 0; k < nk; ++k) {
        const std::string key = keys[k].as<std::string>();
        Value v;
        if (auto err = FromJs(args[key], key, &v)) {
          err->layer = i;
          return err;
        }
        spec.args.emplace_back(key, std::move(v));
      }
    }
    if (auto err = NormalizeSpec(&spec)) {
      err->layer = i;
      return err;
    }
    out->push_back(std::move(spec));
  }
  return std::nullopt;
}

namespace {

val FieldToJs(const ReceptiveField& f) {
  val o = val::object();
  o.set("scope", std::string(f.scope == ReceptiveField::Scope::kLocal ? "local"
                             : f.scope == ReceptiveField::Scope::kWholeInput
                                 ? "whole-input"
                                 : "n/a"));
  o.set("size", Array(f.size));
  o.set("jump", Array(f.jump));
  o.set("start", Array(f.start));
  return o;
}

}  // namespace

val PlanToJs(const Plan& plan) {
  val o = val::object();
  o.set("ok", plan.ok);
  val layers = val::array();
  for (const LayerPlan& lp : plan.layers) {
    val l = val::object();
    l.set("index", lp.index);
    l.set("kind", std::string(LayerKindName(lp.kind)));
    l.set("code", lp.code);
    l.set("inputShape", Array(lp.input_shape));
    l.set("outputShape", Array(lp.output_shape));
    l.set("params", static_cast<double>(lp.params));
    l.set("paramsFormula", lp.params_formula);
    l.set("buffers", static_cast<double>(lp.buffers));
    l.set("macs", static_cast<double>(lp.macs));
    l.set("receptiveField", FieldToJs(lp.receptive_field));
    l.set("op", lp.op.empty() ? std::string("layer") : lp.op);
    l.set("module", lp.module);
    l.set("inputs", Array(lp.inputs));
    l.set("sharedWith", lp.shared_with);
    l.set("functional", lp.functional);
    if (lp.line > 0) {
      l.set("line", lp.line);
      l.set("column", lp.column);
    }
    layers.call<void>("push", l);
  }
  o.set("layers", layers);
  if (plan.ok) o.set("outputShape", Array(plan.output_shape));
  o.set("totalParams", static_cast<double>(plan.total_params));
  o.set("totalMacs", static_cast<double>(plan.total_macs));
  o.set("totalBytes", static_cast<double>(plan.total_bytes));
  if (plan.error) o.set("error", ErrorToJs(*plan.error));
  val warnings = val::array();
  for (const PlanWarning& w : plan.warnings) {
    val wo = val::object();
    wo.set("layer", w.layer);
    wo.set("message", w.message);
    warnings.call<void>("push", wo);
  }
  o.set("warnings", warnings);
  val state = val::array();
  for (const TensorSpec& t : plan.state_dict) {
    val to = val::object();
    to.set("name", t.name);
    to.set("shape", Array(t.shape));
    to.set("learnable", t.learnable);
    state.call<void>("push", to);
  }
  o.set("stateDict", state);
  return o;
}

std::optional<Error> ReadFromJs(const val& model, const val& input_shape,
                                const val& options, ModelRead* out) {
  std::vector<LayerSpec> specs;
  Shape shape;
  const bool code = model.typeOf().as<std::string>() == "string";
  if (code && IsClassCode(model.as<std::string>())) {
    if (auto err = ModelFromJs(val::array(), input_shape, &specs, &shape)) {
      return err;
    }
    ModelOptions opts;
    if (options.typeOf().as<std::string>() == "object" && !options.isNull()) {
      const val entry = options["entry"];
      if (entry.typeOf().as<std::string>() == "string") {
        opts.entry = entry.as<std::string>();
      }
    }
    *out = ReadModel(model.as<std::string>(), shape, opts);
    return std::nullopt;
  }
  if (auto err = ModelFromJs(model, input_shape, &specs, &shape)) return err;
  *out = ChainModel(specs, shape);
  return std::nullopt;
}

val ModelReadToJs(const ModelRead& r) {
  val o = PlanToJs(r.plan);
  if (r.error && !r.plan.error) {
    o.set("ok", false);
    o.set("error", ErrorToJs(*r.error));
  }
  o.set("classCode", r.class_code);
  o.set("modelName", r.model_name);
  val modules = val::array();
  for (const ModuleInfo& m : r.modules) {
    val mo = val::object();
    mo.set("path", m.path);
    mo.set("type", m.type);
    mo.set("line", m.line);
    mo.set("calls", m.calls);
    modules.call<void>("push", mo);
  }
  o.set("modules", modules);
  val classes = val::array();
  for (const std::string& c : r.classes) classes.call<void>("push", c);
  o.set("classes", classes);
  if (r.suggested_input) o.set("suggestedInput", Array(*r.suggested_input));
  o.set("output", r.output);
  return o;
}

val LayerCatalogueToJs() {
  val a = val::array();
  for (int i = 0; i < kLayerKindCount; ++i) {
    const auto kind = static_cast<LayerKind>(i);
    val o = val::object();
    o.set("kind", std::string(LayerKindName(kind)));
    o.set("family", std::string(LayerFamilyName(FamilyOf(kind))));
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

// Layers and input shape from JS: PyTorch code or LayerSpec objects.
std::optional<Error> ModelFromJs(const val& model, const val& input_shape,
                                 std::vector<LayerSpec>* specs, Shape* shape) {
  if (model.typeOf().as<std::string>() == "string") {
    ParseResult r = ParseTorch(model.as<std::string>());
    if (!r.ok) return r.error;
    *specs = std::move(r.layers);
  } else if (auto err = SpecsFromJs(model, specs)) {
    return err;
  }
  if (!val::global("Array").call<bool>("isArray", input_shape)) {
    return TypeErrorValue("inputShape must be an array of integers");
  }
  const int n = input_shape["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const val d = input_shape[i];
    if (d.typeOf().as<std::string>() != "number" ||
        !val::global("Number").call<bool>("isSafeInteger", d)) {
      return TypeErrorValue(
          "inputShape must be an array of integers, but element " +
          std::to_string(i) + " is not");
    }
    shape->push_back(static_cast<int64_t>(d.as<double>()));
  }
  return std::nullopt;
}

val Float32Copy(const float* data, size_t n) {
  // A copy, not a view: views into the heap go stale when memory grows.
  return val::global("Float32Array")
      .new_(emscripten::typed_memory_view(n, data));
}

// A loaded stack with weights. Construction errors are kept as a value
// (error()), so JS can throw a ConvPlayError instead of Embind aborting.
}  // namespace convplay
