// Probabilities as whole-number ratios ("1/10"), never floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wfsim {

struct Ratio {
  uint64_t numerator = 0;
  uint64_t denominator = 1;

  static constexpr Ratio never() { return {0, 1}; }
  static constexpr Ratio always() { return {1, 1}; }

  constexpr bool is_never() const { return numerator == 0; }
  constexpr bool is_always() const { return numerator >= denominator; }
  friend constexpr bool operator==(const Ratio&, const Ratio&) = default;

  // "1/10", "0", "1" (a bare integer means n/1). The denominator must be positive and the
  // numerator at most the denominator. Returns nullopt otherwise; never throws.
  static std::optional<Ratio> parse(std::string_view text);
  std::string to_string() const;
};

}  // namespace wfsim
