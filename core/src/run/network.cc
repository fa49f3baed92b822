// The network runner: resolves each planned call into op arguments once,
// holds the state_dict tensors, and runs forward passes into buffers sized
// at creation. A Sequential stack is a chain; class code is a graph.
#include "convplay/run/network.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "run/resolved_layer.h"

namespace convplay {
namespace {

std::vector<int64_t> Strides(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t k = s.size(); k-- > 1;) st[k - 1] = st[k] * s[k];
  return st;
}

// a ∘ b with broadcasting (PyTorch's rules, checked by the plan).
void Broadcast(GraphOp op, const float* a, const Shape& sa, const float* b,
               const Shape& sb, float* out, const Shape& so) {
  auto apply = [op](float x, float y) {
    switch (op) {
      case GraphOp::kAdd:
        return x + y;
      case GraphOp::kSub:
        return x - y;
      case GraphOp::kMul:
        return x * y;
      default:
        return x / y;
    }
  };
  const int64_t n = Numel(so);
  if (sa == so && sb == so) {
    for (int64_t i = 0; i < n; ++i) out[i] = apply(a[i], b[i]);
    return;
  }
  const size_t r = so.size();
  // Strides of a and b in the output's index space (0 where broadcast).
  std::vector<int64_t> st_a(r, 0), st_b(r, 0);
  const std::vector<int64_t> ca = Strides(sa), cb = Strides(sb);
  for (size_t k = 0; k < r; ++k) {
    const size_t oa = r - sa.size(), ob = r - sb.size();
    if (k >= oa && sa[k - oa] != 1) st_a[k] = ca[k - oa];
    if (k >= ob && sb[k - ob] != 1) st_b[k] = cb[k - ob];
  }
  std::vector<int64_t> idx(r, 0);
  int64_t ia = 0, ib = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[i] = apply(a[ia], b[ib]);
    for (size_t k = r; k-- > 0;) {
      ++idx[k];
      ia += st_a[k];
      ib += st_b[k];
      if (idx[k] < so[k]) break;
      ia -= st_a[k] * so[k];
      ib -= st_b[k] * so[k];
      idx[k] = 0;
    }
  }
}

}  // namespace

std::optional<Error> Network::Create(const std::vector<LayerSpec>& stack,
                                     const Shape& input_shape, uint64_t seed,
                                     std::unique_ptr<Network>* out,
                                     const PlanOptions& options) {
  ModelRead model = ChainModel(stack, input_shape, options);
  if (!model.ok) return model.error;
  return Create(model, seed, out);
}

std::optional<Error> Network::Create(const ModelRead& model, uint64_t seed,
                                     std::unique_ptr<Network>* out) {
  if (!model.ok) {
    return model.error ? *model.error
                       : MakeError(ErrorKind::kRuntimeError,
                                   "internal: the model was not traced");
  }
  std::unique_ptr<Network> net(new Network());
  net->plan_ = model.plan;
  net->nodes_ = model.nodes;
  net->output_ = model.output;
  net->layer_modules_ = model.layer_modules;
  net->input_shape_ = model.plan.layers.empty()
                          ? model.plan.output_shape
                          : model.plan.layers[0].input_shape;
  // The model's input: what call 0 reads if it reads the input, else any
  // call that does.
  for (size_t i = 0; i < net->nodes_.size(); ++i) {
    for (size_t k = 0; k < net->nodes_[i].inputs.size(); ++k) {
      if (net->nodes_[i].inputs[k] == -1) {
        net->input_shape_ =
            k == 0 ? net->plan_.layers[i].input_shape : net->input_shape_;
      }
    }
  }
  net->input_size_ = Numel(net->input_shape_);
  net->input_.assign(static_cast<size_t>(net->input_size_), 0.0f);
  for (size_t i = 0; i < net->nodes_.size(); ++i) {
    const LayerPlan& lp = net->plan_.layers[i];
    net->outputs_.emplace_back(static_cast<size_t>(Numel(lp.output_shape)));
    if (net->nodes_[i].op == GraphOp::kLayer) {
      net->layers_.push_back(internal::ResolveLayer(net->nodes_[i].layer, lp));
    } else {
      net->layers_.push_back(nullptr);
    }
  }
  for (const TensorSpec& t : net->plan_.state_dict) {
    net->weights_[t.name].resize(static_cast<size_t>(Numel(t.shape)));
  }
  net->ResetWeights(seed);
  *out = std::move(net);
  return std::nullopt;
}

const float* Network::Data(int node) const {
  return node < 0 ? input_.data() : outputs_[node].data();
}

const float* Network::LayerInput(int layer) const {
  if (!ran_) return nullptr;
  const std::vector<int>& in = nodes_[layer].inputs;
  return in.empty() ? nullptr : Data(in[0]);
}

