// Calendar conversions for virtual time; see time.h.
#include "core/time.h"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace wfsim {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Writes `value` as exactly `width` decimal digits ending just before `end`.
char* put_digits(char* end, int64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return end;
}

// Formats without printf: history timestamps are written for every event.
std::string format(Instant t, int fraction_digits) {
  const int64_t us = t.unix_us();
  const int64_t seconds = floor_div(us, kMicrosPerSecond);
  const int64_t micros = us - seconds * kMicrosPerSecond;
  const int64_t days = floor_div(seconds, kSecondsPerDay);
  const int64_t second_of_day = seconds - days * kSecondsPerDay;
  const Civil c = civil_from_days(days);
  if (c.year < 0 || c.year > 9999) {  // Outside ISO-8601's four-digit years: print plainly.
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%lld-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                  static_cast<long long>(c.year), c.month, c.day,
                  static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                  static_cast<int>(second_of_day % 60), static_cast<long long>(micros));
    return buffer;
  }
  // "YYYY-MM-DDTHH:MM:SS" + "." + fraction + "Z"
  std::string out(20 + static_cast<size_t>(fraction_digits) + 1, '-');
  char* p = out.data();
  put_digits(p + 4, c.year, 4);
  put_digits(p + 7, c.month, 2);
  put_digits(p + 10, c.day, 2);
  p[10] = 'T';
  put_digits(p + 13, second_of_day / 3600, 2);
  p[13] = ':';
  put_digits(p + 16, second_of_day / 60 % 60, 2);
  p[16] = ':';
  put_digits(p + 19, second_of_day % 60, 2);
  p[19] = '.';
  put_digits(p + 20 + fraction_digits, fraction_digits == 6 ? micros : micros / 1000,
             fraction_digits);
  p[20 + fraction_digits] = 'Z';
  return out;
}

bool read_digits(std::string_view text, size_t& pos, size_t count, int64_t& out) {
  if (pos + count > text.size()) return false;
  int64_t value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char ch = text[pos + i];
    if (ch < '0' || ch > '9') return false;
    value = value * 10 + (ch - '0');
  }
  pos += count;
  out = value;
  return true;
}

bool expect(std::string_view text, size_t& pos, char ch) {
  if (pos >= text.size() || text[pos] != ch) return false;
  ++pos;
  return true;
}

unsigned days_in_month(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Duration Duration::saturating_seconds(int64_t s) {
  constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / kMicrosPerSecond;
  if (s >= kLimit) return max();
  if (s <= -kLimit) return -max();
  return seconds(s);
}

Duration Duration::from_seconds_real(double s) {
  if (!(s > 0)) return zero();  // Also catches NaN.
  const double us = std::round(s * 1e6);
  if (us >= 9.2e18) return max();
  return microseconds(static_cast<int64_t>(us));
}

Duration saturating_add(Duration a, Duration b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a.us(), b.us(), &out)) {
    return b.us() > 0 ? Duration::max() : -Duration::max();
  }
  return Duration::microseconds(out);
}

Instant saturating_add(Instant t, Duration d) {
  int64_t out = 0;
  if (__builtin_add_overflow(t.unix_us(), d.us(), &out)) {
    return d.us() > 0 ? Instant::max() : Instant::from_unix_us(std::numeric_limits<int64_t>::min());
  }
  return Instant::from_unix_us(out);
}

std::string format_iso8601(Instant t) { return format(t, 6); }

std::ostream& operator<<(std::ostream& out, Duration d) {
  char buffer[48];
  const int64_t us = d.us();
  std::snprintf(buffer, sizeof buffer, "%s%lld.%06llds", us < 0 ? "-" : "",
                static_cast<long long>((us < 0 ? -us : us) / 1'000'000),
                static_cast<long long>((us < 0 ? -us : us) % 1'000'000));
  return out << buffer;
}

std::ostream& operator<<(std::ostream& out, Instant t) { return out << format_iso8601(t); }
std::string format_iso8601_ms(Instant t) { return format(t, 3); }

std::optional<Instant> parse_iso8601(std::string_view text) {
  size_t pos = 0;
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, month) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  if (!read_digits(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, minute) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 ||
      day > static_cast<int64_t>(days_in_month(year, static_cast<unsigned>(month))) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int64_t sign = text[pos] == '+' ? 1 : -1;
    ++pos;
    int64_t oh = 0, om = 0;
    if (!read_digits(text, pos, 2, oh) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_seconds;
  return Instant::from_unix_us(seconds * kMicrosPerSecond + micros);
}

}  // namespace wfsim
