// $formatNumber: fn:format-number with a decimal format, as jsonata-js 2.0.6 does it, from the
// analysed picture (picture_number_analyse.cpp) to the text.
//
// Kept from jsonata-js: rounding is half-to-even on the shortest decimal spelling, then toFixed;
// irregular grouping of a short number uses slice with negative indices; without a decimal
// separator in the picture the last character is cut; the infinity and NaN options are never
// used. Where jsonata-js loops for ever (an exponent picture with zero, a negative number or
// infinity) this returns the natural result instead: exponent 0 for zero and infinity, the
// magnitude's exponent otherwise. Not here: the options object's parsing (the caller fills
// DecimalFormat).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "core/assert.h"
#include "jsonata/picture_cache.h"
#include "jsonata/picture_number_detail.h"

namespace wfsim::jsonata::picture {

DecimalFormat default_decimal_format() { return DecimalFormat{}; }

namespace {

using namespace detail::number;

double js_math_round(double x) {
  if (!std::isfinite(x) || x == std::trunc(x)) return x;
  const double down = std::floor(x);
  return x - down >= 0.5 ? down + 1 : down;
}

// +(mantissa + "e" + (exponent + shift)) over String(value), as jsonata-js's round shifts: the
// shortest decimal of value times 10^shift, rounded to the nearest double. Spelled here from
// the shortest scientific digits directly (the same decimal number, so the same double).
double shift_decimal(double value, double shift) {
  WFSIM_ASSERT(shift == std::trunc(shift) && std::fabs(shift) < 1e15);
  if (!std::isfinite(value)) return std::numeric_limits<double>::quiet_NaN();  // "Infinitye2"
  if (value == 0) return 0;  // String(-0) is "0"
  char buffer[64];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  WFSIM_ASSERT(written.ec == std::errc());
  const std::string_view scientific(buffer, static_cast<size_t>(written.ptr - buffer));
  const size_t e = scientific.find('e');
  WFSIM_ASSERT(e != std::string_view::npos);
  int exponent = 0;
  const char* exponent_from = scientific.data() + e + 1;
  if (*exponent_from == '+') ++exponent_from;
  const auto read = std::from_chars(exponent_from, written.ptr, exponent);
  WFSIM_ASSERT(read.ec == std::errc() && read.ptr == written.ptr);
  std::string spelled(scientific.substr(0, e + 1));
  spelled += std::to_string(static_cast<int64_t>(exponent + shift));
  return detail::decimal_to_double(spelled);
}

// jsonata-js's round(value, precision): half to even on the decimal spelling.
double js_round(double value, double precision) {
  if (precision != 0) value = shift_decimal(value, precision);
  double result = js_math_round(value);
  if (std::fabs(result - value) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (precision != 0) result = shift_decimal(result, -precision);
  return result == 0 ? 0 : result;
}

Result<Text> make_string(double value, double places, const Properties& p) {
  auto fixed = detail::js_to_fixed(std::fabs(value), static_cast<int64_t>(places));
  if (!fixed) return detail::coded("", "toFixed() digits argument must be between 0 and 100");
  if (p.zero_digit == u"0") return *fixed;
  Text out;
  for (const char16_t unit : *fixed) {
    if (unit >= u'0' && unit <= u'9') {
      // An empty family (no zero-digit) maps digits to undefined, which join drops.
      if (!p.family.empty()) out += p.family[unit - u'0'];
    } else {
      out.push_back(unit);
    }
  }
  return out;
}

// String.prototype.replace(".", replacement) with its $-patterns.
Text replace_point(const Text& text, const Text& replacement) {
  const size_t at = text.find(u'.');
  WFSIM_ASSERT(at != Text::npos);
  Text substituted;
  for (size_t i = 0; i < replacement.size(); ++i) {
    const char16_t next = i + 1 < replacement.size() ? replacement[i + 1] : 0;
    if (replacement[i] != u'$' || (next != u'$' && next != u'&' && next != u'`' && next != u'\'')) {
      substituted.push_back(replacement[i]);
      continue;
    }
    if (next == u'$') substituted.push_back(u'$');
    if (next == u'&') substituted.push_back(u'.');
    if (next == u'`') substituted += text.substr(0, at);
    if (next == u'\'') substituted += text.substr(at + 1);
    ++i;
  }
  return text.substr(0, at) + substituted + text.substr(at + 1);
}

Text repeated(const Text& unit, double count) {
  Text out;
  for (double i = 0; i < count; ++i) out += unit;
  return out;
}

// slice(0, index) + insert + slice(index), JavaScript slice clamping included.
void slice_insert(detail::Rope& rope, double index, const Text& insert) {
  const auto length = static_cast<double>(rope.size());
  const double at = index >= 0 ? std::min(index, length) : std::max(length + index, 0.0);
  rope.insert(static_cast<int64_t>(at), insert);
}
// Bullet 5: mantissa * 10^exponent = value with the mantissa below 10^scaling. jsonata-js loops
// for ever on zero, negatives and infinity; zero and infinity keep exponent 0 here, and negative
// values scale by their magnitude.
double scale_to_exponent(double& mantissa, double scaling_factor) {
  double exponent = 0;
  if (mantissa == 0 || !std::isfinite(mantissa)) return exponent;
  const double maximum = std::pow(10.0, scaling_factor);
  const double minimum = std::pow(10.0, scaling_factor - 1);
  const double sign = mantissa < 0 ? -1 : 1;
  double magnitude = std::fabs(mantissa);
  // Bounded: magnitude reaches infinity or the range within about 650 steps.
  while (magnitude < minimum) {
    magnitude *= 10;
    exponent -= 1;
  }
  while (magnitude > maximum) {
    magnitude /= 10;
    exponent += 1;
  }
  mantissa = sign * magnitude;
  return exponent;
}

Text strip_zero_digits(const Text& text, const Properties& p) {
  // charAt(i) === zero-digit only ever holds for a one-unit zero digit.
  if (p.zero_digit.size() != 1) return text;
  size_t begin = 0, end = text.size();
  while (begin < end && text[begin] == p.zero_digit[0]) ++begin;
  while (end > begin && text[end - 1] == p.zero_digit[0]) --end;
  return text.substr(begin, end - begin);
}

Text group_integer_part(const Text& text, const Variables& pic, const Properties& p) {
  int64_t decimal_at = detail::js_index_of(text, p.decimal_separator);
  if (pic.regular_grouping > 0) {
    // Insertions land left of one another, so one pass over the text does.
    const auto interval = static_cast<int64_t>(pic.regular_grouping);
    const int64_t groups = decimal_at >= 1 ? (decimal_at - 1) / interval : 0;
    Text out;
    for (int64_t i = 0; i < static_cast<int64_t>(text.size()); ++i) {
      const int64_t distance = decimal_at - i;
      if (distance > 0 && distance % interval == 0 && distance / interval <= groups) {
        out += p.grouping_separator;
      }
      out.push_back(text[static_cast<size_t>(i)]);
    }
    return out;
  }
  detail::Rope rope(text);
  for (const double position : pic.integer_grouping) {
    slice_insert(rope, static_cast<double>(decimal_at) - position, p.grouping_separator);
    ++decimal_at;  // one unit, whatever the separator's length (as jsonata-js counts)
  }
  return rope.str();
}

Text group_fractional_part(const Text& text, const Variables& pic, const Properties& p) {
  if (pic.fractional_grouping.empty()) return text;
  const auto decimal_at = static_cast<double>(detail::js_index_of(text, p.decimal_separator));
  detail::Rope rope(text);
  for (const double position : pic.fractional_grouping) {
    slice_insert(rope, position + decimal_at + 1, p.grouping_separator);
  }
  return rope.str();
}

Result<Text> render(double value, const Variables& pic, const Properties& p) {
  double mantissa = value;
  if (detail::js_index_of(pic.picture, p.percent) != -1) {
    mantissa = value * 100;
  } else if (detail::js_index_of(pic.picture, p.per_mille) != -1) {
    mantissa = value * 1000;
  }
  std::optional<double> exponent;
  if (pic.minimum_exponent != 0) exponent = scale_to_exponent(mantissa, pic.scaling_factor);
  const double rounded = js_round(mantissa, pic.maximum_fraction);
  auto made = make_string(rounded, pic.maximum_fraction, p);
  if (auto* failure = std::get_if<Failure>(&made)) return *failure;
  Text text = std::get<Text>(made);
  if (text.find(u'.') == Text::npos) {
    text += p.decimal_separator;
  } else {
    text = replace_point(text, p.decimal_separator);
  }
  text = strip_zero_digits(text, p);
  const auto length = static_cast<double>(text.size());
  auto decimal_at = static_cast<double>(detail::js_index_of(text, p.decimal_separator));
  const double pad_left = pic.minimum_integer - decimal_at;
  const double pad_right = pic.minimum_fraction - (length - decimal_at - 1);
  text = repeated(p.zero_digit, pad_left) + text + repeated(p.zero_digit, pad_right);
  text = group_fractional_part(group_integer_part(text, pic, p), pic, p);
  decimal_at = static_cast<double>(detail::js_index_of(text, p.decimal_separator));
  if (detail::js_index_of(pic.picture, p.decimal_separator) == -1 ||
      decimal_at == static_cast<double>(text.size()) - 1) {
    text = detail::js_substring(text, 0, static_cast<double>(text.size()) - 1);
  }
  if (exponent) {
    auto spelled = make_string(*exponent, 0, p);
    if (auto* failure = std::get_if<Failure>(&spelled)) return *failure;
    Text& digits = std::get<Text>(spelled);
    text += p.exponent_separator + (*exponent < 0 ? p.minus_sign : Text()) +
            repeated(p.zero_digit, pic.minimum_exponent - static_cast<double>(digits.size())) +
            digits;
  }
  return pic.prefix + text + pic.suffix;
}

// A $formatNumber picture analysed under one decimal format: both sub-pictures' variables (the
// negative one derived when the picture has only one). Depends on the picture and the format
// alone, so it is cached.
struct NumberPicture {
  Properties properties;
  Variables positive, negative;
};

Result<NumberPicture> analyse_number_picture(std::string_view picture,
                                             const DecimalFormat& format) {
  NumberPicture analysed{read_properties(format), {}, {}};
  const Properties& properties = analysed.properties;
  const std::vector<Text> pictures =
      js_split(detail::to_utf16(picture), properties.pattern_separator);
  if (pictures.size() > 2) {
    return detail::coded("D3080",
                         "The picture string must only contain a maximum of two "
                         "sub-pictures");
  }
  std::vector<SubPicture> parts;
  for (const Text& sub_picture : pictures) {
    auto split = split_parts(sub_picture, properties);
    if (auto* failure = std::get_if<Failure>(&split)) return *failure;
    parts.push_back(std::move(std::get<SubPicture>(split)));
  }
  for (const SubPicture& part : parts) {
    if (auto failure = validate(part, properties)) return *failure;
  }
  std::vector<Variables> variables;
  for (const SubPicture& part : parts) variables.push_back(analyse(part, properties));
  if (variables.size() == 1) {
    variables.push_back(variables[0]);
    variables[1].prefix = properties.minus_sign + variables[1].prefix;
  }
  // An empty pattern separator can leave no sub-picture at all.
  if (variables.empty()) return detail::type_error_reading("picture");
  WFSIM_ASSERT(variables.size() == 2);
  analysed.positive = std::move(variables[0]);
  analysed.negative = std::move(variables[1]);
  return analysed;
}

// The cache key: the picture and every field of the format, each preceded by its length so that
// no two different pairs spell the same key.
void number_picture_key(std::string& key, std::string_view picture, const DecimalFormat& format) {
  const auto add = [&key](std::string_view field) {
    key += std::to_string(field.size());
    key += ':';
    key += field;
  };
  key.clear();
  add(picture);
  for (const std::string* field :
       {&format.decimal_separator, &format.grouping_separator, &format.exponent_separator,
        &format.minus_sign, &format.infinity, &format.not_a_number, &format.percent,
        &format.per_mille, &format.zero_digit, &format.digit, &format.pattern_separator}) {
    add(*field);
  }
}

}  // namespace

Result<std::string> format_number(double value, std::string_view picture,
                                  const DecimalFormat& format) {
  thread_local detail::PictureCache<Result<NumberPicture>> pictures;
  thread_local std::string key;
  number_picture_key(key, picture, format);
  const auto& analysed =
      pictures.find_or_analyse(key, [&] { return analyse_number_picture(picture, format); });
  if (auto* failure = std::get_if<Failure>(&analysed)) return *failure;
  const NumberPicture& number_picture = std::get<NumberPicture>(analysed);
  auto rendered = render(value, value >= 0 ? number_picture.positive : number_picture.negative,
                         number_picture.properties);
  if (auto* failure = std::get_if<Failure>(&rendered)) return *failure;
  return detail::to_utf8(std::get<Text>(rendered));
}

}  // namespace wfsim::jsonata::picture
