// The event loop: limits, stall detection, digests and tie shuffling.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "core/scheduler.h"

namespace wfsim {
namespace {
struct Tick {
  uint32_t kind = 0;
  uint64_t entity = 0;
  uint32_t digest_kind() const { return kind; }
  uint64_t digest_entity() const { return entity; }
};

// A small self-perpetuating workload whose shape depends on the seed.
uint64_t run_workload(uint64_t seed, std::vector<TraceRecord>* trace, bool shuffle_ties) {
  Random ties(seed);
  Random work = Random(seed).fork("work");
  Scheduler<Tick> s(kDefaultEpoch, RunLimits{}, shuffle_ties ? &ties : nullptr);
  s.set_trace(trace);
  for (uint64_t i = 0; i < 20; ++i) s.at(kDefaultEpoch, Tick{1, i});
  int remaining = 2000;
  s.run(
      [&](Instant, Tick& tick) {
        if (--remaining > 0) {
          s.after(Duration::microseconds(work.uniform_in(0, 3)), Tick{tick.kind + 1, tick.entity});
        }
      },
      [] { return false; });
  return s.digest().value();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler)

BOOST_AUTO_TEST_CASE(virtual_time_jumps_to_the_next_event) {
  Scheduler<Tick> s(kDefaultEpoch, RunLimits{});
  s.after(Duration::seconds(3600), Tick{1, 1});
  std::vector<Instant> seen;
  const StopReason reason = s.run([&](Instant now, Tick&) { seen.push_back(now); }, [] { return false; });
  BOOST_TEST(reason == StopReason::drained);
  BOOST_TEST_REQUIRE(seen.size() == 1u);
  BOOST_TEST(seen[0] == kDefaultEpoch + Duration::seconds(3600));
  BOOST_TEST(s.events_processed() == 1u);
}

BOOST_AUTO_TEST_CASE(a_zero_time_loop_is_reported_as_stalled_not_a_hang) {
  RunLimits limits;
  limits.max_events_per_instant = 1000;
  Scheduler<Tick> s(kDefaultEpoch, limits);
  s.at(kDefaultEpoch, Tick{});
  const StopReason reason =
      s.run([&](Instant now, Tick& t) { s.at(now, t); }, [] { return false; });
  BOOST_TEST(reason == StopReason::stalled);
}

BOOST_AUTO_TEST_CASE(advancing_time_by_hand_restarts_the_stall_count) {
  RunLimits limits;
  limits.max_events_per_instant = 10;
  Scheduler<Tick> s(kDefaultEpoch, limits);
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 8; ++i) s.at(s.now(), Tick{});
    BOOST_TEST(s.run([](Instant, Tick&) {}, [] { return false; }) == StopReason::drained);
    s.advance_to(s.now() + Duration::microseconds(1));
  }
}

BOOST_AUTO_TEST_CASE(event_and_time_limits_stop_the_run) {
  RunLimits limits;
  limits.max_events = 50;
  Scheduler<Tick> s(kDefaultEpoch, limits);
  s.at(kDefaultEpoch, Tick{});
  BOOST_TEST(s.run([&](Instant, Tick& t) { s.after(Duration::seconds(1), t); }, [] { return false; }) ==
             StopReason::event_limit);
  BOOST_TEST(s.events_processed() == 50u);

  RunLimits short_time;
  short_time.max_virtual_time = Duration::seconds(10);
  Scheduler<Tick> t(kDefaultEpoch, short_time);
  t.at(kDefaultEpoch, Tick{});
  BOOST_TEST(t.run([&](Instant, Tick& x) { t.after(Duration::seconds(3), x); }, [] { return false; }) ==
             StopReason::time_limit);
  BOOST_TEST(t.now() == kDefaultEpoch + Duration::seconds(9));
}

BOOST_AUTO_TEST_CASE(a_stop_request_is_honoured_before_the_next_event) {
  Scheduler<Tick> s(kDefaultEpoch, RunLimits{});
  for (int i = 0; i < 10; ++i) s.after(Duration::seconds(i), Tick{});
  int handled = 0;
  BOOST_TEST(s.run([&](Instant, Tick&) { ++handled; }, [&] { return handled == 4; }) ==
             StopReason::requested);
  BOOST_TEST(handled == 4);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_digest_and_trace) {
  for (const bool shuffle : {false, true}) {
    const auto divergence = check_determinism(
        [&](std::vector<TraceRecord>& trace) { run_workload(99, &trace, shuffle); });
    BOOST_TEST(!divergence.has_value());
    BOOST_TEST(run_workload(99, nullptr, shuffle) == run_workload(99, nullptr, shuffle));
  }
  BOOST_TEST(run_workload(99, nullptr, true) != run_workload(100, nullptr, true));
}

BOOST_AUTO_TEST_CASE(shuffled_ties_reorder_equal_time_events_but_keep_time_order) {
  std::vector<TraceRecord> fifo;
  std::vector<TraceRecord> shuffled;
  run_workload(5, &fifo, false);
  run_workload(5, &shuffled, true);
  BOOST_TEST(first_divergence(fifo, shuffled).has_value());
  for (size_t i = 1; i < shuffled.size(); ++i) BOOST_TEST_REQUIRE(shuffled[i - 1].time <= shuffled[i].time);
}

BOOST_AUTO_TEST_CASE(first_divergence_points_at_the_first_differing_record) {
  std::vector<TraceRecord> a{{1, kDefaultEpoch, 1, 1}, {2, kDefaultEpoch, 2, 2}, {3, kDefaultEpoch, 3, 3}};
  std::vector<TraceRecord> b = a;
  b[1].entity = 9;
  const auto d = first_divergence(a, b);
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->index == 1u);
  b = a;
  b.pop_back();
  const auto shorter = first_divergence(a, b);
  BOOST_TEST_REQUIRE(shorter.has_value());
  BOOST_TEST(shorter->index == 2u);
  BOOST_TEST(!shorter->second.has_value());
}

BOOST_AUTO_TEST_CASE(digests_round_trip_through_hex) {
  Digest d;
  d.add(TraceRecord{1, kDefaultEpoch, 2, 3});
  BOOST_TEST((Digest::parse_hex(d.hex()) == d.value()));
  BOOST_TEST(!Digest::parse_hex("xyz").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
