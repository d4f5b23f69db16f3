// Integer pictures (fn:format-integer as jsonata-js 2.0.6 reads it): the picture analysis shared
// with date/time markers, decimal digit patterns with grouping separators, ordinals, English
// words, roman numerals, spreadsheet letters, and $formatInteger / $parseInteger.
//
// Mirrors jsonata-js's behaviour, not the W3C text: only "a", "A", "i", "I", "w", "W", "Ww" and
// decimal digit patterns are known (anything else is D3130); "o" after ";" asks for ordinals;
// the text given to $parseInteger is not validated (unreadable text gives NaN). Not here:
// decimal formats of $formatNumber (picture_number.cpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// The first code point of each Unicode decimal digit group jsonata-js knows (BMP only).
constexpr char32_t decimal_groups[] = {
    0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6,
    0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0,
    0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
    0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

const char16_t* const few_words[] = {
    u"Zero",     u"One",     u"Two",     u"Three",     u"Four",     u"Five",    u"Six",
    u"Seven",    u"Eight",   u"Nine",    u"Ten",       u"Eleven",   u"Twelve",  u"Thirteen",
    u"Fourteen", u"Fifteen", u"Sixteen", u"Seventeen", u"Eighteen", u"Nineteen"};
const char16_t* const ordinal_words[] = {
    u"Zeroth",    u"First",     u"Second",      u"Third",      u"Fourth",
    u"Fifth",     u"Sixth",     u"Seventh",     u"Eighth",     u"Ninth",
    u"Tenth",     u"Eleventh",  u"Twelfth",     u"Thirteenth", u"Fourteenth",
    u"Fifteenth", u"Sixteenth", u"Seventeenth", u"Eighteenth", u"Nineteenth"};
const char16_t* const decade_words[] = {u"Twenty",  u"Thirty", u"Forty",  u"Fifty",  u"Sixty",
                                        u"Seventy", u"Eighty", u"Ninety", u"Hundred"};
const char16_t* const magnitude_words[] = {u"Thousand", u"Million", u"Billion", u"Trillion"};

// A padded number longer than this is refused ("Invalid string length") rather than built;
// V8's own limit is 2^29 - 24 units, which no sane picture approaches.
constexpr double max_output_units = 1000000.0;

// Appends few[index] in JavaScript: a word for an integral index in range, else "undefined".
void append_table_word(Text& out, const char16_t* const* table, size_t size, double index) {
  if (index >= 0 && index < static_cast<double>(size) && index == std::trunc(index)) {
    out += table[static_cast<size_t>(index)];
  } else {
    out += u"undefined";
  }
}

// jsonata-js's lookup(number, prev, ord), appending to one text instead of building and joining
// a string per level.
void append_words(Text& out, double number, bool previous, bool ordinal) {
  if (number <= 19) {
    if (previous) out += u" and ";
    if (ordinal) {
      append_table_word(out, ordinal_words, 20, number);
    } else {
      append_table_word(out, few_words, 20, number);
    }
    return;
  }
  if (number < 100) {
    const double tens = std::floor(number / 10);
    const double remainder = std::fmod(number, 10);
    if (previous) out += u" and ";
    append_table_word(out, decade_words, 9, tens - 2);
    if (remainder > 0) {
      out += u"-";
      append_words(out, remainder, false, ordinal);
    } else if (ordinal) {
      out.pop_back();  // "Twenty" -> "Twentieth"
      out += u"ieth";
    }
    return;
  }
  if (number < 1000) {
    const double hundreds = std::floor(number / 100);
    const double remainder = std::fmod(number, 100);
    if (previous) out += u", ";
    append_table_word(out, few_words, 20, hundreds);
    out += u" Hundred";
    if (remainder > 0) {
      append_words(out, remainder, true, ordinal);
    } else if (ordinal) {
      out += u"th";
    }
    return;
  }
  double magnitude = std::floor(std::log10(number) / 3);
  if (magnitude > 4) magnitude = 4;
  const double factor = std::pow(10.0, magnitude * 3);
  const double mantissa = std::floor(number / factor);
  const double remainder = number - mantissa * factor;
  if (previous) out += u", ";
  append_words(out, mantissa, false, false);
  out += u" ";
  append_table_word(out, magnitude_words, 4, magnitude - 1);
  if (remainder > 0) {
    append_words(out, remainder, true, ordinal);
  } else if (ordinal) {
    out += u"th";
  }
}

Result<Text> roman_numerals(double value) {
  static constexpr std::pair<double, const char16_t*> numerals[] = {
      {1000, u"m"}, {900, u"cm"}, {500, u"d"}, {400, u"cd"}, {100, u"c"}, {90, u"xc"}, {50, u"l"},
      {40, u"xl"},  {10, u"x"},   {9, u"ix"},  {5, u"v"},    {4, u"iv"},  {1, u"i"}};
  // jsonata-js recurses once per numeral; V8's stack gives out near ten thousand of them.
  if (!(value < 1e7) && !std::isnan(value)) return stack_overflow();
  Text out;
  while (true) {
    bool emitted = false;
    for (const auto& [amount, spelled] : numerals) {
      if (value >= amount) {
        out += spelled;
        value -= amount;
        emitted = true;
        break;
      }
    }
    if (!emitted) return out;
  }
}

Result<Text> spreadsheet_letters(double value, char16_t a) {
  if (std::isinf(value) && value > 0) return coded("", "Invalid array length");
  Text reversed;
  while (value > 0) {
    reversed.push_back(js_to_uint16(std::fmod(value - 1, 26) + a));
    value = std::floor((value - 1) / 26);
  }
  return Text(reversed.rbegin(), reversed.rend());
}

// Grouping of a decimal string as jsonata-js's _formatInteger does it, substr quirks included.
Text group_decimal(const Text& digits, const IntegerFormat& format) {
  if (format.regular) {
    // Every insertion lands left of the previous ones, so one pass over the digits does.
    WFSIM_ASSERT(format.separators.size() == 1 && format.separators[0].position >= 1);
    const auto interval = static_cast<int64_t>(format.separators[0].position);
    const auto length = static_cast<int64_t>(digits.size());
    Text out;
    for (int64_t i = 0; i < length; ++i) {
      if (i >= 1 && length - i >= interval && (length - i) % interval == 0) {
        out += format.separators[0].character;
      }
      out.push_back(digits[static_cast<size_t>(i)]);
    }
    return out;
  }
  // Separators from the largest position down (jsonata-js reverses its right-to-left list).
  Rope rope(digits);
  for (auto it = format.separators.rbegin(); it != format.separators.rend(); ++it) {
    const double index = static_cast<double>(rope.size()) - it->position;
    if (index >= 0) {
      rope.insert(static_cast<int64_t>(index), it->character);
    } else {
      // substr(0, negative) is empty and substr(negative) keeps only the last units.
      const double kept_from = std::max(static_cast<double>(rope.size()) + index, 0.0);
      rope.drop_prefix(static_cast<int64_t>(kept_from));
      rope.insert(0, it->character);
    }
  }
  return rope.str();
}

Result<Text> format_decimal(double value, const IntegerFormat& format) {
  Text digits = js_number_to_string(value);
  const double padding = format.mandatory_digits - static_cast<double>(digits.size());
  if (padding > 0) {
    if (padding + static_cast<double>(digits.size()) > max_output_units) {
      return coded("", "Invalid string length");
    }
    digits.insert(0, static_cast<size_t>(padding), u'0');
  }
  if (format.zero_code != 0x30) {
    for (char16_t& unit : digits) {
      unit = static_cast<char16_t>(unit + static_cast<char16_t>(format.zero_code - 0x30));
    }
  }
  if (!format.separators.empty()) digits = group_decimal(digits, format);
  if (format.ordinal) {
    const char16_t last = digits.empty() ? 0 : digits.back();
    const bool teen = digits.size() > 1 && digits[digits.size() - 2] == u'1';
    const char16_t* suffix = u"th";
    if (!teen && last == u'1') suffix = u"st";
    if (!teen && last == u'2') suffix = u"nd";
    if (!teen && last == u'3') suffix = u"rd";
    digits += suffix;
  }
  return digits;
}

// Code points of a UTF-16 text, lone surrogates kept as themselves (JavaScript's for-of).
std::vector<char32_t> code_points(TextView text) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char16_t unit = text[i];
    const bool high = unit >= 0xD800 && unit <= 0xDBFF;
    if (high && i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      out.push_back(0x10000 + ((unit - 0xD800u) << 10) + (text[i + 1] - 0xDC00u));
      ++i;
    } else {
      out.push_back(unit);
    }
  }
  return out;
}

