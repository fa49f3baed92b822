// Activations, Softmax, BatchNorm (eval), Dropout (eval), Flatten,
// Unflatten, Linear, padding layers and Upsample (SEMANTICS.md §8–§10).
#include <cmath>
#include <limits>

#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {
namespace {

std::optional<Error> ConstructBatchNorm(const LayerSpec& spec,
                                        Constructed* out) {
  const Value& c = spec.Arg("num_features");
  if (spec.Arg("affine").Truthy()) {
    Shape s;
    if (auto err = CheckTensorSizes({c}, &s)) return err;
    out->tensors.push_back({"weight", s, true});
    out->tensors.push_back({"bias", s, true});
  }
  if (spec.Arg("track_running_stats").Truthy()) {
    Shape s;
    if (auto err = CheckTensorSizes({c}, &s)) return err;
    out->tensors.push_back({"running_mean", s, false});
    out->tensors.push_back({"running_var", s, false});
    out->tensors.push_back({"num_batches_tracked", {}, false});
  }
  return std::nullopt;
}

std::optional<Error> ForwardBatchNorm(const LayerSpec& spec, const Shape& x,
                                      Forwarded* f) {
  const int n = SpatialDimsOf(spec.kind);
  const int64_t r = static_cast<int64_t>(x.size());
  const bool ok = n == 1 ? (r == 2 || r == 3) : r == n + 2;
  if (!ok) {
    const std::string want = n == 1 ? "2D or 3D" : std::to_string(n + 2) + "D";
    return ValueError(
        "expected " + want + " input (got " + std::to_string(r) + "D input)",
        std::string(LayerKindName(spec.kind)) +
            " has no unbatched form: add a batch dimension");
  }
  const bool track = spec.Arg("track_running_stats").Truthy();
  // Eval mode uses batch statistics when no running stats are kept.
  if (!track) {
    int64_t prod = x[0];
    for (int64_t i = 2; i < r; ++i) prod = SaturatingMul(prod, x[i]);
    if (prod == 1) {
      return ValueError(
          "Expected more than 1 value per channel when training, got input "
          "size " +
          TorchSizeText(x));
    }
  }
  int64_t numel = 1;
  for (int64_t v : x) numel = SaturatingMul(numel, v);
  const int64_t c = spec.Arg("num_features").as_int();
  const bool affine = spec.Arg("affine").Truthy();
  if (numel != 0 && (track || affine) && x[1] != c) {
    return RuntimeError(std::string(track ? "running_mean" : "weight") +
                            " should contain " + std::to_string(x[1]) +
                            " elements not " + std::to_string(c),
                        "set num_features=" + std::to_string(x[1]));
  }
  f->out = x;
  f->macs = SaturatingMul(numel, affine ? 2 : 1);
  return std::nullopt;
}

std::optional<Error> ConstructDropout(const LayerSpec& spec) {
  const Value& p = spec.Arg("p");
  if (!p.is_number()) {
    return TypeError(std::string("'<' not supported between instances of '") +
                     p.TypeName() + "' and 'int'");
  }
  if (p.as_double() < 0 || p.as_double() > 1) {
    return ValueError(
        "dropout probability has to be between 0 and 1, but got " + Repr(p),
        "p is a probability: use a value from 0 to 1");
  }
  return std::nullopt;
}

std::optional<Error> ForwardDropout(const LayerSpec& spec, const Shape& x,
                                    Forwarded* f) {
  f->out = x;
  if (spec.kind != LayerKind::kDropout2d) return std::nullopt;
  const size_t r = x.size();
  if (r == 3) {
    f->warnings.push_back(
        "dropout2d: Received a 3D input to dropout2d and assuming that "
        "channel-wise 1D dropout behavior is desired - input is interpreted as "
        "shape (N, C, L), where C is the channel dim. This behavior will "
        "change "
        "in a future release to interpret the input as one without a batch "
        "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise "
        "dropout behavior, please switch to using dropout1d instead.");
  } else if (r != 4) {
    f->warnings.push_back(
        "dropout2d: Received a " + std::to_string(r) +
        "-D input to dropout2d, which is deprecated and will result in an "
        "error in a future release. To retain the behavior and silence this "
        "warning, please use dropout instead. Note that dropout2d exists to "
        "provide channel-wise dropout on inputs with 2 spatial dimensions, a "
        "channel dimension, and an optional batch dimension (i.e. 3D or 4D "
        "inputs).");
  }
  return std::nullopt;
}

std::optional<Error> ForwardSoftmax(const LayerSpec& spec, const Shape& x,
                                    Forwarded* f) {
  const Value& dim = spec.Arg("dim");
  const int64_t r = static_cast<int64_t>(x.size());
  int64_t d = 0;
  if (dim.is_none()) {
    d = (r == 0 || r == 1 || r == 3) ? 0 : 1;
    f->warnings.push_back(
        "Implicit dimension choice for softmax has been deprecated. Change "
        "the call to include dim=X as an argument.");
  } else if (!dim.is_int()) {
    return TypeError(std::string("softmax(): argument 'dim' (position 1) must "
                                 "be int, not ") +
                     dim.TypeName());
  } else {
    d = dim.as_int();
  }
  int64_t wrapped = 0;
  if (auto err = WrapDim(d, r, &wrapped)) return err;
  f->out = x;
  return std::nullopt;
}

std::optional<Error> ForwardActivation(const LayerSpec& spec, const Shape& x,
                                       Forwarded* f) {
  if (spec.kind == LayerKind::kGELU) {
    const Value& a = spec.Arg("approximate");
    if (!a.is_string() ||
        (a.as_string() != "none" && a.as_string() != "tanh")) {
      return RuntimeError("approximate argument must be either none or tanh.",
                          "use approximate='none' or approximate='tanh'");
    }
  }
  const char* number_arg = spec.kind == LayerKind::kLeakyReLU ? "negative_slope"
                           : spec.kind == LayerKind::kELU     ? "alpha"
                                                              : nullptr;
  if (number_arg && !spec.Arg(number_arg).is_number()) {
    return TypeError(
        std::string(spec.kind == LayerKind::kELU ? "elu" : "leaky_relu") +
        "(): argument '" + number_arg + "' must be Number, not " +
        spec.Arg(number_arg).TypeName());
  }
  f->out = x;
  return std::nullopt;
}

std::optional<Error> ForwardFlatten(const LayerSpec& spec, const Shape& x,
                                    const ForwardContext& ctx, Forwarded* f) {
  const Value& start = spec.Arg("start_dim");
  const Value& end = spec.Arg("end_dim");
  if (!start.is_int() || !end.is_int()) {
    return TypeError(std::string("flatten(): argument '") +
                     (start.is_int() ? "end_dim" : "start_dim") +
                     "' must be int, not " +
                     (start.is_int() ? end.TypeName() : start.TypeName()));
  }
  const int64_t r = static_cast<int64_t>(x.size());
  int64_t s = 0, e = 0;
  if (auto err = WrapDim(start.as_int(), r, &s)) {
    if (r <= 1)
      err->hint = "Flatten() keeps dim 0; this input has nothing to flatten";
    return err;
  }
  if (auto err = WrapDim(end.as_int(), r, &e)) return err;
  if (s > e) {
    return RuntimeError(
        "flatten() has invalid args: start_dim cannot come after end_dim");
  }
  if (r == 0) {
    f->out = {1};
    return std::nullopt;
  }
  Shape out(x.begin(), x.begin() + s);
  int64_t prod = 1;
  for (int64_t i = s; i <= e; ++i) prod = SaturatingMul(prod, x[i]);
  out.push_back(prod);
  out.insert(out.end(), x.begin() + e + 1, x.end());
  f->out = out;
  if (ctx.input_batched.has_value() && !*ctx.input_batched && s == 1 &&
      r >= 3) {
    f->warnings.push_back(
        "Flatten() keeps dim 0, but this input is unbatched, so dim 0 is the "
        "channel dim: the result is " +
        SizesText(out) + ", not [" + std::to_string(SaturatingMul(x[0], prod)) +
        "]. Add a batch dimension or use nn.Flatten(0).");
  }
  return std::nullopt;
}

std::optional<Error> ConstructUnflatten(const LayerSpec& spec) {
  const Value& dim = spec.Arg("dim");
  const Value& sizes = spec.Arg("unflattened_size");
  if (!dim.is_int()) {
    return TypeError("invalid argument type for dim parameter");
  }
  if (!sizes.is_sequence()) {
    return TypeError(
        std::string(
            "unflattened_size must be a tuple of int, but found type ") +
        sizes.TypeName());
  }
  for (size_t i = 0; i < sizes.items().size(); ++i) {
    if (!sizes.items()[i].is_int()) {
      return TypeError(
          std::string(
              "unflattened_size must be tuple of int, but found element "
              "of type ") +
          sizes.items()[i].TypeName() + " at pos " + std::to_string(i));
    }
  }
  return std::nullopt;
}

std::optional<Error> ForwardUnflatten(const LayerSpec& spec, const Shape& x,
                                      Forwarded* f) {
  if (x.empty()) {
    // unflatten reads the dim's size, which a 0-d tensor does not have.
    return IndexError("Dimension specified as " +
                      std::to_string(spec.Arg("dim").as_int()) +
                      " but tensor has no dimensions");
  }
  int64_t d = 0;
  if (auto err = WrapDim(spec.Arg("dim").as_int(),
                         static_cast<int64_t>(x.size()), &d)) {
    return err;
  }
  std::vector<int64_t> sizes;
  for (const Value& v : spec.Arg("unflattened_size").items()) {
    sizes.push_back(v.as_int());
  }
  if (sizes.empty()) return RuntimeError("unflatten: sizes must be non-empty");
  const int64_t n = x[d];
  int infer = -1;
  int64_t prod = 1;
  bool bad = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      if (infer >= 0) bad = true;
      infer = static_cast<int>(i);
    } else if (sizes[i] < 0) {
      bad = true;
    } else {
      prod = SaturatingMul(prod, sizes[i]);
    }
  }
  if (!bad) {
    if (infer >= 0) {
      bad = prod == 0 || n % prod != 0;
      if (!bad) sizes[infer] = n / prod;
    } else {
      bad = prod != n;
    }
  }
  if (bad) {
    return RuntimeError("unflatten: Provided sizes " + SizesText(sizes) +
                        " don't multiply up to the size of dim " +
                        std::to_string(d) + " (" + std::to_string(n) +
                        ") in the input tensor");
  }
  Shape out(x.begin(), x.begin() + d);
  out.insert(out.end(), sizes.begin(), sizes.end());
  out.insert(out.end(), x.begin() + d + 1, x.end());
  f->out = out;
  return std::nullopt;
}