const std::vector<float>& Network::final_output() const {
  return output_ < 0 ? input_ : outputs_[output_];
}

std::vector<std::string> Network::WeightNames() const {
  std::vector<std::string> names;
  for (const TensorSpec& t : plan_.state_dict) names.push_back(t.name);
  return names;
}

const std::vector<float>* Network::Weight(const std::string& name) const {
  const auto it = weights_.find(name);
  return it == weights_.end() ? nullptr : &it->second;
}

std::optional<Error> Network::SetWeight(const std::string& name,
                                        const std::vector<float>& values) {
  return SetWeights({{name, values}});
}

std::optional<Error> Network::SetWeights(
    const std::vector<std::pair<std::string, std::vector<float>>>& tensors) {
  for (const auto& [name, values] : tensors) {
    const auto it = weights_.find(name);
    if (it == weights_.end()) {
      std::string known;
      for (const std::string& n : WeightNames())
        known += (known.empty() ? "" : ", ") + n;
      return MakeError(ErrorKind::kRuntimeError,
                       "Unexpected key(s) in state_dict: \"" + name + "\". ",
                       known.empty() ? "this model has no weights"
                                     : "the keys are: " + known);
    }
    if (values.size() != it->second.size()) {
      return MakeError(ErrorKind::kRuntimeError,
                       "size mismatch for " + name + ": got " +
                           std::to_string(values.size()) +
                           " values, the tensor in the model has " +
                           std::to_string(it->second.size()));
    }
    // NaN and ±inf are accepted, as load_state_dict accepts them; the
    // ops then compute on them as PyTorch does (docs/semantics.md §8e).
  }
  for (const auto& [name, values] : tensors) weights_[name] = values;
  return std::nullopt;
}

void Network::ResetWeights(uint64_t seed) {
  ResetLayerWeights(seed);
  // A class's own parameters and buffers: the value the code gave them
  // (torch.ones, torch.zeros, torch.full), or seeded N(0, 1) for
  // torch.randn (uniform for torch.rand).
  Random rng(seed ^ 0x5eedULL);
  for (const TensorSpec& t : plan_.state_dict) {
    if (!t.own) continue;
    std::vector<float>& w = weights_[t.name];
    if (!t.random) {
      std::fill(w.begin(), w.end(), static_cast<float>(t.fill));
      continue;
    }
    for (float& v : w) {
      const float u1 = std::max(rng.Uniform(0.0f, 1.0f), 1e-7f);
      const float u2 = rng.Uniform(0.0f, 1.0f);
      v = std::sqrt(-2.0f * std::log(u1)) * std::cos(6.2831853f * u2);
    }
  }
}

void Network::ResetLayerWeights(uint64_t seed) {
  // PyTorch draws in construction order; ConvPlay draws module by module in
  // state_dict order from one seeded stream.
  Random rng(seed);
  for (const auto& [path, spec] : layer_modules_) {
    const std::string prefix = path.empty() ? "" : path + ".";
    LayerPlan lp;
    for (const TensorSpec& full : plan_.state_dict) {
      if (full.name.rfind(prefix, 0) != 0) continue;
      const std::string local = full.name.substr(prefix.size());
      if (local.find('.') != std::string::npos) continue;
      TensorSpec t = full;
      t.name = local;
      std::vector<float>& w = weights_[full.name];
      const float bound = internal::InitBound(spec, lp, t);
      if (bound > 0) {
        for (float& v : w) v = rng.Uniform(-bound, bound);
      } else {
        std::fill(w.begin(), w.end(), internal::InitConstant(spec, t));
      }
    }
  }
}

std::optional<Error> Network::Forward(const float* input, int64_t n,
                                      bool reference) {
  if (n != input_size_) {
    return MakeError(ErrorKind::kValueError,
                     "the input has " + std::to_string(n) +
                         " values, but its shape " + SizesText(input_shape_) +
                         " needs " + std::to_string(input_size_),
                     "give exactly that many values");
  }
  if (input != input_.data()) std::copy(input, input + n, input_.begin());
  return Run(reference);
}

std::optional<Error> Network::Run(bool reference) {
  ran_ = true;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (auto err = RunNode(i, reference)) return err;
  }
  return std::nullopt;
}

