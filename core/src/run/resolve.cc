// From a planned layer to op arguments (docs/semantics.md's argument rules),
// the default initialisation, and running one layer.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "convplay/compute/reference.h"
#include "plan/rules.h"
#include "run/resolved_layer.h"

namespace convplay::internal {
namespace {

int64_t Product(const Shape& s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to && i < s.size(); ++i) p *= s[i];
  return p;
}

// An int or a tuple broadcast to n values (kernel, stride, dilation, …).
std::vector<int64_t> Spatial(const Value& v, int n,
                             const Value& fallback = Value()) {
  const Value& src = v.is_none() ? fallback : v;
  std::vector<int64_t> out;
  for (const Value& item : NTuple(src, n)) out.push_back(item.as_int());
  if (out.size() == 1) out.assign(static_cast<size_t>(n), out[0]);
  return out;
}

// Fills axis[3 − n .. 2] from per-dim values and the planned shapes.
void SetAxes(Axis axis[3], int n, const Shape& in, const Shape& out,
             const std::vector<int64_t>& k, const std::vector<int64_t>& s,
             const std::vector<int64_t>& p, const std::vector<int64_t>& d) {
  for (int i = 0; i < n; ++i) {
    Axis& a = axis[3 - n + i];
    a.in = in[in.size() - n + i];
    a.out = out[out.size() - n + i];
    a.kernel = k[i];
    a.stride = s[i];
    a.pad = p[i];
    a.dilation = d[i];
  }
}

void ResolveConv(const LayerSpec& spec, const LayerPlan& lp, ResolvedLayer* r) {
  const int n = SpatialDimsOf(spec.kind);
  const Shape& in = lp.input_shape;
  const bool batched = static_cast<int>(in.size()) == n + 2;
  const Shape weight = ConvWeightShape(spec);
  std::vector<int64_t> k(weight.begin() + 2, weight.end());
  const auto s = Spatial(spec.Arg("stride"), n);
  const auto d = Spatial(spec.Arg("dilation"), n);
  const Value& padding = spec.Arg("padding");
  const bool transposed = FamilyOf(spec.kind) == LayerFamily::kConvTranspose;
  std::vector<int64_t> p(static_cast<size_t>(n), 0);
  PadMode mode = PadMode::kZeros;
  if (!transposed) {
    const std::string m = spec.Arg("padding_mode").as_string();
    mode = m == "reflect"     ? PadMode::kReflect
           : m == "replicate" ? PadMode::kReplicate
           : m == "circular"  ? PadMode::kCircular
                              : PadMode::kZeros;
  }
  if (padding.is_string()) {
    if (padding.as_string() == "same") {
      for (int i = 0; i < n; ++i) p[i] = d[i] * (k[i] - 1) / 2;
    }
  } else if (mode == PadMode::kZeros) {
    p = Spatial(padding, n);
  } else {
    // F.pad pads the last len(padding) dims only.
    std::vector<int64_t> given;
    for (const Value& v : NTuple(padding, n)) given.push_back(v.as_int());
    const int m = static_cast<int>(given.size());
    for (int i = 0; i < n; ++i) p[i] = i >= n - m ? given[i - (n - m)] : 0;
  }
  if (transposed) {
    ConvTransposeArgs& a = r->conv_transpose;
    r->op = OpKind::kConvTranspose;
    a.batch = batched ? in[0] : 1;
    a.in_channels = weight[0];
    a.groups = spec.Arg("groups").as_int();
    a.out_channels = weight[1] * a.groups;
    a.has_bias = spec.Arg("bias").Truthy();
    SetAxes(a.axis, n, in, lp.output_shape, k, s, p, d);
    return;
  }
  ConvArgs& a = r->conv;
  r->op = OpKind::kConv;
  a.batch = batched ? in[0] : 1;
  a.in_channels = in[batched ? 1 : 0];
  a.out_channels = weight[0];
  a.groups = spec.Arg("groups").as_int();
  a.has_bias = spec.Arg("bias").Truthy();
  a.mode = mode;
  SetAxes(a.axis, n, in, lp.output_shape, k, s, p, d);
}

void ResolvePool(const LayerSpec& spec, const LayerPlan& lp, ResolvedLayer* r) {
  const int n = SpatialDimsOf(spec.kind);
  const bool max = FamilyOf(spec.kind) == LayerFamily::kMaxPool;
  PoolArgs& a = r->pool;
  r->op = OpKind::kPool;
  a.kind = max ? PoolKind::kMax : PoolKind::kAvg;
  a.planes = Product(lp.input_shape, 0, lp.input_shape.size() - n);
  const auto k = Spatial(spec.Arg("kernel_size"), n);
  auto s = Spatial(spec.Arg("stride"), n, spec.Arg("kernel_size"));
  if (spec.Arg("stride").is_sequence() && spec.Arg("stride").items().empty())
    s = k;
  const auto p = Spatial(spec.Arg("padding"), n);
  const auto d = max ? Spatial(spec.Arg("dilation"), n)
                     : std::vector<int64_t>(static_cast<size_t>(n), 1);
  SetAxes(a.axis, n, lp.input_shape, lp.output_shape, k, s, p, d);
  if (!max) {
    a.count_include_pad = spec.Arg("count_include_pad").Truthy();
    if (spec.kind != LayerKind::kAvgPool1d &&
        spec.Arg("divisor_override").is_int()) {
      a.divisor_override = spec.Arg("divisor_override").as_int();
    }
  }
}

void ResolveSpatialCopy(int n, const Shape& in, const Shape& out,
                        int64_t* planes, int64_t isz[3], int64_t osz[3]) {
  *planes = Product(in, 0, in.size() - n);
  for (int i = 0; i < n; ++i) {
    isz[3 - n + i] = in[in.size() - n + i];
    osz[3 - n + i] = out[out.size() - n + i];
  }
}

void ResolveUpsample(const LayerSpec& spec, const LayerPlan& lp,
                     ResolvedLayer* r) {
  UpsampleArgs& a = r->upsample;
  r->op = OpKind::kUpsample;
  const int n = static_cast<int>(lp.input_shape.size()) - 2;
  ResolveSpatialCopy(n, lp.input_shape, lp.output_shape, &a.planes, a.in,
                     a.out);
  a.dims = n;
  const std::string mode = spec.Arg("mode").as_string();
  a.mode = mode == "nearest"         ? UpsampleMode::kNearest
           : mode == "nearest-exact" ? UpsampleMode::kNearestExact
           : mode == "bicubic"       ? UpsampleMode::kCubic
           : mode == "area"          ? UpsampleMode::kArea
                                     : UpsampleMode::kLinear;
  a.align_corners = spec.Arg("align_corners").Truthy();
  const Value& scale = spec.Arg("scale_factor");
  const bool use_scale =
      !scale.is_none() && !spec.Arg("recompute_scale_factor").Truthy();
  for (int i = 0; i < n; ++i) {
    const int dim = 3 - n + i;
    if (use_scale) {
      const Value& f = scale.is_sequence() ? scale.items()[i] : scale;
      a.ratio[dim] = 1.0 / f.as_double();
    } else {
      a.ratio[dim] =
          static_cast<double>(a.in[dim]) / static_cast<double>(a.out[dim]);
    }
  }
}

void ResolvePad(const LayerSpec& spec, const LayerPlan& lp, ResolvedLayer* r) {
  PadArgs& a = r->pad;
  r->op = OpKind::kPad;
  const Value& padding = spec.Arg("padding");
  std::vector<int64_t> pad;
  if (padding.is_int()) {
    pad.assign(4, padding.as_int());
  } else {
    for (const Value& v : padding.items()) pad.push_back(v.as_int());
  }
  const Shape& in = lp.input_shape;
  const Shape& out = lp.output_shape;
  const int n = std::min<int>(3, static_cast<int>(in.size()));
  ResolveSpatialCopy(n, in, out, &a.planes, a.in, a.out);
  for (size_t j = 0; 2 * j < pad.size() && j < 3; ++j)
    a.left[2 - j] = pad[2 * j];
  a.mode = spec.kind == LayerKind::kZeroPad2d         ? PadMode::kZeros
           : spec.kind == LayerKind::kReflectionPad2d ? PadMode::kReflect
                                                      : PadMode::kReplicate;
}

}  // namespace

