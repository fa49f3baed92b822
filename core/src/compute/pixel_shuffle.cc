// SIMD PixelShuffle / PixelUnshuffle (Highway): a shuffle interleaves r
// input rows into one output row, an unshuffle splits one input row into r;
// r = 2, 3, 4 use Highway's interleaved stores and loads, other factors a
// scalar loop per row.
#include <vector>

#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/pixel_shuffle.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
// After highway.h (see floats-inl.h).
#include "compute/floats-inl.h"

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// row[w·r + j] = src[j][w] for w < width, j < r.
void Interleave(const float* const* src, int64_t r, int64_t width, float* row) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  int64_t w = 0;
  if (r == 2) {
    for (; w + N <= width; w += N) {
      hn::StoreInterleaved2(hn::LoadU(d, src[0] + w), hn::LoadU(d, src[1] + w),
                            d, row + w * 2);
    }
  } else if (r == 3) {
    for (; w + N <= width; w += N) {
      hn::StoreInterleaved3(hn::LoadU(d, src[0] + w), hn::LoadU(d, src[1] + w),
                            hn::LoadU(d, src[2] + w), d, row + w * 3);
    }
  } else if (r == 4) {
    for (; w + N <= width; w += N) {
      hn::StoreInterleaved4(hn::LoadU(d, src[0] + w), hn::LoadU(d, src[1] + w),
                            hn::LoadU(d, src[2] + w), hn::LoadU(d, src[3] + w),
                            d, row + w * 4);
    }
  }
  for (; w < width; ++w) {
    for (int64_t j = 0; j < r; ++j) row[w * r + j] = src[j][w];
  }
}

// dst[j][w] = row[w·r + j] for w < width, j < r.
void Deinterleave(const float* row, int64_t r, int64_t width,
                  float* const* dst) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  int64_t w = 0;
  if (r == 2) {
    for (; w + N <= width; w += N) {
      hn::Vec<decltype(d)> v0, v1;
      hn::LoadInterleaved2(d, row + w * 2, v0, v1);
      hn::StoreU(v0, d, dst[0] + w);
      hn::StoreU(v1, d, dst[1] + w);
    }
  } else if (r == 3) {
    for (; w + N <= width; w += N) {
      hn::Vec<decltype(d)> v0, v1, v2;
      hn::LoadInterleaved3(d, row + w * 3, v0, v1, v2);
      hn::StoreU(v0, d, dst[0] + w);
      hn::StoreU(v1, d, dst[1] + w);
      hn::StoreU(v2, d, dst[2] + w);
    }
  } else if (r == 4) {
    for (; w + N <= width; w += N) {
      hn::Vec<decltype(d)> v0, v1, v2, v3;
      hn::LoadInterleaved4(d, row + w * 4, v0, v1, v2, v3);
      hn::StoreU(v0, d, dst[0] + w);
      hn::StoreU(v1, d, dst[1] + w);
      hn::StoreU(v2, d, dst[2] + w);
      hn::StoreU(v3, d, dst[3] + w);
    }
  }
  for (; w < width; ++w) {
    for (int64_t j = 0; j < r; ++j) dst[j][w] = row[w * r + j];
  }
}

void PixelShuffleImpl(const PixelShuffleArgs& a, const float* in, float* out) {
  const int64_t r = a.factor;
  const int64_t C = a.channels, H = a.height, W = a.width;
  const int64_t block = C * r * r * H * W;  // one plane, either side
  if (r == 1) {
    CopyFloats(in, static_cast<size_t>(a.planes * block), out);
    return;
  }
  // The packed side: [c·r² + i·r + j][h][w]; the spread side: [c][h·r + i][·].
  std::vector<const float*> src(static_cast<size_t>(r));
  std::vector<float*> dst(static_cast<size_t>(r));
  for (int64_t p = 0; p < a.planes; ++p) {
    const int64_t base = p * block;
    for (int64_t c = 0; c < C; ++c) {
      for (int64_t i = 0; i < r; ++i) {
        for (int64_t h = 0; h < H; ++h) {
          const int64_t spread = base + ((c * H + h) * r + i) * W * r;
          const int64_t packed = base + ((c * r + i) * r * H + h) * W;
          if (a.unshuffle) {
            for (int64_t j = 0; j < r; ++j) dst[j] = out + packed + j * H * W;
            Deinterleave(in + spread, r, W, dst.data());
          } else {
            for (int64_t j = 0; j < r; ++j) src[j] = in + packed + j * H * W;
            Interleave(src.data(), r, W, out + spread);
          }
        }
      }
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(PixelShuffleImpl);

void PixelShuffle(const PixelShuffleArgs& a, const float* in, float* out) {
  HWY_DYNAMIC_DISPATCH(PixelShuffleImpl)(a, in, out);
}

}  // namespace convplay
#endif  // HWY_ONCE
