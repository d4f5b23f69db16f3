// Reading integers back from text (jsonata-js's parse side of integer pictures: letters, roman
// numerals, English words, decimal digits) and the public $formatInteger / $parseInteger.
//
// jsonata-js does not validate the text $parseInteger gets: each reader does arithmetic on
// whatever is there, and unknown characters or words turn the result into NaN. That is kept, as
// is reading grouping separators out with "," whatever the picture's separator is. Not here: the
// pattern matching of date/time parsing (picture_datetime_parse.cpp), which uses these readers.
#include <cmath>
#include <limits>
#include <map>

#include "core/assert.h"
#include "jsonata/picture_cache.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

std::vector<std::pair<Text, double>> build_word_values() {
  static const char16_t* const few[] = {
      u"zero",     u"one",     u"two",     u"three",     u"four",     u"five",    u"six",
      u"seven",    u"eight",   u"nine",    u"ten",       u"eleven",   u"twelve",  u"thirteen",
      u"fourteen", u"fifteen", u"sixteen", u"seventeen", u"eighteen", u"nineteen"};
  static const char16_t* const ordinals[] = {
      u"zeroth",    u"first",     u"second",      u"third",      u"fourth",
      u"fifth",     u"sixth",     u"seventh",     u"eighth",     u"ninth",
      u"tenth",     u"eleventh",  u"twelfth",     u"thirteenth", u"fourteenth",
      u"fifteenth", u"sixteenth", u"seventeenth", u"eighteenth", u"nineteenth"};
  static const char16_t* const decades[] = {u"twenty",  u"thirty", u"forty",  u"fifty",  u"sixty",
                                            u"seventy", u"eighty", u"ninety", u"hundred"};
  static const char16_t* const magnitudes[] = {u"thousand", u"million", u"billion", u"trillion"};
  // jsonata-js's object insertion order; its pattern tries the words in this order.
  std::vector<std::pair<Text, double>> values;
  for (int i = 0; i < 20; ++i) values.emplace_back(few[i], i);
  for (int i = 0; i < 20; ++i) values.emplace_back(ordinals[i], i);
  for (int i = 0; i < 9; ++i) {
    const Text word = decades[i];
    values.emplace_back(word, (i + 2) * 10);
    // "hundred" yields the odd "hundreieth" too, as in jsonata-js.
    values.emplace_back(word.substr(0, word.size() - 1) + u"ieth", (i + 2) * 10);
  }
  values.emplace_back(u"hundredth", 100);
  double value = 1000;
  for (const char16_t* word : magnitudes) {
    values.emplace_back(word, value);
    values.emplace_back(Text(word) + u"th", value);
    value *= 1000;
  }
  return values;
}

// End of a match of /,\s|\sand\s|[\s\\-]/ at `at`, or 0 when none.
size_t word_separator_end(TextView text, size_t at) {
  const auto space = [&](size_t i) { return i < text.size() && js_is_space(text[i]); };
  if (text[at] == u',' && space(at + 1)) return at + 2;
  if (space(at) && text.substr(at + 1, 3) == u"and" && space(at + 4)) return at + 5;
  if (space(at) || text[at] == u'\\' || text[at] == u'-') return at + 1;
  return 0;
}

double letters_to_decimal(TextView letters, char16_t a) {
  double decimal = 0;
  for (size_t i = 0; i < letters.size(); ++i) {
    const double code = letters[letters.size() - i - 1];
    decimal += (code - a + 1) * std::pow(26.0, static_cast<double>(i));
  }
  return decimal;
}

double roman_to_decimal(TextView roman) {
  double decimal = 0;
  double max = 1;
  for (size_t i = roman.size(); i-- > 0;) {
    double value = 0;
    switch (roman[i]) {
      case u'M':
        value = 1000;
        break;
      case u'D':
        value = 500;
        break;
      case u'C':
        value = 100;
        break;
      case u'L':
        value = 50;
        break;
      case u'X':
        value = 10;
        break;
      case u'V':
        value = 5;
        break;
      case u'I':
        value = 1;
        break;
      default:
        return not_a_number;  // undefined poisons the sum
    }
    if (value < max) {
      decimal -= value;
    } else {
      max = value;
      decimal += value;
    }
  }
  return decimal;
}

// String.prototype.toUpperCase for what roman numerals can become: ASCII, and dotless i.
Text roman_upper(TextView text) {
  Text out = ascii_upper(text);
  for (char16_t& unit : out) {
    if (unit == 0x0131) unit = u'I';
  }
  return out;
}

