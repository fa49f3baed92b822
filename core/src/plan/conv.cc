// Conv{1,2,3}d and ConvTranspose{1,2,3}d: constructor rules
// (torch/nn/modules/conv.py) and forward checks (ATen Convolution.cpp) in
// PyTorch's order. See docs/semantics.md §2 and §3.
#include <algorithm>
#include <cmath>
#include <limits>

#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {
namespace {

// Python's `a % b != 0` for the channel/groups checks (numbers only).
bool NotDivisible(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return PyMod(a.as_int(), b.as_int()) != 0;
  const double x = a.as_double();
  const double y = b.as_double();
  double r = std::fmod(x, y);
  if (r != 0 && ((r < 0) != (y < 0))) r += y;
  return r != 0;
}

std::optional<Error> CompareTypeError(const Value& v, const char* op) {
  if (v.is_number()) return std::nullopt;
  return TypeError(std::string("'") + op +
                   "' not supported between instances of '" + v.TypeName() +
                   "' and 'int'");
}

std::optional<Error> ModTypeError(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return std::nullopt;
  return TypeError(std::string("unsupported operand type(s) for %: '") +
                   a.TypeName() + "' and '" + b.TypeName() + "'");
}

// `channels // groups` as Python computes it for the weight's shape.
Value FloorDivValue(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int() && b.as_int() != 0) {
    return Value::Int(FloorDiv(a.as_int(), b.as_int()));
  }
  if (a.is_number() && b.is_number()) {
    return Value::Float(std::floor(a.as_double() / b.as_double()));
  }
  return a;  // a non-number: torch.empty reports its type
}

std::string PaddingHint(int64_t size, int64_t effective, int64_t dilation,
                        int64_t padding) {
  const int64_t need = (effective - size + 1) / 2;
  const int64_t max_kernel =
      dilation > 0 ? (size + 2 * padding - 1) / dilation + 1 : 0;
  return "use padding ≥ " + std::to_string(need) + " or kernel_size ≤ " +
         std::to_string(max_kernel) + " here";
}

}  // namespace

// expand_param_if_needed: one value broadcasts, else exactly `dim` values.
std::optional<Error> ExpandConvParam(const std::vector<int64_t>& values,
                                     const char* name, int64_t dim,
                                     std::vector<int64_t>* out) {
  if (values.size() == 1) {
    out->assign(static_cast<size_t>(std::max<int64_t>(dim, 0)), values[0]);
    return std::nullopt;
  }
  if (static_cast<int64_t>(values.size()) != dim) {
    return RuntimeError(std::string("expected ") + name +
                        " to be a single integer value or a list of " +
                        std::to_string(dim) +
                        " values to match the convolution dimensions, but "
                        "got " +
                        name + "=" + SizesText(values));
  }
  *out = values;
  return std::nullopt;
}

bool IsTransposedConv(const LayerSpec& spec) {
  return FamilyOf(spec.kind) == LayerFamily::kConvTranspose;
}

std::string ConvOpName(const LayerSpec& spec) {
  const std::string n = std::to_string(SpatialDimsOf(spec.kind));
  return IsTransposedConv(spec) ? "conv_transpose" + n + "d" : "conv" + n + "d";
}

std::optional<Error> Batchify(const Shape& x, int n, const std::string& fn,
                              Shape* xb) {
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == n + 1 || rank == n + 2) {
    *xb = x;
    if (rank == n + 1) xb->insert(xb->begin(), 1);
    return std::nullopt;
  }
  return RuntimeError(
      "Expected " + std::to_string(n + 1) + "D (unbatched) or " +
          std::to_string(n + 2) + "D (batched) input to " + fn +
          ", but got input of size: " + SizesText(x),
      rank < n + 1 ? "this layer needs " + std::to_string(n) +
                         " spatial dims plus channels"
                   : "this layer takes (N, C, …) or (C, …) with " +
                         std::to_string(n) + " spatial dims");
}