Text from_code_point(char32_t code_point) {
  Text out;
  if (code_point < 0x10000) {
    out.push_back(static_cast<char16_t>(code_point));
  } else {
    code_point -= 0x10000;
    out.push_back(static_cast<char16_t>(0xD800 + (code_point >> 10)));
    out.push_back(static_cast<char16_t>(0xDC00 + (code_point & 0x3FF)));
  }
  return out;
}

double repeat_interval(const std::vector<GroupingSeparator>& separators) {
  if (separators.empty()) return 0;
  for (const auto& separator : separators) {
    if (separator.character != separators[0].character) return 0;
  }
  double factor = separators[0].position;
  for (size_t i = 1; i < separators.size(); ++i) {
    double a = factor, b = separators[i].position;
    while (b != 0) {
      const double next = std::fmod(a, b);
      a = b;
      b = next;
    }
    factor = a;
  }
  std::set<double> positions;
  for (const auto& separator : separators) positions.insert(separator.position);
  for (size_t index = 1; index <= separators.size(); ++index) {
    if (positions.count(static_cast<double>(index) * factor) == 0) return 0;
  }
  return factor;
}

Result<IntegerFormat> analyse_decimal_pattern(TextView primary, IntegerFormat format) {
  double zero_code = -1;
  double mandatory = 0, optional = 0, position = 0;
  std::vector<GroupingSeparator> separators;
  std::vector<char32_t> points = code_points(primary);
  for (auto it = points.rbegin(); it != points.rend(); ++it) {
    bool digit = false;
    for (const char32_t group : decimal_groups) {
      if (*it >= group && *it <= group + 9) {
        digit = true;
        ++mandatory;
        ++position;
        if (zero_code < 0) {
          zero_code = group;
        } else if (zero_code != group) {
          return coded("D3131",
                       "In a decimal digit pattern, all digits must be from the same "
                       "decimal group");
        }
        break;
      }
    }
    if (digit) continue;
    if (*it == U'#') {
      ++position;
      ++optional;
    } else {
      separators.push_back(GroupingSeparator{position, from_code_point(*it)});
    }
  }
  if (mandatory == 0) {
    format.primary = Primary::sequence;
    format.token = Text(primary);
    format.mandatory_digits = format.optional_digits = not_a_number;
    return format;
  }
  format.primary = Primary::decimal;
  format.zero_code = zero_code;
  format.mandatory_digits = mandatory;
  format.optional_digits = optional;
  const double interval = repeat_interval(separators);
  format.regular = interval > 0;
  if (format.regular) {
    format.separators = {GroupingSeparator{interval, separators[0].character}};
  } else {
    format.separators = std::move(separators);
  }
  return format;
}

}  // namespace

