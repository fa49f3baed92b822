#include "convplay/compute/simd.h"

#include <gtest/gtest.h>

#include <string>

namespace convplay {
namespace {

// A WASM build without -msimd128 silently falls back to EMU128/scalar; the
// SIMD build must really use SIMD128.
TEST(SimdTest, BuildUsesTheExpectedTarget) {
  const std::string target = SimdTargetName();
#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
  EXPECT_EQ(target, "WASM");
#elif defined(__EMSCRIPTEN__)
  EXPECT_NE(target, "WASM");
#else
  EXPECT_NE(target, "EMU128");
  EXPECT_NE(target, "SCALAR");
#endif
}

}  // namespace
}  // namespace convplay