int SpatialDims(const LayerSpec& spec) { return SpatialDimsOf(spec.kind); }

std::shared_ptr<const ResolvedLayer> ResolveLayer(const LayerSpec& spec,
                                                  const LayerPlan& lp) {
  auto r = std::make_shared<ResolvedLayer>();
  const Shape& in = lp.input_shape;
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kConv:
    case LayerFamily::kConvTranspose:
      ResolveConv(spec, lp, r.get());
      break;
    case LayerFamily::kMaxPool:
    case LayerFamily::kAvgPool:
      ResolvePool(spec, lp, r.get());
      break;
    case LayerFamily::kAdaptiveAvgPool:
    case LayerFamily::kAdaptiveMaxPool: {
      const int n = SpatialDimsOf(spec.kind);
      r->op = OpKind::kAdaptivePool;
      r->adaptive.kind = FamilyOf(spec.kind) == LayerFamily::kAdaptiveMaxPool
                             ? PoolKind::kMax
                             : PoolKind::kAvg;
      ResolveSpatialCopy(n, in, lp.output_shape, &r->adaptive.planes,
                         r->adaptive.in, r->adaptive.out);
      break;
    }
    case LayerFamily::kActivation: {
      r->op = OpKind::kActivation;
      ActivationArgs& a = r->activation;
      switch (spec.kind) {
        case LayerKind::kLeakyReLU:
          a.kind = Activation::kLeakyReLU;
          a.alpha = static_cast<float>(spec.Arg("negative_slope").as_double());
          break;
        case LayerKind::kELU:
          a.kind = Activation::kELU;
          a.alpha = static_cast<float>(spec.Arg("alpha").as_double());
          break;
        case LayerKind::kGELU:
          a.kind = spec.Arg("approximate").as_string() == "tanh"
                       ? Activation::kGELUTanh
                       : Activation::kGELU;
          break;
        case LayerKind::kSigmoid:
          a.kind = Activation::kSigmoid;
          break;
        case LayerKind::kTanh:
          a.kind = Activation::kTanh;
          break;
        default:
          a.kind = Activation::kReLU;
      }
      break;
    }
    case LayerFamily::kSoftmax: {
      r->op = OpKind::kSoftmax;
      const int64_t rank = static_cast<int64_t>(in.size());
      const Value& dim = spec.Arg("dim");
      int64_t d = dim.is_none()
                      ? ((rank == 0 || rank == 1 || rank == 3) ? 0 : 1)
                      : dim.as_int();
      WrapDim(d, rank, &d);
      const Shape s = rank == 0 ? Shape{1} : in;
      r->softmax =
          SoftmaxArgs{Product(s, 0, d), s[d], Product(s, d + 1, s.size()),
                      spec.kind == LayerKind::kLogSoftmax};
      break;
    }
    case LayerFamily::kBatchNorm:
      r->op = OpKind::kBatchNorm;
      r->affine = ChannelAffineArgs{in[0], in[1], Product(in, 2, in.size())};
      r->eps = static_cast<float>(spec.Arg("eps").as_double());
      r->affine_params = spec.Arg("affine").Truthy();
      r->running_stats = spec.Arg("track_running_stats").Truthy();
      break;
    case LayerFamily::kLinear: {
      r->op = OpKind::kLinear;
      const int64_t f = spec.Arg("in_features").as_int();
      r->linear = LinearArgs{Product(in, 0, in.size() - 1), f,
                             spec.Arg("out_features").as_int(),
                             spec.Arg("bias").Truthy()};
      break;
    }
    case LayerFamily::kPad:
      ResolvePad(spec, lp, r.get());
      break;
    case LayerFamily::kUpsample:
      ResolveUpsample(spec, lp, r.get());
      break;
    case LayerFamily::kPReLU: {
      // One weight broadcasts over everything; else the channel is dim 1.
      r->op = OpKind::kPReLU;
      const bool shared = spec.Arg("num_parameters").as_int() == 1;
      const int64_t numel = Product(in, 0, in.size());
      r->prelu = shared || in.size() < 2
                     ? PReLUArgs{1, 1, numel}
                     : PReLUArgs{in[0], in[1], Product(in, 2, in.size())};
      break;
    }
    case LayerFamily::kPixelShuffle: {
      r->op = OpKind::kPixelShuffle;
      PixelShuffleArgs& a = r->shuffle;
      a.unshuffle = spec.kind == LayerKind::kPixelUnshuffle;
      a.factor = spec.Arg(a.unshuffle ? "downscale_factor" : "upscale_factor")
                     .as_int();
      const Shape& small = a.unshuffle ? in : lp.output_shape;
      const Shape& packed = a.unshuffle ? lp.output_shape : in;
      const size_t rank = small.size();
      a.planes = Product(small, 0, rank - 3);
      a.channels = small[rank - 3];
      a.height = packed[rank - 2];
      a.width = packed[rank - 1];
      break;
    }
    case LayerFamily::kInstanceNorm: {
      r->op = OpKind::kInstanceNorm;
      const int n = SpatialDimsOf(spec.kind);
      const bool batched = static_cast<int>(in.size()) == n + 2;
      const size_t c = batched ? 1 : 0;
      r->instance_norm = InstanceNormArgs{
          batched ? in[0] : 1, in[c], Product(in, c + 1, in.size()),
          static_cast<float>(spec.Arg("eps").as_double())};
      r->affine_params = spec.Arg("affine").Truthy();
      r->running_stats = spec.Arg("track_running_stats").Truthy();
      break;
    }
    default:
      r->op = OpKind::kCopy;
  }
  return r;
}

