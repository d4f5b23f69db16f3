// The event queue: (time, sequence) order, cancellation, and bounded memory under re-arming.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "core/event_queue.h"

namespace wfsim {
namespace {
Instant at(int64_t seconds) { return kDefaultEpoch + Duration::seconds(seconds); }

std::vector<int> drain(EventQueue<int>& queue) {
  std::vector<int> out;
  while (!queue.empty()) out.push_back(queue.pop().payload);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(event_queue)

BOOST_AUTO_TEST_CASE(events_leave_in_time_order) {
  EventQueue<int> q;
  q.schedule(at(30), 3);
  q.schedule(at(10), 1);
  q.schedule(at(20), 2);
  q.schedule(at(1000000), 5);
  q.schedule(at(40), 4);
  BOOST_TEST(drain(q) == (std::vector<int>{1, 2, 3, 4, 5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(equal_times_leave_in_scheduling_order) {
  EventQueue<int> q;
  for (int i = 0; i < 10; ++i) q.schedule(at(5), i);
  q.schedule(at(1), -1);
  BOOST_TEST(q.pop().payload == -1);
  q.schedule(at(5), 10);  // Scheduled after the others, at the same time: leaves last.
  BOOST_TEST(drain(q) == (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(caller_sequences_order_equal_times) {
  EventQueue<int> q;
  q.schedule_with_sequence(at(5), 30, 3);
  q.schedule_with_sequence(at(5), 10, 1);
  q.schedule_with_sequence(at(5), 20, 2);
  BOOST_TEST(drain(q) == (std::vector<int>{1, 2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(events_at_the_current_time_may_be_scheduled_while_popping) {
  EventQueue<int> q;
  q.schedule(at(5), 1);
  q.schedule(at(9), 3);
  BOOST_TEST(q.pop().payload == 1);
  q.schedule(at(5), 2);
  BOOST_TEST(q.next_time() == at(5));
  BOOST_TEST(drain(q) == (std::vector<int>{2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_cancelled_event_never_fires_and_cancel_is_idempotent) {
  EventQueue<int> q;
  auto a = q.schedule(at(1), 1);
  auto b = q.schedule(at(2), 2);
  auto c = q.schedule(at(3), 3);
  BOOST_TEST(q.cancel(b));
  BOOST_TEST(!q.cancel(b));
  BOOST_TEST(q.size() == 2u);
  BOOST_TEST(q.pop().payload == 1);
  BOOST_TEST(!q.cancel(a));  // Already fired.
  BOOST_TEST(q.pending(c));
  BOOST_TEST(drain(q) == (std::vector<int>{3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_stale_handle_cannot_cancel_the_slot_s_next_event) {
  EventQueue<int> q;
  auto first = q.schedule(at(1), 1);
  BOOST_TEST(q.cancel(first));
  auto second = q.schedule(at(2), 2);  // Reuses the slot with a new generation.
  BOOST_TEST(second.slot == first.slot);
  BOOST_TEST(!q.cancel(first));
  BOOST_TEST(q.pending(second));
  BOOST_TEST(q.pop().payload == 2);
}

BOOST_AUTO_TEST_CASE(scheduling_before_the_last_popped_time_is_a_bug) {
  EventQueue<int> q;
  q.schedule(at(10), 1);
  q.pop();
  BOOST_CHECK_THROW(q.schedule(at(9), 2), AssertionFailure);
}

BOOST_AUTO_TEST_CASE(re_arming_deadlines_keeps_memory_proportional_to_live_events) {
  // 1000 tasks, each re-arming its heartbeat deadline 200 times: 200k cancels.
  EventQueue<int> q;
  std::vector<EventQueue<int>::Handle> deadlines(1000);
  for (int round = 0; round < 200; ++round) {
    for (int task = 0; task < 1000; ++task) {
      q.cancel(deadlines[task]);
      deadlines[task] = q.schedule(at(100 + round + task), task);
    }
  }
  BOOST_TEST(q.size() == 1000u);
  int fired = 0;
  Instant last = at(0);
  while (!q.empty()) {
    const auto event = q.pop();
    BOOST_TEST_REQUIRE(event.time >= last);
    last = event.time;
    BOOST_TEST_REQUIRE(event.time == at(100 + 199 + event.payload));
    ++fired;
  }
  BOOST_TEST(fired == 1000);
}

BOOST_AUTO_TEST_CASE(peeking_does_not_forbid_scheduling_between_now_and_the_next_event) {
  EventQueue<int> q;
  q.schedule(at(1), 1);
  q.schedule(at(100), 3);
  BOOST_TEST(q.pop().payload == 1);
  BOOST_TEST(q.next_time() == at(100));  // Moves the heap's minimum to 100 internally.
  q.schedule(at(50), 2);                  // Still after the last popped event: allowed.
  BOOST_TEST(q.next_time() == at(50));
  BOOST_TEST(drain(q) == (std::vector<int>{2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(instants_before_1970_order_correctly) {
  EventQueue<int> q;
  q.schedule(Instant::from_unix_us(5), 2);
  q.schedule(Instant::from_unix_us(-5), 1);
  BOOST_TEST(drain(q) == (std::vector<int>{1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(events_at_the_end_of_time_fire_after_the_others) {
  // Regression (found by scenario_hazards_test): a deadline saturated at Instant::max() has the
  // largest key, once taken for "no live entry", and the entry was lost ("live events but no
  // occupied bucket").
  EventQueue<int> q;
  q.schedule(Instant::from_unix_us(0), 1);
  q.schedule(Instant::max(), 3);
  q.schedule(Instant::max(), 4);
  q.schedule(Instant::from_unix_us(7), 2);
  BOOST_TEST(q.pop().payload == 1);
  BOOST_TEST(q.next_time() == Instant::from_unix_us(7));
  BOOST_TEST(q.pop().payload == 2);
  BOOST_TEST(q.next_time() == Instant::max());
  BOOST_TEST(drain(q) == (std::vector<int>{3, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
