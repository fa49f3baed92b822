// What the op testers (tests/core/*_tester.h, after XNNPACK's
// test/*-tester.h) share: the seeded random source that draws both the
// configurations and the tensors, the comparison with the scalar reference,
// the builder of a sliding window's axes, and the fixture that runs a test
// once per SIMD target.
//
// A tester is a value: its setters return *this, Test() allocates the
// inputs, runs the SIMD op and the reference, and asserts that they agree,
// printing the first differing coordinate and every parameter.
#ifndef CONVPLAY_TESTS_CORE_OP_TESTER_H_
#define CONVPLAY_TESTS_CORE_OP_TESTER_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "convplay/compute/ops.h"

namespace convplay {
namespace test {

// The float lanes of one vector of the target the ops dispatch to: N in the
// widths 1, N−1, N, N+1.
int64_t TargetLanes();

// The widths at which a kernel's full-vector body meets its masked tail,
// for one, two and four vectors (Linear unrolls by four): 1, N−1, N, N+1,
// 2N−1, …, 4N+1, each once.
std::vector<int64_t> TailWidths();

// A buffer for a SIMD op to write: every element starts as a value no op
// gives on the testers' inputs, so an element the op skips fails the
// comparison instead of passing as a 0.
std::vector<float> Unwritten(int64_t n);

// One seeded stream for a whole test: the configurations and the tensors'
// values are drawn from it in turn, so a test sees the same cases every run.
class TestRandom {
 public:
  explicit TestRandom(uint32_t seed = 12345) : engine_(seed) {}

  // Uniform in [lo, hi].
  int64_t Int(int64_t lo, int64_t hi);
  // A width near a multiple of the target's vector length (1, N−1, N, N+1,
  // 2N−1, 2N+1, 3N+2), or anything small: the kernels' full-vector bodies
  // and masked tails.
  int64_t Width();
  // Uniform in [−1, 1). With SetSpecials(true), half of the tensors drawn
  // also get one to three NaN, +inf or −inf at random places: PyTorch
  // computes on them, and the SIMD ops must put them where the reference
  // does.
  std::vector<float> Uniform(int64_t n);
  void SetSpecials(bool on) { specials_ = on; }
  // The same, and a quarter of the time one NaN and one −inf at random
  // places (pooling's special cases).
  std::vector<float> UniformWithSpecials(int64_t n);

 private:
  std::mt19937 engine_;
  bool specials_ = false;
};

// A tensor's dims, named for messages: {{"n", 2}, {"c", 3}, {"w", 17}}.
struct Dim {
  const char* name;
  int64_t size;
};
using Shape = std::vector<Dim>;

int64_t Elements(const Shape& shape);
// "n=1 c=0 w=16" for a flat index.
std::string Coordinate(const Shape& shape, int64_t flat);

// Like PyTorch's assert_close for float32 sums: within 1e-5 of the output's
// largest finite magnitude (at least 1e-3) plus 1e-6; NaN must match NaN,
// inf the same inf.
testing::AssertionResult MatchesReference(const std::vector<float>& want,
                                          const std::vector<float>& got,
                                          const Shape& shape);
// Exactly equal, NaN matching NaN: hand-checked values. `who` names the
// side checked ("SIMD", "reference").
testing::AssertionResult EqualsExpected(const std::vector<float>& want,
                                        const std::vector<float>& got,
                                        const Shape& shape, const char* who);

const char* Name(PadMode mode);
const char* Name(PoolKind kind);
const char* Name(Activation kind);

// Every activation, for random draws.
constexpr Activation kActivations[] = {
    Activation::kReLU, Activation::kLeakyReLU, Activation::kELU,
    Activation::kGELU, Activation::kGELUTanh,  Activation::kSigmoid,
    Activation::kTanh};

// The spatial part of a conv or pool tester: per dim D, H, W the input
// size, kernel, stride, padding and dilation. In() with one, two or three
// sizes makes the layer 1-D, 2-D or 3-D; the other setters given one value
// set every dim, given several set the last dims. The dims before the rank
// stay neutral (size 1, kernel 1, stride 1, pad 0), as ops.h describes.
// Output sizes are the tester's own rule.
template <class Tester>
class WindowBuilder {
 public:
  template <class... Sizes>
  Tester& In(Sizes... in) {
    rank_ = static_cast<int>(sizeof...(in));
    return SetAxes(&Axis::in, in...);
  }
  template <class... Sizes>
  Tester& Kernel(Sizes... kernel) {
    return SetAxes(&Axis::kernel, kernel...);
  }
  template <class... Sizes>
  Tester& Stride(Sizes... stride) {
    return SetAxes(&Axis::stride, stride...);
  }
  template <class... Sizes>
  Tester& Pad(Sizes... pad) {
    return SetAxes(&Axis::pad, pad...);
  }
  template <class... Sizes>
  Tester& Dilation(Sizes... dilation) {
    return SetAxes(&Axis::dilation, dilation...);
  }

