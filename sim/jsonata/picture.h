// Picture-string formatting and parsing of JSONata 2.0.6: $formatNumber, $formatInteger,
// $parseInteger, $fromMillis and $toMillis (XPath F&O 3.1 fn:format-number, fn:format-integer,
// fn:format-dateTime, as jsonata-js implements them, quirks included).
//
// The target is jsonata-js 2.0.6 byte for byte, not the W3C text: where the two differ (the
// exponent-picture prefix bug, irregular grouping of short numbers, negative time zones with
// minutes, two-digit years read as 19xx, ...) these functions do what jsonata-js does, because
// AWS Step Functions runs jsonata-js and its outputs and error texts appear verbatim in histories.
// Every error is a Failure carrying jsonata-js's code and message. Where jsonata-js fails with a
// JavaScript TypeError or RangeError instead of a coded error, the Failure has an empty code and
// the JavaScript message. Where jsonata-js never returns (zero or negative numbers in an exponent
// picture, infinities in some sequences), these functions return a documented value or Failure;
// nothing here hangs, throws or reads a clock.
//
// Not here: argument type checking and undefined-argument handling of the JSONata function
// signatures (the evaluator's job), and a wall clock ($toMillis with a partial picture takes "now"
// as a parameter).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace wfsim::jsonata::picture {

// A JSONata error: code such as "D3080" and the message text jsonata-js produces for it. An empty
// code marks a JavaScript runtime error (TypeError, RangeError) that jsonata-js lets escape.
struct Failure {
  std::string code;
  std::string message;
};

template <class T>
using Result = std::variant<T, Failure>;

// The decimal format of $formatNumber's third argument (keys "decimal-separator",
// "grouping-separator", "exponent-separator", "minus-sign", "infinity", "NaN", "percent",
// "per-mille", "zero-digit", "digit", "pattern-separator"). UTF-8. jsonata-js never reads
// infinity and not_a_number; they are kept for the option's shape.
struct DecimalFormat {
  std::string decimal_separator = ".", grouping_separator = ",", exponent_separator = "e",
              minus_sign = "-", infinity = "Infinity", not_a_number = "NaN", percent = "%",
              per_mille = "\u2030", zero_digit = "0", digit = "#", pattern_separator = ";";
};

DecimalFormat default_decimal_format();

// $formatNumber(value, picture, options). value is any double (JSONata only passes finite ones).
Result<std::string> format_number(double value, std::string_view picture,
                                  const DecimalFormat& format);

// $formatInteger(value, picture): value is floored first, as jsonata-js does.
Result<std::string> format_integer(double value, std::string_view picture);

// $parseInteger(text, picture). jsonata-js does not validate the text: unreadable text gives NaN
// (which JSONata serialises as null), and so does this.
Result<double> parse_integer(std::string_view text, std::string_view picture);

// $fromMillis(millis, picture, timezone). Empty picture = the ISO 8601 default
// ("2018-02-01T09:42:13.000Z"); timezone "" = UTC, otherwise "+HHMM"/"-HHMM" read as jsonata-js
// reads it (parseInt, so "-0530" means -6 h -30 min, as in jsonata-js).
Result<std::string> format_datetime(int64_t millis, std::string_view picture,
                                    std::string_view timezone);

// $toMillis(text, picture). Empty picture = the ISO 8601 forms $toMillis accepts without a
// picture (D3110 otherwise). nullopt where JSONata returns undefined (no match), and also where
// it returns NaN or a number beyond the Date range (+-8.64e15, only reachable through an absurd
// zone offset); to_millis tells these apart. now_millis stands for $now(): a picture that
// lacks the leading parts (year, month, ...) takes them from it.
Result<std::optional<int64_t>> parse_datetime(std::string_view text, std::string_view picture,
                                              int64_t now_millis);

// The exact JSONata argument forms, for the evaluator. nullopt picture or timezone = argument
// absent (undefined); an empty string is then an empty picture ("" formats to "") or timezone
// (NaN fields), as in jsonata-js. millis is a JavaScript number (fractions truncate like Date).
Result<std::string> from_millis(double millis, std::optional<std::string_view> picture,
                                std::optional<std::string_view> timezone);

// nullopt = undefined; a value may be NaN (JSONata returns NaN, serialised as null).
Result<std::optional<double>> to_millis(std::string_view text,
                                        std::optional<std::string_view> picture,
                                        int64_t now_millis);

}  // namespace wfsim::jsonata::picture
