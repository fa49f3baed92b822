// Forward values against real PyTorch (tests/golden/forward.json): inputs
// and weights come from HashValue, which the generator reproduces bit for
// bit; outputs must agree within 1e-4 of the output's largest magnitude,
// through both the SIMD ops and the scalar reference.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "convplay/run/network.h"
#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

using nlohmann::json;

json Load(const char* file = "forward.json") {
  std::ifstream in(std::string(CONVPLAY_GOLDEN_DIR) + "/" + file);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

// What the generator's fill_weights does: state_dict tensor j gets seed+j+1.
void FillWeights(Network* net, uint64_t seed) {
  const auto names = net->WeightNames();
  for (size_t j = 0; j < names.size(); ++j) {
    const std::string& name = names[j];
    if (name.size() >= 19 &&
        name.compare(name.size() - 19, 19, "num_batches_tracked") == 0) {
      continue;
    }
    std::vector<float> v(net->Weight(name)->size());
    for (size_t i = 0; i < v.size(); ++i) {
      v[i] = HashValue(seed + j + 1, i);
      if (name.size() >= 11 &&
          name.compare(name.size() - 11, 11, "running_var") == 0) {
        v[i] = std::fabs(v[i]) + 0.5f;
      }
    }
    ASSERT_FALSE(net->SetWeight(name, v).has_value()) << name;
  }
}

std::string Compare(const std::vector<float>& got, const json& want) {
  if (got.size() != want.size()) {
    return "size " + std::to_string(got.size()) + " vs PyTorch " +
           std::to_string(want.size());
  }
  double scale = 0;
  for (const auto& w : want)
    scale = std::max(scale, std::fabs(w.get<double>()));
  const double tol = 1e-4 * std::max(scale, 1e-3);
  for (size_t i = 0; i < got.size(); ++i) {
    const double w = want[i].get<double>();
    if (!(std::fabs(got[i] - w) <= tol)) {
      return "element " + std::to_string(i) + ": " + std::to_string(got[i]) +
             " vs PyTorch " + std::to_string(w) + " (tolerance " +
             std::to_string(tol) + ")";
    }
  }
  return "";
}

// Every case through the SIMD ops and the reference, counting failures.
void CheckCases(const json& cases, int* failures_out) {
  int& failures = *failures_out;
  for (const json& c : cases) {
    const ParseResult parsed = ParseTorch(c["code"].get<std::string>());
    ASSERT_TRUE(parsed.ok) << c["code"];
    std::unique_ptr<Network> net;
    const auto err =
        Network::Create(parsed.layers, c["input"].get<Shape>(), 0, &net);
    ASSERT_FALSE(err.has_value()) << c["code"] << ": " << err->message;
    const uint64_t seed = c["seed"].get<uint64_t>();
    FillWeights(net.get(), seed);
    std::vector<float> input(static_cast<size_t>(net->input_size()));
    for (size_t i = 0; i < input.size(); ++i) input[i] = HashValue(seed, i);
    for (bool reference : {false, true}) {
      ASSERT_FALSE(
          net->Forward(input.data(), net->input_size(), reference).has_value());
      const std::string diff = Compare(net->final_output(), c["output"]);
      if (!diff.empty() && ++failures <= 30) {
        ADD_FAILURE() << c["name"].get<std::string>() << " ("
                      << (reference ? "reference" : "SIMD")
                      << "): " << c["code"].get<std::string>() << " on "
                      << c["input"].dump() << "\n  " << diff;
      }
    }
  }
}

TEST(ForwardGoldenTest, EveryConfigurationMatchesPyTorch) {
  const json golden = Load();
  ASSERT_FALSE(golden.is_discarded())
      << "cannot read tests/golden/forward.json";
  const json& cases = golden["cases"];
  ASSERT_GE(cases.size(), 300u);
  int failures = 0;
  CheckCases(cases, &failures);
  EXPECT_EQ(failures, 0);
}

// tests/golden/layers.json's "forward" (tests/golden/generate_layers.py):
// PReLU, PixelShuffle/Unshuffle, InstanceNorm.
TEST(ForwardGoldenTest, NewerLayersMatchPyTorch) {
  const json golden = Load("layers.json");
  ASSERT_FALSE(golden.is_discarded()) << "cannot read tests/golden/layers.json";
  const json& cases = golden["forward"];
  ASSERT_GE(cases.size(), 30u);
  int failures = 0;
  CheckCases(cases, &failures);
  EXPECT_EQ(failures, 0);
}

// A golden number: a JSON number, or "nan", "inf", "-inf" (JSON has no NaN).
float GoldenFloat(const json& v) {
  if (v.is_number()) return v.get<float>();
  const std::string s = v.get<std::string>();
  if (s == "nan") return std::numeric_limits<float>::quiet_NaN();
  return s == "inf" ? std::numeric_limits<float>::infinity()
                    : -std::numeric_limits<float>::infinity();
}

// NaN exactly where PyTorch has NaN, the same infinities, and the finite
// values within 1e-4 of the largest finite magnitude.
std::string CompareNonFinite(const std::vector<float>& got, const json& want) {
  if (got.size() != want.size()) {
    return "size " + std::to_string(got.size()) + " vs PyTorch " +
           std::to_string(want.size());
  }
  double scale = 1e-3;
  for (const auto& w : want) {
    const float f = GoldenFloat(w);
    if (std::isfinite(f)) scale = std::max(scale, std::fabs(double(f)));
  }
  const double tol = 1e-4 * scale;
  for (size_t i = 0; i < got.size(); ++i) {
    const float w = GoldenFloat(want[i]);
    const bool ok = std::isnan(w)   ? std::isnan(got[i])
                    : std::isinf(w) ? got[i] == w
                                    : std::fabs(got[i] - w) <= tol;
    if (!ok) {
      std::ostringstream s;
      s << "element " << i << ": " << got[i] << " vs PyTorch " << w
        << " (tolerance " << tol << ")";
      return s.str();
    }
  }
  return "";
}

// tests/golden/forward_nonfinite.json (generate_nonfinite.py): NaN and ±inf
// in inputs and weights, computed as PyTorch computes them.
TEST(ForwardGoldenTest, NonFiniteValuesMatchPyTorch) {
  const json golden = Load("forward_nonfinite.json");
  ASSERT_FALSE(golden.is_discarded())
      << "cannot read tests/golden/forward_nonfinite.json";
  const json& cases = golden["cases"];
  ASSERT_GE(cases.size(), 250u);
  int failures = 0;
  for (const json& c : cases) {
    const ParseResult parsed = ParseTorch(c["code"].get<std::string>());
    ASSERT_TRUE(parsed.ok) << c["code"];
    std::unique_ptr<Network> net;
    const auto err =
        Network::Create(parsed.layers, c["input"].get<Shape>(), 0, &net);
    ASSERT_FALSE(err.has_value()) << c["code"] << ": " << err->message;
    const uint64_t seed = c["seed"].get<uint64_t>();
    FillWeights(net.get(), seed);
    auto overwrite = [](std::vector<float>* v, const json& specials) {
      for (const json& s : specials)
        (*v)[s[0].get<size_t>()] = GoldenFloat(s[1]);
    };
    if (c.contains("weights") || c.contains("weight_specials")) {
      std::vector<std::pair<std::string, std::vector<float>>> changed;
      for (const std::string& name : net->WeightNames()) {
        std::vector<float> v = *net->Weight(name);
        bool touched = false;
        if (c.contains("weights") && c["weights"].contains(name)) {
          const json& w = c["weights"][name];
          ASSERT_EQ(w.size(), v.size()) << c["name"] << " " << name;
          for (size_t i = 0; i < v.size(); ++i) v[i] = GoldenFloat(w[i]);
          touched = true;
        }
        if (c.contains("weight_specials") &&
            c["weight_specials"].contains(name)) {
          overwrite(&v, c["weight_specials"][name]);
          touched = true;
        }
        if (touched) changed.emplace_back(name, v);
      }
      ASSERT_FALSE(net->SetWeights(changed).has_value()) << c["name"];
    }
    std::vector<float> input(static_cast<size_t>(net->input_size()));
    if (c.contains("values")) {
      ASSERT_EQ(c["values"].size(), input.size()) << c["name"];
      for (size_t i = 0; i < input.size(); ++i)
        input[i] = GoldenFloat(c["values"][i]);
    } else {
      for (size_t i = 0; i < input.size(); ++i) input[i] = HashValue(seed, i);
      overwrite(&input, c["specials"]);
    }
    for (bool reference : {false, true}) {
      ASSERT_FALSE(
          net->Forward(input.data(), net->input_size(), reference).has_value());
      const std::string diff =
          CompareNonFinite(net->final_output(), c["output"]);
      if (!diff.empty() && ++failures <= 30) {
        ADD_FAILURE() << c["name"].get<std::string>() << " ("
                      << (reference ? "reference" : "SIMD")
                      << "): " << c["code"].get<std::string>() << " on "
                      << c["input"].dump() << "\n  " << diff;
      }
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace convplay
