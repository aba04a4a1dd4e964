// Counter-based random numbers: the draw for (seed, sample, variable) is a pure function of the
// three, so a sample is the same on any thread, machine or shard (SplitMix64 finaliser,
// Steele, Lea & Flood 2014).
#pragma once

#include <cstdint>

namespace flopcast::sweep::detail {

inline std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A uniform draw in the open interval (0, 1): 53 random bits, offset by half a step. The sum
/// rounds to even above 2^52, so the top value (2^53 - 1 + 0.5) would round to exactly 1, whose
/// normal quantile is infinite: it is held at the largest double below 1 (one draw in 2^53; no
/// other draw changes).
inline double unit_interval(std::uint64_t bits) {
  const double u = (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
  return u < 1.0 ? u : 1.0 - 0x1.0p-53;
}

inline double uniform01(std::uint64_t seed, std::uint64_t sample, std::uint64_t variable) {
  return unit_interval(mix64(mix64(mix64(seed) ^ sample) ^ (variable * 0xd1b54a32d192ed03ULL)));
}

}  // namespace flopcast::sweep::detail
