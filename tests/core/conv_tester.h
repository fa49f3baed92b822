// Conv and ConvTranspose (1-D to 3-D), SIMD against the reference:
//   ConvTester().Channels(3, 4).In(9, 9).Kernel(3).Stride(2).Pad(1).Test();
//   ConvTransposeTester().In(5).Kernel(4).Stride(2).OutputPadding(1).Test();
#ifndef CONVPLAY_TESTS_CORE_CONV_TESTER_H_
#define CONVPLAY_TESTS_CORE_CONV_TESTER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "convplay/compute/ops.h"
#include "convplay/compute/reference.h"
#include "convplay/compute/simd.h"
#include "op_tester.h"

namespace convplay {
namespace test {

// What a conv and a transposed conv have besides the window: batch,
// channels, groups and bias.
template <class Tester>
class ConvBuilder : public WindowBuilder<Tester> {
 public:
  Tester& Batch(int64_t batch) {
    batch_ = batch;
    return static_cast<Tester&>(*this);
  }
  Tester& Channels(int64_t in, int64_t out) {
    in_channels_ = in;
    out_channels_ = out;
    return static_cast<Tester&>(*this);
  }
  Tester& Groups(int64_t groups) {
    groups_ = groups;
    return static_cast<Tester&>(*this);
  }
  Tester& Bias(bool has_bias) {
    has_bias_ = has_bias;
    return static_cast<Tester&>(*this);
  }

 protected:
  // Fills the fields both ops' arguments have, axes without `out`.
  template <class Args>
  void ResolveChannels(Args* a) const {
    a->batch = batch_;
    a->in_channels = in_channels_;
    a->out_channels = out_channels_;
    a->groups = groups_;
    a->has_bias = has_bias_;
    this->ResolveAxes(a->axis);
  }
  // "<op>2d on AVX2: N=… Cin=… Cout=… groups=… bias=…".
  std::string DescribeChannels(const char* op) const {
    return op + this->RankName() + " on " + SimdTargetName() +
           ": N=" + std::to_string(batch_) +
           " Cin=" + std::to_string(in_channels_) +
           " Cout=" + std::to_string(out_channels_) +
           " groups=" + std::to_string(groups_) +
           " bias=" + std::to_string(has_bias_);
  }
  // Runs reference and SIMD on random input, weight and bias and compares.
  // `weight_size` is the op's weight element count.
  template <class Args, class Reference, class Simd>
  void Compare(const Args& a, int64_t weight_size, Reference reference_op,
               Simd simd_op, TestRandom& random, Workspace* ws,
               const std::string& describe) const {
    const Axis* x = a.axis;
    const std::vector<float> in = random.Uniform(
        Elements(this->InputShape({{"n", a.batch}, {"ci", a.in_channels}}, x)));
    const std::vector<float> weight = random.Uniform(weight_size);
    const std::vector<float> bias = random.Uniform(a.out_channels);
    const Shape shape =
        this->OutputShape({{"n", a.batch}, {"co", a.out_channels}}, x);
    std::vector<float> want(Elements(shape)), got = Unwritten(want.size());
    reference_op(a, in.data(), weight.data(), bias.data(), want.data());
    simd_op(a, in.data(), weight.data(), bias.data(), got.data(), ws);
    ASSERT_TRUE(MatchesReference(want, got, shape)) << describe;
  }
  static int64_t Taps(const Axis axes[3]) {
    return axes[0].kernel * axes[1].kernel * axes[2].kernel;
  }

  int64_t batch_ = 1;
  int64_t in_channels_ = 1;
  int64_t out_channels_ = 1;
  int64_t groups_ = 1;
  bool has_bias_ = true;
};

// Conv1d/2d/3d with any padding mode.
class ConvTester : public ConvBuilder<ConvTester> {
 public:
  ConvTester& Mode(PadMode mode) {
    mode_ = mode;
    return *this;
  }

  // The op's arguments, output sizes as PyTorch computes them.
  ConvArgs Args() const {
    ConvArgs a;
    ResolveChannels(&a);
    a.mode = mode_;
    for (Axis& ax : a.axis) ax.out = Span(ax) / ax.stride + 1;
    return a;
  }
  // Whether the window fits the padded input in every dim.
  bool Valid() const {
    const ConvArgs a = Args();
    for (const Axis& ax : a.axis) {
      if (Span(ax) < 0) return false;
    }
    return true;
  }
  std::string Describe() const {
    const ConvArgs a = Args();
    return DescribeChannels("conv") + " mode=" + Name(mode_) +
           DescribeAxes(a.axis);
  }

  using ConvBuilder::Test;
  // Input, weight and bias from `random`; `ws` carried over from earlier
  // configurations, as a network reuses it.
  void Test(TestRandom& random, Workspace* ws) const {
    ASSERT_TRUE(Valid()) << Describe();
    const ConvArgs a = Args();
    const int64_t weight_size =
        a.out_channels * (a.in_channels / a.groups) * Taps(a.axis);
    Compare(a, weight_size, reference::Conv, Conv, random, ws, Describe());
  }

 private:
  // What the dilated window leaves of the padded input: out = span/s + 1.
  static int64_t Span(const Axis& ax) {
    return ax.in + 2 * ax.pad - ax.dilation * (ax.kernel - 1) - 1;
  }

  PadMode mode_ = PadMode::kZeros;
};

// ConvTranspose1d/2d/3d; weight [Cin][Cout / groups][k…].
class ConvTransposeTester : public ConvBuilder<ConvTransposeTester> {
 public:
  // PyTorch's output_padding: extra output on the far side.
  template <class... Sizes>
  ConvTransposeTester& OutputPadding(Sizes... output_padding) {
    return SetDims([this](int i) -> int64_t& { return output_padding_[i]; },
                   output_padding...);
  }
  using ConvBuilder::Window;
  // Dim `dim`'s window and output padding, for random configurations.
  ConvTransposeTester& Window(int dim, const Axis& axis,
                              int64_t output_padding) {
    output_padding_[dim] = output_padding;
    return Window(dim, axis);
  }

  ConvTransposeArgs Args() const {
    ConvTransposeArgs a;
    ResolveChannels(&a);
    for (int i = 0; i < 3; ++i) {
      Axis& ax = a.axis[i];
      const int64_t op = i < 3 - rank() ? 0 : output_padding_[i];
      ax.out = (ax.in - 1) * ax.stride - 2 * ax.pad +
               ax.dilation * (ax.kernel - 1) + op + 1;
    }
    return a;
  }
  // Whether every output size is positive.
  bool Valid() const {
    const ConvTransposeArgs a = Args();
    for (const Axis& ax : a.axis) {
      if (ax.out < 1) return false;
    }
    return true;
  }
  std::string Describe() const {
    const ConvTransposeArgs a = Args();
    std::string s = DescribeChannels("conv_transpose") + " output_padding=";
    for (int i = 3 - rank(); i < 3; ++i) {
      s += (i > 3 - rank() ? "," : "") + std::to_string(output_padding_[i]);
    }
    return s + DescribeAxes(a.axis);
  }

  using ConvBuilder::Test;
  void Test(TestRandom& random, Workspace* ws) const {
    ASSERT_TRUE(Valid()) << Describe();
    const ConvTransposeArgs a = Args();
    const int64_t weight_size =
        a.in_channels * (a.out_channels / a.groups) * Taps(a.axis);
    Compare(a, weight_size, reference::ConvTranspose, ConvTranspose, random, ws,
            Describe());
  }

 private:
  int64_t output_padding_[3] = {0, 0, 0};
};

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_CONV_TESTER_H_
