// Internals of $formatNumber shared by its analysis (picture_number_analyse.cpp) and its
// rendering (picture_number.cpp): the decimal format's characters, a split sub-picture and the
// F&O 4.7.4 variables. Not here: the shared JavaScript emulation (picture_detail.h).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "jsonata/picture.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail::number {

using detail::Text;
using detail::TextView;

struct Properties {
  Text decimal_separator, grouping_separator, exponent_separator, minus_sign, percent, per_mille,
      zero_digit, digit, pattern_separator;
  std::vector<Text> family;  // the decimal digit family, zero first (empty without zero-digit)

  bool in_family(char16_t unit) const {
    return std::find(family.begin(), family.end(), Text(1, unit)) != family.end();
  }
  bool is_active(char16_t unit) const {
    const Text one(1, unit);
    return in_family(unit) || one == decimal_separator || one == exponent_separator ||
           one == grouping_separator || one == digit || one == pattern_separator;
  }
  bool is_digit_sign(char16_t unit) const { return in_family(unit) || Text(1, unit) == digit; }
};

struct SubPicture {
  Text whole, prefix, suffix, active, mantissa, integer, fractional;
  std::optional<Text> exponent;
};

// The analysed sub-picture (F&O 4.7.4 variables).
struct Variables {
  std::vector<double> integer_grouping, fractional_grouping;
  double regular_grouping = 0, minimum_integer = 0, scaling_factor = 0;
  double minimum_fraction = 0, maximum_fraction = 0, minimum_exponent = 0;
  Text prefix, suffix, picture;
};

Properties read_properties(const DecimalFormat& format);
// String.prototype.split with a string separator ("" splits into code units).
std::vector<Text> js_split(TextView text, TextView separator);
// Prefix, active part, mantissa, exponent, integer and fractional parts; a TypeError Failure
// when the sub-picture has no active character (jsonata-js reads its undefined prefix).
Result<SubPicture> split_parts(const Text& picture, const Properties& p);
// F&O 4.7.3 as jsonata-js checks it: every rule runs and the last failing one is reported.
std::optional<Failure> validate(const SubPicture& parts, const Properties& p);
Variables analyse(const SubPicture& parts, const Properties& p);

}  // namespace wfsim::jsonata::picture::detail::number
