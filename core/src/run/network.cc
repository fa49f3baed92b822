// The network runner: resolves each planned layer into op arguments once,
// holds the state_dict tensors, and runs forward passes into buffers sized
// at creation.
#include "convplay/run/network.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "run/resolved_layer.h"

namespace convplay {

std::optional<Error> Network::Create(const std::vector<LayerSpec>& stack,
                                     const Shape& input_shape, uint64_t seed,
                                     std::unique_ptr<Network>* out,
                                     const PlanOptions& options) {
  Plan plan = MakePlan(stack, input_shape, options);
  if (!plan.ok) return plan.error;
  std::unique_ptr<Network> net(new Network());
  net->stack_ = stack;
  for (LayerSpec& spec : net->stack_) NormalizeSpec(&spec);
  net->input_shape_ = input_shape;
  net->input_size_ = Numel(input_shape);
  net->plan_ = std::move(plan);
  for (size_t i = 0; i < net->stack_.size(); ++i) {
    const LayerPlan& lp = net->plan_.layers[i];
    net->outputs_.emplace_back(static_cast<size_t>(Numel(lp.output_shape)));
    net->layers_.push_back(internal::ResolveLayer(net->stack_[i], lp));
    for (const TensorSpec& t : lp.tensors) {
      net->weights_[std::to_string(i) + "." + t.name].resize(
          static_cast<size_t>(Numel(t.shape)));
    }
  }
  net->ResetWeights(seed);
  *out = std::move(net);
  return std::nullopt;
}

const float* Network::LayerInput(int layer) const {
  if (input_.size() != static_cast<size_t>(input_size_)) return nullptr;
  return layer == 0 ? input_.data() : outputs_[layer - 1].data();
}

const std::vector<float>& Network::final_output() const {
  return outputs_.empty() ? input_ : outputs_.back();
}

std::vector<std::string> Network::WeightNames() const {
  std::vector<std::string> names;
  for (size_t i = 0; i < plan_.layers.size(); ++i) {
    for (const TensorSpec& t : plan_.layers[i].tensors) {
      names.push_back(std::to_string(i) + "." + t.name);
    }
  }
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
                       known.empty() ? "this stack has no weights"
                                     : "the keys are: " + known);
    }
    if (values.size() != it->second.size()) {
      return MakeError(ErrorKind::kRuntimeError,
                       "size mismatch for " + name + ": got " +
                           std::to_string(values.size()) +
                           " values, the tensor in the model has " +
                           std::to_string(it->second.size()));
    }
    for (size_t j = 0; j < values.size(); ++j) {
      if (!std::isfinite(values[j])) {
        return MakeError(ErrorKind::kValueError,
                         "weight " + name +
                             " has a non-finite value at index " +
                             std::to_string(j));
      }
    }
  }
  for (const auto& [name, values] : tensors) weights_[name] = values;
  return std::nullopt;
}

void Network::ResetWeights(uint64_t seed) {
  Random rng(seed);
  for (size_t i = 0; i < plan_.layers.size(); ++i) {
    const LayerPlan& lp = plan_.layers[i];
    for (const TensorSpec& t : lp.tensors) {
      std::vector<float>& w = weights_[std::to_string(i) + "." + t.name];
      const float bound = internal::InitBound(stack_[i], lp, t);
      if (bound > 0) {
        for (float& v : w) v = rng.Uniform(-bound, bound);
      } else {
        std::fill(w.begin(), w.end(), internal::InitConstant(t));
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
  input_.assign(input, input + n);
  const float* cur = input;
  for (size_t i = 0; i < layers_.size(); ++i) {
    if (auto err = RunLayer(i, cur, reference)) return err;
    cur = outputs_[i].data();
  }
  return std::nullopt;
}

std::optional<Error> Network::RunLayer(size_t i, const float* in,
                                       bool reference) {
  return internal::RunResolved(*layers_[i], plan_.layers[i], in,
                               outputs_[i].data(), weights_,
                               std::to_string(i) + ".", reference, &workspace_);
}

}  // namespace convplay
