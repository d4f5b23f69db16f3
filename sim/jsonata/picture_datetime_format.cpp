// $fromMillis: date fragments of a time value (jsonata-js's getDateTimeFragment, ISO weeks
// included) and the formatting of each marker of an analysed date/time picture.
//
// Fragments are computed the way jsonata-js computes them, through Date.UTC and JavaScript
// numbers, so an invalid date gives NaN fields ("NaN" digits, "undefined" names) and years 0..99
// take their weeks from 1900..1999. Not here: the picture grammar (picture_datetime.cpp) and
// parsing (picture_datetime_parse.cpp).
#include <cmath>
#include <limits>

#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double weekday_of(double time) { return js_date_fields(js_time_clip(time)).weekday; }

// Start of week 1 of a year or month: the Monday of the week holding its first Thursday.
double start_of_first_week(double year, double month0) {
  const double first = js_date_utc(year, month0);
  double weekday = weekday_of(first);
  if (weekday == 0) weekday = 7;
  return weekday > 4 ? first + (8 - weekday) * millis_per_day
                     : first - (weekday - 1) * millis_per_day;
}

double weeks_between(double start, double end) { return (end - start) / (millis_per_day * 7) + 1; }

double next_month_year(double year, double month0) { return month0 == 11 ? year + 1 : year; }
double next_month(double month0) { return month0 == 11 ? 0 : month0 + 1; }
double previous_month_year(double year, double month0) { return month0 == 0 ? year - 1 : year; }
double previous_month(double month0) { return month0 == 0 ? 11 : month0 - 1; }

double week_in_year(const DateFields& f) {
  const double start = start_of_first_week(f.year, 0);
  const double today = js_date_utc(f.year, f.month0, f.day);
  double week = weeks_between(start, today);
  if (week > 52) {
    if (today >= start_of_first_week(f.year + 1, 0)) week = 1;
  } else if (week < 1) {
    week = weeks_between(start_of_first_week(f.year - 1, 0), today);
  }
  return std::floor(week);
}

double week_in_month(const DateFields& f) {
  const double start = start_of_first_week(f.year, f.month0);
  const double today = js_date_utc(f.year, f.month0, f.day);
  double week = weeks_between(start, today);
  if (week > 4) {
    const double following =
        start_of_first_week(next_month_year(f.year, f.month0), next_month(f.month0));
    if (today >= following) week = 1;
  } else if (week < 1) {
    week = weeks_between(
        start_of_first_week(previous_month_year(f.year, f.month0), previous_month(f.month0)),
        today);
  }
  return std::floor(week);
}

double week_numbering_year(double time, const DateFields& f) {
  if (time < start_of_first_week(f.year, 0)) return f.year - 1;
  if (time >= start_of_first_week(f.year + 1, 0)) return f.year + 1;
  return f.year;
}

double week_numbering_month(double time, const DateFields& f) {
  if (time < start_of_first_week(f.year, f.month0)) return previous_month(f.month0) + 1;
  if (time >= start_of_first_week(next_month_year(f.year, f.month0), next_month(f.month0))) {
    return next_month(f.month0) + 1;
  }
  return f.month0 + 1;
}

Fragment number(double value) { return Fragment{Fragment::Kind::number, value, {}}; }
Fragment text(Text value) { return Fragment{Fragment::Kind::text, 0, std::move(value)}; }

}  // namespace

Fragment datetime_fragment(double time, char16_t component) {
  return datetime_fragment(time, js_date_fields(time), component);
}

Fragment datetime_fragment(double time, const DateFields& f, char16_t component) {
  switch (component) {
    case u'Y':
      return number(f.year);
    case u'M':
      return number(f.month0 + 1);
    case u'D':
      return number(f.day);
    case u'd': {
      const double today = js_date_utc(f.year, f.month0, f.day);
      return number((today - js_date_utc(f.year, 0)) / millis_per_day + 1);
    }
    case u'F':
      return number(f.weekday == 0 ? 7 : f.weekday);
    case u'W':
      return number(week_in_year(f));
    case u'w':
      return number(week_in_month(f));
    case u'X':
      return number(week_numbering_year(time, f));
    case u'x':
      return number(week_numbering_month(time, f));
    case u'H':
      return number(f.hours);
    case u'h': {
      const double hour = std::fmod(f.hours, 12);
      return number(hour == 0 ? 12 : hour);
    }
    case u'P':
      return text(f.hours >= 12 ? u"pm" : u"am");
    case u'm':
      return number(f.minutes);
    case u's':
      return number(f.seconds);
    case u'f':
      return number(f.millis);
    case u'C':
    case u'E':
      return text(u"ISO");
    default:
      return Fragment{};
  }
}

