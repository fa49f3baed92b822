// The explain path against the forward pass: for random layers of every
// conv and pool kind, every explained value equals the reference forward
// output bit for bit (and the SIMD output within rounding), the products
// are value × weight, and the channel sums plus the bias make the sum.
#include "convplay/teach/explain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "convplay/plan/plan.h"
#include "convplay/run/network.h"
#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

struct Case {
  std::string code;
  Shape input;
};

std::string Tuple(const std::vector<int64_t>& v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + (v.size() == 1 ? ",)" : ")");
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  std::vector<int64_t> Ints(int dims, int64_t lo, int64_t hi) {
    std::vector<int64_t> v(static_cast<size_t>(dims));
    for (auto& x : v) x = Int(lo, hi);
    return v;
  }
  bool Coin() { return Int(0, 1) == 1; }

  // A random layer of `kind` family with an input shape that fits it.
  Case Make(const std::string& family, int dims) {
    const int64_t groups = Int(1, 2);
    const int64_t cin = groups * Int(1, 3);
    Shape input;
    const bool batched = Coin();
    if (batched) input.push_back(Int(1, 2));
    input.push_back(cin);
    for (int i = 0; i < dims; ++i)
      input.push_back(Int(dims == 3 ? 3 : 4, dims == 3 ? 6 : 9));
    const std::string d = std::to_string(dims) + "d";
    const auto k = Ints(dims, 1, 3);
    const auto s = Ints(dims, 1, 3);
    const auto dil = Ints(dims, 1, 2);
    std::string code;
    if (family == "conv") {
      const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
      const auto p = Ints(dims, 0, 2);
      code = "nn.Conv" + d + "(" + std::to_string(cin) + ", " +
             std::to_string(groups * Int(1, 3)) + ", " + Tuple(k) +
             ", stride=" + Tuple(s) + ", padding=" + Tuple(p) +
             ", dilation=" + Tuple(dil) + ", groups=" + std::to_string(groups) +
             ", bias=" + (Coin() ? "True" : "False") + ", padding_mode='" +
             modes[Int(0, 3)] + "')";
    } else if (family == "conv-transpose") {
      const auto p = Ints(dims, 0, 1);
      code = "nn.ConvTranspose" + d + "(" + std::to_string(cin) + ", " +
             std::to_string(groups * Int(1, 3)) + ", " + Tuple(k) +
             ", stride=" + Tuple(s) + ", padding=" + Tuple(p) +
             ", dilation=" + Tuple(dil) + ", groups=" + std::to_string(groups) +
             ", bias=" + (Coin() ? "True" : "False") + ")";
    } else if (family == "max-pool") {
      const auto kk = Ints(dims, 2, 3);
      std::vector<int64_t> p;
      for (int64_t x : kk) p.push_back(Int(0, x / 2));
      code = "nn.MaxPool" + d + "(" + Tuple(kk) + ", stride=" + Tuple(s) +
             ", padding=" + Tuple(p) + ", dilation=" + Tuple(dil) +
             ", ceil_mode=" + (Coin() ? "True" : "False") + ")";
    } else if (family == "avg-pool") {
      const auto kk = Ints(dims, 2, 3);
      std::vector<int64_t> p;
      for (int64_t x : kk) p.push_back(Int(0, x / 2));
      code = "nn.AvgPool" + d + "(" + Tuple(kk) + ", stride=" + Tuple(s) +
             ", padding=" + Tuple(p) +
             ", ceil_mode=" + (Coin() ? "True" : "False") +
             ", count_include_pad=" + (Coin() ? "True" : "False") +
             (dims > 1 && Coin()
                  ? ", divisor_override=" + std::to_string(Int(1, 5))
                  : "") +
             ")";
    } else {
      code = "nn.Adaptive" + family + "Pool" + d + "(" +
             Tuple(Ints(dims, 1, 4)) + ")";
    }
    return {code, input};
  }

 private:
  std::mt19937 rng_;
};

