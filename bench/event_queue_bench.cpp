// BM_EventQueue/N: a steady population of N pending timers; each handled event schedules one new
// event at a pseudo-random future time. Reports events handled per second.
// BM_TimerRearm/N: N live tasks, each re-arming its heartbeat deadline (cancel + schedule) on every
// heartbeat. Reports heartbeats per second.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/event_queue.h"
#include "core/random.h"

namespace wfsim {
namespace {

void BM_EventQueue(benchmark::State& state) {
  const int64_t pending = state.range(0);
  EventQueue<uint32_t> queue;
  Random random(1);
  for (int64_t i = 0; i < pending; ++i) {
    queue.schedule(kDefaultEpoch + Duration::microseconds(random.uniform_in(0, 1'000'000)),
                   static_cast<uint32_t>(i));
  }
  for (auto _ : state) {
    const auto fired = queue.pop();
    queue.schedule(fired.time + Duration::microseconds(1 + random.uniform(1'000'000)),
                   fired.payload);
  }
  benchmark::DoNotOptimize(queue.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueue)->Arg(1000)->Arg(100'000)->Arg(1'000'000);

// Each task heartbeats every `interval`; a heartbeat pushes its deadline (interval * 3) out.
struct Rearm {
  uint32_t task;
  bool deadline;
};

void BM_TimerRearm(benchmark::State& state) {
  const int64_t tasks = state.range(0);
  EventQueue<Rearm> queue;
  std::vector<EventQueue<Rearm>::Handle> deadlines(static_cast<size_t>(tasks));
  Random random(2);
  const Duration interval = Duration::seconds(5);
  for (int64_t i = 0; i < tasks; ++i) {
    const Instant first = kDefaultEpoch + Duration::microseconds(random.uniform_in(0, 5'000'000));
    queue.schedule(first, Rearm{static_cast<uint32_t>(i), false});
    deadlines[static_cast<size_t>(i)] =
        queue.schedule(first + interval * 3, Rearm{static_cast<uint32_t>(i), true});
  }
  int64_t heartbeats = 0;
  for (auto _ : state) {
    const auto fired = queue.pop();
    if (fired.payload.deadline) continue;  // Never happens while heartbeats keep coming.
    auto& deadline = deadlines[fired.payload.task];
    queue.cancel(deadline);
    deadline = queue.schedule(fired.time + interval * 3, Rearm{fired.payload.task, true});
    queue.schedule(fired.time + interval + Duration::microseconds(random.uniform(1000)),
                   fired.payload);
    ++heartbeats;
  }
  state.SetItemsProcessed(heartbeats);
}
BENCHMARK(BM_TimerRearm)->Arg(1000)->Arg(100'000)->Arg(1'000'000);

}  // namespace
}  // namespace wfsim