std::optional<Error> ConstructLinear(const LayerSpec& spec, Constructed* out) {
  Shape w;
  if (auto err = CheckTensorSizes(
          {spec.Arg("out_features"), spec.Arg("in_features")}, &w)) {
    return err;
  }
  out->tensors.push_back({"weight", w, true});
  if (spec.Arg("bias").Truthy()) {
    Shape b;
    if (auto err = CheckTensorSizes({spec.Arg("out_features")}, &b)) return err;
    out->tensors.push_back({"bias", b, true});
  }
  return std::nullopt;
}

std::optional<Error> ForwardLinear(const LayerSpec& spec, const Shape& x,
                                   Forwarded* f) {
  const int64_t in = spec.Arg("in_features").as_int();
  const int64_t out = spec.Arg("out_features").as_int();
  if (x.empty()) {
    return RuntimeError(
        "both arguments to matmul need to be at least 1D, but they are 0D and "
        "2D");
  }
  int64_t rows = 1;
  for (size_t i = 0; i + 1 < x.size(); ++i) rows = SaturatingMul(rows, x[i]);
  if (x.back() != in) {
    std::string hint = "set in_features=" + std::to_string(x.back());
    if (x.size() >= 2) {
      hint += " (the input's last dim is " + std::to_string(x.back()) + ")";
    }
    return RuntimeError(
        "mat1 and mat2 shapes cannot be multiplied (" + std::to_string(rows) +
            "x" + std::to_string(x.back()) + " and " + std::to_string(in) +
            "x" + std::to_string(out) + ")",
        hint);
  }
  f->out = x;
  f->out.back() = out;
  f->macs = SaturatingMul(SaturatingMul(rows, in), out);
  f->field_scope = ReceptiveField::Scope::kWholeInput;
  return std::nullopt;
}

