#include "convplay/run/random.h"

namespace convplay {

uint64_t Random::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

float Random::Uniform(float lo, float hi) {
  const float u = static_cast<float>(Next() >> 40) * (1.0f / 16777216.0f);
  return lo + (hi - lo) * u;
}

float HashValue(uint64_t seed, uint64_t i) {
  Random r(seed * 0x100000001B3ULL + i);
  return r.Uniform(-1.0f, 1.0f);
}

}  // namespace convplay
