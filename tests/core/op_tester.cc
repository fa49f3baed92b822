// The testers' shared code, and the one per-target function they need: the
// lane count of the target the ops dispatch to (Highway's three-part
// module, as in core/src/compute/).
#include "op_tester.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "tests/core/op_tester.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace test {
namespace HWY_NAMESPACE {

int64_t FloatLanes() {
  return static_cast<int64_t>(
      hwy::HWY_NAMESPACE::Lanes(hwy::HWY_NAMESPACE::ScalableTag<float>()));
}

}  // namespace HWY_NAMESPACE
}  // namespace test
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace convplay {
namespace test {

HWY_EXPORT(FloatLanes);

// The dispatched target's, not this file's static one (natively SCALAR,
// which would make every "N" 1).
int64_t TargetLanes() { return HWY_DYNAMIC_DISPATCH(FloatLanes)(); }

std::vector<int64_t> TailWidths() {
  const int64_t n = TargetLanes();
  std::vector<int64_t> widths = {1};
  for (int64_t m : {n, 2 * n, 4 * n}) {
    for (int64_t w : {m - 1, m, m + 1}) {
      if (w > widths.back()) widths.push_back(w);
    }
  }
  return widths;
}

std::vector<float> Unwritten(int64_t n) {
  return std::vector<float>(static_cast<size_t>(n), -12345.0f);
}

int64_t TestRandom::Int(int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(engine_);
}

int64_t TestRandom::Width() {
  const int64_t n = TargetLanes();
  const int64_t choices[] = {1,         n - 1,     n,        n + 1,
                             2 * n - 1, 2 * n + 1, 3 * n + 2};
  if (Int(0, 2) == 0) return Int(1, 40);
  return std::max<int64_t>(1, choices[Int(0, 6)]);
}

std::vector<float> TestRandom::Uniform(int64_t n) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = u(engine_);
  if (specials_ && n > 0 && Int(0, 1) == 0) {
    constexpr float kSpecials[] = {std::numeric_limits<float>::quiet_NaN(),
                                   std::numeric_limits<float>::infinity(),
                                   -std::numeric_limits<float>::infinity()};
    for (int64_t k = Int(1, 3); k > 0; --k)
      v[Int(0, n - 1)] = kSpecials[Int(0, 2)];
  }
  return v;
}

std::vector<float> TestRandom::UniformWithSpecials(int64_t n) {
  std::vector<float> v = Uniform(n);
  if (n > 0 && Int(0, 3) == 0) {
    v[Int(0, n - 1)] = std::numeric_limits<float>::quiet_NaN();
    v[Int(0, n - 1)] = -std::numeric_limits<float>::infinity();
  }
  return v;
}

int64_t Elements(const Shape& shape) {
  int64_t n = 1;
  for (const Dim& d : shape) n *= d.size;
  return n;
}

std::string Coordinate(const Shape& shape, int64_t flat) {
  std::vector<int64_t> index(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    index[i] = flat % shape[i].size;
    flat /= shape[i].size;
  }
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    s += (i ? " " : "") + std::string(shape[i].name) + "=" +
         std::to_string(index[i]);
  }
  return s;
}

namespace {

// "<coordinate> (flat index i of n)".
std::string Where(const Shape& shape, size_t i) {
  return Coordinate(shape, static_cast<int64_t>(i)) + " (flat index " +
         std::to_string(i) + " of " + std::to_string(Elements(shape)) + ")";
}

testing::AssertionResult SizeMismatch(const std::vector<float>& want,
                                      const std::vector<float>& got,
                                      const Shape& shape) {
  return testing::AssertionFailure()
         << "sizes differ: expected " << want.size() << ", got " << got.size()
         << ", shape has " << Elements(shape);
}

}  // namespace

testing::AssertionResult MatchesReference(const std::vector<float>& want,
                                          const std::vector<float>& got,
                                          const Shape& shape) {
  if (want.size() != got.size() ||
      static_cast<int64_t>(want.size()) != Elements(shape)) {
    return SizeMismatch(want, got, shape);
  }
  float scale = 1e-3f;
  for (float w : want) {
    if (std::isfinite(w)) scale = std::max(scale, std::fabs(w));
  }
  const float tolerance = 1e-5f * scale + 1e-6f;
  size_t first = want.size(), differing = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const float w = want[i], g = got[i];
    const bool same_special =
        (std::isnan(w) && std::isnan(g)) || (std::isinf(w) && w == g);
    if (same_special || std::fabs(w - g) <= tolerance) continue;
    if (differing++ == 0) first = i;
  }
  if (differing == 0) return testing::AssertionSuccess();
  std::ostringstream s;
  s.precision(9);
  s << "first mismatch at " << Where(shape, first) << ": reference "
    << want[first] << ", SIMD " << got[first] << " (tolerance " << tolerance
    << "); " << differing << " element(s) differ";
  return testing::AssertionFailure() << s.str();
}

testing::AssertionResult EqualsExpected(const std::vector<float>& want,
                                        const std::vector<float>& got,
                                        const Shape& shape, const char* who) {
  if (want.size() != got.size() ||
      static_cast<int64_t>(want.size()) != Elements(shape)) {
    return SizeMismatch(want, got, shape);
  }
  for (size_t i = 0; i < want.size(); ++i) {
    const float w = want[i], g = got[i];
    if ((std::isnan(w) && std::isnan(g)) || w == g) continue;
    std::ostringstream s;
    s.precision(9);
    s << who << " differs at " << Where(shape, i) << ": expected " << w
      << ", got " << g;
    return testing::AssertionFailure() << s.str();
  }
  return testing::AssertionSuccess();
}

const char* Name(PadMode mode) {
  switch (mode) {
    case PadMode::kZeros:
      return "zeros";
    case PadMode::kReflect:
      return "reflect";
    case PadMode::kReplicate:
      return "replicate";
    case PadMode::kCircular:
      return "circular";
  }
  return "?";
}

const char* Name(PoolKind kind) {
  return kind == PoolKind::kMax ? "max" : "avg";
}

const char* Name(Activation kind) {
  switch (kind) {
    case Activation::kReLU:
      return "ReLU";
    case Activation::kLeakyReLU:
      return "LeakyReLU";
    case Activation::kELU:
      return "ELU";
    case Activation::kGELU:
      return "GELU";
    case Activation::kGELUTanh:
      return "GELU(tanh)";
    case Activation::kSigmoid:
      return "Sigmoid";
    case Activation::kTanh:
      return "Tanh";
  }
  return "?";
}

void TargetTest::SetUp() {
#if !HWY_ARCH_WASM
  hwy::SetSupportedTargetsForTest(GetParam());
#endif
}

void TargetTest::TearDown() {
#if !HWY_ARCH_WASM
  hwy::SetSupportedTargetsForTest(0);
#endif
}

std::vector<int64_t> Targets() {
#if HWY_ARCH_WASM
  return {HWY_STATIC_TARGET};
#else
  return hwy::SupportedAndGeneratedTargets();
#endif
}

std::string TargetParamName(const testing::TestParamInfo<int64_t>& info) {
  return hwy::TargetName(info.param);
}

}  // namespace test
}  // namespace convplay
#endif  // HWY_ONCE