std::optional<Error> ForwardPad(const LayerSpec& spec, const Shape& x,
                                Forwarded* f) {
  const Value& padding = spec.Arg("padding");
  std::vector<int64_t> pad;
  if (padding.is_int()) {
    pad.assign(4, padding.as_int());
  } else if (padding.is_sequence()) {
    if (auto err = ToInts(padding.items(), "pad", "pad", &pad)) return err;
  } else {
    return TypeError(std::string("pad(): argument 'pad' (position 2) must be "
                                 "tuple of ints, not ") +
                     padding.TypeName());
  }
  const PadMode mode = spec.kind == LayerKind::kZeroPad2d ? PadMode::kZeros
                       : spec.kind == LayerKind::kReflectionPad2d
                           ? PadMode::kReflect
                           : PadMode::kReplicate;
  if (auto err = PadShape(x, pad, mode, &f->out)) return err;
  // The field grows into the padding: left pads of W then H.
  if (pad.size() >= 2) {
    const int64_t top = pad.size() >= 4 ? pad[2] : 0;
    f->window = {{1, 1, top, 1}, {1, 1, pad[0], 1}};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> ConstructOther(const LayerSpec& spec, Constructed* out) {
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kBatchNorm:
      return ConstructBatchNorm(spec, out);
    case LayerFamily::kDropout:
      return ConstructDropout(spec);
    case LayerFamily::kUnflatten:
      return ConstructUnflatten(spec);
    case LayerFamily::kLinear:
      return ConstructLinear(spec, out);
    default:
      return std::nullopt;
  }
}

std::optional<Error> ForwardUpsample(const LayerSpec& spec, const Shape& x,
                                     Forwarded* f);

std::optional<Error> ForwardOther(const LayerSpec& spec, const Shape& in,
                                  const ForwardContext& ctx, Forwarded* out) {
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kActivation:
      return ForwardActivation(spec, in, out);
    case LayerFamily::kSoftmax:
      return ForwardSoftmax(spec, in, out);
    case LayerFamily::kBatchNorm:
      return ForwardBatchNorm(spec, in, out);
    case LayerFamily::kDropout:
      return ForwardDropout(spec, in, out);
    case LayerFamily::kFlatten:
      return ForwardFlatten(spec, in, ctx, out);
    case LayerFamily::kUnflatten:
      return ForwardUnflatten(spec, in, out);
    case LayerFamily::kLinear:
      return ForwardLinear(spec, in, out);
    case LayerFamily::kPad:
      return ForwardPad(spec, in, out);
    case LayerFamily::kUpsample:
      return ForwardUpsample(spec, in, out);
    default:
      return RuntimeError(std::string("internal: no rule for ") +
                          LayerKindName(spec.kind));
  }
}

}  // namespace convplay::internal
