// MaxPool and AvgPool (1-D to 3-D), SIMD against the reference, on inputs
// that sometimes hold a NaN and a −inf:
//   PoolTester().Avg().Planes(3).In(7, 9).Kernel(3).Stride(2).Pad(1)
//       .CeilMode(true).Test();
// and against hand-checked values:
//   PoolTester().Max().In(4).Kernel(2).Stride(2).ExpectOutput({nan, 5, 1, 2},
//                                                            {nan, 2});
#ifndef CONVPLAY_TESTS_CORE_POOL_TESTER_H_
#define CONVPLAY_TESTS_CORE_POOL_TESTER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

class PoolTester : public WindowBuilder<PoolTester> {
 public:
  PoolTester& Max() {
    kind_ = PoolKind::kMax;
    return *this;
  }
  PoolTester& Avg() {
    kind_ = PoolKind::kAvg;
    return *this;
  }
  // Batch × channels.
  PoolTester& Planes(int64_t planes) {
    planes_ = planes;
    return *this;
  }
  PoolTester& CeilMode(bool ceil_mode) {
    ceil_mode_ = ceil_mode;
    return *this;
  }
  PoolTester& CountIncludePad(bool count_include_pad) {
    count_include_pad_ = count_include_pad;
    return *this;
  }
  // 0 = none.
  PoolTester& DivisorOverride(int64_t divisor) {
    divisor_override_ = divisor;
    return *this;
  }

  // The op's arguments, output sizes as Pool.h computes them (floor or ceil
  // mode; a ceil-mode window must start inside the input or left padding).
  PoolArgs Args() const {
    PoolArgs a;
    a.kind = kind_;
    a.planes = planes_;
    a.count_include_pad = count_include_pad_;
    a.divisor_override = divisor_override_;
    ResolveAxes(a.axis);
    for (Axis& ax : a.axis) {
      ax.out = Numerator(ax) / ax.stride + 1;
      if (ceil_mode_ && (ax.out - 1) * ax.stride >= ax.in + ax.pad) --ax.out;
    }
    return a;
  }
  // Whether every dim has at least one window.
  bool Valid() const {
    const PoolArgs a = Args();
    for (const Axis& ax : a.axis) {
      if (Numerator(ax) < 0 || ax.out < 1) return false;
    }
    return true;
  }
  std::string Describe() const {
    const PoolArgs a = Args();
    return std::string(Name(kind_)) + "_pool" + RankName() + " on " +
           SimdTargetName() + ": planes=" + std::to_string(planes_) +
           " ceil=" + std::to_string(ceil_mode_) +
           " include_pad=" + std::to_string(count_include_pad_) +
           " divisor=" + std::to_string(divisor_override_) +
           DescribeAxes(a.axis);
  }

  using WindowBuilder::Test;
  // Input from `random`; `ws` carried over from earlier configurations.
  void Test(TestRandom& random, Workspace* ws) const {
    ASSERT_TRUE(Valid()) << Describe();
    const PoolArgs a = Args();
    const std::vector<float> in = random.UniformWithSpecials(
        Elements(InputShape({{"plane", a.planes}}, a.axis)));
    const Shape shape = OutputShape({{"plane", a.planes}}, a.axis);
    std::vector<float> want(Elements(shape)), got = Unwritten(want.size());
    reference::Pool(a, in.data(), want.data());
    Pool(a, in.data(), got.data(), ws);
    ASSERT_TRUE(MatchesReference(want, got, shape)) << Describe();
  }

  // Both SIMD and reference give exactly `want` for `in`.
  void ExpectOutput(const std::vector<float>& in,
                    const std::vector<float>& want) const {
    ASSERT_TRUE(Valid()) << Describe();
    const PoolArgs a = Args();
    ASSERT_EQ(static_cast<int64_t>(in.size()),
              Elements(InputShape({{"plane", a.planes}}, a.axis)))
        << Describe();
    const Shape shape = OutputShape({{"plane", a.planes}}, a.axis);
    std::vector<float> simd = Unwritten(Elements(shape)), ref(simd.size());
    Workspace ws;
    Pool(a, in.data(), simd.data(), &ws);
    reference::Pool(a, in.data(), ref.data());
    EXPECT_TRUE(EqualsExpected(want, simd, shape, "SIMD")) << Describe();
    EXPECT_TRUE(EqualsExpected(want, ref, shape, "reference")) << Describe();
  }

 private:
  // Input + padding − effective kernel (+ stride − 1 in ceil mode): the
  // output size is numerator/stride + 1.
  int64_t Numerator(const Axis& ax) const {
    const int64_t eff = (ax.kernel - 1) * ax.dilation + 1;
    return ax.in + 2 * ax.pad - eff + (ceil_mode_ ? ax.stride - 1 : 0);
  }

  PoolKind kind_ = PoolKind::kMax;
  int64_t planes_ = 1;
  bool ceil_mode_ = false;
  bool count_include_pad_ = true;
  int64_t divisor_override_ = 0;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_POOL_TESTER_H_
