// PReLU over [outer][channels][inner], SIMD against the reference, on inputs
// in [−8, 8) that sometimes start with a NaN; slopes in [−2, 2):
//   PReLUTester().Outer(2).Channels(3).Inner(17).Test();
#ifndef CONVPLAY_TESTS_CORE_PRELU_TESTER_H_
#define CONVPLAY_TESTS_CORE_PRELU_TESTER_H_

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

class PReLUTester {
 public:
  PReLUTester& Outer(int64_t outer) {
    args_.outer = outer;
    return *this;
  }
  // 1: one slope shared by every element.
  PReLUTester& Channels(int64_t channels) {
    args_.channels = channels;
    return *this;
  }
  PReLUTester& Inner(int64_t inner) {
    args_.inner = inner;
    return *this;
  }

  const PReLUArgs& Args() const { return args_; }
  std::string Describe() const {
    return "prelu on " + std::string(SimdTargetName()) +
           ": outer=" + std::to_string(args_.outer) +
           " channels=" + std::to_string(args_.channels) +
           " inner=" + std::to_string(args_.inner);
  }

  void Test() const {
    TestRandom random;
    Test(random);
  }
  void Test(TestRandom& random) const {
    const PReLUArgs& a = args_;
    const Shape shape = {
        {"outer", a.outer}, {"c", a.channels}, {"inner", a.inner}};
    std::vector<float> in = random.Uniform(Elements(shape));
    for (float& x : in) x *= 8;
    if (!in.empty() && random.Int(0, 5) == 0) {
      in[0] = std::numeric_limits<float>::quiet_NaN();
    }
    std::vector<float> weight = random.Uniform(a.channels);
    for (float& w : weight) w *= 2;
    std::vector<float> want(in.size()), got = Unwritten(in.size());
    reference::PReLU(a, in.data(), weight.data(), want.data());
    PReLU(a, in.data(), weight.data(), got.data());
    // One multiply per element: exactly the reference's.
    ASSERT_TRUE(EqualsExpected(want, got, shape, "SIMD")) << Describe();
  }

 private:
  PReLUArgs args_;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_PRELU_TESTER_H_
