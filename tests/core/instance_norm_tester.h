// InstanceNorm over [batch][channels][inner], SIMD against the reference:
// the instance's own statistics (on inputs with an offset, so the mean
// matters) or running statistics, with or without γ and β:
//   InstanceNormTester().Batch(2).Channels(3).Inner(17).Affine(true).Test();
#ifndef CONVPLAY_TESTS_CORE_INSTANCE_NORM_TESTER_H_
#define CONVPLAY_TESTS_CORE_INSTANCE_NORM_TESTER_H_

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

class InstanceNormTester {
 public:
  InstanceNormTester& Batch(int64_t batch) {
    args_.batch = batch;
    return *this;
  }
  InstanceNormTester& Channels(int64_t channels) {
    args_.channels = channels;
    return *this;
  }
  InstanceNormTester& Inner(int64_t inner) {
    args_.inner = inner;
    return *this;
  }
  InstanceNormTester& Eps(float eps) {
    args_.eps = eps;
    return *this;
  }
  InstanceNormTester& Affine(bool affine) {
    affine_ = affine;
    return *this;
  }
  InstanceNormTester& RunningStats(bool running) {
    running_ = running;
    return *this;
  }
  // Added to every input value (the statistics must not care).
  InstanceNormTester& Offset(float offset) {
    offset_ = offset;
    return *this;
  }

  std::string Describe() const {
    return "instance norm on " + std::string(SimdTargetName()) +
           ": batch=" + std::to_string(args_.batch) +
           " channels=" + std::to_string(args_.channels) +
           " inner=" + std::to_string(args_.inner) +
           " eps=" + std::to_string(args_.eps) +
           " affine=" + std::to_string(affine_) +
           " running=" + std::to_string(running_) +
           " offset=" + std::to_string(offset_);
  }

  void Test() const {
    TestRandom random;
    Test(random);
  }
  void Test(TestRandom& random) const {
    const InstanceNormArgs& a = args_;
    const Shape shape = {{"n", a.batch}, {"c", a.channels}, {"inner", a.inner}};
    std::vector<float> in = random.Uniform(Elements(shape));
    for (float& x : in) x += offset_;
    const std::vector<float> weight = random.Uniform(a.channels);
    const std::vector<float> bias = random.Uniform(a.channels);
    std::vector<float> mean = random.Uniform(a.channels);
    std::vector<float> var = random.Uniform(a.channels);
    for (float& v : mean) v += offset_;
    for (float& v : var) v = std::fabs(v) + 0.25f;
    const float* g = affine_ ? weight.data() : nullptr;
    const float* b = affine_ ? bias.data() : nullptr;
    const float* m = running_ ? mean.data() : nullptr;
    const float* v = running_ ? var.data() : nullptr;
    std::vector<float> want(in.size()), got = Unwritten(in.size());
    reference::InstanceNorm(a, in.data(), g, b, m, v, want.data());
    InstanceNorm(a, in.data(), g, b, m, v, got.data());
    ASSERT_TRUE(MatchesReference(want, got, shape)) << Describe();
  }

 private:
  InstanceNormArgs args_;
  bool affine_ = false;
  bool running_ = false;
  float offset_ = 0;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_INSTANCE_NORM_TESTER_H_
