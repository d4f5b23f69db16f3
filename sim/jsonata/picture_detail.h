// Internals shared by the picture functions (picture.h): the pieces of JavaScript semantics that
// jsonata-js leans on (UTF-16 strings, Number#toString, toFixed, parseInt, JSON.stringify, Date
// arithmetic), the integer picture of fn:format-integer, and an insertion rope.
//
// jsonata-js works on UTF-16 code units and JavaScript doubles, and its quirks (substr with
// negative indices, surrogate halves, NaN fields) follow from that, so these functions compute in
// the same terms. Not here: anything specific to numbers, dates or pictures' grammar beyond the
// integer picture.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jsonata/picture.h"

namespace wfsim::jsonata::picture::detail {

using Text = std::u16string;
using TextView = std::u16string_view;

// UTF-8 <-> UTF-16. Invalid UTF-8 bytes and lone surrogates become U+FFFD.
Text to_utf16(std::string_view utf8);
std::string to_utf8(TextView utf16);
Text ascii(std::string_view text);

// JavaScript String(number) (Number.prototype.toString with radix 10).
Text js_number_to_string(double value);
// JavaScript number.toFixed(digits); nullopt where it throws (digits outside 0..100).
std::optional<Text> js_to_fixed(double value, int64_t digits);
// JavaScript parseInt(text) with no radix ("0x" prefix = hexadecimal).
double js_parse_int(TextView text);
// JavaScript Number(text) for the decimal forms Number#toString produces, and NaN otherwise.
double js_decimal_to_number(TextView text);
// The double nearest a well-formed decimal in C syntax ("-12.5e+3", no leading "+").
double decimal_to_double(std::string_view spelled);
// JSON.stringify(text), as jsonata-js quotes values in error messages.
std::string json_quote(TextView text);
// JavaScript's \s (WhiteSpace and LineTerminator).
bool js_is_space(char16_t unit);
// String.fromCharCode(number): ToUint16.
char16_t js_to_uint16(double value);
// JavaScript String.prototype.substring / substr / slice over UTF-16.
Text js_substring(TextView text, double start, double end);
Text js_substr(TextView text, double start);
// text.indexOf(search, from) and lastIndexOf(search), -1 when absent.
int64_t js_index_of(TextView text, TextView search, int64_t from = 0);
int64_t js_last_index_of(TextView text, TextView search);
// ASCII-only case mappings; the picture grammars only give meaning to ASCII letters.
Text ascii_upper(TextView text);
Text ascii_lower(TextView text);

Failure type_error_reading(std::string_view property);  // "Cannot read properties of undefined"
Failure stack_overflow();                               // "Maximum call stack size exceeded"
Failure coded(std::string code, std::string message);

// A text that takes insertions and prefix drops in logarithmic time, so that grouping-separator
// insertion stays near-linear for any picture length (jsonata-js inserts one by one).
class Rope {
 public:
  explicit Rope(TextView text);
  ~Rope();
  Rope(const Rope&) = delete;
  Rope& operator=(const Rope&) = delete;
  int64_t size() const;
  void insert(int64_t index, TextView text);  // index in [0, size()]
  void drop_prefix(int64_t count);            // count in [0, size()]
  Text str() const;

  struct Node;  // defined in picture_rope.cpp

