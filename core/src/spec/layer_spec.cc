#include "convplay/spec/layer_spec.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

namespace convplay {
namespace {

struct KindInfo {
  const char* name;
  LayerFamily family;
  int dims;
};

constexpr KindInfo kKinds[] = {
#define X(name, family, dims) {#name, LayerFamily::family, dims},
#include "convplay/spec/layer_kinds.inc"
#undef X
};

const KindInfo& Info(LayerKind kind) { return kKinds[static_cast<int>(kind)]; }

ParamSpec Req(const char* name) { return {name, true, Value()}; }
ParamSpec Opt(const char* name, Value v) { return {name, false, std::move(v)}; }

std::vector<ParamSpec> ConvSignature() {
  return {Req("in_channels"),
          Req("out_channels"),
          Req("kernel_size"),
          Opt("stride", Value::Int(1)),
          Opt("padding", Value::Int(0)),
          Opt("dilation", Value::Int(1)),
          Opt("groups", Value::Int(1)),
          Opt("bias", Value::Bool(true)),
          Opt("padding_mode", Value::String("zeros")),
          Opt("device", Value()),
          Opt("dtype", Value())};
}

std::vector<ParamSpec> ConvTransposeSignature() {
  // groups comes before dilation here, unlike Conv.
  return {Req("in_channels"),
          Req("out_channels"),
          Req("kernel_size"),
          Opt("stride", Value::Int(1)),
          Opt("padding", Value::Int(0)),
          Opt("output_padding", Value::Int(0)),
          Opt("groups", Value::Int(1)),
          Opt("bias", Value::Bool(true)),
          Opt("dilation", Value::Int(1)),
          Opt("padding_mode", Value::String("zeros")),
          Opt("device", Value()),
          Opt("dtype", Value())};
}

std::vector<ParamSpec> MakeSignature(LayerKind kind) {
  switch (FamilyOf(kind)) {
    case LayerFamily::kConv:
      return ConvSignature();
    case LayerFamily::kConvTranspose:
      return ConvTransposeSignature();
    case LayerFamily::kMaxPool:
      return {Req("kernel_size"),
              Opt("stride", Value()),
              Opt("padding", Value::Int(0)),
              Opt("dilation", Value::Int(1)),
              Opt("return_indices", Value::Bool(false)),
              Opt("ceil_mode", Value::Bool(false))};
    case LayerFamily::kAvgPool:
      if (kind == LayerKind::kAvgPool1d) {
        return {Req("kernel_size"), Opt("stride", Value()),
                Opt("padding", Value::Int(0)),
                Opt("ceil_mode", Value::Bool(false)),
                Opt("count_include_pad", Value::Bool(true))};
      }
      return {Req("kernel_size"),
              Opt("stride", Value()),
              Opt("padding", Value::Int(0)),
              Opt("ceil_mode", Value::Bool(false)),
              Opt("count_include_pad", Value::Bool(true)),
              Opt("divisor_override", Value())};
    case LayerFamily::kAdaptiveAvgPool:
      return {Req("output_size")};
    case LayerFamily::kAdaptiveMaxPool:
      return {Req("output_size"), Opt("return_indices", Value::Bool(false))};
    case LayerFamily::kActivation:
      switch (kind) {
        case LayerKind::kReLU:
          return {Opt("inplace", Value::Bool(false))};
        case LayerKind::kLeakyReLU:
          return {Opt("negative_slope", Value::Float(0.01)),
                  Opt("inplace", Value::Bool(false))};
        case LayerKind::kELU:
          return {Opt("alpha", Value::Float(1.0)),
                  Opt("inplace", Value::Bool(false))};
        case LayerKind::kGELU:
          return {Opt("approximate", Value::String("none"))};
        default:
          return {};  // Sigmoid, Tanh
      }
    case LayerFamily::kSoftmax:
      return {Opt("dim", Value())};
    case LayerFamily::kBatchNorm:
      return {Req("num_features"),
              Opt("eps", Value::Float(1e-5)),
              Opt("momentum", Value::Float(0.1)),
              Opt("affine", Value::Bool(true)),
              Opt("track_running_stats", Value::Bool(true)),
              Opt("device", Value()),
              Opt("dtype", Value())};
    case LayerFamily::kDropout:
      return {Opt("p", Value::Float(0.5)), Opt("inplace", Value::Bool(false))};
    case LayerFamily::kFlatten:
      return {Opt("start_dim", Value::Int(1)), Opt("end_dim", Value::Int(-1))};
    case LayerFamily::kUnflatten:
      return {Req("dim"), Req("unflattened_size")};
    case LayerFamily::kLinear:
      return {Req("in_features"), Req("out_features"),
              Opt("bias", Value::Bool(true)), Opt("device", Value()),
              Opt("dtype", Value())};
    case LayerFamily::kPad:
      return {Req("padding")};
    case LayerFamily::kUpsample:
      return {Opt("size", Value()), Opt("scale_factor", Value()),
              Opt("mode", Value::String("nearest")),
              Opt("align_corners", Value()),
              Opt("recompute_scale_factor", Value())};
    case LayerFamily::kPReLU:
      return {Opt("num_parameters", Value::Int(1)),
              Opt("init", Value::Float(0.25)), Opt("device", Value()),
              Opt("dtype", Value())};
    case LayerFamily::kPixelShuffle:
      return {Req(kind == LayerKind::kPixelShuffle ? "upscale_factor"
                                                   : "downscale_factor")};
    case LayerFamily::kInstanceNorm:
      return {Req("num_features"),
              Opt("eps", Value::Float(1e-5)),
              Opt("momentum", Value::Float(0.1)),
              Opt("affine", Value::Bool(false)),
              Opt("track_running_stats", Value::Bool(false)),
              Opt("device", Value()),
              Opt("dtype", Value())};
  }
  return {};
}

int ParamIndex(LayerKind kind, std::string_view name) {
  const auto& sig = SignatureOf(kind);
  for (size_t i = 0; i < sig.size(); ++i) {
    if (name == sig[i].name) return static_cast<int>(i);
  }
  return -1;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'" as CPython lists missing names.
std::string JoinNames(const std::vector<std::string>& names) {
  if (names.size() == 1) return Quoted(names[0]);
  if (names.size() == 2) return Quoted(names[0]) + " and " + Quoted(names[1]);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i + 1 == names.size()) {
      out += "and " + Quoted(names[i]);
    } else {
      out += Quoted(names[i]) + ", ";
    }
  }
  return out;
}

void SortArgs(LayerSpec* spec) {
  std::stable_sort(spec->args.begin(), spec->args.end(),
                   [kind = spec->kind](const auto& a, const auto& b) {
                     return ParamIndex(kind, a.first) <
                            ParamIndex(kind, b.first);
                   });
}

}  // namespace

