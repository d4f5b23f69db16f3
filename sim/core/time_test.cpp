// Virtual time: units, saturation and the calendar conversions the history relies on.
#include <boost/test/unit_test.hpp>

#include "core/time.h"

namespace wfsim {

BOOST_AUTO_TEST_SUITE(time_units)

BOOST_AUTO_TEST_CASE(durations_keep_their_units_straight) {
  BOOST_TEST(Duration::seconds(3).us() == 3'000'000);
  BOOST_TEST(Duration::milliseconds(1500).whole_seconds() == 1);
  BOOST_TEST((Duration::seconds(1) + Duration::milliseconds(250)).us() == 1'250'000);
  BOOST_TEST((Duration::seconds(10) * 3 / 4).us() == 7'500'000);
  BOOST_TEST(Duration::from_seconds_real(0.5).us() == 500'000);
  BOOST_TEST(Duration::from_seconds_real(-1).us() == 0);
}

BOOST_AUTO_TEST_CASE(user_sized_durations_saturate_instead_of_overflowing) {
  BOOST_TEST(Duration::saturating_seconds(INT64_MAX / 2) == Duration::max());
  BOOST_TEST(Duration::saturating_seconds(99'999'999).us() == 99'999'999'000'000);
  BOOST_TEST(saturating_add(Instant::max() - Duration::seconds(1), Duration::seconds(5)) ==
             Instant::max());
  BOOST_TEST(saturating_add(Duration::max(), Duration::seconds(1)) == Duration::max());
}

BOOST_AUTO_TEST_CASE(plain_operators_that_overflow_fail_an_assertion_not_silently) {
  // A time computed with a plain operator past the end of time is a bug in wfsim (user input
  // goes through the saturating functions); found by scenario_fuzz as signed overflow in
  // Temporal's local heartbeat deadline (start_to_close_seconds of 1e21 plus the 5 s buffer).
  BOOST_CHECK_THROW(Duration::max() + Duration::seconds(5), AssertionFailure);
  BOOST_CHECK_THROW(-Duration::max() - Duration::seconds(5), AssertionFailure);
  BOOST_CHECK_THROW(Duration::max() * 2, AssertionFailure);
  BOOST_CHECK_THROW(Duration::seconds(INT64_MAX / 1000), AssertionFailure);
  BOOST_CHECK_THROW(Instant::max() + Duration::microseconds(1), AssertionFailure);
  BOOST_CHECK_THROW(Instant::max() - (Instant::max() - Duration::max() - Duration::max()),
                    AssertionFailure);
  Duration d = Duration::max();
  BOOST_CHECK_THROW(d += Duration::microseconds(1), AssertionFailure);
  BOOST_TEST((Duration::max() + -Duration::max()) == Duration::zero());
  BOOST_TEST((Instant::max() - Duration::max()).unix_us() == 0);
}

BOOST_AUTO_TEST_CASE(instants_subtract_to_durations) {
  const Instant a = kDefaultEpoch + Duration::seconds(90);
  BOOST_TEST((a - kDefaultEpoch).us() == 90'000'000);
  BOOST_TEST(a > kDefaultEpoch);
}

BOOST_AUTO_TEST_CASE(the_default_epoch_prints_as_2024) {
  BOOST_TEST(format_iso8601(kDefaultEpoch) == "2024-01-01T00:00:00.000000Z");
  BOOST_TEST(format_iso8601_ms(kDefaultEpoch + Duration::microseconds(1'234'567)) ==
             "2024-01-01T00:00:01.234Z");
  BOOST_TEST(format_iso8601(Instant::from_unix_us(0)) == "1970-01-01T00:00:00.000000Z");
  BOOST_TEST(format_iso8601(Instant::from_unix_us(-1)) == "1969-12-31T23:59:59.999999Z");
}

BOOST_AUTO_TEST_CASE(leap_days_and_year_ends_convert_both_ways) {
  for (const char* text : {"2024-02-29T12:00:00.000000Z", "2023-12-31T23:59:59.999999Z",
                           "2000-02-29T00:00:00.000000Z", "2100-03-01T00:00:00.000001Z"}) {
    const auto parsed = parse_iso8601(text);
    BOOST_TEST_REQUIRE(parsed.has_value(), text);
    BOOST_TEST(format_iso8601(*parsed) == text);
  }
}

BOOST_AUTO_TEST_CASE(rfc3339_offsets_and_fractions_parse) {
  BOOST_TEST(parse_iso8601("2016-03-14T01:59:00Z")->unix_us() == 1'457'920'740'000'000);
  BOOST_TEST(parse_iso8601("2016-03-14T03:59:00+02:00")->unix_us() == 1'457'920'740'000'000);
  BOOST_TEST(parse_iso8601("2016-03-14T01:59:00.5Z")->unix_us() == 1'457'920'740'500'000);
}

BOOST_AUTO_TEST_CASE(malformed_timestamps_are_rejected_without_throwing) {
  for (const char* text : {"", "2016-03-14", "2016-03-14T01:59:00", "2016-13-01T00:00:00Z",
                           "2023-02-29T00:00:00Z", "2016-03-14T24:00:00Z", "2016-03-14T01:59:00.Z",
                           "2016-03-14T01:59:00Zjunk", "not a date", "2016-03-14 01:59:00Z"}) {
    BOOST_TEST(!parse_iso8601(text).has_value(), text);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