  // With its own seeded random source and workspace.
  void Test() const {
    TestRandom random;
    Workspace ws;
    static_cast<const Tester&>(*this).Test(random, &ws);
  }

  // One dim at a time, for random configurations: the rank, then dim
  // `dim`'s in, kernel, stride, pad and dilation (its out is ignored).
  Tester& Rank(int rank) {
    rank_ = rank;
    return self();
  }
  Tester& Window(int dim, const Axis& axis) {
    axis_[dim] = axis;
    return self();
  }

 protected:
  // Sets a per-dim value: one value every dim, several the last dims.
  // `field(dim)` is where dim's value lives.
  template <class Field, class... Sizes>
  Tester& SetDims(Field field, Sizes... values) {
    static_assert(sizeof...(values) >= 1 && sizeof...(values) <= 3,
                  "one value, or one per dim of a 1-D to 3-D layer");
    const int64_t v[] = {static_cast<int64_t>(values)...};
    const int n = static_cast<int>(sizeof...(values));
    for (int i = n == 1 ? 0 : 3 - n; i < 3; ++i) {
      field(i) = n == 1 ? v[0] : v[i - (3 - n)];
    }
    return self();
  }
  template <class... Sizes>
  Tester& SetAxes(int64_t Axis::*field, Sizes... values) {
    return SetDims([this, field](int i) -> int64_t& { return axis_[i].*field; },
                   values...);
  }
  int rank() const { return rank_; }
  // The axes with the leading dims neutral; `out` still to be filled.
  void ResolveAxes(Axis axes[3]) const {
    for (int i = 0; i < 3; ++i) axes[i] = i < 3 - rank_ ? Axis{} : axis_[i];
  }
  // "2d" for a 2-D layer.
  std::string RankName() const { return std::to_string(rank_) + "d"; }
  // `leading`, then the input's or the output's spatial dims of the rank
  // ("d", "h", "w").
  Shape InputShape(Shape leading, const Axis axes[3]) const {
    return WithSpatial(std::move(leading), axes, &Axis::in);
  }
  Shape OutputShape(Shape leading, const Axis axes[3]) const {
    return WithSpatial(std::move(leading), axes, &Axis::out);
  }
  // " H[in=9 out=5 k=3 s=2 p=1 d=1] W[…]" for the dims of the rank.
  std::string DescribeAxes(const Axis axes[3]) const {
    std::string s;
    for (int i = 3 - rank_; i < 3; ++i) {
      const Axis& a = axes[i];
      s += std::string(" ") + "DHW"[i] + "[in=" + std::to_string(a.in) +
           " out=" + std::to_string(a.out) + " k=" + std::to_string(a.kernel) +
           " s=" + std::to_string(a.stride) + " p=" + std::to_string(a.pad) +
           " d=" + std::to_string(a.dilation) + "]";
    }
    return s;
  }

 private:
  static constexpr const char* kSpatialNames[3] = {"d", "h", "w"};

  Shape WithSpatial(Shape leading, const Axis axes[3],
                    int64_t Axis::*size) const {
    for (int i = 3 - rank_; i < 3; ++i) {
      leading.push_back({kSpatialNames[i], axes[i].*size});
    }
    return leading;
  }
  Tester& self() { return static_cast<Tester&>(*this); }

  int rank_ = 1;
  Axis axis_[3];  // D, H, W
};

// Runs a test once per SIMD target: natively every target Highway compiled
// and the CPU supports, in WASM the build's static one.
class TargetTest : public testing::TestWithParam<int64_t> {
 protected:
  void SetUp() override;
  void TearDown() override;
};

std::vector<int64_t> Targets();
std::string TargetParamName(const testing::TestParamInfo<int64_t>& info);

}  // namespace test
}  // namespace convplay

#endif  // CONVPLAY_TESTS_CORE_OP_TESTER_H_