const char* LayerKindName(LayerKind kind) { return Info(kind).name; }
LayerFamily FamilyOf(LayerKind kind) { return Info(kind).family; }
int SpatialDimsOf(LayerKind kind) { return Info(kind).dims; }

std::optional<LayerKind> LayerKindFromName(std::string_view name) {
  for (int i = 0; i < kLayerKindCount; ++i) {
    if (name == kKinds[i].name) return static_cast<LayerKind>(i);
  }
  return std::nullopt;
}

const std::vector<ParamSpec>& SignatureOf(LayerKind kind) {
  static const auto* const table = [] {
    auto* t = new std::array<std::vector<ParamSpec>, kLayerKindCount>();
    for (int i = 0; i < kLayerKindCount; ++i) {
      (*t)[i] = MakeSignature(static_cast<LayerKind>(i));
    }
    return t;
  }();
  return (*table)[static_cast<int>(kind)];
}

const Value& LayerSpec::Arg(std::string_view name) const {
  for (const auto& [key, value] : args) {
    if (key == name) return value;
  }
  const int index = ParamIndex(kind, name);
  if (index < 0) std::abort();  // a programming error, not bad input
  return SignatureOf(kind)[index].default_value;
}

bool LayerSpec::Has(std::string_view name) const {
  for (const auto& arg : args) {
    if (arg.first == name) return true;
  }
  return false;
}

