// The benchmarks' minimal Step Functions host: the core scheduler for timers, a mock that
// answers every Task at once with {"v": 1}, and an S3 store that answers reads and writes at
// once. Shared by execution_bench.cpp and map_run_bench.cpp; not a simulated world (no workers,
// no latency, no faults), so it measures the engine (and sim/s3's readers and writers) alone.
#pragma once

#include <sys/resource.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "asl/definition.h"
#include "core/scheduler.h"
#include "engine/sfn_engine.h"
#include "s3/s3.h"

namespace wfsim::bench {

// The process's peak resident set so far, in KiB.
inline int64_t peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

inline std::shared_ptr<const asl::Definition> load(const std::string& name) {
  std::ifstream in(std::string(WFSIM_BENCH_DIR) + "/definitions/" + name);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = asl::parse_definition_text(text.str());
  WFSIM_ASSERT_MSG(std::holds_alternative<std::shared_ptr<const asl::Definition>>(parsed),
                   "benchmark definition " + name + " does not parse");
  return std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
}

// A minimal host: the core scheduler for timers, and a mock that answers every Task at once.
class MockHost final : public sfn::Host, public sfn::S3Host {
 public:
  struct Event {
    uint32_t slot;  // Timer slot, kAnswer for a pending mock answer, kS3 for an S3 answer.
    uint32_t digest_kind() const { return 1; }
    uint64_t digest_entity() const { return slot; }
  };
  static constexpr uint32_t kAnswer = UINT32_MAX;
  static constexpr uint32_t kS3 = UINT32_MAX - 1;

  explicit MockHost(sfn::EngineOptions options = {})
      : scheduler_(kDefaultEpoch, limits()), engine_(*this, Random(1), std::move(options)) {}

  void arm_timer(TimerSlot slot, Instant at) override {
    if (slot >= timers_.size()) timers_.resize(slot + 1);
    scheduler_.cancel(timers_[slot]);
    timers_[slot] = scheduler_.at(at, Event{slot});
  }
  void cancel_timer(TimerSlot slot) override { scheduler_.cancel(timers_[slot]); }
  sfn::S3Host* s3() override { return this; }
  s3::ObjectStore& store() { return store_; }
  void set_store(s3::ObjectStore store) { store_ = std::move(store); }
  void read_items(sfn::S3Ticket ticket, const s3::ReadRequest& request) override {
    s3_answers_.push_back(S3Answer{ticket, s3::read_items(store_, request), {}});
    scheduler_.at(scheduler_.now(), Event{kS3});
  }
  void write_results(sfn::S3Ticket ticket, const s3::WriteRequest& request,
                     std::vector<s3::ChildResult> children) override {
    s3_answers_.push_back(
        S3Answer{ticket, std::nullopt, s3::write_results(store_, request, children)});
    scheduler_.at(scheduler_.now(), Event{kS3});
  }
  void dispatch(const sfn::TaskDispatch& task) override {
    answers_.push_back(task.token);
    scheduler_.at(scheduler_.now(), Event{kAnswer});
  }

  // Runs one execution to its end and forgets it; returns its output.
  Json execute(const std::shared_ptr<const asl::Definition>& definition, const Json& input) {
    const sfn::ApiAnswer started =
        engine_.start_execution(scheduler_.now(), definition, "bench", name(), input);
    WFSIM_ASSERT_MSG(started.ok(), started.error->code + ": " + started.error->message);
    const StopReason stop =
        scheduler_.run([this](Instant now, Event& e) { handle(now, e); }, [] { return false; });
    WFSIM_ASSERT_MSG(stop == StopReason::drained && engine_.running_executions() == 0,
                     std::string("the execution did not end: ") + to_string(stop));
    // Executions start 1 ms apart: a million events at one instant would count as a stall.
    scheduler_.advance_to(scheduler_.now() + Duration::milliseconds(1));
    const std::string& arn = (*started.response)["executionArn"].get_ref<const std::string&>();
    const History* history = engine_.history(arn);
    WFSIM_ASSERT(history != nullptr && !history->events.empty() &&
                 history->events.back().type == EventType::ExecutionSucceeded);
    const Document output = history->events.back().output;
    engine_.release_execution(arn);
    return output ? *output : Json();
  }

 private:
  void handle(Instant now, const Event& e) {
    if (e.slot == kS3) {
      WFSIM_ASSERT(!s3_answers_.empty());
      S3Answer answer = std::move(s3_answers_.front());
      s3_answers_.erase(s3_answers_.begin());
      if (answer.read) {
        engine_.on_items_read(now, answer.ticket, std::move(*answer.read));
      } else {
        engine_.on_results_written(now, answer.ticket, std::move(answer.write));
      }
      return;
    }
    if (e.slot != kAnswer) {
      timers_[e.slot] = {};
      engine_.on_timer(now, e.slot);
      return;
    }
    const std::string token = std::move(answers_[next_answer_++]);
    if (next_answer_ == answers_.size()) {
      answers_.clear();
      next_answer_ = 0;
    }
    const sfn::ApiAnswer answer =
        engine_.complete_integration(now, token, sfn::IntegrationResult::success(result_));
    WFSIM_ASSERT_MSG(answer.ok(), answer.error->code + ": " + answer.error->message);
  }
  std::string name() {
    // Distinct names (a released name could be reused, but keep the arn map honest).
    name_ = "run-" + std::to_string(counter_++);
    return name_;
  }

  // A Distributed Map of a million items runs all its events at one instant (the mock answers
  // at once): the stall guard, meant for zero-time loops in a simulated world, is lifted here.
  static RunLimits limits() {
    RunLimits out;
    out.max_events = uint64_t{1} << 40;
    out.max_events_per_instant = uint64_t{1} << 40;
    return out;
  }
  struct S3Answer {
    sfn::S3Ticket ticket;
    std::optional<s3::ReadOutcome> read;  // Else a write.
    s3::WriteOutcome write;
  };
  s3::ObjectStore store_;
  std::vector<S3Answer> s3_answers_;  // In the order asked, answered in that order.
  Scheduler<Event> scheduler_;
  sfn::Engine engine_;
  std::vector<Scheduler<Event>::Handle> timers_;
  std::vector<std::string> answers_;
  size_t next_answer_ = 0;
  Json result_ = Json{{"v", 1}};
  std::string name_;
  uint64_t counter_ = 0;
};

}  // namespace wfsim::bench