std::optional<Error> Network::RunNode(size_t i, bool reference) {
  const GraphNode& node = nodes_[i];
  const LayerPlan& lp = plan_.layers[i];
  float* out = outputs_[i].data();
  const int first = node.inputs.empty() ? -1 : node.inputs[0];
  const float* in = Data(first);
  const Shape& in_shape =
      first < 0 ? input_shape_ : plan_.layers[first].output_shape;
  const int64_t n = Numel(lp.output_shape);
  switch (node.op) {
    case GraphOp::kLayer:
      return internal::RunResolved(*layers_[i], lp, in, out, weights_,
                                   lp.module.empty() ? "" : lp.module + ".",
                                   reference, &workspace_);
    case GraphOp::kAdd:
    case GraphOp::kSub:
    case GraphOp::kMul:
    case GraphOp::kDiv: {
      if (node.has_scalar) {
        const float c = static_cast<float>(node.scalar);
        for (int64_t k = 0; k < n; ++k) {
          const float x = node.scalar_first ? c : in[k];
          const float y = node.scalar_first ? in[k] : c;
          out[k] = node.op == GraphOp::kAdd   ? x + y
                   : node.op == GraphOp::kSub ? x - y
                   : node.op == GraphOp::kMul ? x * y
                                              : x / y;
        }
        return std::nullopt;
      }
      const int other = node.inputs[1];
      const Shape& other_shape =
          other < 0 ? input_shape_ : plan_.layers[other].output_shape;
      Broadcast(node.op, in, in_shape, Data(other), other_shape, out,
                lp.output_shape);
      return std::nullopt;
    }
    case GraphOp::kCat: {
      const int64_t d = node.dims[0];
      const Shape& so = lp.output_shape;
      int64_t outer = 1;
      for (int64_t k = 0; k < d; ++k) outer *= so[k];
      int64_t offset = 0;
      const int64_t out_row = n / std::max<int64_t>(outer, 1);
      for (int src : node.inputs) {
        const Shape& s =
            src < 0 ? input_shape_ : plan_.layers[src].output_shape;
        const int64_t row = Numel(s) / std::max<int64_t>(outer, 1);
        const float* p = Data(src);
        for (int64_t o = 0; o < outer; ++o) {
          std::memcpy(out + o * out_row + offset, p + o * row,
                      static_cast<size_t>(row) * sizeof(float));
        }
        offset += row;
      }
      return std::nullopt;
    }
    case GraphOp::kView:
      std::memcpy(out, in, static_cast<size_t>(n) * sizeof(float));
      return std::nullopt;
    case GraphOp::kConstant:
      std::fill(out, out + n, static_cast<float>(node.scalar));
      return std::nullopt;
    case GraphOp::kParameter: {
      const auto it = weights_.find(node.key);
      if (it == weights_.end() ||
          static_cast<int64_t>(it->second.size()) != n) {
        return MakeError(ErrorKind::kRuntimeError,
                         "internal: no tensor " + node.key);
      }
      std::memcpy(out, it->second.data(),
                  static_cast<size_t>(n) * sizeof(float));
      return std::nullopt;
    }
    case GraphOp::kUnary: {
      const std::string& f = node.key;
      for (int64_t k = 0; k < n; ++k) {
        out[k] = f == "sqrt"  ? std::sqrt(in[k])
                 : f == "exp" ? std::exp(in[k])
                 : f == "log" ? std::log(in[k])
                              : std::fabs(in[k]);
      }
      return std::nullopt;
    }
    case GraphOp::kPermute: {
      const size_t r = in_shape.size();
      const std::vector<int64_t> st = Strides(in_shape);
      std::vector<int64_t> step(r);
      for (size_t k = 0; k < r; ++k) step[k] = st[node.dims[k]];
      std::vector<int64_t> idx(r, 0);
      int64_t src = 0;
      for (int64_t k = 0; k < n; ++k) {
        out[k] = in[src];
        for (size_t j = r; j-- > 0;) {
          ++idx[j];
          src += step[j];
          if (idx[j] < lp.output_shape[j]) break;
          src -= step[j] * lp.output_shape[j];
          idx[j] = 0;
        }
      }
      return std::nullopt;
    }
    case GraphOp::kMean: {
      const size_t r = in_shape.size();
      std::vector<bool> reduced(r, false);
      int64_t count = 1;
      for (int64_t d : node.dims) {
        reduced[d] = true;
        count *= in_shape[d];
      }
      // Output strides in the input's index space (0 on reduced dims).
      std::vector<int64_t> ost(r, 0);
      int64_t acc = 1;
      for (size_t k = r; k-- > 0;) {
        if (!reduced[k]) {
          ost[k] = acc;
          acc *= in_shape[k];
        }
      }
      std::vector<double> sum(static_cast<size_t>(n), 0.0);
      const int64_t total = Numel(in_shape);
      std::vector<int64_t> idx(r, 0);
      int64_t o = 0;
      for (int64_t k = 0; k < total; ++k) {
        sum[static_cast<size_t>(o)] += in[k];
        for (size_t j = r; j-- > 0;) {
          ++idx[j];
          o += ost[j];
          if (idx[j] < in_shape[j]) break;
          o -= ost[j] * in_shape[j];
          idx[j] = 0;
        }
      }
      for (int64_t k = 0; k < n; ++k) {
        out[k] = count == 0 ? std::numeric_limits<float>::quiet_NaN()
                            : static_cast<float>(sum[k] / count);
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace convplay
