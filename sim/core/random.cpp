// xoshiro256** and the distributions built on it; see random.h.
#include "core/random.h"

namespace wfsim {
namespace {
__extension__ typedef unsigned __int128 uint128;
constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

uint64_t splitmix64(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  return mix64(state);
}

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t hash_name(std::string_view name, uint64_t from) {
  uint64_t hash = from;
  for (const char ch : name) {
    hash ^= static_cast<unsigned char>(ch);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Random::Random(uint64_t seed) : Random(FromIdentity{}, seed) {}

Random::Random(FromIdentity, uint64_t identity) : identity_(identity) {
  uint64_t sm = identity;
  for (uint64_t& word : state_) word = splitmix64(sm);
  // xoshiro's state must not be all zero; splitmix64 never yields four zeros in a row, but the
  // generator would be stuck forever if it did, so say so.
  WFSIM_ASSERT((state_[0] | state_[1] | state_[2] | state_[3]) != 0);
}

Random Random::from_raw_state(uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3) {
  Random r(FromIdentity{}, 0);
  r.state_[0] = s0;
  r.state_[1] = s1;
  r.state_[2] = s2;
  r.state_[3] = s3;
  WFSIM_ASSERT((s0 | s1 | s2 | s3) != 0);
  return r;
}

uint64_t Random::next_u64() {
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

uint64_t Random::uniform(uint64_t bound) {
  WFSIM_ASSERT(bound > 0);
  // Lemire, "Fast Random Integer Generation in an Interval" (2019).
  uint128 m = static_cast<uint128>(next_u64()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<uint128>(next_u64()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

int64_t Random::uniform_in(int64_t low, int64_t high) {
  WFSIM_ASSERT(low <= high);
  const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  if (span == UINT64_MAX) return static_cast<int64_t>(next_u64());
  return static_cast<int64_t>(static_cast<uint64_t>(low) + uniform(span + 1));
}

bool Random::chance(Ratio ratio) {
  WFSIM_ASSERT(ratio.denominator > 0);
  return uniform(ratio.denominator) < ratio.numerator;
}

size_t Random::weighted(std::span<const uint64_t> weights) {
  uint64_t total = 0;
  for (const uint64_t w : weights) {
    WFSIM_ASSERT(total + w >= total);  // No overflow.
    total += w;
  }
  WFSIM_ASSERT(total > 0);
  uint64_t pick = uniform(total);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (pick < weights[i]) return i;
    pick -= weights[i];
  }
  WFSIM_UNREACHABLE("weighted pick beyond the total");
}

Random Random::fork(std::string_view name, uint64_t index) const {
  return fork_hashed(hash_name(name), index);
}

Random Random::fork_hashed(uint64_t name_hash, uint64_t index) const {
  const uint64_t child = mix64(identity_ ^ mix64(name_hash + 0x9e3779b97f4a7c15ULL * index));
  return Random(FromIdentity{}, child);
}

}  // namespace wfsim