// Runs `c` on hashed input; explains up to 40 outputs; returns how many.
int Check(const Case& c, uint32_t seed) {
  const ParseResult parsed = ParseTorch(c.code);
  EXPECT_TRUE(parsed.ok) << c.code;
  if (!parsed.ok) return 0;
  std::unique_ptr<Network> net;
  if (Network::Create(parsed.layers, c.input, seed, &net))
    return 0;  // invalid config
  std::vector<float> input(static_cast<size_t>(net->input_size()));
  for (size_t i = 0; i < input.size(); ++i) input[i] = HashValue(seed, i);
  EXPECT_FALSE(
      net->Forward(input.data(), net->input_size(), /*reference=*/false));
  const std::vector<float> simd = net->output(0);
  EXPECT_FALSE(
      net->Forward(input.data(), net->input_size(), /*reference=*/true));
  const std::vector<float>& ref = net->output(0);
  const std::string where = c.code + " on " + ::testing::PrintToString(c.input);
  std::mt19937 rng(seed);
  const int64_t n = static_cast<int64_t>(ref.size());
  const int count = static_cast<int>(std::min<int64_t>(n, 40));
  for (int j = 0; j < count; ++j) {
    const int64_t flat =
        j < 3 ? (j == 0 ? 0 : n - j) : static_cast<int64_t>(rng() % n);
    Explanation e;
    auto err = Explain(*net, 0, flat, &e);
    EXPECT_FALSE(err.has_value()) << where << ": " << (err ? err->message : "");
    if (err) return 0;
    EXPECT_EQ(e.value, ref[flat]) << where << " at " << flat;
    EXPECT_NEAR(e.value, simd[flat], 1e-4 * (1 + std::fabs(e.value)))
        << where << " at " << flat;
    double sum = e.has_bias ? e.bias : 0.0;
    for (const auto& [channel, s] : e.channel_sums) sum += s;
    if (e.op == ExplainOp::kConv || e.op == ExplainOp::kConvTranspose) {
      EXPECT_DOUBLE_EQ(sum, e.sum) << where;
      for (const ExplainTerm& t : e.terms) {
        const bool zero = t.source[0] < 0;
        EXPECT_EQ(t.product,
                  zero ? 0.0 : static_cast<double>(t.value) * t.weight)
            << where;
      }
    }
    if (e.op == ExplainOp::kMaxPool || e.op == ExplainOp::kAdaptiveMaxPool) {
      EXPECT_GE(e.winner, 0) << where;
      if (e.winner < 0) return 0;
      EXPECT_EQ(e.terms[e.winner].value, e.value) << where;
      for (const ExplainTerm& t : e.terms) EXPECT_LE(t.value, e.value) << where;
    }
    if (e.op == ExplainOp::kAvgPool && e.divisor > 0) {
      EXPECT_EQ(static_cast<float>(e.sum / e.divisor), e.value) << where;
      EXPECT_FALSE(e.divisor_reason.empty());
    }
  }
  return count;
}

class ExplainFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(ExplainFamily, EveryExplainedValueIsTheForwardOutput) {
  Generator gen(1234);
  int checked = 0, layers = 0;
  for (int i = 0; i < 300; ++i) {
    const int dims = 1 + i % 3;
    const int got = Check(gen.Make(GetParam(), dims), 100 + i);
    checked += got;
    layers += got > 0;
  }
  EXPECT_GT(layers, 100) << "too few valid random layers";
  RecordProperty("explained", checked);
}

INSTANTIATE_TEST_SUITE_P(Kinds, ExplainFamily,
                         ::testing::Values("conv", "conv-transpose", "max-pool",
                                           "avg-pool", "Avg", "Max"),
                         [](const auto& info) {
                           std::string s = info.param;
                           s.erase(std::remove(s.begin(), s.end(), '-'),
                                   s.end());
                           return s == "Avg"   ? std::string("AdaptiveAvg")
                                  : s == "Max" ? std::string("AdaptiveMax")
                                               : s;
                         });

TEST(ExplainTest, ShowsPaddingValuesDilationAndTheDivisor) {
  // 1 × 1 × 4 × 4 input 0..15, reflect padding 1: the window at (0, 0) reads
  // the reflected cells.
  const auto parsed = ParseTorch(
      "nn.Conv2d(1, 1, 3, padding=1, padding_mode='reflect', bias=False)");
  std::unique_ptr<Network> net;
  ASSERT_FALSE(Network::Create(parsed.layers, {1, 1, 4, 4}, 0, &net));
  ASSERT_FALSE(net->SetWeight("0.weight", std::vector<float>(9, 1.0f)));
  std::vector<float> input(16);
  for (int i = 0; i < 16; ++i) input[i] = static_cast<float>(i);
  ASSERT_FALSE(net->Forward(input.data(), 16));
  Explanation e;
  ASSERT_FALSE(Explain(*net, 0, 0, &e));
  ASSERT_EQ(e.terms.size(), 9u);
  EXPECT_TRUE(e.terms[0].padding);
  EXPECT_EQ(e.terms[0].pos[1], -1);
  EXPECT_EQ(e.terms[0].source[1], 1);  // reflect: row −1 reads row 1
  EXPECT_EQ(e.terms[0].value, 5.0f);   // (1, 1)
  EXPECT_EQ(e.value, 5 + 4 + 5 + 1 + 0 + 1 + 5 + 4 + 5);

  const auto pool = ParseTorch(
      "nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)");
  ASSERT_FALSE(Network::Create(pool.layers, {1, 1, 4, 4}, 0, &net));
  ASSERT_FALSE(net->Forward(input.data(), 16));
  ASSERT_FALSE(Explain(*net, 0, 0, &e));
  EXPECT_EQ(e.divisor, 4);
  EXPECT_EQ(e.value, (0 + 1 + 4 + 5) / 4.0f);
  EXPECT_EQ(e.window_start[1], -1);

  const auto max = ParseTorch("nn.MaxPool2d(2, stride=1, dilation=2)");
  ASSERT_FALSE(Network::Create(max.layers, {1, 1, 4, 4}, 0, &net));
  ASSERT_FALSE(net->Forward(input.data(), 16));
  ASSERT_FALSE(
      Explain(*net, 0, 3, &e));  // output (1, 1): cells (1,1) (1,3) (3,1) (3,3)
  EXPECT_EQ(e.value, 15.0f);
  EXPECT_EQ(e.winner_index, 15);
  EXPECT_EQ(e.terms[1].pos[2], 3);
}

