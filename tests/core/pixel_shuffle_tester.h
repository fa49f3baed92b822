// PixelShuffle and PixelUnshuffle, SIMD against the reference (a pure
// rearrangement, so exactly equal); the small side is
// [planes][C][H][W] and the other [planes][C·r²][H][W] packed or
// [planes][C][H·r][W·r] spread:
//   PixelShuffleTester().Factor(3).Channels(2).Height(4).Width(17).Test();
#ifndef CONVPLAY_TESTS_CORE_PIXEL_SHUFFLE_TESTER_H_
#define CONVPLAY_TESTS_CORE_PIXEL_SHUFFLE_TESTER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

class PixelShuffleTester {
 public:
  PixelShuffleTester& Planes(int64_t planes) {
    args_.planes = planes;
    return *this;
  }
  PixelShuffleTester& Channels(int64_t channels) {
    args_.channels = channels;
    return *this;
  }
  PixelShuffleTester& Height(int64_t height) {
    args_.height = height;
    return *this;
  }
  PixelShuffleTester& Width(int64_t width) {
    args_.width = width;
    return *this;
  }
  PixelShuffleTester& Factor(int64_t factor) {
    args_.factor = factor;
    return *this;
  }
  PixelShuffleTester& Unshuffle(bool unshuffle) {
    args_.unshuffle = unshuffle;
    return *this;
  }

  const PixelShuffleArgs& Args() const { return args_; }
  std::string Describe() const {
    const PixelShuffleArgs& a = args_;
    return std::string(a.unshuffle ? "pixel unshuffle" : "pixel shuffle") +
           " on " + SimdTargetName() + ": planes=" + std::to_string(a.planes) +
           " C=" + std::to_string(a.channels) +
           " H=" + std::to_string(a.height) + " W=" + std::to_string(a.width) +
           " r=" + std::to_string(a.factor);
  }

  void Test() const {
    TestRandom random;
    Test(random);
  }
  void Test(TestRandom& random) const {
    const PixelShuffleArgs& a = args_;
    const int64_t r = a.factor;
    // The output's dims, named for messages.
    const Shape spread = {{"plane", a.planes},
                          {"c", a.channels},
                          {"h", a.height * r},
                          {"w", a.width * r}};
    const Shape packed = {{"plane", a.planes},
                          {"c", a.channels * r * r},
                          {"h", a.height},
                          {"w", a.width}};
    const Shape& out_shape = a.unshuffle ? packed : spread;
    const std::vector<float> in = random.Uniform(Elements(out_shape));
    std::vector<float> want(in.size()), got = Unwritten(in.size());
    reference::PixelShuffle(a, in.data(), want.data());
    PixelShuffle(a, in.data(), got.data());
    ASSERT_TRUE(EqualsExpected(want, got, out_shape, "SIMD")) << Describe();
  }

  // Hand-checked against torch.pixel_shuffle: both the SIMD op and the
  // reference must give `want` for `in`.
  void ExpectOutput(const std::vector<float>& in,
                    const std::vector<float>& want) const {
    const Shape shape = {{"i", static_cast<int64_t>(want.size())}};
    std::vector<float> got = Unwritten(want.size());
    PixelShuffle(args_, in.data(), got.data());
    EXPECT_TRUE(EqualsExpected(want, got, shape, "SIMD")) << Describe();
    got = Unwritten(want.size());
    reference::PixelShuffle(args_, in.data(), got.data());
    EXPECT_TRUE(EqualsExpected(want, got, shape, "reference")) << Describe();
  }

 private:
  PixelShuffleArgs args_;
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_PIXEL_SHUFFLE_TESTER_H_
