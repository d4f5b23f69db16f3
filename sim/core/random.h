// The one seeded generator of wfsim: xoshiro256** seeded through splitmix64, with our own
// distributions so that a seed gives the same numbers with every compiler and standard library.
//
// Streams fork by name: fork("network") derives a child from this stream's identity (its seed and
// fork path), not from its current position, so adding a component or a draw elsewhere never
// shifts another component's numbers. Golden-value tests pin every sequence here; changing one
// changes every recorded capsule, so do not.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "core/assert.h"
#include "core/ratio.h"

namespace wfsim {

// splitmix64: used to seed and to mix identities.
uint64_t splitmix64(uint64_t& state);
// A stateless 64-bit mixer (the splitmix64 finaliser).
uint64_t mix64(uint64_t value);
// FNV-1a over the bytes of a name; used to derive fork identities. FNV-1a is a stream: hashing
// `rest` from hash_name(prefix) gives hash_name(prefix + rest), so a caller that forks many
// streams under one long prefix (the engine's execution ARNs) hashes the prefix once.
inline constexpr uint64_t kNameHashStart = 0xcbf29ce484222325ULL;
uint64_t hash_name(std::string_view name, uint64_t from = kNameHashStart);

class Random {
 public:
  explicit Random(uint64_t seed);

  // The next raw 64 bits.
  uint64_t next_u64();
  // Uniform in [0, bound); bound must be positive. Unbiased (Lemire's method with rejection).
  uint64_t uniform(uint64_t bound);
  // Uniform in [low, high], both inclusive; low <= high.
  int64_t uniform_in(int64_t low, int64_t high);
  // True with probability ratio.numerator / ratio.denominator. Draws even for never/always, so
  // that switching a fault kind on or off does not shift the draws that follow in this stream.
  bool chance(Ratio ratio);
  // An index drawn with probability weights[i] / sum(weights); the sum must be positive.
  size_t weighted(std::span<const uint64_t> weights);
  // Fisher-Yates shuffle.
  template <typename T>
  void shuffle(std::span<T> items) {
    for (size_t i = items.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(uniform(i));
      using std::swap;
      swap(items[i - 1], items[j]);
    }
  }

  // An independent child stream named `name` (and an optional index, for per-worker streams).
  Random fork(std::string_view name, uint64_t index = 0) const;
  // The same child as fork(name, index), given name_hash == hash_name(name).
  Random fork_hashed(uint64_t name_hash, uint64_t index = 0) const;
  // The identity this stream was derived from (its seed, mixed with its fork path).
  uint64_t identity() const { return identity_; }

  // A generator with the given raw xoshiro256** state, for checking the reference vectors.
  static Random from_raw_state(uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3);

 private:
  struct FromIdentity {};
  Random(FromIdentity, uint64_t identity);

  uint64_t identity_;
  uint64_t state_[4];
};

}  // namespace wfsim
