// Trace comparison; see trace_compare.h.
#include "cli/trace_compare.h"

#include <ostream>

#include "record/json.h"
#include "scenario/capsule.h"

namespace wfsim::cli {

std::optional<TraceDivergence> first_trace_divergence(const std::vector<Json>& first,
                                                      const std::vector<Json>& second) {
  const size_t common = std::min(first.size(), second.size());
  for (size_t i = 0; i < common; ++i) {
    if (first[i] != second[i]) return TraceDivergence{i, first[i], second[i]};
  }
  if (first.size() == second.size()) return std::nullopt;
  TraceDivergence divergence{common, std::nullopt, std::nullopt};
  if (common < first.size()) divergence.first = first[common];
  if (common < second.size()) divergence.second = second[common];
  return divergence;
}

void print_divergence(std::ostream& out, const std::optional<TraceDivergence>& divergence,
                      uint64_t first_digest, uint64_t second_digest) {
  out << "  digests             " << scenario::digest_hex(first_digest) << " vs "
      << scenario::digest_hex(second_digest) << "\n";
  if (!divergence) {
    out << "  traces              identical (the difference is outside the trace)\n";
    return;
  }
  out << "  first divergence    trace record " << divergence->index << "\n";
  out << "    first run:  "
      << (divergence->first ? to_compact_text(*divergence->first) : "(ended)") << "\n";
  out << "    second run: "
      << (divergence->second ? to_compact_text(*divergence->second) : "(ended)") << "\n";
}

}  // namespace wfsim::cli
