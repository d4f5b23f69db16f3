// $formatNumber's picture analysis as jsonata-js 2.0.6 does it: the decimal format's active
// characters, splitting a sub-picture into prefix, mantissa, exponent and suffix, the F&O 4.7.3
// checks (D3081-D3093) and the F&O 4.7.4 variables (grouping positions, digit counts).
//
// Kept from jsonata-js: validation reports the last failing rule rather than the first; an
// exponent picture with a prefix splits at the wrong place (so D3093); without a decimal
// separator the suffix is taken as the fractional part; the fractional grouping scan searches
// the integer part. Not here: turning a number into text (picture_number.cpp).
#include <algorithm>
#include <cmath>
#include <set>

#include "core/assert.h"
#include "jsonata/picture_number_detail.h"

namespace wfsim::jsonata::picture::detail::number {

Properties read_properties(const DecimalFormat& format) {
  Properties p{detail::to_utf16(format.decimal_separator),
               detail::to_utf16(format.grouping_separator),
               detail::to_utf16(format.exponent_separator),
               detail::to_utf16(format.minus_sign),
               detail::to_utf16(format.percent),
               detail::to_utf16(format.per_mille),
               detail::to_utf16(format.zero_digit),
               detail::to_utf16(format.digit),
               detail::to_utf16(format.pattern_separator),
               {}};
  if (!p.zero_digit.empty()) {
    for (int i = 0; i < 10; ++i) {
      p.family.emplace_back(1, detail::js_to_uint16(static_cast<double>(p.zero_digit[0]) + i));
    }
  }
  return p;
}

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
  const int64_t exponent_at =
      detail::js_index_of(picture, p.exponent_separator, static_cast<int64_t>(parts.prefix.size()));
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
    parts.fractional =
        detail::js_substring(parts.mantissa, static_cast<double>(decimal_at) + 1, 1e300);
  }
  return parts;
}

namespace {

Failure number_picture_failure(std::string_view code) {
  static const std::pair<std::string_view, const char*> messages[] = {
      {"D3081",
       "The sub-picture must not contain more than one instance of the "
       "'decimal-separator' character"},
      {"D3082",
       "The sub-picture must not contain more than one instance of the 'percent' "
       "character"},
      {"D3083",
       "The sub-picture must not contain more than one instance of the 'per-mille' "
       "character"},
      {"D3084", "The sub-picture must not contain both a 'percent' and a 'per-mille' character"},
      {"D3085",
       "The mantissa part of a sub-picture must contain at least one character that is "
       "either an 'optional digit character' or a member of the 'decimal digit family'"},
      {"D3086",
       "The sub-picture must not contain a passive character that is preceded by an "
       "active character and that is followed by another active character"},
      {"D3087",
       "The sub-picture must not contain a 'grouping-separator' character that appears "
       "adjacent to a 'decimal-separator' character"},
      {"D3088",
       "The sub-picture must not contain a 'grouping-separator' at the end of the "
       "integer part"},
      {"D3089",
       "The sub-picture must not contain two adjacent instances of the "
       "'grouping-separator' character"},
      {"D3090",
       "The integer part of the sub-picture must not contain a member of the 'decimal "
       "digit family' that is followed by an instance of the 'optional digit character'"},
      {"D3091",
       "The fractional part of the sub-picture must not contain an instance of the "
       "'optional digit character' that is followed by a member of the 'decimal digit "
       "family'"},
      {"D3092",
       "A sub-picture that contains a 'percent' or 'per-mille' character must not "
       "contain a character treated as an 'exponent-separator'"},
      {"D3093",
       "The exponent part of the sub-picture must comprise only of one or more "
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
}  // namespace

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
  if (parts.exponent &&
      (parts.exponent->empty() || !std::all_of(parts.exponent->begin(), parts.exponent->end(),
                                               [&](char16_t u) { return p.in_family(u); }))) {
    error = "D3093";
  }
  if (error == nullptr) return std::nullopt;
  return number_picture_failure(error);
}

namespace {

std::vector<double> grouping_positions(const Text& part, bool to_left, const SubPicture& parts,
                                       const Properties& p) {
  std::vector<int64_t> before(part.size() + 1, 0);  // digit signs in part[0, i)
  for (size_t i = 0; i < part.size(); ++i)
    before[i + 1] = before[i] + (p.is_digit_sign(part[i]) ? 1 : 0);
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

}  // namespace

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
  if (exponent && v.minimum_integer == 0 && detail::js_index_of(parts.integer, p.digit) != -1) {
    v.minimum_integer = 1;
  }
  if (v.minimum_integer == 0 && v.minimum_fraction == 0) v.minimum_fraction = 1;
  if (exponent) v.minimum_exponent = count_if(*parts.exponent, p, false);
  v.prefix = parts.prefix;
  v.suffix = parts.suffix;
  v.picture = parts.whole;
  return v;
}

}  // namespace wfsim::jsonata::picture::detail::number
