// Explain: one output value as the reference path computes it.
// Every loop here visits the terms in reference.cc's order and accumulates
// in double the same way, so the value is the reference output exactly.
#include "convplay/teach/explain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "convplay/compute/reference.h"
#include "convplay/run/network.h"
#include "run/resolved_layer.h"

namespace convplay {
namespace {

using internal::OpKind;
using internal::ResolvedLayer;

int64_t Volume(const int64_t s[3]) { return s[0] * s[1] * s[2]; }

int64_t At(const int64_t s[3], int64_t d, int64_t h, int64_t w) {
  return (d * s[1] + h) * s[2] + w;
}

void AxisSizes(const Axis axis[3], int64_t in[3], int64_t out[3]) {
  for (int i = 0; i < 3; ++i) {
    in[i] = axis[i].in;
    out[i] = axis[i].out;
  }
}

// Splits a flat index into [outer][d][h][w] for spatial sizes s.
void Split(int64_t flat, const int64_t s[3], int64_t* outer, int64_t pos[3]) {
  const int64_t v = Volume(s);
  *outer = flat / v;
  int64_t r = flat % v;
  pos[2] = r % s[2];
  r /= s[2];
  pos[1] = r % s[1];
  pos[0] = r / s[1];
}

// What a conv and a transposed conv share: the output cell from the flat
// index, its group, and the bias the sum starts from.
struct ConvCell {
  int64_t isz[3], osz[3];
  int64_t cin_g, cout_g, g, ksize;
};

template <typename Args>
ConvCell StartConv(const Args& a, const float* bias, int64_t flat,
                   Explanation* e) {
  ConvCell c;
  AxisSizes(a.axis, c.isz, c.osz);
  int64_t outer;
  Split(flat, c.osz, &outer, e->out);
  e->batch = outer / a.out_channels;
  e->plane = outer % a.out_channels;
  c.cin_g = a.in_channels / a.groups;
  c.cout_g = a.out_channels / a.groups;
  c.g = e->plane / c.cout_g;
  c.ksize = a.axis[0].kernel * a.axis[1].kernel * a.axis[2].kernel;
  e->has_bias = a.has_bias;
  e->bias = a.has_bias ? bias[e->plane] : 0.0;
  return c;
}

void ExplainConv(const ConvArgs& a, const float* in, const float* weight,
                 const float* bias, int64_t flat, Explanation* e) {
  const ConvCell c = StartConv(a, bias, flat, e);
  const int64_t* isz = c.isz;
  const int64_t cin_g = c.cin_g, g = c.g, ksize = c.ksize;
  const Axis* ax = a.axis;
  double acc = e->bias;
  for (int64_t ci = 0; ci < cin_g; ++ci) {
    const int64_t channel = g * cin_g + ci;
    const float* src = in + (e->batch * a.in_channels + channel) * Volume(isz);
    const float* w = weight + (e->plane * cin_g + ci) * ksize;
    double channel_sum = 0;
    for (int64_t kd = 0; kd < ax[0].kernel; ++kd) {
      for (int64_t kh = 0; kh < ax[1].kernel; ++kh) {
        for (int64_t kw = 0; kw < ax[2].kernel; ++kw) {
          ExplainTerm t;
          t.channel = channel;
          const int64_t k[3] = {kd, kh, kw};
          bool zero = false;
          for (int i = 0; i < 3; ++i) {
            t.tap[i] = k[i];
            t.pos[i] =
                e->out[i] * ax[i].stride + k[i] * ax[i].dilation - ax[i].pad;
            t.padding = t.padding || t.pos[i] < 0 || t.pos[i] >= isz[i];
            t.source[i] = reference::PadSource(t.pos[i], isz[i], a.mode);
            zero = zero || t.source[i] < 0;
          }
          if (zero) std::fill(t.source, t.source + 3, -1);
          t.weight = w[(kd * ax[1].kernel + kh) * ax[2].kernel + kw];
          t.value =
              zero ? 0.0f : src[At(isz, t.source[0], t.source[1], t.source[2])];
          t.product = static_cast<double>(t.value) * t.weight;
          // The reference skips zero padding; adding +0.0 would not change
          // the sum, but skipping keeps the order identical.
          if (!zero) {
            acc += t.product;
            channel_sum += t.product;
          }
          e->terms.push_back(t);
        }
      }
    }
    e->channel_sums.emplace_back(channel, channel_sum);
  }
  e->sum = acc;
  e->value = static_cast<float>(acc);
}

void ExplainConvTranspose(const ConvTransposeArgs& a, const float* in,
                          const float* weight, const float* bias, int64_t flat,
                          Explanation* e) {
  const ConvCell c = StartConv(a, bias, flat, e);
  const int64_t* isz = c.isz;
  const int64_t cin_g = c.cin_g, cout_g = c.cout_g, g = c.g, ksize = c.ksize;
  const Axis* ax = a.axis;
  double acc = e->bias;
  for (int64_t ci = g * cin_g; ci < (g + 1) * cin_g; ++ci) {
    const float* src = in + (e->batch * a.in_channels + ci) * Volume(isz);
    const float* w = weight + (ci * cout_g + e->plane % cout_g) * ksize;
    // Input cell i scatters tap k onto output o = i·s − p + k·d. The
    // reference adds input cells in raster order, taps in raster order.
    std::vector<ExplainTerm> cells;
    for (int64_t kd = 0; kd < ax[0].kernel; ++kd) {
      for (int64_t kh = 0; kh < ax[1].kernel; ++kh) {
        for (int64_t kw = 0; kw < ax[2].kernel; ++kw) {
          const int64_t k[3] = {kd, kh, kw};
          ExplainTerm t;
          bool hit = true;
          for (int i = 0; i < 3 && hit; ++i) {
            const int64_t num = e->out[i] + ax[i].pad - k[i] * ax[i].dilation;
            hit = num >= 0 && num % ax[i].stride == 0 &&
                  num / ax[i].stride < isz[i];
            if (hit) t.pos[i] = t.source[i] = num / ax[i].stride;
            t.tap[i] = k[i];
          }
          if (!hit) continue;
          t.channel = ci;
          t.value = src[At(isz, t.pos[0], t.pos[1], t.pos[2])];
          t.weight = w[(kd * ax[1].kernel + kh) * ax[2].kernel + kw];
          t.product = static_cast<double>(t.value) * t.weight;
          cells.push_back(t);
        }
      }
    }
    std::stable_sort(cells.begin(), cells.end(),
                     [](const ExplainTerm& x, const ExplainTerm& y) {
                       return std::tie(x.pos[0], x.pos[1], x.pos[2]) <
                              std::tie(y.pos[0], y.pos[1], y.pos[2]);
                     });
    double channel_sum = 0;
    for (const ExplainTerm& t : cells) {
      acc += t.product;
      channel_sum += t.product;
      e->terms.push_back(t);
    }
    e->channel_sums.emplace_back(ci, channel_sum);
  }
  e->sum = acc;
  e->value = static_cast<float>(acc);
}

void ExplainPool(const PoolArgs& a, const float* in, int64_t flat,
                 Explanation* e) {
  int64_t isz[3], osz[3];
  AxisSizes(a.axis, isz, osz);
  Split(flat, osz, &e->plane, e->out);
  const float* src = in + e->plane * Volume(isz);
  const Axis* ax = a.axis;
  if (a.kind == PoolKind::kMax) {
    e->op = ExplainOp::kMaxPool;
    float best = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < 3; ++i) {
      e->window_start[i] = e->out[i] * ax[i].stride - ax[i].pad;
      e->window_end[i] =
          e->window_start[i] + (ax[i].kernel - 1) * ax[i].dilation + 1;
    }
    for (int64_t kd = 0; kd < ax[0].kernel; ++kd) {
      for (int64_t kh = 0; kh < ax[1].kernel; ++kh) {
        for (int64_t kw = 0; kw < ax[2].kernel; ++kw) {
          const int64_t k[3] = {kd, kh, kw};
          ExplainTerm t;
          t.channel = e->plane;
          for (int i = 0; i < 3; ++i) {
            t.tap[i] = k[i];
            t.pos[i] = e->window_start[i] + k[i] * ax[i].dilation;
            t.padding = t.padding || t.pos[i] < 0 || t.pos[i] >= isz[i];
          }
          // Padding never wins: the reference skips it (it acts as −inf).
          if (t.padding) {
            std::fill(t.source, t.source + 3, -1);
            t.value = -std::numeric_limits<float>::infinity();
          } else {
            std::copy(t.pos, t.pos + 3, t.source);
            t.value = src[At(isz, t.pos[0], t.pos[1], t.pos[2])];
            // PyTorch's index starts at the window's first cell inside the
            // input, so an all −inf window names that one.
            if (e->winner < 0 || t.value > best || std::isnan(t.value)) {
              best = t.value;
              e->winner = static_cast<int64_t>(e->terms.size());
              e->winner_index = At(isz, t.pos[0], t.pos[1], t.pos[2]);
            }
          }
          t.product = t.value;
          e->terms.push_back(t);
        }
      }
    }
    e->value = best;
    return;
  }
  // Average: PyTorch's window [start, end) per dim, end capped at L + pad.
  e->op = ExplainOp::kAvgPool;
  int64_t pool_size = 1, clipped = 1, lo[3], hi[3];
  for (int i = 0; i < 3; ++i) {
    e->window_start[i] = e->out[i] * ax[i].stride - ax[i].pad;
    e->window_end[i] =
        std::min(e->window_start[i] + ax[i].kernel, isz[i] + ax[i].pad);
    pool_size *= e->window_end[i] - e->window_start[i];
    lo[i] = std::max<int64_t>(e->window_start[i], 0);
    hi[i] = std::min(e->window_end[i], isz[i]);
    clipped *= std::max<int64_t>(hi[i] - lo[i], 0);
  }
  double sum = 0;
  for (int64_t d = e->window_start[0]; d < e->window_end[0]; ++d) {
    for (int64_t h = e->window_start[1]; h < e->window_end[1]; ++h) {
      for (int64_t w = e->window_start[2]; w < e->window_end[2]; ++w) {
        ExplainTerm t;
        t.channel = e->plane;
        const int64_t p[3] = {d, h, w};
        for (int i = 0; i < 3; ++i) {
          t.pos[i] = p[i];
          t.tap[i] = p[i] - e->window_start[i];
          t.padding = t.padding || p[i] < 0 || p[i] >= isz[i];
        }
        if (t.padding) {
          std::fill(t.source, t.source + 3, -1);
        } else {
          std::copy(t.pos, t.pos + 3, t.source);
          t.value = src[At(isz, d, h, w)];
          sum += t.value;
        }
        t.product = t.value;
        e->terms.push_back(t);
      }
    }
  }
  e->sum = sum;
  e->channel_sums.emplace_back(e->plane, sum);
  if (clipped == 0) {
    e->divisor = 0;
    e->divisor_reason = "the window holds no input cell: the output is 0";
    e->value = 0;
    return;
  }
  if (a.divisor_override) {
    e->divisor = a.divisor_override;
    e->divisor_reason =
        "divisor_override=" + std::to_string(a.divisor_override);
  } else if (a.count_include_pad) {
    e->divisor = pool_size;
    e->divisor_reason =
        "count_include_pad=True: every window cell counts, "
        "padding included (" +
        std::to_string(pool_size) + ")";
  } else {
    e->divisor = clipped;
    e->divisor_reason =
        "count_include_pad=False: only cells inside the "
        "input count (" +
        std::to_string(clipped) + ")";
  }
  e->value = static_cast<float>(sum / e->divisor);
}

void ExplainAdaptive(const AdaptivePoolArgs& a, const float* in, int64_t flat,
                     Explanation* e) {
  Split(flat, a.out, &e->plane, e->out);
  const float* src = in + e->plane * Volume(a.in);
  const bool max = a.kind == PoolKind::kMax;
  e->op = max ? ExplainOp::kAdaptiveMaxPool : ExplainOp::kAdaptiveAvgPool;
  for (int i = 0; i < 3; ++i) {
    e->window_start[i] = (e->out[i] * a.in[i]) / a.out[i];
    e->window_end[i] = ((e->out[i] + 1) * a.in[i] + a.out[i] - 1) / a.out[i];
  }
  double sum = 0;
  float best = -std::numeric_limits<float>::infinity();
  for (int64_t d = e->window_start[0]; d < e->window_end[0]; ++d) {
    for (int64_t h = e->window_start[1]; h < e->window_end[1]; ++h) {
      for (int64_t w = e->window_start[2]; w < e->window_end[2]; ++w) {
        ExplainTerm t;
        t.channel = e->plane;
        const int64_t p[3] = {d, h, w};
        for (int i = 0; i < 3; ++i) {
          t.pos[i] = t.source[i] = p[i];
          t.tap[i] = p[i] - e->window_start[i];
        }
        t.value = src[At(a.in, d, h, w)];
        t.product = t.value;
        sum += t.value;
        if (e->winner < 0 || t.value > best || std::isnan(t.value)) {
          best = t.value;
          e->winner = static_cast<int64_t>(e->terms.size());
          e->winner_index = At(a.in, d, h, w);
        }
        e->terms.push_back(t);
      }
    }
  }
  e->sum = sum;
  if (max) {
    e->value = best;
    return;
  }
  e->winner = e->winner_index = -1;
  e->channel_sums.emplace_back(e->plane, sum);
  e->divisor = static_cast<int64_t>(e->terms.size());
  e->divisor_reason = "the window's cells (" + std::to_string(e->divisor) + ")";
  e->value = static_cast<float>(sum / static_cast<double>(e->divisor));
}

}  // namespace

