// A rolling digest over processed events, and the trace records that explain a divergence.
//
// Two runs of one seed must agree on every (sequence, time, kind, entity) they process; the digest
// summarises that in 64 bits, and first_divergence() finds the first record where two recorded
// traces part.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace wfsim {

struct TraceRecord {
  uint64_t sequence = 0;
  Instant time;
  uint32_t kind = 0;
  uint64_t entity = 0;
  friend bool operator==(const TraceRecord&, const TraceRecord&) = default;
};

class Digest {
 public:
  void add(const TraceRecord& record);
  // Folds an arbitrary value in (for example a history event's hash).
  void add_word(uint64_t word);
  uint64_t value() const { return state_; }
  // 16 lowercase hex digits.
  std::string hex() const;
  static std::optional<uint64_t> parse_hex(const std::string& text);

 private:
  uint64_t state_ = 0x6a09e667f3bcc908ULL;
};

struct Divergence {
  size_t index = 0;                 // Position of the first differing record.
  std::optional<TraceRecord> first;  // The record in the first run (absent if it ended earlier).
  std::optional<TraceRecord> second;
};

// The first point at which two traces differ, or nullopt when they are identical.
std::optional<Divergence> first_divergence(const std::vector<TraceRecord>& first,
                                           const std::vector<TraceRecord>& second);

// Runs `run(trace)` twice, each time into a fresh trace, and reports where the two runs diverge.
template <typename Run>
std::optional<Divergence> check_determinism(Run&& run) {
  std::vector<TraceRecord> first;
  std::vector<TraceRecord> second;
  run(first);
  run(second);
  return first_divergence(first, second);
}

}  // namespace wfsim
