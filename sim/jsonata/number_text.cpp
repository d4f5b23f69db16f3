// JavaScript number text (see number_text.h). std::to_chars gives the shortest round-trip digits;
// the placement of the decimal point and the exponent follow ECMAScript's Number::toString.
#include "jsonata/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/assert.h"

namespace wfsim::jsonata::detail {

void append_js_number(std::string& out, double value) {
  if (std::isnan(value)) { out += "NaN"; return; }
  if (std::isinf(value)) { out += value < 0 ? "-Infinity" : "Infinity"; return; }
  if (value == 0) { out += '0'; return; }
  // Small integers are the common case: print them directly.
  if (std::fabs(value) < 1e15 && value == std::trunc(value)) {
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<int64_t>(value));
    WFSIM_ASSERT(error == std::errc());
    out.append(buffer, end);
    return;
  }
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                    std::chars_format::scientific);
  WFSIM_ASSERT(error == std::errc());
  std::string_view text(buffer, static_cast<size_t>(end - buffer));
  if (text.front() == '-') {
    out += '-';
    text.remove_prefix(1);
  }
  const size_t e = text.find('e');
  std::string digits;
  digits += text[0];
  if (e > 1) digits.append(text.substr(2, e - 2));
  const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n));
    out += '.';
    out.append(digits, static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += (n - 1) < 0 ? '-' : '+';
    out += std::to_string(std::abs(n - 1));
  }
}

std::string js_number_text(double value) {
  std::string out;
  append_js_number(out, value);
  return out;
}

double round_to_15_digits(double value) {
  if (!std::isfinite(value) || value == 0) return value;
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                    std::chars_format::scientific, 14);
  WFSIM_ASSERT(error == std::errc());
  double rounded = 0;
  std::from_chars(buffer, end, rounded);
  return rounded;
}

std::string js_radix_text(double value, int radix) {
  WFSIM_ASSERT(radix >= 2 && radix <= 36);
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (radix == 10) return js_number_text(value);
  std::string out;
  const bool negative = value < 0;
  double magnitude = std::fabs(value);
  double integer = std::floor(magnitude);
  double fraction = magnitude - integer;
  std::string integer_digits;
  if (integer == 0) integer_digits = "0";
  while (integer > 0) {
    const double quotient = std::floor(integer / radix);
    const int digit = static_cast<int>(integer - quotient * radix);
    integer_digits += kDigits[digit < 0 ? 0 : digit];
    integer = quotient;
  }
  if (negative) out += '-';
  out.append(integer_digits.rbegin(), integer_digits.rend());
  if (fraction > 0) {
    out += '.';
    for (int count = 0; count < 52 && fraction > 0; ++count) {
      fraction *= radix;
      const int digit = static_cast<int>(std::floor(fraction));
      out += kDigits[digit];
      fraction -= digit;
    }
  }
  return out;
}

double parse_js_double(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) {
    // from_chars reports overflow and underflow alike; strtod tells them apart.
    return std::strtod(std::string(text).c_str(), nullptr);
  }
  (void)end;
  return value;
}

}  // namespace wfsim::jsonata::detail
