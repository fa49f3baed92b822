// Linear, y[r][o] = Σ_i x[r][i]·w[o][i] + b[o], SIMD against the reference:
//   LinearTester().Rows(2).In(33).Out(5).Bias(false).Test();
#ifndef CONVPLAY_TESTS_CORE_LINEAR_TESTER_H_
#define CONVPLAY_TESTS_CORE_LINEAR_TESTER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

class LinearTester {
 public:
  LinearTester& Rows(int64_t rows) {
    args_.rows = rows;
    return *this;
  }
  LinearTester& In(int64_t in) {
    args_.in = in;
    return *this;
  }
  LinearTester& Out(int64_t out) {
    args_.out = out;
    return *this;
  }
  LinearTester& Bias(bool has_bias) {
    args_.has_bias = has_bias;
    return *this;
  }

  const LinearArgs& Args() const { return args_; }
  std::string Describe() const {
    return "linear on " + std::string(SimdTargetName()) +
           ": rows=" + std::to_string(args_.rows) +
           " in=" + std::to_string(args_.in) +
           " out=" + std::to_string(args_.out) +
           " bias=" + std::to_string(args_.has_bias);
  }

  void Test() const {
    TestRandom random;
    Test(random);
  }
  void Test(TestRandom& random) const {
    const LinearArgs& a = args_;
    const std::vector<float> in = random.Uniform(a.rows * a.in);
    const std::vector<float> weight = random.Uniform(a.out * a.in);
    const std::vector<float> bias = random.Uniform(a.out);
    const Shape shape = {{"row", a.rows}, {"o", a.out}};
    std::vector<float> want(Elements(shape)), got = Unwritten(want.size());
    reference::Linear(a, in.data(), weight.data(), bias.data(), want.data());
    Linear(a, in.data(), weight.data(), bias.data(), got.data());
    ASSERT_TRUE(MatchesReference(want, got, shape)) << Describe();
  }

 private:
  LinearArgs args_;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_LINEAR_TESTER_H_
