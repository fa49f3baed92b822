// The SIMD ops against the scalar reference, for thousands of random
// configurations per op family, on every Highway target this machine runs
// (natively) or the build's static target (WASM). Widths cover 1, N−1, N,
// N+1 of the vector length; shapes are non-square.
#include "convplay/compute/ops.h"

#include <gtest/gtest.h>
#include <hwy/highway.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "convplay/compute/reference.h"

namespace convplay {
namespace {

int64_t Lanes() {
  const hwy::HWY_NAMESPACE::ScalableTag<float> d;
  return static_cast<int64_t>(hwy::HWY_NAMESPACE::Lanes(d));
}

std::vector<int64_t> Targets() {
#if HWY_ARCH_WASM
  return {HWY_STATIC_TARGET};
#else
  return hwy::SupportedAndGeneratedTargets();
#endif
}

class OpsTest : public testing::TestWithParam<int64_t> {
 protected:
  void SetUp() override {
#if !HWY_ARCH_WASM
    hwy::SetSupportedTargetsForTest(GetParam());
#endif
  }
  void TearDown() override {
#if !HWY_ARCH_WASM
    hwy::SetSupportedTargetsForTest(0);
#endif
  }
  std::mt19937 rng_{12345};

  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  // A width near a multiple of the vector length, or anything small.
  int64_t Width() {
    const int64_t n = Lanes();
    const int64_t choices[] = {1,         n - 1,     n,        n + 1,
                               2 * n - 1, 2 * n + 1, 3 * n + 2};
    if (Int(0, 2) == 0) return Int(1, 40);
    return std::max<int64_t>(1, choices[Int(0, 6)]);
  }
  std::vector<float> Random(int64_t n, bool specials = false) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = u(rng_);
    if (specials && n > 0 && Int(0, 3) == 0) {
      v[Int(0, n - 1)] = std::numeric_limits<float>::quiet_NaN();
      v[Int(0, n - 1)] = -std::numeric_limits<float>::infinity();
    }
    return v;
  }
};

// Compares like PyTorch's assert_close for float32 sums: relative to the
// output's largest magnitude; NaN must match NaN, inf must match inf.
::testing::AssertionResult Near(const std::vector<float>& want,
                                const std::vector<float>& got,
                                const std::string& what) {
  float scale = 1e-3f;
  for (float w : want) {
    if (std::isfinite(w)) scale = std::max(scale, std::fabs(w));
  }
  for (size_t i = 0; i < want.size(); ++i) {
    const float w = want[i], g = got[i];
    const bool same_special =
        (std::isnan(w) && std::isnan(g)) || (std::isinf(w) && w == g);
    if (same_special) continue;
    if (!(std::fabs(w - g) <= 1e-5f * scale + 1e-6f)) {
      return ::testing::AssertionFailure()
             << what << "\n  at flat index " << i << ": reference " << w
             << ", SIMD " << g;
    }
  }
  return ::testing::AssertionSuccess();
}

std::string Describe(const Axis a[3]) {
  std::ostringstream s;
  for (int i = 0; i < 3; ++i) {
    s << " ["
      << "DHW"[i] << " in=" << a[i].in << " out=" << a[i].out
      << " k=" << a[i].kernel << " s=" << a[i].stride << " p=" << a[i].pad
      << " d=" << a[i].dilation << "]";
  }
  return s.str();
}

constexpr int kConfigs = 2000;

TEST_P(OpsTest, ConvMatchesReference) {
  Workspace ws;
  for (int iter = 0; iter < kConfigs; ++iter) {
    ConvArgs a;
    const int dims = static_cast<int>(Int(1, 3));
    a.batch = Int(1, 2);
    a.groups = Int(1, 3);
    a.in_channels = a.groups * Int(1, 3);
    a.out_channels = a.groups * Int(1, 5);
    a.has_bias = Int(0, 3) != 0;
    a.mode = static_cast<PadMode>(Int(0, 3));
    bool ok = true;
    for (int i = 0; i < 3; ++i) {
      Axis& ax = a.axis[i];
      if (i < 3 - dims) continue;  // leading dims of a 1-D/2-D conv stay 1
      ax.in = i == 2 ? Width() : Int(1, 9);
      ax.kernel = Int(1, 4);
      ax.stride = Int(1, 3);
      ax.dilation = Int(1, 2);
      ax.pad = Int(0, 2);
      if (a.mode == PadMode::kReflect && ax.pad >= ax.in) ax.pad = 0;
      if (a.mode == PadMode::kCircular && ax.pad > ax.in) ax.pad = 0;
      const int64_t span =
          ax.in + 2 * ax.pad - ax.dilation * (ax.kernel - 1) - 1;
      if (span < 0) ok = false;
      ax.out = span / ax.stride + 1;
    }
    if (!ok) {
      --iter;
      continue;
    }
    const int64_t taps = a.axis[0].kernel * a.axis[1].kernel * a.axis[2].kernel;
    const auto in = Random(a.batch * a.in_channels * a.axis[0].in *
                           a.axis[1].in * a.axis[2].in);
    const auto w = Random(a.out_channels * (a.in_channels / a.groups) * taps);
    const auto b = Random(a.out_channels);
    const int64_t n_out = a.batch * a.out_channels * a.axis[0].out *
                          a.axis[1].out * a.axis[2].out;
    std::vector<float> want(n_out), got(n_out);
    reference::Conv(a, in.data(), w.data(), b.data(), want.data());
    Conv(a, in.data(), w.data(), b.data(), got.data(), &ws);
    std::ostringstream what;
    what << "conv #" << iter << " on " << hwy::TargetName(GetParam())
         << ": N=" << a.batch << " Cin=" << a.in_channels
         << " Cout=" << a.out_channels << " groups=" << a.groups
         << " mode=" << static_cast<int>(a.mode) << " bias=" << a.has_bias
         << Describe(a.axis);
    ASSERT_TRUE(Near(want, got, what.str()));
  }
}

TEST_P(OpsTest, ConvTransposeMatchesReference) {
  Workspace ws;
  for (int iter = 0; iter < kConfigs; ++iter) {
    ConvTransposeArgs a;
    const int dims = static_cast<int>(Int(1, 3));
    a.batch = Int(1, 2);
    a.groups = Int(1, 2);
    a.in_channels = a.groups * Int(1, 3);
    a.out_channels = a.groups * Int(1, 3);
    a.has_bias = Int(0, 1) != 0;
    bool ok = true;
    for (int i = 0; i < 3; ++i) {
      Axis& ax = a.axis[i];
      if (i < 3 - dims) continue;
      ax.in = i == 2 ? Width() : Int(1, 6);
      ax.kernel = Int(1, 4);
      ax.stride = Int(1, 3);
      ax.dilation = Int(1, 2);
      ax.pad = Int(0, 2);
      const int64_t op = Int(0, std::max(ax.stride, ax.dilation) - 1);
      ax.out = (ax.in - 1) * ax.stride - 2 * ax.pad +
               ax.dilation * (ax.kernel - 1) + op + 1;
      if (ax.out < 1) ok = false;
    }
    if (!ok) {
      --iter;
      continue;
    }
    const int64_t taps = a.axis[0].kernel * a.axis[1].kernel * a.axis[2].kernel;
    const auto in = Random(a.batch * a.in_channels * a.axis[0].in *
                           a.axis[1].in * a.axis[2].in);
    const auto w = Random(a.in_channels * (a.out_channels / a.groups) * taps);
    const auto b = Random(a.out_channels);
    const int64_t n_out = a.batch * a.out_channels * a.axis[0].out *
                          a.axis[1].out * a.axis[2].out;
    std::vector<float> want(n_out), got(n_out);
    reference::ConvTranspose(a, in.data(), w.data(), b.data(), want.data());
    ConvTranspose(a, in.data(), w.data(), b.data(), got.data(), &ws);
    std::ostringstream what;
    what << "conv_transpose #" << iter << " on " << hwy::TargetName(GetParam())
         << ": Cin=" << a.in_channels << " Cout=" << a.out_channels
         << " groups=" << a.groups << Describe(a.axis);
    ASSERT_TRUE(Near(want, got, what.str()));
  }
}

TEST_P(OpsTest, PoolMatchesReference) {
  Workspace ws;
  for (int iter = 0; iter < kConfigs; ++iter) {
    PoolArgs a;
    a.kind = Int(0, 1) ? PoolKind::kMax : PoolKind::kAvg;
    const bool ceil = Int(0, 1) != 0;
    const int dims = static_cast<int>(Int(1, 3));
    a.planes = Int(1, 4);
    a.count_include_pad = Int(0, 1) != 0;
    a.divisor_override =
        (a.kind == PoolKind::kAvg && Int(0, 4) == 0) ? Int(1, 5) : 0;
    bool ok = true;
    for (int i = 0; i < 3; ++i) {
      Axis& ax = a.axis[i];
      if (i < 3 - dims) continue;
      ax.in = i == 2 ? Width() : Int(1, 9);
      ax.kernel = Int(1, 4);
      ax.stride = Int(1, 3);
      ax.dilation = a.kind == PoolKind::kMax ? Int(1, 2) : 1;
      if (i == 2 && Int(0, 2) == 0) {
        // The non-overlapping fast path: kernel = stride ∈ {2, 4}, no pad.
        ax.kernel = ax.stride = Int(0, 1) ? 2 : 4;
        ax.dilation = 1;
      }
      const int64_t eff = (ax.kernel - 1) * ax.dilation + 1;
      ax.pad = (i == 2 && ax.kernel == ax.stride) ? 0 : Int(0, eff / 2);
      // Pool.h's output size, floor or ceil mode.
      const int64_t num = ax.in + 2 * ax.pad - eff + (ceil ? ax.stride - 1 : 0);
      if (num < 0) ok = false;
      ax.out = num / ax.stride + 1;
      if (ceil && (ax.out - 1) * ax.stride >= ax.in + ax.pad) --ax.out;
      if (ax.out < 1) ok = false;
    }
    if (!ok) {
      --iter;
      continue;
    }
    const auto in =
        Random(a.planes * a.axis[0].in * a.axis[1].in * a.axis[2].in, true);
    const int64_t n_out =
        a.planes * a.axis[0].out * a.axis[1].out * a.axis[2].out;
    std::vector<float> want(n_out), got(n_out);
    reference::Pool(a, in.data(), want.data());
    Pool(a, in.data(), got.data(), &ws);
    std::ostringstream what;
    what << (a.kind == PoolKind::kMax ? "max" : "avg") << "_pool #" << iter
         << " on " << hwy::TargetName(GetParam()) << ": ceil=" << ceil
         << " include_pad=" << a.count_include_pad
         << " divisor=" << a.divisor_override << Describe(a.axis);
    ASSERT_TRUE(Near(want, got, what.str()));
  }
}

TEST_P(OpsTest, ActivationsMatchReference) {
  const Activation kinds[] = {Activation::kReLU,     Activation::kLeakyReLU,
                              Activation::kELU,      Activation::kGELU,
                              Activation::kGELUTanh, Activation::kSigmoid,
                              Activation::kTanh};
  for (int iter = 0; iter < kConfigs; ++iter) {
    ActivationArgs a;
    a.kind = kinds[Int(0, 6)];
    a.alpha = static_cast<float>(Int(-10, 30)) / 10.0f;
    const int64_t n = Width();
    auto in = Random(n);
    for (float& x : in) x *= 8;  // reach the saturating ranges
    if (Int(0, 5) == 0) in[0] = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> want(n), got(n);
    reference::Activate(a, in.data(), want.data(), n);
    Activate(a, in.data(), got.data(), n);
    std::ostringstream what;
    what << "activation " << static_cast<int>(a.kind) << " alpha=" << a.alpha
         << " n=" << n << " on " << hwy::TargetName(GetParam());
    ASSERT_TRUE(Near(want, got, what.str()));
  }
}

TEST_P(OpsTest, ChannelAffineAndLinearMatchReference) {
  for (int iter = 0; iter < kConfigs; ++iter) {
    ChannelAffineArgs c{Int(1, 3), Int(1, 5), Width()};
    const auto in = Random(c.outer * c.channels * c.inner);
    const auto scale = Random(c.channels), shift = Random(c.channels);
    std::vector<float> want(in.size()), got(in.size());
    reference::ChannelAffine(c, in.data(), scale.data(), shift.data(),
                             want.data());
    ChannelAffine(c, in.data(), scale.data(), shift.data(), got.data());
    ASSERT_TRUE(
        Near(want, got, "channel affine inner=" + std::to_string(c.inner)));

    LinearArgs l{Int(1, 3), Width() * Int(1, 3), Int(1, 6), Int(0, 1) != 0};
    const auto x = Random(l.rows * l.in), w = Random(l.out * l.in),
               b = Random(l.out);
    std::vector<float> lwant(l.rows * l.out), lgot(l.rows * l.out);
    reference::Linear(l, x.data(), w.data(), b.data(), lwant.data());
    Linear(l, x.data(), w.data(), b.data(), lgot.data());
    ASSERT_TRUE(Near(lwant, lgot, "linear in=" + std::to_string(l.in)));
  }
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, OpsTest, testing::ValuesIn(Targets()),
                         [](const testing::TestParamInfo<int64_t>& info) {
                           return std::string(hwy::TargetName(info.param));
                         });

// Hand-checked values from PyTorch (docs/semantics.md §13b), through the SIMD
// ops.
TEST(OpsKnownValues, PoolingEdgeCases) {
  Workspace ws;
  auto pool1d = [&](PoolKind kind, int64_t k, int64_t s, int64_t p, bool ceil,
                    bool include, std::vector<float> in) {
    PoolArgs a;
    a.kind = kind;
    a.count_include_pad = include;
    Axis& ax = a.axis[2];
    ax.in = static_cast<int64_t>(in.size());
    ax.kernel = k;
    ax.stride = s;
    ax.pad = p;
    const int64_t num = ax.in + 2 * p - k + (ceil ? s - 1 : 0);
    ax.out = num / s + 1;
    if (ceil && (ax.out - 1) * s >= ax.in + p) --ax.out;
    std::vector<float> out(static_cast<size_t>(ax.out));
    Pool(a, in.data(), out.data(), &ws);
    return out;
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto max_nan = pool1d(PoolKind::kMax, 2, 2, 0, false, true, {nan, 5, 1, 2});
  EXPECT_TRUE(std::isnan(max_nan[0]));
  EXPECT_EQ(max_nan[1], 2);
  EXPECT_EQ(pool1d(PoolKind::kMax, 3, 1, 1, false, true, {-5, -6, -7}),
            (std::vector<float>{-5, -5, -6}));
  EXPECT_EQ(pool1d(PoolKind::kAvg, 3, 1, 1, false, true, {3, 3, 3}),
            (std::vector<float>{2, 3, 2}));
  EXPECT_EQ(pool1d(PoolKind::kAvg, 3, 1, 1, false, false, {3, 3, 3}),
            (std::vector<float>{3, 3, 3}));
  EXPECT_EQ(pool1d(PoolKind::kAvg, 2, 2, 0, true, true, {1, 2, 3}),
            (std::vector<float>{1.5f, 3}));
  EXPECT_EQ(pool1d(PoolKind::kAvg, 3, 2, 1, true, true, {1, 2, 3, 4}),
            (std::vector<float>{1, 3, 2}));
}

}  // namespace
}  // namespace convplay