std::optional<Error> CheckShapeForwardCommon(
    const std::vector<int64_t>& stride, const std::vector<int64_t>& padding,
    const std::vector<int64_t>& dilation,
    const std::vector<int64_t>* output_padding, const Shape& weight,
    const Shape& xb, int64_t groups, ConvParams* out) {
  // _convolution expands the parameters to the weight's spatial rank...
  const int64_t dim = static_cast<int64_t>(weight.size()) - 2;
  if (auto err = ExpandConvParam(stride, "stride", dim, &out->stride)) {
    return err;
  }
  if (auto err = ExpandConvParam(padding, "padding", dim, &out->padding)) {
    return err;
  }
  if (auto err = ExpandConvParam(dilation, "dilation", dim, &out->dilation)) {
    return err;
  }
  if (output_padding) {
    if (auto err = ExpandConvParam(*output_padding, "output_padding", dim,
                                   &out->output_padding)) {
      return err;
    }
  }
  // ...then check_shape_forward runs these checks in this order.
  for (int64_t v : out->padding) {
    if (v < 0) return RuntimeError("negative padding is not supported");
  }
  for (int64_t v : out->output_padding) {
    if (v < 0) return RuntimeError("negative output_padding is not supported");
  }
  for (int64_t v : out->stride) {
    if (v <= 0) return RuntimeError("non-positive stride is not supported");
  }
  for (int64_t v : out->dilation) {
    if (v < 0) return RuntimeError("dilation should be greater than zero");
  }
  const int64_t k = static_cast<int64_t>(xb.size());
  if (static_cast<int64_t>(weight.size()) != k) {
    return RuntimeError("Expected " + std::to_string(weight.size()) +
                        "-dimensional input for " +
                        std::to_string(weight.size()) + "-dimensional weight " +
                        SizesText(weight) + ", but got " + std::to_string(k) +
                        "-dimensional input of size " + SizesText(xb) +
                        " instead");
  }
  if (weight[0] < groups) {
    return RuntimeError(
        "Given groups=" + std::to_string(groups) +
            ", expected weight to be at least " + std::to_string(groups) +
            " at dimension 0, but got weight of size " + SizesText(weight) +
            " instead",
        "out_channels must be at least 1 (and at least groups)");
  }
  return std::nullopt;
}

Shape ConvWeightShape(const LayerSpec& spec) {
  const int n = SpatialDimsOf(spec.kind);
  std::vector<Value> sizes;
  const Value& groups = spec.Arg("groups");
  if (IsTransposedConv(spec)) {
    sizes.push_back(spec.Arg("in_channels"));
    sizes.push_back(FloorDivValue(spec.Arg("out_channels"), groups));
  } else {
    sizes.push_back(spec.Arg("out_channels"));
    sizes.push_back(FloorDivValue(spec.Arg("in_channels"), groups));
  }
  for (const Value& k : NTuple(spec.Arg("kernel_size"), n)) sizes.push_back(k);
  Shape shape;
  CheckTensorSizes(sizes, &shape);
  return shape;
}

