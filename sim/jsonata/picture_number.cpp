// $formatNumber: fn:format-number with a decimal format, as jsonata-js 2.0.6 does it.
//
// jsonata-js departs from the W3C text in ways that show in its output, and they are kept:
// validation reports the last failing rule rather than the first; an exponent picture with a
// prefix splits at the wrong place (D3093); without a decimal separator the suffix is taken as
// the fractional part; the fractional grouping scan searches the integer part; irregular grouping
// of a short number uses slice with negative indices; rounding is half-to-even on the shortest
// decimal spelling, then toFixed; infinity and NaN options are never used. Where jsonata-js loops
// for ever (an exponent picture with zero, a negative number or infinity) this returns the
// natural result instead: exponent 0 for zero and infinity, the magnitude's exponent otherwise.
// Not here: the options object's parsing (the caller fills DecimalFormat).
#include <algorithm>
#include <cmath>
#include <set>

#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture {

DecimalFormat default_decimal_format() { return DecimalFormat{}; }

namespace {

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

Properties read_properties(const DecimalFormat& format) {
  Properties p{detail::to_utf16(format.decimal_separator), detail::to_utf16(format.grouping_separator),
               detail::to_utf16(format.exponent_separator), detail::to_utf16(format.minus_sign),
               detail::to_utf16(format.percent),           detail::to_utf16(format.per_mille),
               detail::to_utf16(format.zero_digit),        detail::to_utf16(format.digit),
               detail::to_utf16(format.pattern_separator), {}};
  if (!p.zero_digit.empty()) {
    for (int i = 0; i < 10; ++i) {
      p.family.emplace_back(1, detail::js_to_uint16(static_cast<double>(p.zero_digit[0]) + i));
    }
  }
  return p;
}

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

std::vector<Text> js_split(TextView text, TextView separator) {
  std::vector<Text> out;
  if (separator.empty()) {
    for (const char16_t unit : text) out.emplace_back(1, unit);
    return out;
  }
  size_t at = 0;
  while (true) {
    const size_t found = text.find(separator, at);
    if (found == TextView::npos) break;
    out.emplace_back(text.substr(at, found - at));
    at = found + separator.size();
  }
  out.emplace_back(text.substr(at));
  return out;
}

Result<SubPicture> split_parts(const Text& picture, const Properties& p) {
  SubPicture parts;
  parts.whole = picture;
  std::optional<size_t> first, last;
  for (size_t i = 0; i < picture.size(); ++i) {
    if (p.is_active(picture[i]) && Text(1, picture[i]) != p.exponent_separator) {
      if (!first) first = i;
      last = i;
    }
  }
  // No active character: jsonata-js reads .length of its undefined prefix.
  if (!first) return detail::type_error_reading("length");
  parts.prefix = picture.substr(0, *first);
  parts.suffix = picture.substr(*last + 1);
  const double length = static_cast<double>(picture.size());
  parts.active = detail::js_substring(picture, static_cast<double>(parts.prefix.size()),
                                      length - static_cast<double>(parts.suffix.size()));
  const int64_t exponent_at = detail::js_index_of(
      picture, p.exponent_separator, static_cast<int64_t>(parts.prefix.size()));
  if (exponent_at == -1 ||
      exponent_at > static_cast<int64_t>(picture.size() - parts.suffix.size())) {
    parts.mantissa = parts.active;
  } else {
    // Indexes of the whole sub-picture applied to the active part, as jsonata-js does.
    const auto at = static_cast<double>(exponent_at);
    parts.mantissa = detail::js_substring(parts.active, 0, at);
    parts.exponent = detail::js_substring(parts.active, at + 1, 1e300);
  }
  const int64_t decimal_at = detail::js_index_of(parts.mantissa, p.decimal_separator);
  if (decimal_at == -1) {
    parts.integer = parts.mantissa;
    parts.fractional = parts.suffix;
  } else {
    parts.integer = parts.mantissa.substr(0, static_cast<size_t>(decimal_at));
    parts.fractional = detail::js_substring(parts.mantissa, static_cast<double>(decimal_at) + 1, 1e300);
  }
  return parts;
}

Failure number_picture_failure(std::string_view code) {
  static const std::pair<std::string_view, const char*> messages[] = {
      {"D3081", "The sub-picture must not contain more than one instance of the "
                "'decimal-separator' character"},
      {"D3082", "The sub-picture must not contain more than one instance of the 'percent' "
                "character"},
      {"D3083", "The sub-picture must not contain more than one instance of the 'per-mille' "
                "character"},
      {"D3084", "The sub-picture must not contain both a 'percent' and a 'per-mille' character"},
      {"D3085", "The mantissa part of a sub-picture must contain at least one character that is "
                "either an 'optional digit character' or a member of the 'decimal digit family'"},
      {"D3086", "The sub-picture must not contain a passive character that is preceded by an "
                "active character and that is followed by another active character"},
      {"D3087", "The sub-picture must not contain a 'grouping-separator' character that appears "
                "adjacent to a 'decimal-separator' character"},
      {"D3088", "The sub-picture must not contain a 'grouping-separator' at the end of the "
                "integer part"},
      {"D3089", "The sub-picture must not contain two adjacent instances of the "
                "'grouping-separator' character"},
      {"D3090", "The integer part of the sub-picture must not contain a member of the 'decimal "
                "digit family' that is followed by an instance of the 'optional digit character'"},
      {"D3091", "The fractional part of the sub-picture must not contain an instance of the "
                "'optional digit character' that is followed by a member of the 'decimal digit "
                "family'"},
      {"D3092", "A sub-picture that contains a 'percent' or 'per-mille' character must not "
                "contain a character treated as an 'exponent-separator'"},
      {"D3093", "The exponent part of the sub-picture must comprise only of one or more "
                "characters that are members of the 'decimal digit family'"},
  };
  for (const auto& [known, message] : messages) {
    if (known == code) return detail::coded(std::string(code), message);
  }
  WFSIM_UNREACHABLE("unknown $formatNumber picture error " + std::string(code));
}

bool has_family(TextView text, const Properties& p) {
  return std::any_of(text.begin(), text.end(), [&](char16_t u) { return p.in_family(u); });
}

Text char_at(TextView text, int64_t index) {
  if (index < 0 || index >= static_cast<int64_t>(text.size())) return Text();
  return Text(1, text[static_cast<size_t>(index)]);
}

// F&O 4.7.3 as jsonata-js checks it: every rule runs and the last failing one is reported.
std::optional<Failure> validate(const SubPicture& parts, const Properties& p) {
  const char* error = nullptr;
  const Text& whole = parts.whole;
  const auto repeated = [&](const Text& s) {
    return detail::js_index_of(whole, s) != detail::js_last_index_of(whole, s);
  };
  const int64_t decimal_at = detail::js_index_of(whole, p.decimal_separator);
  if (repeated(p.decimal_separator)) error = "D3081";
  if (repeated(p.percent)) error = "D3082";
  if (repeated(p.per_mille)) error = "D3083";
  const bool percent = detail::js_index_of(whole, p.percent) != -1;
  const bool per_mille = detail::js_index_of(whole, p.per_mille) != -1;
  if (percent && per_mille) error = "D3084";
  if (!std::any_of(parts.mantissa.begin(), parts.mantissa.end(),
                   [&](char16_t u) { return p.is_digit_sign(u); })) {
    error = "D3085";
  }
  if (!std::all_of(parts.active.begin(), parts.active.end(),
                   [&](char16_t u) { return p.is_active(u); })) {
    error = "D3086";
  }
  if (decimal_at != -1) {
    if (char_at(whole, decimal_at - 1) == p.grouping_separator ||
        char_at(whole, decimal_at + 1) == p.grouping_separator) {
      error = "D3087";
    }
  } else if (char_at(parts.integer, static_cast<int64_t>(parts.integer.size()) - 1) ==
             p.grouping_separator) {
    error = "D3088";
  }
  if (detail::js_index_of(whole, p.grouping_separator + p.grouping_separator) != -1) {
    error = "D3089";
  }
  const int64_t optional_at = detail::js_index_of(parts.integer, p.digit);
  if (optional_at != -1 &&
      has_family(TextView(parts.integer).substr(0, static_cast<size_t>(optional_at)), p)) {
    error = "D3090";
  }
  const int64_t last_optional_at = detail::js_last_index_of(parts.fractional, p.digit);
  if (last_optional_at != -1 &&
      has_family(TextView(parts.fractional).substr(static_cast<size_t>(last_optional_at)), p)) {
    error = "D3091";
  }
  if (parts.exponent && !parts.exponent->empty() && (percent || per_mille)) error = "D3092";
  if (parts.exponent && (parts.exponent->empty() ||
                         !std::all_of(parts.exponent->begin(), parts.exponent->end(),
                                      [&](char16_t u) { return p.in_family(u); }))) {
    error = "D3093";
  }
  if (error == nullptr) return std::nullopt;
  return number_picture_failure(error);
}

std::vector<double> grouping_positions(const Text& part, bool to_left, const SubPicture& parts,
                                       const Properties& p) {
  std::vector<int64_t> before(part.size() + 1, 0);  // digit signs in part[0, i)
  for (size_t i = 0; i < part.size(); ++i) before[i + 1] = before[i] + (p.is_digit_sign(part[i]) ? 1 : 0);
  std::vector<double> positions;
  int64_t at = detail::js_index_of(part, p.grouping_separator);
  while (at != -1) {
    const auto cut = static_cast<size_t>(std::min<int64_t>(at, static_cast<int64_t>(part.size())));
    positions.push_back(static_cast<double>(to_left ? before[cut] : before.back() - before[cut]));
    // jsonata-js searches on in the integer part whichever part it scans (kept).
    const int64_t next = detail::js_index_of(parts.integer, p.grouping_separator, at + 1);
    WFSIM_ASSERT(next == -1 || next > at);
    at = next;
  }
  return positions;
}

double regular_interval(const std::vector<double>& positions) {
  if (positions.empty()) return 0;
  double factor = positions[0];
  for (size_t i = 1; i < positions.size(); ++i) {
    double a = factor, b = positions[i];
    while (b != 0) {
      const double next = std::fmod(a, b);
      a = b;
      b = next;
    }
    factor = a;
  }
  const std::set<double> known(positions.begin(), positions.end());
  for (size_t index = 1; index <= positions.size(); ++index) {
    if (known.count(static_cast<double>(index) * factor) == 0) return 0;
  }
  return factor;
}

double count_if(TextView text, const Properties& p, bool optional_too) {
  return static_cast<double>(std::count_if(text.begin(), text.end(), [&](char16_t u) {
    return optional_too ? p.is_digit_sign(u) : p.in_family(u);
  }));
}

Variables analyse(const SubPicture& parts, const Properties& p) {
  Variables v;
  v.integer_grouping = grouping_positions(parts.integer, false, parts, p);
  v.regular_grouping = regular_interval(v.integer_grouping);
  v.fractional_grouping = grouping_positions(parts.fractional, true, parts, p);
  v.minimum_integer = count_if(parts.integer, p, false);
  v.scaling_factor = v.minimum_integer;
  v.minimum_fraction = count_if(parts.fractional, p, false);
  v.maximum_fraction = count_if(parts.fractional, p, true);
  const bool exponent = parts.exponent.has_value();
  if (v.minimum_integer == 0 && v.maximum_fraction == 0) {
    if (exponent) {
      v.minimum_fraction = v.maximum_fraction = 1;
    } else {
      v.minimum_integer = 1;
    }
  }
  if (exponent && v.minimum_integer == 0 &&
      detail::js_index_of(parts.integer, p.digit) != -1) {
    v.minimum_integer = 1;
  }
  if (v.minimum_integer == 0 && v.minimum_fraction == 0) v.minimum_fraction = 1;
  if (exponent) v.minimum_exponent = count_if(*parts.exponent, p, false);
  v.prefix = parts.prefix;
  v.suffix = parts.suffix;
  v.picture = parts.whole;
  return v;
}

double js_math_round(double x) {
  if (!std::isfinite(x) || x == std::trunc(x)) return x;
  const double down = std::floor(x);
  return x - down >= 0.5 ? down + 1 : down;
}

// +(mantissa + "e" + (exponent + shift)) over String(value), as jsonata-js's round shifts.
double shift_decimal(double value, double shift) {
  const Text spelled = detail::js_number_to_string(value);
  const size_t e = spelled.find(u'e');
  double exponent = shift;
  Text mantissa = spelled;
  if (e != Text::npos) {
    mantissa = spelled.substr(0, e);
    exponent += detail::js_decimal_to_number(spelled.substr(e + 1));
  }
  return detail::js_decimal_to_number(mantissa + u"e" + detail::js_number_to_string(exponent));
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

}  // namespace

Result<std::string> format_number(double value, std::string_view picture,
                                  const DecimalFormat& format) {
  const Properties properties = read_properties(format);
  const std::vector<Text> pictures = js_split(detail::to_utf16(picture), properties.pattern_separator);
  if (pictures.size() > 2) {
    return detail::coded("D3080", "The picture string must only contain a maximum of two "
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
  auto rendered = render(value, value >= 0 ? variables[0] : variables[1], properties);
  if (auto* failure = std::get_if<Failure>(&rendered)) return *failure;
  return detail::to_utf8(std::get<Text>(rendered));
}

}  // namespace wfsim::jsonata::picture
