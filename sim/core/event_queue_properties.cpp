// Property: random schedules of timers and cancellations fire in (time, sequence) order, exactly
// once, and never after cancellation. Checked against a plain ordered-set model.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <map>
#include <set>
#include <vector>

#include "core/event_queue.h"

namespace wfsim {
namespace {

// One step of a schedule: add a timer `delay_us` after now, cancel the k-th timer ever made,
// or pop the earliest.
struct Step {
  int kind;  // 0 schedule, 1 cancel, 2 pop
  int64_t delay_us;
  size_t target;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(event_queue_properties)

RC_BOOST_PROP(timers_fire_in_order_exactly_once_and_never_after_cancel,
              (const std::vector<std::tuple<uint8_t, uint16_t, uint16_t>>& raw)) {
  EventQueue<size_t> queue;
  std::vector<EventQueue<size_t>::Handle> handles;
  // Model: (time, sequence) -> timer id for the pending timers.
  std::map<std::pair<int64_t, uint64_t>, size_t> model;
  std::vector<std::pair<int64_t, uint64_t>> keys;
  std::set<size_t> fired;
  std::set<size_t> cancelled;
  int64_t now = 0;
  uint64_t sequence = 0;

  auto pop_one = [&] {
    const auto expected = model.begin();
    const auto event = queue.pop();
    RC_ASSERT(event.time.unix_us() == expected->first.first);
    RC_ASSERT(event.payload == expected->second);
    RC_ASSERT(fired.insert(event.payload).second);  // Exactly once.
    RC_ASSERT(cancelled.count(event.payload) == 0u);
    now = event.time.unix_us();
    model.erase(expected);
  };

  for (const auto& [kind_raw, delay_raw, target_raw] : raw) {
    const int kind = kind_raw % 3;
    if (kind == 0) {
      // Small delays make equal-time ties common.
      const int64_t delay = delay_raw % 4 == 0 ? 0 : delay_raw % 50;
      const size_t id = handles.size();
      handles.push_back(queue.schedule(Instant::from_unix_us(now + delay), id));
      keys.emplace_back(now + delay, sequence);
      model[{now + delay, sequence++}] = id;
    } else if (kind == 1 && !handles.empty()) {
      const size_t id = target_raw % handles.size();
      const bool was_pending = model.count(keys[id]) != 0;
      RC_ASSERT(queue.cancel(handles[id]) == was_pending);
      if (was_pending) {
        model.erase(keys[id]);
        cancelled.insert(id);
      }
    } else if (!model.empty()) {
      pop_one();
    }
    RC_ASSERT(queue.size() == model.size());
  }
  while (!model.empty()) pop_one();
  RC_ASSERT(queue.empty());
  RC_ASSERT(fired.size() + cancelled.size() == handles.size());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
