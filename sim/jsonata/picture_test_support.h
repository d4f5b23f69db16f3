// Helpers shared by the picture tests: a Result rendered as one comparable string, and the
// non-finite constants the case tables use.
//
// Expected strings in the tables are the value itself, "undefined" for JSONata undefined, a
// number as JavaScript's String() spells it, or "!CODE|message" for a Failure ("!|message" for a
// JavaScript runtime error). Every table row was checked against jsonata-js 2.0.6 (node 18,
// TZ=UTC); rows that depart from it are not in the tables but in named tests.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "jsonata/picture.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::testing {

inline constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
inline constexpr double infinity = std::numeric_limits<double>::infinity();

inline std::string js_number(double value) {
  return detail::to_utf8(detail::js_number_to_string(value));
}

inline std::string show(const std::string& value) { return value; }
inline std::string show(double value) { return js_number(value); }
inline std::string show(const std::optional<double>& value) {
  return value ? js_number(*value) : "undefined";
}
inline std::string show(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "undefined";
}

template <class T>
std::string describe(const Result<T>& result) {
  if (const auto* failure = std::get_if<Failure>(&result)) {
    return "!" + failure->code + "|" + failure->message;
  }
  return show(std::get<T>(result));
}

}  // namespace wfsim::jsonata::picture::testing
