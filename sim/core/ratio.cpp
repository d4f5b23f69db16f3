// Ratio parsing and printing; see ratio.h.
#include "core/ratio.h"

#include <charconv>

namespace wfsim {
namespace {
std::optional<uint64_t> parse_count(std::string_view text) {
  uint64_t value = 0;
  if (text.empty() || text.size() > 19) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

std::optional<Ratio> Ratio::parse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    const auto whole = parse_count(text);
    if (!whole || *whole > 1) return std::nullopt;
    return Ratio{*whole, 1};
  }
  const auto numerator = parse_count(text.substr(0, slash));
  const auto denominator = parse_count(text.substr(slash + 1));
  if (!numerator || !denominator || *denominator == 0 || *numerator > *denominator) {
    return std::nullopt;
  }
  return Ratio{*numerator, *denominator};
}

std::string Ratio::to_string() const {
  if (denominator == 1) return std::to_string(numerator);
  return std::to_string(numerator) + "/" + std::to_string(denominator);
}

}  // namespace wfsim