// PyTorch's max pooling on NaN and −inf (docs/semantics.md §5): the last NaN
// of a window wins, with its index; an all −inf window names its first cell
// inside the input (return_indices gives [1, 3] and [0, 0, 1] here).
TEST(ExplainTest, MaxPoolWinnersOnNaNAndMinusInfinity) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  std::unique_ptr<Network> net;
  Explanation e;
  const auto two = ParseTorch("nn.MaxPool1d(2)");
  ASSERT_FALSE(Network::Create(two.layers, {1, 1, 4}, 0, &net));
  const std::vector<float> in = {1, nan, 5, nan};
  ASSERT_FALSE(net->Forward(in.data(), 4));
  ASSERT_FALSE(Explain(*net, 0, 0, &e));
  EXPECT_TRUE(std::isnan(e.value));
  EXPECT_EQ(e.winner_index, 1);
  ASSERT_FALSE(Explain(*net, 0, 1, &e));
  EXPECT_EQ(e.winner_index, 3);

  const auto three = ParseTorch("nn.MaxPool1d(3, stride=1, padding=1)");
  ASSERT_FALSE(Network::Create(three.layers, {1, 1, 3}, 0, &net));
  const std::vector<float> minus = {-inf, -inf, -inf};
  ASSERT_FALSE(net->Forward(minus.data(), 3));
  for (int64_t o = 0; o < 3; ++o) {
    ASSERT_FALSE(Explain(*net, 0, o, &e));
    EXPECT_EQ(e.value, -inf);
    EXPECT_EQ(e.winner_index, o == 2 ? 1 : 0) << "output " << o;
    ASSERT_GE(e.winner, 0);
    EXPECT_FALSE(e.terms[e.winner].padding);
  }

  const auto adaptive = ParseTorch("nn.AdaptiveMaxPool1d(3)");
  ASSERT_FALSE(Network::Create(adaptive.layers, {1, 1, 5}, 0, &net));
  const std::vector<float> mixed = {1, nan, 5, -inf, 2};
  ASSERT_FALSE(net->Forward(mixed.data(), 5));
  ASSERT_FALSE(Explain(*net, 0, 1, &e));
  EXPECT_TRUE(std::isnan(e.value));
  EXPECT_EQ(e.winner_index, 1);
}

TEST(ExplainTest, RefusesOtherLayersBadIndicesAndNoForward) {
  const auto parsed =
      ParseTorch("nn.Sequential(nn.Conv2d(1, 1, 3), nn.ReLU())");
  std::unique_ptr<Network> net;
  ASSERT_FALSE(Network::Create(parsed.layers, {1, 1, 4, 4}, 0, &net));
  Explanation e;
  EXPECT_EQ(Explain(*net, 0, 0, &e)->kind,
            ErrorKind::kValueError);  // no forward yet
  std::vector<float> input(16, 1.0f);
  ASSERT_FALSE(net->Forward(input.data(), 16));
  EXPECT_FALSE(Explain(*net, 0, 3, &e));
  EXPECT_EQ(Explain(*net, 0, 4, &e)->kind, ErrorKind::kIndexError);
  EXPECT_EQ(Explain(*net, 2, 0, &e)->kind, ErrorKind::kIndexError);
  const auto err = Explain(*net, 1, 0, &e);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message,
            "only convolution and pooling layers can be explained cell by "
            "cell; layer 1 is nn.ReLU");
}

}  // namespace
}  // namespace convplay
