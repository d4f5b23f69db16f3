// Comparing two simulator traces (one JSON object per processed event) to find where two runs
// of the same seed parted: the heart of the determinism check and of replay's divergence report.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

#include "record/json.h"

namespace wfsim::cli {

struct TraceDivergence {
  size_t index = 0;              // 0-based position of the first differing record.
  std::optional<Json> first;     // Absent when that run ended earlier.
  std::optional<Json> second;
};

std::optional<TraceDivergence> first_trace_divergence(const std::vector<Json>& first,
                                                      const std::vector<Json>& second);

// "first divergence at trace record 1234: ..." with both records, or the two digests alone.
void print_divergence(std::ostream& out, const std::optional<TraceDivergence>& divergence,
                      uint64_t first_digest, uint64_t second_digest);

}  // namespace wfsim::cli
