// Activations, SIMD against the reference, on inputs in [−8, 8) (the
// saturating ranges) that sometimes start with a NaN:
//   ActivationTester().Kind(Activation::kELU).Alpha(2).Size(17).Test();
#ifndef CONVPLAY_TESTS_CORE_ACTIVATION_TESTER_H_
#define CONVPLAY_TESTS_CORE_ACTIVATION_TESTER_H_

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

class ActivationTester {
 public:
  ActivationTester& Kind(Activation kind) {
    kind_ = kind;
    return *this;
  }
  // LeakyReLU's slope, ELU's alpha.
  ActivationTester& Alpha(float alpha) {
    alpha_ = alpha;
    return *this;
  }
  ActivationTester& Size(int64_t size) {
    size_ = size;
    return *this;
  }

  ActivationArgs Args() const {
    ActivationArgs a;
    a.kind = kind_;
    a.alpha = alpha_;
    return a;
  }
  std::string Describe() const {
    return std::string("activation ") + Name(kind_) +
           " alpha=" + std::to_string(alpha_) + " n=" + std::to_string(size_) +
           " on " + SimdTargetName();
  }

  void Test() const {
    TestRandom random;
    Test(random);
  }
  void Test(TestRandom& random) const {
    ASSERT_GE(size_, 1) << Describe();
    std::vector<float> in = random.Uniform(size_);
    for (float& x : in) x *= 8;
    if (random.Int(0, 5) == 0) in[0] = std::numeric_limits<float>::quiet_NaN();
    const Shape shape = {{"i", size_}};
    std::vector<float> want(size_), got = Unwritten(size_);
    reference::Activate(Args(), in.data(), want.data(), size_);
    Activate(Args(), in.data(), got.data(), size_);
    ASSERT_TRUE(MatchesReference(want, got, shape)) << Describe();
  }

 private:
  Activation kind_ = Activation::kReLU;
  float alpha_ = 0;
  int64_t size_ = 1;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_ACTIVATION_TESTER_H_
