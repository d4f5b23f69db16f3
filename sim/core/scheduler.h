// The discrete-event loop: virtual now, the event queue, run limits, stall detection, the rolling
// digest and an optional trace.
//
// When nothing is ready the loop jumps virtual time to the next event. Equal-time events leave in
// FIFO order, or, when a tie-breaking stream is given, in an order drawn from it (the sequence
// number's high bits are a draw, its low bits a counter, so the order is still total and seeded).
// A payload tells the digest what it is through digest_kind() and digest_entity().
#pragma once

#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

#include "core/digest.h"
#include "core/event_queue.h"
#include "core/random.h"
#include "core/time.h"

namespace wfsim {

// Bounds on one run. A run that reaches one stops with the matching StopReason; the caller turns
// that into a finding (liveness), never a hang.
struct RunLimits {
  uint64_t max_events = 50'000'000;
  // Virtual time measured from the scheduler's start.
  Duration max_virtual_time = Duration::seconds(int64_t{3} * 365 * 86'400);
  // Events processed without virtual time advancing before the run counts as stalled.
  uint64_t max_events_per_instant = 1'000'000;
};

enum class StopReason {
  drained,       // No events left.
  requested,     // The caller's stop condition held.
  event_limit,   // RunLimits::max_events reached.
  time_limit,    // The next event lies past RunLimits::max_virtual_time.
  stalled,       // Too many events at one instant (a zero-time loop).
};

const char* to_string(StopReason reason);
std::ostream& operator<<(std::ostream& out, StopReason reason);

template <typename P>
concept Traceable = requires(const P& p) {
  { p.digest_kind() } -> std::convertible_to<uint32_t>;
  { p.digest_entity() } -> std::convertible_to<uint64_t>;
};

template <Traceable Payload>
class Scheduler {
 public:
  using Queue = EventQueue<Payload>;
  using Handle = typename Queue::Handle;
  using Fired = typename Queue::Fired;

  // `tie_breaker`, when given, must outlive the scheduler; it is only drawn from when scheduling.
  Scheduler(Instant start, RunLimits limits, Random* tie_breaker = nullptr)
      : start_(start), now_(start), limits_(limits), tie_breaker_(tie_breaker) {}

  Instant now() const { return now_; }
  Instant start() const { return start_; }

  Handle at(Instant when, Payload payload) {
    WFSIM_ASSERT_MSG(when >= now_, "scheduled in the past");
    if (tie_breaker_ == nullptr) return queue_.schedule(when, std::move(payload));
    const uint64_t sequence = (tie_breaker_->next_u64() << kCounterBits) | (counter_++ & kCounterMask);
    return queue_.schedule_with_sequence(when, sequence, std::move(payload));
  }
  Handle after(Duration delay, Payload payload) {
    return at(saturating_add(now_, delay), std::move(payload));
  }
  // Cancels the event if still pending and clears the handle. Returns whether it was pending.
  bool cancel(Handle& handle) {
    const bool was = queue_.cancel(handle);
    handle = Handle{};
    return was;
  }
  bool pending(Handle handle) const { return queue_.pending(handle); }
  size_t pending_count() const { return queue_.size(); }
  // The time of the earliest pending event, if any.
  std::optional<Instant> next_time() {
    if (queue_.empty()) return std::nullopt;
    return queue_.next_time();
  }
  // Moves virtual time forward to `t` without processing anything; no event may be pending
  // before `t`.
  void advance_to(Instant t) {
    WFSIM_ASSERT(t >= now_);
    WFSIM_ASSERT(queue_.empty() || queue_.next_time() >= t);
    if (t > now_) events_this_instant_ = 0;
    now_ = t;
  }

  // Processes events in (time, sequence) order, calling handle(now, payload) for each, until the
  // queue drains, stop() returns true (checked before each event), or a limit trips.
  template <typename Handler, typename StopWhen>
  StopReason run(Handler&& handle, StopWhen&& stop) {
    for (;;) {
      if (queue_.empty()) return StopReason::drained;
      if (stop()) return StopReason::requested;
      if (processed_ >= limits_.max_events) return StopReason::event_limit;
      const Instant next = queue_.next_time();
      if (next - start_ > limits_.max_virtual_time) return StopReason::time_limit;
      if (next == now_) {
        if (++events_this_instant_ > limits_.max_events_per_instant) return StopReason::stalled;
      } else {
        events_this_instant_ = 1;
      }
      Fired fired = queue_.pop();
      WFSIM_ASSERT(fired.time >= now_);
      now_ = fired.time;
      const TraceRecord record{fired.sequence, fired.time, fired.payload.digest_kind(),
                               fired.payload.digest_entity()};
      digest_.add(record);
      if (trace_ != nullptr) trace_->push_back(record);
      ++processed_;
      handle(now_, fired.payload);
    }
  }

  const Digest& digest() const { return digest_; }
  uint64_t events_processed() const { return processed_; }
  // Records every processed event into `sink` (for determinism checks); nullptr stops recording.
  void set_trace(std::vector<TraceRecord>* sink) { trace_ = sink; }

 private:
  static constexpr int kCounterBits = 40;
  static constexpr uint64_t kCounterMask = (1ULL << kCounterBits) - 1;

  Queue queue_;
  Instant start_;
  Instant now_;
  RunLimits limits_;
  Random* tie_breaker_;
  Digest digest_;
  std::vector<TraceRecord>* trace_ = nullptr;
  uint64_t processed_ = 0;
  uint64_t events_this_instant_ = 0;
  uint64_t counter_ = 0;
};

}  // namespace wfsim
