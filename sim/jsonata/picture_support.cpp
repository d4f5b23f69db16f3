// The JavaScript semantics jsonata-js's picture functions rely on: UTF-16 strings, String(number),
// toFixed, parseInt, JSON.stringify of a string, and the insertion rope (picture_detail.h).
//
// Not here: Date arithmetic (picture_calendar.cpp) and anything picture-specific.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/assert.h"
#include "jsonata/lex.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

using jsonata::detail::append_utf8;  // The one UTF-8 encoder (lex.h).

namespace {

constexpr char16_t replacement_character = 0xFFFD;

void append_utf16(Text& out, uint32_t code_point) {
  if (code_point < 0x10000) {
    out.push_back(static_cast<char16_t>(code_point));
    return;
  }
  code_point -= 0x10000;
  out.push_back(static_cast<char16_t>(0xD800 + (code_point >> 10)));
  out.push_back(static_cast<char16_t>(0xDC00 + (code_point & 0x3FF)));
}

// Length of the UTF-8 sequence starting at `index` and its code point; 0 when invalid.
size_t decode_utf8(std::string_view text, size_t index, uint32_t& code_point) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(index);
  size_t length = 0;
  uint32_t minimum = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (index + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(index + i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(index + i) & 0x3F);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < minimum || code_point > 0x10FFFF || surrogate) return 0;
  return length;
}

}  // namespace

Text to_utf16(std::string_view utf8) {
  Text out;
  out.reserve(utf8.size());
  size_t index = 0;
  while (index < utf8.size()) {
    uint32_t code_point = 0;
    const size_t length = decode_utf8(utf8, index, code_point);
    if (length == 0) {
      out.push_back(replacement_character);
      ++index;
      continue;
    }
    append_utf16(out, code_point);
    index += length;
  }
  return out;
}

std::string to_utf8(TextView utf16) {
  // Most text the pictures produce is ASCII: copied unit by unit, no encoder per unit.
  size_t ascii_prefix = 0;
  while (ascii_prefix < utf16.size() && utf16[ascii_prefix] < 0x80) ++ascii_prefix;
  std::string out(ascii_prefix, '\0');
  for (size_t i = 0; i < ascii_prefix; ++i) out[i] = static_cast<char>(utf16[i]);
  if (ascii_prefix == utf16.size()) return out;
  out.reserve(utf16.size() + 8);
  for (size_t i = ascii_prefix; i < utf16.size(); ++i) {
    const char16_t unit = utf16[i];
    const bool high = unit >= 0xD800 && unit <= 0xDBFF;
    const bool low_next = i + 1 < utf16.size() && utf16[i + 1] >= 0xDC00 && utf16[i + 1] <= 0xDFFF;
    if (high && low_next) {
      append_utf8(out, 0x10000 + ((unit - 0xD800u) << 10) + (utf16[i + 1] - 0xDC00u));
      ++i;
    } else if (unit >= 0xD800 && unit <= 0xDFFF) {
      append_utf8(out, replacement_character);
    } else {
      append_utf8(out, unit);
    }
  }
  return out;
}

Text ascii(std::string_view text) { return Text(text.begin(), text.end()); }

Text js_number_to_string(double value) {
  if (std::isnan(value)) return u"NaN";
  if (value == 0) return u"0";
  if (std::isinf(value)) return value > 0 ? u"Infinity" : u"-Infinity";
  // Integers below 2^53 (dates, counts) spell as their digits: the common case, without the
  // scientific round trip below.
  if (std::fabs(value) < 9007199254740992.0 && value == std::trunc(value)) {
    char digits[24];
    const auto written =
        std::to_chars(digits, digits + sizeof digits, static_cast<int64_t>(value));
    WFSIM_ASSERT(written.ec == std::errc());
    return Text(digits, written.ptr);
  }
  // Shortest round-trip digits (closest to the value when several are as short), as ECMAScript's
  // Number::toString asks.
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  WFSIM_ASSERT(result.ec == std::errc());
  const std::string_view scientific(buffer, static_cast<size_t>(result.ptr - buffer));
  const size_t e = scientific.find('e');
  WFSIM_ASSERT(e != std::string_view::npos);
  std::string digits;
  bool negative = false;
  for (const char c : scientific.substr(0, e)) {
    if (c == '-') negative = true;
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  const int exponent = std::atoi(std::string(scientific.substr(e + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits * 10^n
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n))
        .append(".")
        .append(digits, static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out.append("0.").append(static_cast<size_t>(-n), '0').append(digits);
  } else {
    out.append(digits, 0, 1);
    if (k > 1) out.append(".").append(digits, 1);
    out += "e";
    out += n - 1 >= 0 ? "+" : "-";
    out += std::to_string(std::abs(n - 1));
  }
  return ascii(out);
}

namespace {

// Whether `magnitude` lies exactly halfway between two multiples of 10^-digits. A finite double
// is odd * 2^exponent; with exponent < 0 its decimal expansion has exactly -exponent fractional
// digits, the last a 5, so it is a tie at `digits` places exactly when -exponent == digits + 1.
bool is_tie_at(double magnitude, int64_t digits) {
  if (magnitude == 0) return false;
  int binary_exponent = 0;
  const double fraction = std::frexp(magnitude, &binary_exponent);  // [0.5, 1) * 2^exponent
  auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 53));  // exact: 53 bits
  int64_t exponent = binary_exponent - 53;
  WFSIM_ASSERT(mantissa != 0);
  const int trailing_zeros = std::countr_zero(mantissa);
  mantissa >>= trailing_zeros;
  exponent += trailing_zeros;
  return exponent < 0 && -exponent == digits + 1;
}

// Adds one unit in the last place of a decimal text of digits and at most one point.
void increment_last_digit(std::string& text) {
  size_t i = text.size();
  while (i > 0) {
    --i;
    if (text[i] == '.') continue;
    WFSIM_ASSERT(text[i] >= '0' && text[i] <= '9');
    if (text[i] != '9') {
      ++text[i];
      return;
    }
    text[i] = '0';
  }
  text.insert(text.begin(), '1');
}

}  // namespace

