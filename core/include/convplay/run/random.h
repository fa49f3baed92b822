// Seeded random numbers that are the same in every build (native, WASM) and
// in the golden generator, so a stack + seed always shows the same maps.
#ifndef CONVPLAY_RUN_RANDOM_H_
#define CONVPLAY_RUN_RANDOM_H_

#include <cstdint>

namespace convplay {

// Uniform floats from a 64-bit seed (SplitMix64): the same numbers in
// native and WASM builds, so a stack + seed always shows the same maps.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [lo, hi), 24 random bits.
  float Uniform(float lo, float hi);

 private:
  uint64_t state_;
};

// The value tests and golden data use for element i of a tensor with a
// given seed: 24-bit uniform in [−1, 1), identical in Python and C++.
float HashValue(uint64_t seed, uint64_t i);

}  // namespace convplay

#endif  // CONVPLAY_RUN_RANDOM_H_
