// Seeds of a sweep; see seeds.h.
#include "run/seeds.h"

#include <charconv>
#include <cstdint>

#include "core/assert.h"

namespace wfsim::run {
namespace {

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
  return value;
}

}  // namespace

std::optional<Shard> parse_shard(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto index = parse_number(text.substr(0, slash));
  const auto count = parse_number(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count) return std::nullopt;
  return Shard{*index, *count};
}

SeedSequence::SeedSequence(uint64_t start, std::optional<uint64_t> count, Shard shard)
    : step_(shard.count) {
  WFSIM_ASSERT(shard.index >= 1 && shard.index <= shard.count);
  const uint64_t wanted = shard.index - 1;
  const uint64_t offset = (wanted + shard.count - start % shard.count) % shard.count;
  const bool first_fits = offset <= UINT64_MAX - start;
  first_ = first_fits ? start + offset : 0;
  if (!count) {
    if (!first_fits) size_ = 0;
    return;
  }
  const uint64_t end_span = *count;  // Seeds start .. start + count - 1 (clamped at the top).
  const uint64_t last = end_span == 0 ? start : (UINT64_MAX - start < end_span - 1
                                                     ? UINT64_MAX : start + end_span - 1);
  size_ = (end_span == 0 || !first_fits || first_ > last) ? 0 : (last - first_) / step_ + 1;
}

std::optional<uint64_t> SeedSequence::seed(uint64_t k) const {
  if (size_ && k >= *size_) return std::nullopt;
  if (k > (UINT64_MAX - first_) / step_) return std::nullopt;
  return first_ + k * step_;
}

}  // namespace wfsim::run