std::optional<Text> js_to_fixed(double value, int64_t digits) {
  if (digits < 0 || digits > 100) return std::nullopt;
  if (std::isnan(value)) return Text(u"NaN");
  const bool negative = value < 0;
  const double magnitude = negative ? -value : value;
  if (magnitude >= 1e21) {
    Text spelled = negative ? u"-" : u"";
    return spelled.append(js_number_to_string(magnitude));
  }
  // std::to_chars with a precision rounds the exact binary value correctly; only an exact tie
  // needs care, because ECMAScript then picks the larger n where to_chars picks the even one. A
  // tie's expansion ends one place further, so it is printed exactly there and rounded up.
  const bool tie = is_tie_at(magnitude, digits);
  char buffer[160];  // below 1e21: at most 21 integer digits, a point and 101 places
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, magnitude,
                                     std::chars_format::fixed,
                                     static_cast<int>(tie ? digits + 1 : digits));
  WFSIM_ASSERT(written.ec == std::errc());
  std::string out(buffer, written.ptr);
  if (tie) {
    WFSIM_ASSERT(out.back() == '5');
    out.pop_back();
    if (digits == 0) {
      WFSIM_ASSERT(out.back() == '.');
      out.pop_back();
    }
    increment_last_digit(out);
  }
  WFSIM_ASSERT(digits == 0 ? out.find('.') == std::string::npos
                           : out.size() - out.find('.') - 1 == static_cast<size_t>(digits));
  if (negative) out.insert(out.begin(), '-');
  return ascii(out);
}

bool js_is_space(char16_t unit) {
  switch (unit) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return unit >= 0x2000 && unit <= 0x200A;
  }
}