std::optional<Error> ConstructConv(const LayerSpec& spec, Constructed* out) {
  const bool transposed = IsTransposedConv(spec);
  const int n = SpatialDimsOf(spec.kind);
  const Value& in = spec.Arg("in_channels");
  const Value& outc = spec.Arg("out_channels");
  const Value& groups = spec.Arg("groups");
  const Value& padding = spec.Arg("padding");
  const Value& mode = spec.Arg("padding_mode");
  const bool zeros_mode = mode.is_string() && mode.as_string() == "zeros";
  if (transposed && !zeros_mode) {
    return ValueError(
        std::string("Only \"zeros\" padding mode is supported for ") +
        LayerKindName(spec.kind));
  }
  if (auto err = CompareTypeError(groups, "<=")) return err;
  if (groups.as_double() <= 0) {
    return ValueError("groups must be a positive integer",
                      "set groups to 1 (a normal convolution) or to a divisor "
                      "of in_channels and out_channels");
  }
  if (auto err = ModTypeError(in, groups)) return err;
  if (NotDivisible(in, groups)) {
    return ValueError(
        "in_channels must be divisible by groups",
        "pick groups that divides in_channels (" + Repr(in) + ")");
  }
  if (auto err = ModTypeError(outc, groups)) return err;
  if (NotDivisible(outc, groups)) {
    return ValueError(
        "out_channels must be divisible by groups",
        "pick out_channels as a multiple of groups (" + Repr(groups) + ")");
  }
  // A transposed conv passes _pair(padding), never a string, to _ConvNd.
  if (!transposed && padding.is_string()) {
    const std::string& p = padding.as_string();
    if (p != "same" && p != "valid") {
      return ValueError("Invalid padding string " + Repr(padding) +
                            ", should be one of {'valid', 'same'}",
                        "use padding='same', padding='valid' or a number");
    }
    if (p == "same") {
      for (const Value& s : NTuple(spec.Arg("stride"), n)) {
        if (!(s.is_number() && s.as_double() == 1)) {
          return ValueError(
              "padding='same' is not supported for strided convolutions",
              "use stride=1 with padding='same', or give padding as a number");
        }
      }
    }
  }
  if (!transposed) {
    const std::string m = mode.is_string() ? mode.as_string() : "";
    if (m != "zeros" && m != "reflect" && m != "replicate" && m != "circular") {
      const std::string shown = mode.is_string() ? m : Repr(mode);
      return ValueError(
          "padding_mode must be one of {'zeros', 'reflect', 'replicate', "
          "'circular'}, but got padding_mode='" +
              shown + "'",
          "use one of 'zeros', 'reflect', 'replicate' or 'circular'");
    }
  }
  std::vector<Value> sizes;
  if (transposed) {
    sizes = {in, FloorDivValue(outc, groups)};
  } else {
    sizes = {outc, FloorDivValue(in, groups)};
  }
  for (const Value& k : NTuple(spec.Arg("kernel_size"), n)) sizes.push_back(k);
  Shape weight;
  if (auto err = CheckTensorSizes(sizes, &weight)) return err;
  out->tensors.push_back({"weight", weight, true});
  if (spec.Arg("bias").Truthy()) {
    Shape bias;
    if (auto err = CheckTensorSizes({outc}, &bias)) return err;
    out->tensors.push_back({"bias", bias, true});
  }
  return std::nullopt;
}