const char* ExplainOpName(ExplainOp op) {
  switch (op) {
    case ExplainOp::kConv:
      return "conv";
    case ExplainOp::kConvTranspose:
      return "conv-transpose";
    case ExplainOp::kMaxPool:
      return "max-pool";
    case ExplainOp::kAvgPool:
      return "avg-pool";
    case ExplainOp::kAdaptiveMaxPool:
      return "adaptive-max-pool";
    case ExplainOp::kAdaptiveAvgPool:
      return "adaptive-avg-pool";
  }
  return "";
}

std::optional<Error> Explain(const Network& net, int layer, int64_t flat,
                             Explanation* out) {
  const Plan& plan = net.plan();
  if (layer < 0 || layer >= static_cast<int>(plan.layers.size())) {
    return MakeError(ErrorKind::kIndexError,
                     "layer " + std::to_string(layer) +
                         " is out of range for " +
                         std::to_string(plan.layers.size()) + " layers");
  }
  const float* in = net.LayerInput(layer);
  if (!in) {
    return MakeError(ErrorKind::kValueError,
                     "run forward() before explaining an output value");
  }
  const int64_t n_out = static_cast<int64_t>(net.output(layer).size());
  if (flat < 0 || flat >= n_out) {
    return MakeError(ErrorKind::kIndexError,
                     "output index " + std::to_string(flat) +
                         " is out of range for " + std::to_string(n_out) +
                         " values");
  }
  if (net.nodes()[layer].op != GraphOp::kLayer) {
    return MakeError(ErrorKind::kValueError,
                     "call " + std::to_string(layer) + " (" +
                         plan.layers[layer].code +
                         ") has no sliding window to explain",
                     "explain a conv or pooling call");
  }
  const ResolvedLayer& r = net.Resolved(layer);
  const std::string& module = plan.layers[layer].module;
  const std::string prefix = module.empty() ? "" : module + ".";
  auto tensor = [&](const char* name) -> const float* {
    const std::vector<float>* t = net.Weight(prefix + name);
    return t ? t->data() : nullptr;
  };
  Explanation e;
  switch (r.op) {
    case OpKind::kConv:
      e.op = ExplainOp::kConv;
      for (int i = 0; i < 3; ++i) e.in_size[i] = r.conv.axis[i].in;
      ExplainConv(r.conv, in, tensor("weight"), tensor("bias"), flat, &e);
      break;
    case OpKind::kConvTranspose:
      e.op = ExplainOp::kConvTranspose;
      for (int i = 0; i < 3; ++i) e.in_size[i] = r.conv_transpose.axis[i].in;
      ExplainConvTranspose(r.conv_transpose, in, tensor("weight"),
                           tensor("bias"), flat, &e);
      break;
    case OpKind::kPool:
      for (int i = 0; i < 3; ++i) e.in_size[i] = r.pool.axis[i].in;
      ExplainPool(r.pool, in, flat, &e);
      break;
    case OpKind::kAdaptivePool:
      std::copy(r.adaptive.in, r.adaptive.in + 3, e.in_size);
      ExplainAdaptive(r.adaptive, in, flat, &e);
      break;
    default:
      return MakeError(ErrorKind::kValueError,
                       "only convolution and pooling layers can be explained "
                       "cell by cell; layer " +
                           std::to_string(layer) + " is nn." +
                           LayerKindName(plan.layers[layer].kind));
  }
  e.flat = flat;
  *out = std::move(e);
  return std::nullopt;
}

std::optional<Error> ExplainAt(const Network& net, int layer,
                               const std::vector<int64_t>& index,
                               Explanation* out) {
  const Plan& plan = net.plan();
  if (layer < 0 || layer >= static_cast<int>(plan.layers.size())) {
    return Explain(net, layer, 0, out);  // the layer's range error
  }
  const Shape& shape = plan.layers[layer].output_shape;
  bool ok = index.size() == shape.size();
  int64_t flat = 0;
  for (size_t i = 0; ok && i < index.size(); ++i) {
    ok = index[i] >= 0 && index[i] < shape[i];
    flat = flat * shape[i] + index[i];
  }
  if (!ok) {
    return MakeError(ErrorKind::kIndexError,
                     "the index must have " + std::to_string(shape.size()) +
                         " whole numbers within the shape " + SizesText(shape));
  }
  return Explain(net, layer, flat, out);
}

}  // namespace convplay
