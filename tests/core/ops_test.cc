// The SIMD ops against the scalar reference, for thousands of random
// configurations per op family and at every tail width (1, N−1, N, N+1, …
// of the target's vector length N), on every Highway target this machine
// runs (natively) or the build's static target (WASM); shapes are
// non-square. The testers (*_tester.h) allocate, run and compare; this file
// says which configurations.
#include "convplay/compute/ops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "activation_tester.h"
#include "channel_affine_tester.h"
#include "conv_tester.h"
#include "instance_norm_tester.h"
#include "linear_tester.h"
#include "op_tester.h"
#include "pixel_shuffle_tester.h"
#include "pool_tester.h"
#include "prelu_tester.h"

namespace convplay {
namespace test {
namespace {

constexpr int kConfigs = 2000;

// 1-D to 3-D, groups, every padding mode, the last dim a width around the
// vector length.
ConvTester RandomConv(TestRandom& r) {
  while (true) {
    ConvTester t;
    const int dims = static_cast<int>(r.Int(1, 3));
    const int64_t batch = r.Int(1, 2);
    const int64_t groups = r.Int(1, 3);
    const int64_t in_channels = groups * r.Int(1, 3);
    const int64_t out_channels = groups * r.Int(1, 5);
    const bool has_bias = r.Int(0, 3) != 0;
    const auto mode = static_cast<PadMode>(r.Int(0, 3));
    t.Rank(dims).Batch(batch).Groups(groups);
    t.Channels(in_channels, out_channels).Bias(has_bias).Mode(mode);
    for (int i = 3 - dims; i < 3; ++i) {
      Axis ax;
      ax.in = i == 2 ? r.Width() : r.Int(1, 9);
      ax.kernel = r.Int(1, 4);
      ax.stride = r.Int(1, 3);
      ax.dilation = r.Int(1, 2);
      ax.pad = r.Int(0, 2);
      // PyTorch's limits on the padding a mode can reflect or wrap.
      if (mode == PadMode::kReflect && ax.pad >= ax.in) ax.pad = 0;
      if (mode == PadMode::kCircular && ax.pad > ax.in) ax.pad = 0;
      t.Window(i, ax);
    }
    if (t.Valid()) return t;
  }
}

// 1-D to 3-D, groups, output padding below max(stride, dilation).
ConvTransposeTester RandomConvTranspose(TestRandom& r) {
  while (true) {
    ConvTransposeTester t;
    const int dims = static_cast<int>(r.Int(1, 3));
    const int64_t batch = r.Int(1, 2);
    const int64_t groups = r.Int(1, 2);
    const int64_t in_channels = groups * r.Int(1, 3);
    const int64_t out_channels = groups * r.Int(1, 3);
    const bool has_bias = r.Int(0, 1) != 0;
    t.Rank(dims).Batch(batch).Groups(groups);
    t.Channels(in_channels, out_channels).Bias(has_bias);
    for (int i = 3 - dims; i < 3; ++i) {
      Axis ax;
      ax.in = i == 2 ? r.Width() : r.Int(1, 6);
      ax.kernel = r.Int(1, 4);
      ax.stride = r.Int(1, 3);
      ax.dilation = r.Int(1, 2);
      ax.pad = r.Int(0, 2);
      t.Window(i, ax, r.Int(0, std::max(ax.stride, ax.dilation) - 1));
    }
    if (t.Valid()) return t;
  }
}

// Max (with dilation) and avg (with count_include_pad and divisor_override),
// floor and ceil mode, and a third of the time the non-overlapping fast path
// along W.
PoolTester RandomPool(TestRandom& r) {
  while (true) {
    PoolTester t;
    const bool max = r.Int(0, 1) != 0;
    const bool ceil_mode = r.Int(0, 1) != 0;
    const int dims = static_cast<int>(r.Int(1, 3));
    const int64_t planes = r.Int(1, 4);
    const bool count_include_pad = r.Int(0, 1) != 0;
    const int64_t divisor = (!max && r.Int(0, 4) == 0) ? r.Int(1, 5) : 0;
    if (max) {
      t.Max();
    } else {
      t.Avg();
    }
    t.Rank(dims).Planes(planes).CeilMode(ceil_mode);
    t.CountIncludePad(count_include_pad).DivisorOverride(divisor);
    for (int i = 3 - dims; i < 3; ++i) {
      Axis ax;
      ax.in = i == 2 ? r.Width() : r.Int(1, 9);
      ax.kernel = r.Int(1, 4);
      ax.stride = r.Int(1, 3);
      ax.dilation = max ? r.Int(1, 2) : 1;
      if (i == 2 && r.Int(0, 2) == 0) {
        // The non-overlapping fast path: kernel = stride ∈ {2, 4}, no pad.
        ax.kernel = ax.stride = r.Int(0, 1) ? 2 : 4;
        ax.dilation = 1;
      }
      // PyTorch's limit: pad at most half the effective kernel.
      const int64_t eff = (ax.kernel - 1) * ax.dilation + 1;
      ax.pad = (i == 2 && ax.kernel == ax.stride) ? 0 : r.Int(0, eff / 2);
      t.Window(i, ax);
    }
    if (t.Valid()) return t;
  }
}

ActivationTester RandomActivation(TestRandom& r) {
  const Activation kind = kActivations[r.Int(0, 6)];
  const float alpha = static_cast<float>(r.Int(-10, 30)) / 10.0f;
  return ActivationTester().Kind(kind).Alpha(alpha).Size(r.Width());
}

ChannelAffineTester RandomChannelAffine(TestRandom& r) {
  const int64_t outer = r.Int(1, 3);
  const int64_t channels = r.Int(1, 5);
  return ChannelAffineTester().Outer(outer).Channels(channels).Inner(r.Width());
}

LinearTester RandomLinear(TestRandom& r) {
  const int64_t rows = r.Int(1, 3);
  const int64_t width = r.Width();
  const int64_t in = width * r.Int(1, 3);
  const int64_t out = r.Int(1, 6);
  return LinearTester().Rows(rows).In(in).Out(out).Bias(r.Int(0, 1) != 0);
}

PReLUTester RandomPReLU(TestRandom& r) {
  const int64_t outer = r.Int(1, 3);
  const int64_t channels = r.Int(0, 2) == 0 ? 1 : r.Int(1, 5);
  return PReLUTester().Outer(outer).Channels(channels).Inner(r.Width());
}

// Factors 1–5 (2–4 take the interleaved path), both directions.
PixelShuffleTester RandomPixelShuffle(TestRandom& r) {
  return PixelShuffleTester()
      .Unshuffle(r.Int(0, 1) != 0)
      .Factor(r.Int(1, 5))
      .Planes(r.Int(1, 3))
      .Channels(r.Int(1, 3))
      .Height(r.Int(1, 4))
      .Width(r.Width());
}

InstanceNormTester RandomInstanceNorm(TestRandom& r) {
  const float offsets[] = {0.0f, 0.0f, 3.0f, -50.0f};
  const float eps[] = {1e-5f, 1e-3f, 0.5f};
  return InstanceNormTester()
      .Batch(r.Int(1, 3))
      .Channels(r.Int(1, 4))
      .Inner(r.Int(0, 3) == 0 ? r.Int(1, 300) : r.Width())
      .Eps(eps[r.Int(0, 2)])
      .Affine(r.Int(0, 1) != 0)
      .RunningStats(r.Int(0, 3) == 0)
      .Offset(offsets[r.Int(0, 3)]);
}

class OpsTest : public TargetTest {
 protected:
  TestRandom random_;
  Workspace ws_;  // one per test, reused like a network's
};

TEST_P(OpsTest, ConvMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomConv(random_).Test(random_, &ws_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, ConvTransposeMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomConvTranspose(random_).Test(random_, &ws_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, PoolMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomPool(random_).Test(random_, &ws_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, ActivationsMatchReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomActivation(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, ChannelAffineMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomChannelAffine(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, LinearMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomLinear(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, PReLUMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomPReLU(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

// The same random configurations with NaN and ±inf in the inputs, weights,
// biases and scales (TestRandom::SetSpecials): PyTorch computes on them
// (docs/semantics.md §8e), so the SIMD ops must give NaN and the same
// infinities exactly where the reference does.
constexpr int kSpecialConfigs = 1000;

TEST_P(OpsTest, ConvMatchesReferenceOnNonFinite) {
  random_.SetSpecials(true);
  for (int iter = 0; iter < kSpecialConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomConv(random_).Test(random_, &ws_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, PixelShuffleMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomPixelShuffle(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, ConvTransposeMatchesReferenceOnNonFinite) {
  random_.SetSpecials(true);
  for (int iter = 0; iter < kSpecialConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomConvTranspose(random_).Test(random_, &ws_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, InstanceNormMatchesReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomInstanceNorm(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, PoolMatchesReferenceOnNonFinite) {
  random_.SetSpecials(true);
  for (int iter = 0; iter < kSpecialConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomPool(random_).Test(random_, &ws_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, ActivationsMatchReferenceOnNonFinite) {
  random_.SetSpecials(true);
  for (int iter = 0; iter < kSpecialConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomActivation(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, ChannelAffineMatchesReferenceOnNonFinite) {
  random_.SetSpecials(true);
  for (int iter = 0; iter < kSpecialConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomChannelAffine(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

TEST_P(OpsTest, LinearMatchesReferenceOnNonFinite) {
  random_.SetSpecials(true);
  for (int iter = 0; iter < kSpecialConfigs; ++iter) {
    ASSERT_NO_FATAL_FAILURE(RandomLinear(random_).Test(random_))
        << "random configuration #" << iter;
  }
}

// The tail widths on every family, not left to chance: along the vectorised
// dim (a window op's output x, Linear's input features, an elementwise op's
// inner run), at stride 1 and 2 where there is a window.
TEST_P(OpsTest, ConvTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    ConvTester().Channels(2, 3).In(3, w).Kernel(3).Pad(1).Test();
    ConvTester().Channels(2, 3).In(3, 2 * w).Kernel(3).Stride(2).Pad(1).Test();
    ConvTester().Channels(4, 2).Groups(2).In(w + 2).Kernel(3).Test();
  }
}

TEST_P(OpsTest, ConvTransposeTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    ConvTransposeTester().Channels(2, 3).In(3, w).Kernel(3).Pad(1).Test();
    ConvTransposeTester()
        .Channels(2, 3)
        .In(3, w)
        .Kernel(3)
        .Stride(2)
        .Pad(1)
        .OutputPadding(1)
        .Test();
  }
}

TEST_P(OpsTest, PoolTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    PoolTester().Max().Planes(2).In(3, w).Kernel(3).Stride(1).Pad(1).Test();
    PoolTester().Avg().Planes(2).In(3, w).Kernel(3).Stride(1).Pad(1).Test();
    // The non-overlapping fast path.
    PoolTester().Max().Planes(2).In(4, 2 * w).Kernel(2).Stride(2).Test();
    PoolTester().Avg().Planes(2).In(4, 2 * w).Kernel(2).Stride(2).Test();
    PoolTester().Max().Planes(2).In(4, 4 * w).Kernel(4).Stride(4).Test();
    // Kernel 3, stride 2 (padding 0 and 1): the one-pass overlapping path.
    for (int64_t pad : {0, 1}) {
      PoolTester()
          .Max()
          .Planes(2)
          .In(5, 2 * w + 2)
          .Kernel(3)
          .Stride(2)
          .Pad(pad)
          .Test();
      PoolTester()
          .Avg()
          .Planes(2)
          .In(5, 2 * w + 2)
          .Kernel(3)
          .Stride(2)
          .Pad(pad)
          .Test();
      PoolTester()
          .Avg()
          .Planes(1)
          .In(4, 2 * w + 1)
          .Kernel(3)
          .Stride(2)
          .Pad(pad)
          .CountIncludePad(false)
          .Test();
      PoolTester()
          .Max()
          .Planes(1)
          .In(4, 2 * w + 1)
          .Kernel(3)
          .Stride(2)
          .Pad(pad)
          .CeilMode(true)
          .Test();
    }
  }
}

TEST_P(OpsTest, ActivationTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    for (Activation kind : kActivations) {
      ActivationTester().Kind(kind).Alpha(0.5f).Size(w).Test();
    }
  }
}

TEST_P(OpsTest, ChannelAffineTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    ChannelAffineTester().Outer(2).Channels(3).Inner(w).Test();
  }
}

TEST_P(OpsTest, LinearTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    LinearTester().Rows(2).In(w).Out(3).Test();
    LinearTester().Rows(1).In(w).Out(1).Bias(false).Test();
  }
}

TEST_P(OpsTest, PReLUTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    PReLUTester().Outer(2).Channels(3).Inner(w).Test();
    PReLUTester().Outer(1).Channels(1).Inner(w).Test();
  }
}

TEST_P(OpsTest, PixelShuffleTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    for (int64_t r = 1; r <= 5; ++r) {
      for (bool unshuffle : {false, true}) {
        PixelShuffleTester()
            .Unshuffle(unshuffle)
            .Factor(r)
            .Channels(2)
            .Height(2)
            .Width(w)
            .Test();
      }
    }
  }
}

TEST_P(OpsTest, InstanceNormTailWidthsMatchReference) {
  for (int64_t w : TailWidths()) {
    InstanceNormTester().Batch(2).Channels(3).Inner(w).Test();
    InstanceNormTester().Channels(2).Inner(w).Affine(true).Offset(10).Test();
    InstanceNormTester().Channels(2).Inner(w).RunningStats(true).Test();
  }
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, OpsTest, testing::ValuesIn(Targets()),
                         TargetParamName);

// Hand-checked values from PyTorch (docs/semantics.md §13b), through the SIMD
// ops and the reference.
class OpsKnownValues : public TargetTest {};

TEST_P(OpsKnownValues, PoolingEdgeCases) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  PoolTester().Max().In(4).Kernel(2).Stride(2).ExpectOutput({nan, 5, 1, 2},
                                                            {nan, 2});
  PoolTester().Max().In(3).Kernel(3).Stride(1).Pad(1).ExpectOutput(
      {-5, -6, -7}, {-5, -5, -6});
  PoolTester().Avg().In(3).Kernel(3).Stride(1).Pad(1).ExpectOutput({3, 3, 3},
                                                                   {2, 3, 2});
  PoolTester()
      .Avg()
      .In(3)
      .Kernel(3)
      .Stride(1)
      .Pad(1)
      .CountIncludePad(false)
      .ExpectOutput({3, 3, 3}, {3, 3, 3});
  PoolTester().Avg().In(3).Kernel(2).Stride(2).CeilMode(true).ExpectOutput(
      {1, 2, 3}, {1.5f, 3});
  PoolTester()
      .Avg()
      .In(4)
      .Kernel(3)
      .Stride(2)
      .Pad(1)
      .CeilMode(true)
      .ExpectOutput({1, 2, 3, 4}, {1, 3, 2});
}

// torch.pixel_shuffle(torch.arange(16.).reshape(1, 4, 2, 2), 2) and
// torch.pixel_unshuffle(torch.arange(18.).reshape(1, 1, 3, 6), 3).
TEST_P(OpsKnownValues, PixelShuffleAsPyTorch) {
  std::vector<float> in(18);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i);
  PixelShuffleTester().Factor(2).Height(2).Width(2).ExpectOutput(
      std::vector<float>(in.begin(), in.begin() + 16),
      {0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15});
  PixelShuffleTester()
      .Unshuffle(true)
      .Factor(3)
      .Height(1)
      .Width(2)
      .ExpectOutput(
          in, {0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11, 12, 15, 13, 16, 14, 17});
}

// nn.PReLU(init=0.5) on [−2, −0, 0, 1, nan, −inf, inf]: NaN and ±inf pass
// the way x > 0 ? x : w·x gives them.
TEST_P(OpsKnownValues, PReLUSpecialValues) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> in = {-2, -0.0f, 0, 1, nan, -inf, inf};
  const std::vector<float> want = {-1, -0.0f, 0, 1, nan, -inf, inf};
  const float w = 0.5f;
  const PReLUArgs a{1, 1, static_cast<int64_t>(in.size())};
  const Shape shape = {{"i", a.inner}};
  std::vector<float> got = Unwritten(in.size());
  PReLU(a, in.data(), &w, got.data());
  EXPECT_TRUE(EqualsExpected(want, got, shape, "SIMD"));
  got = Unwritten(in.size());
  reference::PReLU(a, in.data(), &w, got.data());
  EXPECT_TRUE(EqualsExpected(want, got, shape, "reference"));
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, OpsKnownValues,
                         testing::ValuesIn(Targets()), TargetParamName);

}  // namespace
}  // namespace test
}  // namespace convplay