std::optional<Error> ForwardConv(const LayerSpec& spec, const Shape& input,
                                 Forwarded* out) {
  const int n = SpatialDimsOf(spec.kind);
  const std::string fn = ConvOpName(spec);
  const Shape weight = ConvWeightShape(spec);
  const int64_t groups = spec.Arg("groups").as_int();
  const Value& padding_value = spec.Arg("padding");
  const std::string mode = spec.Arg("padding_mode").as_string();
  const bool same =
      padding_value.is_string() && padding_value.as_string() == "same";
  const bool padding_string = padding_value.is_string();
  Shape x = input;

  std::vector<int64_t> stride, dilation, padding, kernel;
  std::vector<int64_t> pre_padding;  // what F.pad adds for non-zeros modes
  for (size_t i = 2; i < weight.size(); ++i) kernel.push_back(weight[i]);
  if (auto err = ToInts(NTuple(spec.Arg("dilation"), n), fn.c_str(), "dilation",
                        &dilation)) {
    return err;
  }
  // 'same': total d·(k−1) per dim, the odd element on the right.
  std::vector<int64_t> same_left(kernel.size()), same_right(kernel.size());
  if (same) {
    for (size_t i = 0; i < kernel.size(); ++i) {
      const int64_t d = dilation.size() == 1  ? dilation[0]
                        : i < dilation.size() ? dilation[i]
                                              : 1;
      const int64_t total = d * (kernel[i] - 1);
      same_left[i] = total / 2;
      same_right[i] = total - same_left[i];
    }
  }
  if (mode != "zeros") {
    // The module pads with F.pad first, then convolves with padding 0.
    std::vector<int64_t> pads;
    if (padding_string) {
      for (size_t i = kernel.size(); i-- > 0;) {
        pads.push_back(same ? same_left[i] : 0);
        pads.push_back(same ? same_right[i] : 0);
      }
    } else {
      if (auto err =
              ToInts(NTuple(padding_value, n), "pad", "pad", &pre_padding)) {
        return err;
      }
      for (size_t i = pre_padding.size(); i-- > 0;) {
        pads.push_back(pre_padding[i]);
        pads.push_back(pre_padding[i]);
      }
    }
    const PadMode pm = mode == "reflect"     ? PadMode::kReflect
                       : mode == "replicate" ? PadMode::kReplicate
                                             : PadMode::kCircular;
    Shape padded;
    if (auto err = PadShape(x, pads, pm, &padded)) {
      if (err->hint.empty() && mode == "reflect") {
        err->hint = "reflect padding must be smaller than the input size";
      }
      return err;
    }
    x = padded;
    padding.assign(static_cast<size_t>(n), 0);
  } else if (padding_string) {
    padding.assign(kernel.size(), 0);
  } else {
    if (auto err =
            ToInts(NTuple(padding_value, n), fn.c_str(), "padding", &padding)) {
      return err;
    }
  }
  if (auto err = ToInts(NTuple(spec.Arg("stride"), n), fn.c_str(), "stride",
                        &stride)) {
    return err;
  }

  Shape xb;
  if (auto err = Batchify(x, n, fn, &xb)) return err;
  out->batched = x.size() == xb.size();
  if (same && mode == "zeros") {
    // convolution_same pads the odd element on the right, then runs a
    // symmetric convolution with the left padding.
    for (size_t i = 0; i < kernel.size() && i + 2 < xb.size(); ++i) {
      xb[i + 2] += same_right[i] - same_left[i];
    }
    padding = same_left;
  }

  const int64_t dim = static_cast<int64_t>(weight.size()) - 2;
  ConvParams cp;
  if (auto err = CheckShapeForwardCommon(stride, padding, dilation, nullptr,
                                         weight, xb, groups, &cp)) {
    return err;
  }
  const std::vector<int64_t>& s = cp.stride;
  const std::vector<int64_t>& p = cp.padding;
  const std::vector<int64_t>& d = cp.dilation;
  const int64_t k = static_cast<int64_t>(xb.size());
  const int64_t expected_channels = weight[1] * groups;
  if (xb[1] != expected_channels) {
    return RuntimeError(
        "Given groups=" + std::to_string(groups) + ", weight of size " +
            SizesText(weight) + ", expected input" + SizesText(xb) +
            " to have " + std::to_string(expected_channels) +
            " channels, but got " + std::to_string(xb[1]) + " channels instead",
        "set in_channels=" + std::to_string(xb[1]) +
            " (the input to this layer has " + std::to_string(xb[1]) +
            " channels)");
  }
  std::vector<int64_t> padded_size, effective;
  bool kernel_fits = true;
  for (int64_t i = 2; i < k; ++i) {
    const int64_t pi = p[i - 2];
    if (pi > std::numeric_limits<int64_t>::max() - pi) {
      return RuntimeError(
          "Given padding=" + std::to_string(pi) + " at dimension " +
          std::to_string(i - 2) + " , expected padding to be at most " +
          std::to_string(std::numeric_limits<int64_t>::max() / 2));
    }
    padded_size.push_back(SaturatingAdd(xb[i], 2 * pi));
    effective.push_back(
        SaturatingAdd(SaturatingMul(d[i - 2], weight[i] - 1), 1));
    if (padded_size.back() < effective.back()) kernel_fits = false;
  }
  if (!kernel_fits) {
    std::string hint;
    for (size_t i = 0; i < padded_size.size(); ++i) {
      if (padded_size[i] < effective[i]) {
        hint = PaddingHint(xb[i + 2], effective[i], d[i], p[i]);
        break;
      }
    }
    return RuntimeError("Calculated padded input size per channel: (" +
                            JoinSizes(padded_size, " x ") +
                            "). Kernel size: (" + JoinSizes(effective, " x ") +
                            "). Kernel size can't be greater than actual input "
                            "size",
                        hint);
  }
  // Backend selection: empty batch/channels give an empty result.
  const bool empty_ok = xb[0] == 0 || xb[1] == 0;
  if (!empty_ok) {
    for (int64_t v : xb) {
      if (v == 0) {
        // Conv1d runs as a 2-D conv with height 1 from here on.
        Shape shown = xb;
        if (n == 1) shown.insert(shown.begin() + 2, 1);
        return RuntimeError(
            "Only zero batch or zero channel inputs are supported, but got "
            "input shape: " +
            SizesText(shown));
      }
    }
    bool zero_kernel = false;
    for (size_t i = 2; i < weight.size(); ++i) zero_kernel |= weight[i] == 0;
    if (zero_kernel) {
      std::string msg;
      if (n == 3) {
        msg = "kernel size should be greater than zero, but got: " +
              JoinSizes(kernel, " x ") + " (TxHxW)";
      } else {
        const int64_t kh = n == 1 ? 1 : kernel[0];
        const int64_t kw = kernel.back();
        msg =
            "kernel size should be greater than zero, but got kernel_height: " +
            std::to_string(kh) + " kernel_width: " + std::to_string(kw);
      }
      return RuntimeError(msg, "kernel_size must be 1 or more");
    }
    for (int64_t v : d) {
      if (v == 0) {
        return RuntimeError(
            "dilation should be greater than zero, but got " + SizesText(d),
            "dilation must be 1 or more");
      }
    }
  }

  Shape result = x;
  const size_t first_spatial = x.size() - static_cast<size_t>(dim);
  // calc_output_size: zero input channels force zero output channels.
  result[first_spatial - 1] = xb[1] == 0 ? 0 : weight[0];
  int64_t out_spatial = 1;
  for (int64_t i = 0; i < dim; ++i) {
    const int64_t o = (padded_size[i] - effective[i]) / s[i] + 1;
    result[first_spatial + i] = o;
    out_spatial = SaturatingMul(out_spatial, o);
    const int64_t rem = (padded_size[i] - effective[i]) % s[i];
    if (rem != 0) {
      static const char* const kAxis3[] = {"depth slice", "row", "column"};
      const char* axis = dim == 1   ? "position"
                         : dim == 2 ? kAxis3[i + 1]
                                    : kAxis3[i];
      out->warnings.push_back(
          "(" + std::to_string(xb[i + 2]) + " − " +
          std::to_string(effective[i]) + " + 2·" + std::to_string(p[i]) +
          ") / " + std::to_string(s[i]) + " + 1 is not an integer: the last " +
          std::to_string(rem) + " " + axis + (rem == 1 ? "" : "s") +
          " of the padded input " + (rem == 1 ? "is" : "are") +
          " never covered by the kernel");
    }
  }
  if (same) {
    for (size_t i = 0; i < kernel.size(); ++i) {
      if (same_left[i] != same_right[i]) {
        out->warnings.push_back(
            "padding='same' with an even kernel (" + std::to_string(kernel[i]) +
            ") pads asymmetrically: " + std::to_string(same_left[i]) +
            " before and " + std::to_string(same_right[i]) +
            " after in spatial dim " + std::to_string(i));
        break;
      }
    }
  }
  int64_t weight_numel = 1;
  for (int64_t w : weight) weight_numel = SaturatingMul(weight_numel, w);
  out->macs = SaturatingMul(SaturatingMul(xb[0], out_spatial), weight_numel);
  out->out = result;
  for (int64_t i = 0; i < dim; ++i) {
    const int64_t left =
        same ? same_left[i]
        : mode == "zeros"
            ? p[i]
            : (i < static_cast<int64_t>(pre_padding.size()) ? pre_padding[i]
                                                            : 0);
    out->window.push_back({weight[i + 2], s[i], left, d[i]});
  }
  return std::nullopt;
}

}  // namespace convplay::internal