float InitBound(const LayerSpec& spec, const LayerPlan& lp,
                const TensorSpec& t) {
  (void)lp;
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kConv:
    case LayerFamily::kConvTranspose: {
      // kaiming_uniform(a=√5) on the weight gives bound 1/√fan_in; the
      // bias uses the same bound. fan_in = weight.size(1) · ∏kernel.
      const Shape w = ConvWeightShape(spec);
      const int64_t fan_in = Product(w, 1, w.size());
      return fan_in > 0 ? 1.0f / std::sqrt(static_cast<float>(fan_in)) : 0.0f;
    }
    case LayerFamily::kLinear: {
      const int64_t fan_in = spec.Arg("in_features").as_int();
      return fan_in > 0 ? 1.0f / std::sqrt(static_cast<float>(fan_in)) : 0.0f;
    }
    default:
      (void)t;
      return 0.0f;
  }
}

float InitConstant(const LayerSpec& spec, const TensorSpec& t) {
  if (FamilyOf(spec.kind) == LayerFamily::kPReLU) {
    return static_cast<float>(spec.Arg("init").as_double());  // fill_(init)
  }
  return (t.name == "weight" || t.name == "running_var") ? 1.0f : 0.0f;
}

std::optional<Error> RunResolved(
    const ResolvedLayer& r, const LayerPlan& lp, const float* in, float* out,
    const std::map<std::string, std::vector<float>>& weights,
    const std::string& prefix, bool reference, Workspace* ws) {
  auto tensor = [&](const char* name) -> const float* {
    const auto it = weights.find(prefix + name);
    return it == weights.end() ? nullptr : it->second.data();
  };
  const int64_t n_out = Product(lp.output_shape, 0, lp.output_shape.size());
  switch (r.op) {
    case OpKind::kConv:
      if (reference) {
        reference::Conv(r.conv, in, tensor("weight"), tensor("bias"), out);
      } else {
        Conv(r.conv, in, tensor("weight"), tensor("bias"), out, ws);
      }
      break;
    case OpKind::kConvTranspose:
      if (reference) {
        reference::ConvTranspose(r.conv_transpose, in, tensor("weight"),
                                 tensor("bias"), out);
      } else {
        ConvTranspose(r.conv_transpose, in, tensor("weight"), tensor("bias"),
                      out, ws);
      }
      break;
    case OpKind::kPool:
      if (reference) {
        reference::Pool(r.pool, in, out);
      } else {
        Pool(r.pool, in, out, ws);
      }
      break;
    case OpKind::kAdaptivePool:
      reference::AdaptivePool(r.adaptive, in, out);
      break;
    case OpKind::kActivation:
      if (reference) {
        reference::Activate(r.activation, in, out, n_out);
      } else {
        Activate(r.activation, in, out, n_out);
      }
      break;
    case OpKind::kSoftmax:
      reference::Softmax(r.softmax, in, out);
      break;
    case OpKind::kBatchNorm: {
      const ChannelAffineArgs& a = r.affine;
      const float* gamma = r.affine_params ? tensor("weight") : nullptr;
      const float* beta = r.affine_params ? tensor("bias") : nullptr;
      // Eval mode uses the running statistics; without them PyTorch uses the
      // batch's (biased) statistics even in eval mode.
      std::vector<float>& scale_shift = ws->packed;
      if (scale_shift.size() < static_cast<size_t>(2 * a.channels)) {
        scale_shift.resize(static_cast<size_t>(2 * a.channels));
      }
      for (int64_t c = 0; c < a.channels; ++c) {
        double mean = 0, var = 1;
        if (r.running_stats) {
          mean = tensor("running_mean")[c];
          var = tensor("running_var")[c];
        } else {
          double sum = 0, sq = 0;
          const double count = static_cast<double>(a.outer * a.inner);
          for (int64_t o = 0; o < a.outer; ++o) {
            const float* x = in + (o * a.channels + c) * a.inner;
            for (int64_t i = 0; i < a.inner; ++i) sum += x[i];
          }
          mean = count > 0 ? sum / count : 0;
          for (int64_t o = 0; o < a.outer; ++o) {
            const float* x = in + (o * a.channels + c) * a.inner;
            for (int64_t i = 0; i < a.inner; ++i)
              sq += (x[i] - mean) * (x[i] - mean);
          }
          var = count > 0 ? sq / count : 0;
        }
        const double g = gamma ? gamma[c] : 1.0;
        const double b = beta ? beta[c] : 0.0;
        const double inv = 1.0 / std::sqrt(var + r.eps);
        scale_shift[c] = static_cast<float>(g * inv);
        scale_shift[a.channels + c] = static_cast<float>(b - mean * g * inv);
      }
      const float* scale = scale_shift.data();
      const float* shift = scale + a.channels;
      if (reference) {
        reference::ChannelAffine(a, in, scale, shift, out);
      } else {
        ChannelAffine(a, in, scale, shift, out);
      }
      break;
    }
    case OpKind::kLinear:
      if (reference) {
        reference::Linear(r.linear, in, tensor("weight"), tensor("bias"), out);
      } else {
        Linear(r.linear, in, tensor("weight"), tensor("bias"), out);
      }
      break;
    case OpKind::kPad:
      reference::Pad(r.pad, in, out);
      break;
    case OpKind::kUpsample:
      reference::Upsample(r.upsample, in, out);
      break;
    case OpKind::kPReLU:
      if (reference) {
        reference::PReLU(r.prelu, in, tensor("weight"), out);
      } else {
        PReLU(r.prelu, in, tensor("weight"), out);
      }
      break;
    case OpKind::kPixelShuffle:
      if (reference) {
        reference::PixelShuffle(r.shuffle, in, out);
      } else {
        PixelShuffle(r.shuffle, in, out);
      }
      break;
    case OpKind::kInstanceNorm: {
      const float* gamma = r.affine_params ? tensor("weight") : nullptr;
      const float* beta = r.affine_params ? tensor("bias") : nullptr;
      // Eval mode: running statistics when kept, else the instance's own.
      const float* mean = r.running_stats ? tensor("running_mean") : nullptr;
      const float* var = r.running_stats ? tensor("running_var") : nullptr;
      if (reference) {
        reference::InstanceNorm(r.instance_norm, in, gamma, beta, mean, var,
                                out);
      } else {
        InstanceNorm(r.instance_norm, in, gamma, beta, mean, var, out);
      }
      break;
    }
    case OpKind::kCopy:
      if (n_out > 0)
        std::memcpy(out, in, static_cast<size_t>(n_out) * sizeof(float));
      break;
  }
  return std::nullopt;
}

}  // namespace convplay::internal
