// A planned stack with weights that runs forward passes and keeps every
// layer's output (the feature maps). Plan once, run many times: all
// buffers are sized when the network is built, so a forward pass in the
// steady state allocates nothing.
#ifndef CONVPLAY_RUN_NETWORK_H_
#define CONVPLAY_RUN_NETWORK_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/model/model.h"
#include "convplay/plan/plan.h"
#include "convplay/run/random.h"
#include "convplay/spec/layer_spec.h"
#include "convplay/spec/status.h"

namespace convplay {
namespace internal {
struct ResolvedLayer;
}  // namespace internal

class Network {
 public:
  // Plans the stack; on error returns it (PyTorch's message). Weights get
  // PyTorch's default initialisation from `seed`.
  static std::optional<Error> Create(const std::vector<LayerSpec>& stack,
                                     const Shape& input_shape, uint64_t seed,
                                     std::unique_ptr<Network>* out,
                                     const PlanOptions& options = {});

  // A traced model (ReadModel or ChainModel) that is ok.
  static std::optional<Error> Create(const ModelRead& model, uint64_t seed,
                                     std::unique_ptr<Network>* out);

  const Plan& plan() const { return plan_; }
  const std::vector<GraphNode>& nodes() const { return nodes_; }
  int64_t input_size() const { return input_size_; }

  // Runs every layer; keeps every output. `n` must be the input's element
  // count. `reference` uses the scalar reference ops (the oracle).
  // Zero-copy: write the input into input_data() (input_size() values,
  // the same address for the network's life), then Run(). Forward(input, n)
  // is the copying form of the same.
  float* input_data() { return input_.data(); }
  std::optional<Error> Run(bool reference = false);
  std::optional<Error> Forward(const float* input, int64_t n,
                               bool reference = false);

  // The output of call i after Forward; the model's output (the input
  // itself for an empty stack).
  const std::vector<float>& output(int layer) const { return outputs_[layer]; }
  const std::vector<float>& final_output() const;

  // What call `layer` read (its first input) in the last Forward; null
  // before the first Forward.
  const float* LayerInput(int layer) const;
  // The op arguments layer `layer` runs with.
  const internal::ResolvedLayer& Resolved(int layer) const {
    return *layers_[layer];
  }

  // state_dict keys ('0.weight', '3.running_mean', …) in PyTorch's order.
  std::vector<std::string> WeightNames() const;
  const std::vector<float>* Weight(const std::string& name) const;
  // Replaces one tensor; the size must match. NaN and ±inf are accepted,
  // as PyTorch's load_state_dict accepts them.
  std::optional<Error> SetWeight(const std::string& name,
                                 const std::vector<float>& values);
  // Replaces several tensors, all or nothing: every key and size is checked
  // before anything changes.
  std::optional<Error> SetWeights(
      const std::vector<std::pair<std::string, std::vector<float>>>& tensors);
  // Re-draws every tensor with PyTorch's default initialisation.
  void ResetWeights(uint64_t seed);

 private:
  Network() = default;
  std::optional<Error> RunNode(size_t i, bool reference);
  void ResetLayerWeights(uint64_t seed);
  const float* Data(int node) const;

  Plan plan_;
  std::vector<GraphNode> nodes_;
  int output_ = -1;
  std::vector<std::pair<std::string, LayerSpec>> layer_modules_;
  Shape input_shape_;
  int64_t input_size_ = 0;
  std::vector<std::vector<float>> outputs_;
  std::vector<float> input_;  // the input buffer (Explain reads it), sized
                              // at creation
  bool ran_ = false;          // a forward pass has run
  // state_dict tensors by key, and per layer the keys it owns.
  std::map<std::string, std::vector<float>> weights_;
  std::vector<std::shared_ptr<const internal::ResolvedLayer>> layers_;
  Workspace workspace_;
};

}  // namespace convplay

#endif  // CONVPLAY_RUN_NETWORK_H_