 private:
  Node* root_ = nullptr;
  std::vector<Node*> nodes_;
  uint64_t next_priority_ = 0x9E3779B97F4A7C15ull;
  Node* make(char16_t unit);
};

// ---- Integer pictures (fn:format-integer as jsonata-js reads it) ----

enum class Primary { decimal, letters, roman, words, sequence };
enum class LetterCase { upper, lower, title };

struct GroupingSeparator {
  double position = 0;  // digits to the right
  Text character;
};

struct IntegerFormat {
  Primary primary = Primary::decimal;
  LetterCase letter_case = LetterCase::lower;
  bool ordinal = false;
  // Decimal patterns only. NaN = JavaScript undefined (non-decimal formats); the date/time
  // picture may overwrite mandatory_digits with a width.
  double zero_code = 0x30;
  double mandatory_digits = 0;
  double optional_digits = 0;
  bool regular = false;
  // Regular: one separator whose position is the repeat interval. Otherwise every separator
  // from the right-hand end, as written.
  std::vector<GroupingSeparator> separators;
  Text token;  // the unsupported sequence (D3130)
};

Result<IntegerFormat> analyse_integer_picture(TextView picture);
// jsonata-js's _formatInteger: value as given (no flooring).
Result<Text> format_integer_value(double value, const IntegerFormat& format);
// jsonata-js's parse functions of an integer format (no validation of the text).
Result<double> parse_integer_value(TextView text, const IntegerFormat& format);
Failure sequence_failure(TextView token);  // D3130

// The English words and their values, in the order jsonata-js's parser tries them.
const std::vector<std::pair<Text, double>>& word_values();
double words_to_number(TextView text);

// ---- JavaScript Date arithmetic (time values are doubles; NaN = invalid date) ----

inline constexpr double millis_per_day = 86400000.0;

double js_time_clip(double time);
// Date.UTC(year, month0, day, hours, minutes, seconds, millis), with its 0..99 -> 1900s rule.
double js_date_utc(double year, double month0, double day = 1, double hours = 0, double minutes = 0,
                   double seconds = 0, double millis = 0);

// TimeClip(MakeDate(MakeDay(year, month0, day), millis)): Date.UTC without the 1900s rule.
double js_make_time_value(double year, double month0, double day, double millis);

// The UTC fields of a time value; every field NaN when the time is NaN.
struct DateFields {
  double year, month0, day, weekday, hours, minutes, seconds, millis;
};
DateFields js_date_fields(double time);

int64_t days_from_civil(int64_t year, int64_t month, int64_t day);

// ---- Date/time pictures (fn:format-dateTime as jsonata-js reads it) ----

struct Width {
  std::optional<double> min, max;  // nullopt = undefined ("*" or absent); NaN = unreadable
};

struct DateTimeMarker {
  Text component;  // one UTF-16 unit (jsonata-js's charAt(0))
  Text presentation1;
  Text presentation2;  // "" when absent
  std::optional<Width> width;
  std::optional<LetterCase> names;  // "n", "N", "Nn"
  std::optional<IntegerFormat> integer_format;
  std::optional<double> year_digits;  // jsonata-js's n, for Y, M and D
};

struct DateTimePart {
  bool is_literal = false;
  Text literal;
  DateTimeMarker marker;
};

Result<std::vector<DateTimePart>> analyse_datetime_picture(TextView picture);
// analyse_datetime_picture of a UTF-8 picture through this thread's cache (picture_cache.h): valid
// until the next call on the same thread.
const Result<std::vector<DateTimePart>>& cached_datetime_picture(std::string_view picture_utf8);

// True when component is one unit found in `set` (jsonata-js's "YMD".indexOf(component)).
bool component_in(const Text& component, std::u16string_view set);

// getDateTimeFragment: a number, a text ("am", "pm", "ISO") or undefined.
struct Fragment {
  enum class Kind { undefined, number, text } kind = Kind::undefined;
  double number = 0;
  Text text;
};
Fragment datetime_fragment(double time, char16_t component);
// The same with `fields` = js_date_fields(time) already computed.
Fragment datetime_fragment(double time, const DateFields& fields, char16_t component);

extern const char16_t* const month_names[12];
extern const char16_t* const day_names[8];  // "" then Monday..Sunday

// ---- Matching text the way jsonata-js's generated regular expression does ----
// The expression is ^(part1)(part2)...$ with the "i" flag; each part is a sequence of atoms.
// match_picture finds the match a backtracking engine finds (the first in priority order), in
// O(atoms x text x alternatives) time by tabulating which suffixes can still match.

enum class CharacterClass { digit, letter, roman, sign, any };

struct MatchAtom {
  enum class Kind { literal, characters, alternatives, words } kind = Kind::literal;
  Text text;  // literal
  CharacterClass characters = CharacterClass::digit;
  int64_t min = 1, max = 1;        // repetition of `characters`; max -1 = unbounded
  std::vector<Text> alternatives;  // tried in order; words: one or more of them
  size_t group = 0;                // the picture part the atom belongs to
};

using GroupSpans = std::vector<std::pair<size_t, size_t>>;  // [begin, end) per group
std::optional<GroupSpans> match_picture(const std::vector<MatchAtom>& atoms, size_t groups,
                                        TextView text);
// JavaScript's case-insensitive comparison of one code unit (non-unicode "i" flag).
char16_t canonical_case(char16_t unit);

// $toMillis with a picture (nullopt = undefined) and without one (D3110 or a time value). The
// picture's matching plan is cached per thread (picture_cache.h).
Result<std::optional<double>> parse_with_picture(TextView text, std::string_view picture_utf8,
                                                 int64_t now_millis);
Result<double> parse_iso8601(TextView text);

}  // namespace wfsim::jsonata::picture::detail