namespace {

struct Offset {
  double hours = 0, minutes = 0;
};

// months[value - 1] / days[value] in JavaScript: undefined outside the table.
std::optional<Text> name_of(const DateTimeMarker& marker, double value) {
  const bool month = component_in(marker.component, u"Mx");
  const double index = month ? value - 1 : value;
  const double size = month ? 12 : 8;
  if (!(index >= 0 && index < size && index == std::trunc(index))) return std::nullopt;
  return Text(month ? month_names[static_cast<size_t>(index)]
                    : day_names[static_cast<size_t>(index)]);
}

Result<Text> format_name(const DateTimeMarker& marker, double value) {
  if (!component_in(marker.component, u"MxF")) {
    return coded("D3133",
                 "The 'name' modifier can only be applied to months and days in the "
                 "date/time picture string, not " +
                     json_quote(marker.component));
  }
  std::optional<Text> name = name_of(marker, value);
  if (marker.names == LetterCase::upper) {
    if (!name) return type_error_reading("toUpperCase");
    name = ascii_upper(*name);
  } else if (marker.names == LetterCase::lower) {
    if (!name) return type_error_reading("toLowerCase");
    name = ascii_lower(*name);
  }
  if (!marker.width) return name ? *name : Text(u"undefined");
  if (!name) return type_error_reading("length");
  const std::optional<double> max = marker.width->max;
  if (max && static_cast<double>(name->size()) > *max) *name = js_substring(*name, 0, *max);
  return *name;
}

Result<Text> format_timezone(const DateTimeMarker& marker, Offset offset) {
  WFSIM_ASSERT(marker.integer_format.has_value());
  const IntegerFormat& format = *marker.integer_format;
  const double total = offset.hours * 100 + offset.minutes;
  Result<Text> formatted = Text();
  if (format.regular) {
    formatted = format_integer_value(total, format);
  } else if (format.mandatory_digits == 1 || format.mandatory_digits == 2) {
    formatted = format_integer_value(offset.hours, format);
    if (auto* hours = std::get_if<Text>(&formatted); hours && offset.minutes != 0) {
      IntegerFormat two_digits;
      two_digits.mandatory_digits = 2;
      auto minutes = format_integer_value(std::floor(offset.minutes), two_digits);
      if (auto* failure = std::get_if<Failure>(&minutes)) return *failure;
      *hours += u":" + std::get<Text>(minutes);
    }
  } else if (format.mandatory_digits == 3 || format.mandatory_digits == 4) {
    formatted = format_integer_value(total, format);
  } else {
    return coded("D3134",
                 "The timezone integer format specifier cannot have more than four "
                 "digits");
  }
  if (auto* failure = std::get_if<Failure>(&formatted)) return *failure;
  if (total == 0 && marker.presentation2 == u"t") return Text(u"Z");
  Text value = marker.component == u"z" ? u"GMT" : u"";
  if (total >= 0) value.push_back(u'+');
  return value.append(std::get<Text>(formatted));
}

// 10^digits for the year truncation: exact from a table for the usual widths (as pow is).
double power_of_ten(double digits) {
  static constexpr double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};
  if (digits >= 0 && digits <= 10 && digits == std::trunc(digits)) {
    return powers[static_cast<size_t>(digits)];
  }
  return std::pow(10.0, digits);
}

// `fields` are js_date_fields(time), computed once per picture rather than once per marker.
Result<Text> format_marker(const DateTimeMarker& marker, double time, const DateFields& fields,
                           Offset offset) {
  const Fragment fragment = datetime_fragment(
      time, fields, marker.component.empty() ? char16_t{0} : marker.component[0]);
  if (component_in(marker.component, u"YMDdFWwXxHhms")) {
    double value = fragment.number;
    // n is undefined (NaN here) when a name modifier left Y without an integer format.
    const double digits = marker.year_digits.value_or(not_a_number);
    if (marker.component == u"Y" && digits != -1) value = std::fmod(value, power_of_ten(digits));
    if (marker.names) return format_name(marker, value);
    WFSIM_ASSERT(marker.integer_format.has_value());
    return format_integer_value(value, *marker.integer_format);
  }
  if (marker.component == u"f") {
    // With a name modifier jsonata-js has no integer format to read.
    if (!marker.integer_format) return type_error_reading("primary");
    return format_integer_value(fragment.number, *marker.integer_format);
  }
  if (component_in(marker.component, u"Zz")) return format_timezone(marker, offset);
  if (fragment.kind == Fragment::Kind::undefined) return Text(u"undefined");
  WFSIM_ASSERT(fragment.kind == Fragment::Kind::text);
  if (marker.component == u"P" && marker.names == LetterCase::upper) {
    return ascii_upper(fragment.text);
  }
  return fragment.text;
}

const std::vector<DateTimePart>& iso8601_parts() {
  static const std::vector<DateTimePart> parts = std::get<std::vector<DateTimePart>>(
      analyse_datetime_picture(u"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"));
  return parts;
}

}  // namespace

}  // namespace wfsim::jsonata::picture::detail

namespace wfsim::jsonata::picture {

Result<std::string> from_millis(double millis, std::optional<std::string_view> picture,
                                std::optional<std::string_view> timezone) {
  using namespace detail;
  Offset offset;
  if (timezone) {
    const double parsed = js_parse_int(to_utf16(*timezone));
    offset.hours = std::floor(parsed / 100);
    offset.minutes = std::fmod(parsed, 100);
  }
  const std::vector<DateTimePart>* parts = &iso8601_parts();
  if (picture) {
    const auto& analysed = cached_datetime_picture(*picture);
    if (auto* failure = std::get_if<Failure>(&analysed)) return *failure;
    parts = &std::get<std::vector<DateTimePart>>(analysed);
  }
  const double offset_millis = (60 * offset.hours + offset.minutes) * 60 * 1000;
  const double time = js_time_clip(millis + offset_millis);
  const DateFields fields = js_date_fields(time);
  Text result;
  for (const DateTimePart& part : *parts) {
    if (part.is_literal) {
      result += part.literal;
      continue;
    }
    auto formatted = format_marker(part.marker, time, fields, offset);
    if (auto* failure = std::get_if<Failure>(&formatted)) return *failure;
    result += std::get<Text>(formatted);
  }
  return to_utf8(result);
}

Result<std::string> format_datetime(int64_t millis, std::string_view picture,
                                    std::string_view timezone) {
  std::optional<std::string_view> given_picture, given_timezone;
  if (!picture.empty()) given_picture = picture;
  if (!timezone.empty()) given_timezone = timezone;
  return from_millis(static_cast<double>(millis), given_picture, given_timezone);
}

}  // namespace wfsim::jsonata::picture
