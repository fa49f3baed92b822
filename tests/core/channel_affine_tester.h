// Eval-mode BatchNorm folded to y = x·scale[c] + shift[c] over
// [outer][channels][inner], SIMD against the reference:
//   ChannelAffineTester().Outer(2).Channels(3).Inner(17).Test();
#ifndef CONVPLAY_TESTS_CORE_CHANNEL_AFFINE_TESTER_H_
#define CONVPLAY_TESTS_CORE_CHANNEL_AFFINE_TESTER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

class ChannelAffineTester {
 public:
  ChannelAffineTester& Outer(int64_t outer) {
    args_.outer = outer;
    return *this;
  }
  ChannelAffineTester& Channels(int64_t channels) {
    args_.channels = channels;
    return *this;
  }
  ChannelAffineTester& Inner(int64_t inner) {
    args_.inner = inner;
    return *this;
  }

  const ChannelAffineArgs& Args() const { return args_; }
  std::string Describe() const {
    return "channel affine on " + std::string(SimdTargetName()) +
           ": outer=" + std::to_string(args_.outer) +
           " channels=" + std::to_string(args_.channels) +
           " inner=" + std::to_string(args_.inner);
  }

  void Test() const {
    TestRandom random;
    Test(random);
  }
  void Test(TestRandom& random) const {
    const ChannelAffineArgs& a = args_;
    const Shape shape = {
        {"outer", a.outer}, {"c", a.channels}, {"inner", a.inner}};
    const std::vector<float> in = random.Uniform(Elements(shape));
    const std::vector<float> scale = random.Uniform(a.channels);
    const std::vector<float> shift = random.Uniform(a.channels);
    std::vector<float> want(in.size()), got = Unwritten(in.size());
    reference::ChannelAffine(a, in.data(), scale.data(), shift.data(),
                             want.data());
    ChannelAffine(a, in.data(), scale.data(), shift.data(), got.data());
    ASSERT_TRUE(MatchesReference(want, got, shape)) << Describe();
  }

 private:
  ChannelAffineArgs args_;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_CHANNEL_AFFINE_TESTER_H_
