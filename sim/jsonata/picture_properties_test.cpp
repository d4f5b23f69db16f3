// Properties of the picture functions (picture.h): a timestamp formatted with a picture that holds
// every field parses back to itself, and any picture or text, of any length, ends in a result or
// a Failure (never an exception, an assertion or a hang; ctest's time limit bounds the last).
// Also toFixed (picture_detail.h) against its definition on the exact binary value.
#include <rapidcheck/boost_test.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "jsonata/picture.h"
#include "jsonata/picture_detail.h"
#include "jsonata/picture_test_support.h"

namespace wfsim::jsonata::picture {
namespace {

using testing::describe;

// Pictures that hold year, month, day, hour, minute, second and millisecond in forms jsonata-js
// reads back (time parts need separators: they parse as greedy digit runs; names need title
// case, "[Mn]" writes "january" but only "January" reads back). `zoned` pictures
// carry the offset, so they round-trip in any zone; the others only in UTC.
struct RoundTripPicture {
  const char* picture;
  bool zoned;
};

const std::vector<RoundTripPicture> round_trip_pictures = {
    {"", true},  // the ISO 8601 default, read back by the picture-less path
    {"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01]", true},
    {"[Y0001]-[M01]-[D01] [H01]:[m01]:[s01].[f001]", false},
    {"[D1o] [MNn] [Y0001], [H]:[m]:[s].[f] [Z]", true},
    {"[FNn], [D01] [MNn,3-3] [Y] [h]:[m01]:[s01].[f001] [PN] [z]", true},
    {"[Y][M01][D01] [H01]:[m01]:[s01].[f001]", false},
    {"[Dwo] [MNn] [YI] [H]:[m]:[s].[f]", false},
    {"[Y0001]-[M01]-[D01]T[h]:[m01]:[s01].[f001] [P] [Z0000]", true},
    {"[MNn] [D], [Y] at [H01]h[m01]m[s01]s[f001]", false},
    {"[Dw] [MNn] [Y] [H]:[m]:[s].[f]", false},
};

// Zones whose minutes are zero or positive: jsonata-js formats "-0530" as -6 h -30 min but reads
// "-05:30" back as -5 h +30 min, so negative zones with minutes do not round-trip there either.
const std::vector<const char*> round_trip_zones = {"",      "+0000", "+0100", "+0530",
                                                   "-0500", "+1400", "-1200"};

// Years 100..9999 in every zone (a day inside both ends): four-digit years, and above 0..99,
// which Date.UTC reads as 1900..1999.
constexpr int64_t day_millis = 86400000;
constexpr int64_t year_100_millis = -59011459200000 + day_millis;
constexpr int64_t year_9999_end_millis = 253402300799999 - day_millis;

std::string join(const std::vector<std::string>& pieces) {
  std::string out;
  for (const std::string& piece : pieces) out += piece;
  return out;
}

// Picture and text material: every marker letter, modifiers, brackets, separators, digits of two
// families, words, and multi-byte characters.
rc::Gen<std::string> picture_text(size_t max_pieces) {
  static const std::vector<std::string> pieces = {
      "[",   "]",   "[[", "]]",     ",", "-", "*",  ";", "#",      "0",      "1",          "9",
      ".",   "e",   "%",  "\u2030", " ", "Y", "M",  "D", "d",      "F",      "W",          "w",
      "X",   "x",   "H",  "h",      "P", "m", "s",  "f", "Z",      "z",      "C",          "E",
      "n",   "N",   "o",  "t",      "a", "A", "i",  "I", "\u0660", "\u0661", "\U0001F600", "twenty",
      "one", "and", "th", "T",      ":", "+", "\t", "Q", "$",      "|",      "^"};
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::resize(
                          static_cast<int>(max_pieces), rc::gen::elementOf(pieces))),
                      join);
}

// Number.prototype.toFixed by definition, slowly: the exact binary expansion (glibc prints every
// digit; 1080 places hold any double's), cut at `digits` places and rounded half up on the first
// dropped digit (a tie rounds up, to the larger n, as ECMAScript asks).
std::string to_fixed_by_expansion(double value, int64_t digits) {
  const bool negative = value < 0;
  const double magnitude = std::fabs(value);
  std::vector<char> buffer(1200);
  const int length = std::snprintf(buffer.data(), buffer.size(), "%.1080f", magnitude);
  const std::string exact(buffer.data(), static_cast<size_t>(length));
  const size_t point = exact.find('.');
  std::string kept = exact.substr(0, point) + exact.substr(point + 1, static_cast<size_t>(digits));
  if (exact[point + 1 + static_cast<size_t>(digits)] >= '5') {
    size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[i - 1];
    }
  }
  const size_t integer_digits = kept.size() - static_cast<size_t>(digits);
  std::string out = negative ? "-" : "";
  out += kept.substr(0, integer_digits);
  if (digits > 0) out.append(".").append(kept, integer_digits);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonata_picture_properties)