Failure sequence_failure(TextView token) {
  return coded("D3130", "Formatting or parsing an integer as a sequence starting with " +
                            json_quote(token) + " is not supported by this implementation");
}

Result<IntegerFormat> analyse_integer_picture(TextView picture) {
  IntegerFormat format;
  Text primary(picture);
  const int64_t semicolon = js_last_index_of(picture, u";");
  if (semicolon != -1) {
    primary = Text(picture.substr(0, static_cast<size_t>(semicolon)));
    const TextView modifier = picture.substr(static_cast<size_t>(semicolon) + 1);
    format.ordinal = !modifier.empty() && modifier[0] == u'o';
  }
  const auto named = [&](Primary kind, LetterCase letter_case) {
    format.primary = kind;
    format.letter_case = letter_case;
    format.mandatory_digits = format.optional_digits = not_a_number;
    return format;
  };
  if (primary == u"A") return named(Primary::letters, LetterCase::upper);
  if (primary == u"a") return named(Primary::letters, LetterCase::lower);
  if (primary == u"I") return named(Primary::roman, LetterCase::upper);
  if (primary == u"i") return named(Primary::roman, LetterCase::lower);
  if (primary == u"W") return named(Primary::words, LetterCase::upper);
  if (primary == u"Ww") return named(Primary::words, LetterCase::title);
  if (primary == u"w") return named(Primary::words, LetterCase::lower);
  return analyse_decimal_pattern(primary, format);
}

Result<Text> format_integer_value(double value, const IntegerFormat& format) {
  const bool negative = value < 0;
  value = std::fabs(value);
  Result<Text> formatted = Text();
  switch (format.primary) {
    case Primary::letters:
      formatted = spreadsheet_letters(value, format.letter_case == LetterCase::upper ? u'A' : u'a');
      break;
    case Primary::roman:
      formatted = roman_numerals(value);
      if (auto* text = std::get_if<Text>(&formatted);
          text && format.letter_case == LetterCase::upper) {
        *text = ascii_upper(*text);
      }
      break;
    case Primary::words: {
      // jsonata-js recurses without end on NaN and infinities.
      if (!std::isfinite(value)) return stack_overflow();
      Text words;
      append_words(words, value, false, format.ordinal);
      if (format.letter_case == LetterCase::upper) words = ascii_upper(words);
      if (format.letter_case == LetterCase::lower) words = ascii_lower(words);
      formatted = std::move(words);
      break;
    }
    case Primary::decimal:
      formatted = format_decimal(value, format);
      break;
    case Primary::sequence:
      return sequence_failure(format.token);
  }
  if (auto* text = std::get_if<Text>(&formatted); text && negative) {
    Text signed_text = u"-";
    return signed_text.append(*text);
  }
  return formatted;
}

}  // namespace wfsim::jsonata::picture::detail
