// Virtual time: integer microseconds, with distinct types for a span (Duration) and a point on the
// virtual clock (Instant).
//
// An Instant counts microseconds since the Unix epoch, so history timestamps and ASL Wait
// Timestamps are real calendar times; a run starts at its scenario's virtual epoch. Nothing here
// (or anywhere under sim/) reads a wall clock. Arithmetic that could overflow from user input
// saturates; plain operators assert instead, because an overflow there is a bug in wfsim.
#pragma once

#include <compare>
#include <iosfwd>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/assert.h"

namespace wfsim {
namespace detail {

// The plain operators' arithmetic: an overflow is a bug in wfsim (user input goes through the
// saturating functions), so it fails an assertion instead of being undefined behaviour.
constexpr int64_t checked_add(int64_t a, int64_t b) {
  int64_t out = 0;
  const bool overflow = __builtin_add_overflow(a, b, &out);
  WFSIM_ASSERT_MSG(!overflow, "virtual time overflowed (use saturating_add for user input)");
  return out;
}
constexpr int64_t checked_sub(int64_t a, int64_t b) {
  int64_t out = 0;
  const bool overflow = __builtin_sub_overflow(a, b, &out);
  WFSIM_ASSERT_MSG(!overflow, "virtual time overflowed (use saturating_add for user input)");
  return out;
}
constexpr int64_t checked_mul(int64_t a, int64_t b) {
  int64_t out = 0;
  const bool overflow = __builtin_mul_overflow(a, b, &out);
  WFSIM_ASSERT_MSG(!overflow, "virtual time overflowed (use saturating_add for user input)");
  return out;
}

}  // namespace detail

// The largest time or duration a scenario or workflow file may give, in seconds: 100 years of
// 365 days. Virtual time is int64 microseconds (about 292,000 years), so values this size can be
// added hundreds of times over without saturating, and nothing a person simulates runs longer.
inline constexpr int64_t kMaxInputSeconds = 100LL * 365 * 86'400;

class Duration {
 public:
  constexpr Duration() = default;

  static constexpr Duration microseconds(int64_t us) { return Duration(us); }
  static constexpr Duration milliseconds(int64_t ms) {
    return Duration(detail::checked_mul(ms, 1000));
  }
  static constexpr Duration seconds(int64_t s) { return Duration(detail::checked_mul(s, 1'000'000)); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<int64_t>::max()); }
  // Seconds given by the user (scenario or definition), saturating instead of overflowing.
  static Duration saturating_seconds(int64_t s);
  // Seconds with a fractional part, as scenarios allow ("heartbeat_every_seconds": 0.5).
  // Rounded to the nearest microsecond and clamped to [0, max()]. Only for parsing input.
  static Duration from_seconds_real(double s);

  constexpr int64_t us() const { return us_; }
  // Whole seconds, rounded toward zero.
  constexpr int64_t whole_seconds() const { return us_ / 1'000'000; }
  double seconds_real() const { return static_cast<double>(us_) / 1e6; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator-() const { return Duration(detail::checked_sub(0, us_)); }
  friend constexpr Duration operator+(Duration a, Duration b) {
    return Duration(detail::checked_add(a.us_, b.us_));
  }
  friend constexpr Duration operator-(Duration a, Duration b) {
    return Duration(detail::checked_sub(a.us_, b.us_));
  }
  friend constexpr Duration operator*(Duration a, int64_t k) {
    return Duration(detail::checked_mul(a.us_, k));
  }
  friend constexpr Duration operator/(Duration a, int64_t k) {
    WFSIM_ASSERT(k != 0 && !(k == -1 && a.us_ == std::numeric_limits<int64_t>::min()));
    return Duration(a.us_ / k);
  }
  Duration& operator+=(Duration d) { return *this = *this + d; }
  Duration& operator-=(Duration d) { return *this = *this - d; }

 private:
  constexpr explicit Duration(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

Duration saturating_add(Duration a, Duration b);

class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant from_unix_us(int64_t us) { return Instant(us); }
  static constexpr Instant max() { return Instant(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t unix_us() const { return us_; }

  constexpr auto operator<=>(const Instant&) const = default;
  friend constexpr Instant operator+(Instant t, Duration d) {
    return Instant(detail::checked_add(t.us_, d.us()));
  }
  friend constexpr Instant operator-(Instant t, Duration d) {
    return Instant(detail::checked_sub(t.us_, d.us()));
  }
  friend constexpr Duration operator-(Instant a, Instant b) {
    return Duration::microseconds(detail::checked_sub(a.us_, b.us_));
  }
  Instant& operator+=(Duration d) { return *this = *this + d; }

 private:
  constexpr explicit Instant(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

// Adds without overflowing: a deadline past the end of time is Instant::max().
Instant saturating_add(Instant t, Duration d);

// "2024-01-01T00:00:00.000000Z": ISO-8601 UTC with microseconds (the history's timestamp form).
std::string format_iso8601(Instant t);
// Millisecond precision, "2024-01-01T00:00:00.000Z", as AWS prints dates in API answers.
std::string format_iso8601_ms(Instant t);
// Parses an RFC 3339 timestamp ("2016-03-14T01:59:00Z", fractional seconds and numeric offsets
// allowed). Returns nullopt when the text is not one; never throws.
std::optional<Instant> parse_iso8601(std::string_view text);

// For test diagnostics: "90.000000s" and the ISO-8601 form.
std::ostream& operator<<(std::ostream& out, Duration d);
std::ostream& operator<<(std::ostream& out, Instant t);

// The default virtual epoch of a run: 2024-01-01T00:00:00Z.
inline constexpr Instant kDefaultEpoch = Instant::from_unix_us(1'704'067'200'000'000);

}  // namespace wfsim