RC_BOOST_PROP(to_fixed_rounds_the_exact_value_half_up_at_every_precision, ()) {
  const int64_t digits = *rc::gen::inRange<int64_t>(0, 101);
  // Any double below 1e21, or an exact tie at `digits` places (odd / 2^(digits+1)), or a value
  // one unit either side of such a tie.
  const int kind = *rc::gen::inRange(0, 3);
  double value = 0;
  if (kind == 0) {
    value = *rc::gen::suchThat(rc::gen::arbitrary<double>(),
                               [](double x) { return std::isfinite(x) && std::fabs(x) < 1e21; });
  } else {
    const auto odd = static_cast<double>(*rc::gen::inRange<int64_t>(0, int64_t{1} << 52) * 2 + 1);
    value = std::ldexp(odd, -static_cast<int>(digits + 1));
    if (kind == 2) value = std::nextafter(value, *rc::gen::element(0.0, 1e300));
    if (*rc::gen::arbitrary<bool>()) value = -value;
  }
  RC_LOG() << "value " << testing::js_number(value) << " digits " << digits;
  const auto fixed = detail::js_to_fixed(value, digits);
  RC_ASSERT(fixed.has_value());
  RC_ASSERT(detail::to_utf8(*fixed) == to_fixed_by_expansion(value, digits));
}

RC_BOOST_PROP(a_full_picture_round_trips_a_timestamp_in_years_100_to_9999, ()) {
  const int64_t millis = *rc::gen::inRange<int64_t>(year_100_millis, year_9999_end_millis + 1);
  const RoundTripPicture& picture = *rc::gen::elementOf(round_trip_pictures);
  const char* zone = picture.zoned ? *rc::gen::elementOf(round_trip_zones) : "";
  const int64_t now = *rc::gen::inRange<int64_t>(-8640000000000000, 8640000000000000);
  const auto formatted = format_datetime(millis, picture.picture, zone);
  RC_ASSERT(std::holds_alternative<std::string>(formatted));
  const std::string& text = std::get<std::string>(formatted);
  RC_LOG() << "picture " << picture.picture << " zone " << zone << " text " << text;
  const auto parsed = parse_datetime(text, picture.picture, now);
  RC_ASSERT(describe(parsed) == std::to_string(millis));
}

// Irregular grouping ("#,##,##0") is left out: jsonata-js writes 100 as ",,00" and reads 0.
RC_BOOST_PROP(format_integer_then_parse_integer_round_trips_decimal_words_and_roman, ()) {
  const double value = static_cast<double>(*rc::gen::inRange<int64_t>(1, 4000));
  const char* picture = *rc::gen::elementOf(std::vector<const char*>{
      "0", "#,##0", "000", "w", "W", "Ww", "I", "i", "A", "a", "0;o", "\u0660"});
  const auto formatted = format_integer(value, picture);
  RC_ASSERT(std::holds_alternative<std::string>(formatted));
  RC_ASSERT(describe(parse_integer(std::get<std::string>(formatted), picture)) ==
            testing::js_number(value));
}

RC_BOOST_PROP(any_picture_and_text_end_in_a_result_or_a_failure, ()) {
  const std::string picture = *picture_text(40);
  const std::string text = *picture_text(20);
  const double value = *rc::gen::elementOf(std::vector<double>{
      0, -0.0, 1, -1, 0.5, 1234.5678, -98765.4321, 1e21, 1e-7, 5e-324, 1.7976931348623157e308,
      testing::not_a_number, testing::infinity, -testing::infinity});
  const int64_t millis = *rc::gen::inRange<int64_t>(-8640000000000000, 8640000000000000);
  // The calls must return; what they return is checked against jsonata-js elsewhere.
  (void)format_number(value, picture, default_decimal_format());
  (void)format_integer(value, picture);
  (void)parse_integer(text, picture);
  (void)format_datetime(millis, picture, *rc::gen::elementOf(round_trip_zones));
  (void)from_millis(value, picture, std::string_view(text));
  (void)parse_datetime(text, picture, millis);
  (void)to_millis(text, picture, millis);
  (void)to_millis(picture, std::nullopt, millis);
}

BOOST_AUTO_TEST_CASE(pictures_of_a_hundred_thousand_characters_end) {
  // ctest's time limit is the bound: each call is linear or near-linear in the picture.
  const std::string markers = [] {
    std::string out;
    for (int i = 0; i < 10000; ++i) out += "[Y0001]-[M01]-";
    return out;
  }();
  BOOST_TEST(std::holds_alternative<std::string>(format_datetime(0, markers, "")));
  BOOST_TEST(describe(parse_datetime("1970-01-", markers, 0)) == "undefined");
  std::string grouping = "#";
  for (int i = 0; i < 50000; ++i) grouping += i % 7 == 0 ? ",#" : "#";
  grouping += "0";
  BOOST_TEST(
      std::holds_alternative<std::string>(format_number(5, grouping, default_decimal_format())));
  BOOST_TEST(std::holds_alternative<std::string>(format_integer(5, grouping)));
  BOOST_TEST(std::holds_alternative<std::string>(format_integer(123456789, grouping)));
  BOOST_TEST(describe(parse_integer(std::string(100000, '9'), "0")) == "Infinity");
  BOOST_TEST(describe(to_millis(std::string(100000, '1'), std::nullopt, 0)).rfind("!D3110", 0) ==
             0);
  const std::string many_numbers = [] {
    std::string out;
    for (int i = 0; i < 5000; ++i) out += "[H]";
    return out;
  }();
  // 5,000 greedy digit runs over 8,000 digits, a backtracking engine's worst case: the earlier
  // runs take all they can, so the last (the hour that counts) is one digit.
  BOOST_TEST(describe(parse_datetime(std::string(8000, '1'), many_numbers, 0)) == "3600000");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::jsonata::picture