std::optional<Error> BindArguments(
    LayerKind kind, const std::vector<Value>& positional,
    const std::vector<std::pair<std::string, Value>>& keywords,
    LayerSpec* out) {
  const auto& sig = SignatureOf(kind);
  const std::string fn = std::string(LayerKindName(kind)) + ".__init__()";
  LayerSpec spec;
  spec.kind = kind;
  std::vector<bool> bound(sig.size(), false);
  for (size_t i = 0; i < positional.size() && i < sig.size(); ++i) {
    spec.args.emplace_back(sig[i].name, positional[i]);
    bound[i] = true;
  }
  // CPython binds keywords before it complains about extra positionals.
  for (const auto& [name, value] : keywords) {
    const int index = ParamIndex(kind, name);
    if (index < 0) {
      return MakeError(
          ErrorKind::kTypeError,
          fn + " got an unexpected keyword argument '" + name + "'");
    }
    if (bound[index]) {
      return MakeError(ErrorKind::kTypeError,
                       fn + " got multiple values for argument '" + name + "'");
    }
    bound[index] = true;
    spec.args.emplace_back(name, value);
  }
  if (positional.size() > sig.size()) {
    size_t required = 0;
    for (const auto& p : sig) required += p.required ? 1 : 0;
    const size_t given = positional.size() + 1;  // Python counts self
    std::string takes;
    if (required == sig.size()) {
      const size_t n = sig.size() + 1;
      takes = std::to_string(n) + " positional argument" + (n == 1 ? "" : "s");
    } else {
      takes = "from " + std::to_string(required + 1) + " to " +
              std::to_string(sig.size() + 1) + " positional arguments";
    }
    return MakeError(ErrorKind::kTypeError,
                     fn + " takes " + takes + " but " + std::to_string(given) +
                         (given == 1 ? " was" : " were") + " given");
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < sig.size(); ++i) {
    if (sig[i].required && !bound[i]) missing.emplace_back(sig[i].name);
  }
  if (!missing.empty()) {
    const size_t n = missing.size();
    return MakeError(ErrorKind::kTypeError,
                     fn + " missing " + std::to_string(n) + " required " +
                         "positional argument" + (n == 1 ? "" : "s") + ": " +
                         JoinNames(missing));
  }
  SortArgs(&spec);
  *out = std::move(spec);
  return std::nullopt;
}

std::optional<Error> NormalizeSpec(LayerSpec* spec) {
  std::vector<std::pair<std::string, Value>> keywords = std::move(spec->args);
  return BindArguments(spec->kind, {}, keywords, spec);
}

const char* LayerFamilyName(LayerFamily family) {
  switch (family) {
    case LayerFamily::kConv:
      return "conv";
    case LayerFamily::kConvTranspose:
      return "conv-transpose";
    case LayerFamily::kMaxPool:
      return "max-pool";
    case LayerFamily::kAvgPool:
      return "avg-pool";
    case LayerFamily::kAdaptiveAvgPool:
      return "adaptive-avg-pool";
    case LayerFamily::kAdaptiveMaxPool:
      return "adaptive-max-pool";
    case LayerFamily::kActivation:
      return "activation";
    case LayerFamily::kSoftmax:
      return "softmax";
    case LayerFamily::kBatchNorm:
      return "batch-norm";
    case LayerFamily::kDropout:
      return "dropout";
    case LayerFamily::kFlatten:
      return "flatten";
    case LayerFamily::kUnflatten:
      return "unflatten";
    case LayerFamily::kLinear:
      return "linear";
    case LayerFamily::kPad:
      return "pad";
    case LayerFamily::kUpsample:
      return "upsample";
    case LayerFamily::kPReLU:
      return "prelu";
    case LayerFamily::kPixelShuffle:
      return "pixel-shuffle";
    case LayerFamily::kInstanceNorm:
      return "instance-norm";
  }
  return "";
}

}  // namespace convplay
