// Strict numbers on the command line; see numbers.h.
#include "cli/numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace wfsim::cli {
namespace {

std::string quoted(std::string_view text) {
  std::string shown(text.substr(0, 64));
  if (text.size() > 64) shown += "...";
  return "(got \"" + shown + "\")";
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

}  // namespace

std::optional<std::string> integer_problem(std::string_view text, uint64_t min, uint64_t max) {
  const std::string expected =
      "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + " " +
      quoted(text);
  // Digits only: from_chars alone would accept nothing else either, but says nothing about a
  // sign, an exponent or trailing characters, which all need the same message.
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return expected;
  }
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return expected;  // Out of range of uint64 too: "99999999999999999999999".
  }
  return std::nullopt;
}

std::optional<std::string> seconds_problem(std::string_view text, double max, bool positive) {
  const std::string expected =
      std::string(positive ? "must be a number of seconds greater than 0 and at most "
                           : "must be a number of seconds from 0 to ") +
      number_text(max) + " " + quoted(text);
  // Plain decimal forms only: no sign, no hexadecimal, no "inf" or "nan".
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string_view::npos ||
      text.front() == '-' || text.front() == '+') {
    return expected;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value,
                                            std::chars_format::general);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value < 0 || value > max || (positive && value <= 0)) {
    return expected;
  }
  return std::nullopt;
}

CLI::Validator integer_in(uint64_t min, uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) { return integer_problem(text, min, max).value_or(""); },
      "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

CLI::Validator seconds_in(double max, bool positive) {
  return CLI::Validator(
      [max, positive](std::string& text) {
        return seconds_problem(text, max, positive).value_or("");
      },
      std::string("SECONDS in ") + (positive ? "(0" : "[0") + " - " + number_text(max) + "]");
}

}  // namespace wfsim::cli
