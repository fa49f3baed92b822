// Per-target float copy and fill, shared by the SIMD kernels. Compiled once
// per Highway target: include it after <hwy/highway.h> from a source that
// foreach_target.h re-includes (hence the toggling include guard).
//
// Why not memcpy/memset: Emscripten 3.1.6's memcpy and memset call out to
// JavaScript for 512 bytes and more, and the kernels copy and fill once per
// row.
#if defined(CONVPLAY_SRC_COMPUTE_FLOATS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CONVPLAY_SRC_COMPUTE_FLOATS_INL_H_
#undef CONVPLAY_SRC_COMPUTE_FLOATS_INL_H_
#else
#define CONVPLAY_SRC_COMPUTE_FLOATS_INL_H_
#endif

#include <hwy/highway.h>
#include <stddef.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

HWY_INLINE void CopyFloats(const float* from, size_t n, float* to) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(hn::LoadU(d, from + i), d, to + i);
  for (; i < n; ++i) to[i] = from[i];
}

HWY_INLINE void FillFloats(float* to, size_t n, float value) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  const auto v = hn::Set(d, value);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(v, d, to + i);
  for (; i < n; ++i) to[i] = value;
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#endif  // CONVPLAY_SRC_COMPUTE_FLOATS_INL_H_
