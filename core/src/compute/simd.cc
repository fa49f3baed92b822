#include "convplay/compute/simd.h"

#include <hwy/highway.h>

namespace convplay {

const char* SimdTargetName() {
#if HWY_ARCH_WASM
  // WASM cannot detect features at run time: the build decides.
  return hwy::TargetName(HWY_STATIC_TARGET);
#else
  // Natively, dynamic dispatch picks the best compiled and supported target;
  // Highway orders targets so that the lowest set bit is the best.
  const int64_t usable = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(usable & -usable);
#endif
}

}  // namespace convplay
