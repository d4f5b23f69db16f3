// Which seeds a sweep runs: `--seeds N` from `--seed-start`, restricted to one shard of N.
//
// `--shard K/N` keeps the seeds with seed % N == K - 1, so the N shards of one sweep are
// disjoint and together cover it, whatever machines run them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace wfsim::run {

struct Shard {
  uint64_t index = 1;  // K, 1-based.
  uint64_t count = 1;  // N.
};
// "K/N" with 1 <= K <= N.
std::optional<Shard> parse_shard(std::string_view text);

// The seeds of one sweep, in order: start, start+1, ... restricted to the shard; `count` bounds
// the range [start, start + count) (nullopt: unbounded, for a time budget).
class SeedSequence {
 public:
  SeedSequence(uint64_t start, std::optional<uint64_t> count, Shard shard);
  // The k-th seed (0-based), or nullopt past the end.
  std::optional<uint64_t> seed(uint64_t k) const;
  // How many seeds there are (nullopt: unbounded).
  std::optional<uint64_t> size() const { return size_; }

 private:
  uint64_t first_ = 0;
  uint64_t step_ = 1;
  std::optional<uint64_t> size_;
};

}  // namespace wfsim::run
