// Which SIMD instruction set the compute kernels of this build use.
#ifndef CONVPLAY_COMPUTE_SIMD_H_
#define CONVPLAY_COMPUTE_SIMD_H_

namespace convplay {

// Highway's name of the static target, e.g. "WASM" (SIMD128), "EMU128" or
// "SCALAR" (no SIMD), "AVX2".
const char* SimdTargetName();

}  // namespace convplay

#endif  // CONVPLAY_COMPUTE_SIMD_H_