double js_parse_int(TextView text) {
  size_t i = 0;
  while (i < text.size() && js_is_space(text[i])) ++i;
  double sign = 1;
  if (i < text.size() && (text[i] == u'-' || text[i] == u'+')) {
    if (text[i] == u'-') sign = -1;
    ++i;
  }
  int radix = 10;
  if (i + 1 < text.size() && text[i] == u'0' && (text[i + 1] == u'x' || text[i + 1] == u'X')) {
    radix = 16;
    i += 2;
  }
  std::string digits;
  for (; i < text.size(); ++i) {
    const char16_t c = text[i];
    const bool decimal = c >= u'0' && c <= u'9';
    const bool hex = (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    if (!decimal && !(radix == 16 && hex)) break;
    digits.push_back(static_cast<char>(c));
  }
  if (digits.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (radix == 10 && digits.size() <= 15) {
    // Below 10^15 the integer is exact in a double: no rounding, so no strtod.
    int64_t exact = 0;
    for (const char digit : digits) exact = exact * 10 + (digit - '0');
    return sign * static_cast<double>(exact);
  }
  // strtod rounds correctly, as V8 does for radix 10 and for power-of-two radixes.
  const std::string spelled = radix == 16 ? "0x" + digits : digits;
  return sign * std::strtod(spelled.c_str(), nullptr);
}

double js_decimal_to_number(TextView text) {
  std::string spelled;
  size_t i = 0;
  const auto digits_from = [&](size_t from) {
    size_t j = from;
    while (j < text.size() && text[j] >= u'0' && text[j] <= u'9') ++j;
    return j;
  };
  if (i < text.size() && (text[i] == u'-' || text[i] == u'+')) ++i;
  size_t j = digits_from(i);
  bool any_digits = j > i;
  if (j < text.size() && text[j] == u'.') {
    const size_t k = digits_from(j + 1);
    any_digits = any_digits || k > j + 1;
    j = k;
  }
  if (!any_digits) return std::numeric_limits<double>::quiet_NaN();
  if (j < text.size() && (text[j] == u'e' || text[j] == u'E')) {
    size_t k = j + 1;
    if (k < text.size() && (text[k] == u'-' || text[k] == u'+')) ++k;
    const size_t end = digits_from(k);
    if (end == k) return std::numeric_limits<double>::quiet_NaN();
    j = end;
  }
  if (j != text.size()) return std::numeric_limits<double>::quiet_NaN();
  for (const char16_t c : text) {
    if (c != u'+' || !spelled.empty()) spelled.push_back(static_cast<char>(c));
  }
  return decimal_to_double(spelled);
}

double decimal_to_double(std::string_view spelled) {
  // from_chars rounds correctly without strtod's locale lookups; it refuses results beyond the
  // double range (leaving the value alone), where strtod gives the overflowed or underflowed
  // value JavaScript gives.
  double value = 0;
  const auto parsed = std::from_chars(spelled.data(), spelled.data() + spelled.size(), value);
  if (parsed.ec == std::errc() && parsed.ptr == spelled.data() + spelled.size()) return value;
  return std::strtod(std::string(spelled).c_str(), nullptr);
}

std::string json_quote(TextView text) {
  static const char* hex = "0123456789abcdef";
  Text out = u"\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const char16_t c = text[i];
    const bool high = c >= 0xD800 && c <= 0xDBFF;
    const bool low = c >= 0xDC00 && c <= 0xDFFF;
    const bool paired_high =
        high && i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF;
    const bool paired_low = low && i > 0 && text[i - 1] >= 0xD800 && text[i - 1] <= 0xDBFF;
    switch (c) {
      case u'"':
        out += u"\\\"";
        continue;
      case u'\\':
        out += u"\\\\";
        continue;
      case u'\b':
        out += u"\\b";
        continue;
      case u'\f':
        out += u"\\f";
        continue;
      case u'\n':
        out += u"\\n";
        continue;
      case u'\r':
        out += u"\\r";
        continue;
      case u'\t':
        out += u"\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20 || ((high || low) && !paired_high && !paired_low)) {
      out += u"\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out.push_back(hex[(c >> shift) & 0xF]);
      continue;
    }
    out.push_back(c);
  }
  out.push_back(u'"');
  return to_utf8(out);
}

char16_t js_to_uint16(double value) {
  if (!std::isfinite(value)) return 0;
  const double truncated = std::trunc(value);
  double wrapped = std::fmod(truncated, 65536.0);
  if (wrapped < 0) wrapped += 65536.0;
  return static_cast<char16_t>(static_cast<uint32_t>(wrapped));
}

namespace {
// ToIntegerOrInfinity then clamp into [0, length].
int64_t clamp_index(double index, int64_t length) {
  if (std::isnan(index) || index <= 0) return 0;
  if (index >= static_cast<double>(length)) return length;
  return static_cast<int64_t>(index);
}
}  // namespace

Text js_substring(TextView text, double start, double end) {
  const auto length = static_cast<int64_t>(text.size());
  int64_t from = clamp_index(start, length);
  int64_t to = clamp_index(end, length);
  if (from > to) std::swap(from, to);
  return Text(text.substr(static_cast<size_t>(from), static_cast<size_t>(to - from)));
}

Text js_substr(TextView text, double start) {
  const auto length = static_cast<int64_t>(text.size());
  double from = std::isnan(start) ? 0 : std::trunc(start);
  if (from < 0) from = std::max(static_cast<double>(length) + from, 0.0);
  const int64_t begin = clamp_index(from, length);
  return Text(text.substr(static_cast<size_t>(begin)));
}

int64_t js_index_of(TextView text, TextView search, int64_t from) {
  const int64_t start = std::clamp<int64_t>(from, 0, static_cast<int64_t>(text.size()));
  const size_t found = text.find(search, static_cast<size_t>(start));
  return found == TextView::npos ? -1 : static_cast<int64_t>(found);
}

int64_t js_last_index_of(TextView text, TextView search) {
  const size_t found = text.rfind(search);
  return found == TextView::npos ? -1 : static_cast<int64_t>(found);
}

Text ascii_upper(TextView text) {
  Text out(text);
  for (char16_t& c : out) {
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  }
  return out;
}

Text ascii_lower(TextView text) {
  Text out(text);
  for (char16_t& c : out) {
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
  }
  return out;
}

Failure type_error_reading(std::string_view property) {
  return Failure{"",
                 "Cannot read properties of undefined (reading '" + std::string(property) + "')"};
}

Failure stack_overflow() { return Failure{"", "Maximum call stack size exceeded"}; }

Failure coded(std::string code, std::string message) {
  return Failure{std::move(code), std::move(message)};
}

}  // namespace wfsim::jsonata::picture::detail
