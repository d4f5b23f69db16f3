// JavaScript Date arithmetic as V8 does it, on time values held as doubles (NaN = invalid date):
// Date.UTC (MakeDay, MakeTime, MakeDate, TimeClip) and the UTC field getters.
//
// jsonata-js builds every date through Date.UTC and new Date(millis), so its results (two-digit
// years read as 1900s, month and day overflow carried, NaN beyond +-8.64e15 ms) come from these
// rules; they are reproduced with integer days-from-civil arithmetic of our own. Proleptic
// Gregorian, UTC only, no time zone database, no clock. Not here: week numbering (the date/time
// formatter derives it from these, as jsonata-js does).
#include <cmath>
#include <limits>

#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double max_time_millis = 8.64e15;

// Days since 1970-01-01 -> civil date (proleptic Gregorian), valid for any int64 day within
// +-2^40 or so, far beyond the Date range.
void civil_from_days(int64_t days, int64_t& year, int64_t& month, int64_t& day) {
  days += 719468;  // shift the epoch to 0000-03-01
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // [0, 11]
  day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  WFSIM_ASSERT(month >= 1 && month <= 12 && day >= 1 && day <= 31);
}

// V8's MakeDay: years within +-1e6 and months within +-1e7, else NaN; then its own day count
// (kept literally, including C's truncating division, so out-of-range inputs agree too).
double make_day(double year, double month, double date) {
  const bool year_ok = year >= -1000000.0 && year <= 1000000.0;
  const bool month_ok = month >= -10000000.0 && month <= 10000000.0;
  if (!year_ok || !month_ok || !std::isfinite(date)) return not_a_number;
  int64_t y = static_cast<int64_t>(year);
  int64_t m = static_cast<int64_t>(month);
  y += m / 12;
  m %= 12;
  if (m < 0) {
    m += 12;
    y -= 1;
  }
  constexpr int64_t year_delta = 399999;
  constexpr int64_t base_day = 365 * (1970 + year_delta) + (1970 + year_delta) / 4 -
                               (1970 + year_delta) / 100 + (1970 + year_delta) / 400;
  int64_t day_from_year = 365 * (y + year_delta) + (y + year_delta) / 4 - (y + year_delta) / 100 +
                          (y + year_delta) / 400 - base_day;
  static constexpr int64_t common[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  static constexpr int64_t leap[] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};
  const bool is_common = (y % 4 != 0) || (y % 100 == 0 && y % 400 != 0);
  day_from_year += is_common ? common[m] : leap[m];
  return static_cast<double>(day_from_year - 1) + std::trunc(date);
}

double make_time(double hours, double minutes, double seconds, double millis) {
  if (!std::isfinite(hours) || !std::isfinite(minutes) || !std::isfinite(seconds) ||
      !std::isfinite(millis)) {
    return not_a_number;
  }
  return std::trunc(hours) * 3600000.0 + std::trunc(minutes) * 60000.0 +
         std::trunc(seconds) * 1000.0 + std::trunc(millis);
}

double make_date(double day, double time) {
  const double result = day * millis_per_day + time;
  return std::isfinite(result) ? result : not_a_number;
}

}  // namespace

int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
  WFSIM_ASSERT(month >= 1 && month <= 12);
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

double js_time_clip(double time) {
  if (!std::isfinite(time) || std::fabs(time) > max_time_millis) return not_a_number;
  return std::trunc(time) + 0.0;  // + 0.0 turns -0 into +0
}

double js_date_utc(double year, double month0, double day, double hours, double minutes,
                   double seconds, double millis) {
  if (!std::isnan(year)) {
    const double whole_year = std::trunc(year);
    if (whole_year >= 0 && whole_year <= 99) year = 1900 + whole_year;
  }
  return js_time_clip(
      make_date(make_day(year, month0, day), make_time(hours, minutes, seconds, millis)));
}

double js_make_time_value(double year, double month0, double day, double millis) {
  return js_time_clip(make_date(make_day(year, month0, day), millis));
}

DateFields js_date_fields(double time) {
  if (std::isnan(time)) {
    return DateFields{not_a_number, not_a_number, not_a_number, not_a_number,
                      not_a_number, not_a_number, not_a_number, not_a_number};
  }
  WFSIM_ASSERT(std::fabs(time) <= max_time_millis && time == std::trunc(time));
  const auto millis = static_cast<int64_t>(time);
  constexpr int64_t day_millis = 86400000;
  const int64_t days =
      millis >= 0 ? millis / day_millis : -((-millis + day_millis - 1) / day_millis);
  const int64_t in_day = millis - days * day_millis;
  WFSIM_ASSERT(in_day >= 0 && in_day < day_millis);
  int64_t year = 0, month = 0, day = 0;
  civil_from_days(days, year, month, day);
  WFSIM_ASSERT(days_from_civil(year, month, day) == days);
  const int64_t weekday = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
  return DateFields{static_cast<double>(year),
                    static_cast<double>(month - 1),
                    static_cast<double>(day),
                    static_cast<double>(weekday),
                    static_cast<double>(in_day / 3600000),
                    static_cast<double>(in_day / 60000 % 60),
                    static_cast<double>(in_day / 1000 % 60),
                    static_cast<double>(in_day % 1000)};
}

}  // namespace wfsim::jsonata::picture::detail
