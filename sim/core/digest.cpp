// Rolling digest and divergence search; see digest.h.
#include "core/digest.h"

#include <charconv>
#include <cstdio>

#include "core/random.h"

namespace wfsim {

void Digest::add_word(uint64_t word) { state_ = mix64(state_ ^ (word + 0x9e3779b97f4a7c15ULL)); }

void Digest::add(const TraceRecord& record) {
  add_word(record.sequence);
  add_word(static_cast<uint64_t>(record.time.unix_us()));
  add_word(record.kind);
  add_word(record.entity);
}

std::string Digest::hex() const {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(state_));
  return buffer;
}

std::optional<uint64_t> Digest::parse_hex(const std::string& text) {
  uint64_t value = 0;
  if (text.size() != 16) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Divergence> first_divergence(const std::vector<TraceRecord>& first,
                                           const std::vector<TraceRecord>& second) {
  const size_t common = std::min(first.size(), second.size());
  for (size_t i = 0; i < common; ++i) {
    if (!(first[i] == second[i])) return Divergence{i, first[i], second[i]};
  }
  if (first.size() == second.size()) return std::nullopt;
  Divergence d{common, std::nullopt, std::nullopt};
  if (common < first.size()) d.first = first[common];
  if (common < second.size()) d.second = second[common];
  return d;
}

}  // namespace wfsim
