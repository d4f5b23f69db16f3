// The XPath F&O 3.1 picture-string algorithms behind $formatNumber, $formatInteger,
// $parseInteger, $fromMillis and $toMillis (and $now with a picture). Declarations only here;
// the implementations live in picture_number.cpp, picture_integer.cpp and picture_datetime.cpp.
//
// Deliberately not here: argument checking and defaults of the JSONata functions (functions.cpp
// does that), and any clock (the caller passes milliseconds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace wfsim::jsonata::picture {

struct Failure {
  std::string code;     // JSONata code, e.g. D3080.
  std::string message;  // jsonata-js's message text.
};
template <class T>
using Result = std::variant<T, Failure>;

// The decimal format of $formatNumber's options argument; every field is one character (a
// string, as JSONata passes them), except infinity and NaN.
struct DecimalFormat {
  std::string decimal_separator = ".";
  std::string grouping_separator = ",";
  std::string exponent_separator = "e";
  std::string minus_sign = "-";
  std::string infinity = "Infinity";
  std::string not_a_number = "NaN";
  std::string percent = "%";
  std::string per_mille = "\u2030";
  std::string zero_digit = "0";
  std::string digit = "#";
  std::string pattern_separator = ";";
};

Result<std::string> format_number(double value, std::string_view picture,
                                  const DecimalFormat& format);
Result<std::string> format_integer(double value, std::string_view picture);
Result<double> parse_integer(std::string_view text, std::string_view picture);
Result<std::string> format_datetime(int64_t millis, std::string_view picture /* empty = ISO 8601 */,
                                    std::string_view timezone /* "" or "±HHMM" */);
// now_millis stands for $now(): a picture lacking leading parts (year, month...) takes them from it.
Result<std::optional<int64_t>> parse_datetime(std::string_view text,
                                              std::string_view picture /* empty = ISO 8601 */,
                                              int64_t now_millis);
DecimalFormat default_decimal_format();

// The exact JSONata argument forms, for the evaluator: nullopt = argument absent (undefined).
// millis is a JavaScript number (fractions truncate like Date).
Result<std::string> from_millis(double millis, std::optional<std::string_view> picture,
                                std::optional<std::string_view> timezone);
// nullopt = undefined; a value may be NaN.
Result<std::optional<double>> to_millis(std::string_view text,
                                        std::optional<std::string_view> picture,
                                        int64_t now_millis);

}  // namespace wfsim::jsonata::picture