Text remove_all(TextView text, TextView separator) {
  Text out;
  size_t at = 0;
  while (true) {
    const size_t found = text.find(separator, at);
    if (found == TextView::npos || separator.empty()) break;
    out += text.substr(at, found - at);
    at = found + separator.size();
  }
  out += text.substr(at);
  return out;
}

Result<double> parse_decimal(TextView text, const IntegerFormat& format) {
  Text digits(text);
  if (format.ordinal) digits = js_substring(text, 0, static_cast<double>(text.size()) - 2);
  if (format.regular) {
    digits = remove_all(digits, u",");
  } else {
    for (const auto& separator : format.separators)
      digits = remove_all(digits, separator.character);
  }
  if (format.zero_code != 0x30) {
    Text shifted;
    for (const char16_t unit : digits) {
      const double code_point = unit - format.zero_code + 0x30;
      if (code_point < 0 || code_point > 0x10FFFF) {
        return coded("", "Invalid code point " + to_utf8(js_number_to_string(code_point)));
      }
      const auto point = static_cast<uint32_t>(code_point);
      if (point < 0x10000) {
        shifted.push_back(static_cast<char16_t>(point));
      } else {
        shifted.push_back(static_cast<char16_t>(0xD800 + ((point - 0x10000) >> 10)));
        shifted.push_back(static_cast<char16_t>(0xDC00 + ((point - 0x10000) & 0x3FF)));
      }
    }
    digits = shifted;
  }
  return js_parse_int(digits);
}

}  // namespace

const std::vector<std::pair<Text, double>>& word_values() {
  static const std::vector<std::pair<Text, double>> values = build_word_values();
  return values;
}

double words_to_number(TextView text) {
  // text.split(/,\s|\sand\s|[\s\\-]/), then each part's value (unknown = NaN).
  std::vector<Text> parts;
  size_t start = 0, at = 0;
  while (at < text.size()) {
    const size_t end = word_separator_end(text, at);
    if (end == 0) {
      ++at;
      continue;
    }
    parts.emplace_back(text.substr(start, at - start));
    start = at = end;
  }
  parts.emplace_back(text.substr(start));
  static const std::map<Text, double> lookup(word_values().begin(), word_values().end());
  std::vector<double> segments = {0};
  for (const Text& part : parts) {
    const auto found = lookup.find(part);
    const double value = found == lookup.end() ? not_a_number : found->second;
    WFSIM_ASSERT(!segments.empty());
    if (value < 100) {
      double top = segments.back();
      segments.pop_back();
      if (top >= 1000) {
        segments.push_back(top);
        top = 0;
      }
      segments.push_back(top + value);
    } else {
      segments.back() *= value;
    }
  }
  double sum = 0;
  for (const double segment : segments) sum += segment;
  return sum;
}

Result<double> parse_integer_value(TextView text, const IntegerFormat& format) {
  const bool upper = format.letter_case == LetterCase::upper;
  switch (format.primary) {
    case Primary::letters:
      return letters_to_decimal(text, upper ? u'A' : u'a');
    case Primary::roman:
      return roman_to_decimal(upper ? Text(text) : roman_upper(text));
    case Primary::words:
      return words_to_number(ascii_lower(text));
    case Primary::decimal:
      return parse_decimal(text, format);
    case Primary::sequence:
      return sequence_failure(format.token);
  }
  WFSIM_UNREACHABLE("unknown integer format");
}

}  // namespace wfsim::jsonata::picture::detail

namespace wfsim::jsonata::picture {

namespace {

// analyse_integer_picture of a UTF-8 picture through this thread's cache (picture_cache.h).
const Result<detail::IntegerFormat>& cached_integer_picture(std::string_view picture) {
  thread_local detail::PictureCache<Result<detail::IntegerFormat>> pictures;
  return pictures.find_or_analyse(
      picture, [&] { return detail::analyse_integer_picture(detail::to_utf16(picture)); });
}

}  // namespace

Result<std::string> format_integer(double value, std::string_view picture) {
  const auto& format = cached_integer_picture(picture);
  if (const auto* failure = std::get_if<Failure>(&format)) return *failure;
  auto formatted =
      detail::format_integer_value(std::floor(value), std::get<detail::IntegerFormat>(format));
  if (const auto* failure = std::get_if<Failure>(&formatted)) return *failure;
  return detail::to_utf8(std::get<detail::Text>(formatted));
}

Result<double> parse_integer(std::string_view text, std::string_view picture) {
  const auto& format = cached_integer_picture(picture);
  if (const auto* failure = std::get_if<Failure>(&format)) return *failure;
  return detail::parse_integer_value(detail::to_utf16(text),
                                     std::get<detail::IntegerFormat>(format));
}

}  // namespace wfsim::jsonata::picture
