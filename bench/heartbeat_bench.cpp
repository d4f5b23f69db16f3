// BM_Heartbeats: one activity heartbeating every second through a year of virtual time (31,536,000
// heartbeats), each re-arming the engine's heartbeat deadline. Reports heartbeats per second.
#include <benchmark/benchmark.h>

#include "asl/definition.h"
#include "core/scheduler.h"
#include "engine/sfn_engine.h"

namespace wfsim {
namespace {

constexpr const char* kActivity = "arn:aws:states:us-east-1:123456789012:activity:work";

class HeartbeatHost final : public sfn::Host {
 public:
  struct Event {
    uint32_t slot;  // Timer slot, or kBeat for the worker's next heartbeat.
    uint32_t digest_kind() const { return 1; }
    uint64_t digest_entity() const { return slot; }
  };
  static constexpr uint32_t kBeat = UINT32_MAX;

  explicit HeartbeatHost(sfn::EngineOptions options)
      : scheduler_(kDefaultEpoch, RunLimits{int64_t{1} << 40, Duration::seconds(int64_t{4} * 365 * 86'400),
                                            1'000'000}),
        engine_(*this, Random(3), std::move(options)) {}

  void arm_timer(TimerSlot slot, Instant at) override {
    if (slot >= timers_.size()) timers_.resize(slot + 1);
    scheduler_.cancel(timers_[slot]);
    timers_[slot] = scheduler_.at(at, Event{slot});
  }
  void cancel_timer(TimerSlot slot) override { scheduler_.cancel(timers_[slot]); }
  void dispatch(const sfn::TaskDispatch&) override {}

  // Starts the execution and takes the activity task; the worker then beats every second.
  void start(std::shared_ptr<const asl::Definition> definition) {
    engine_.start_execution(scheduler_.now(), std::move(definition), "beats", "year", Json::object());
    run_until_idle_at_now();
    const sfn::ApiAnswer task = engine_.get_activity_task(scheduler_.now(), kActivity, "worker");
    WFSIM_ASSERT(task.ok() && task.response->contains("taskToken"));
    token_ = (*task.response)["taskToken"].get<std::string>();
    scheduler_.after(Duration::seconds(1), Event{kBeat});
  }

  // Processes events until the next heartbeat has been sent.
  void beat() {
    bool sent = false;
    scheduler_.run([&](Instant now, Event& e) { handle(now, e, sent); }, [&] { return sent; });
    WFSIM_ASSERT(sent);
  }

 private:
  void run_until_idle_at_now() {
    const Instant now = scheduler_.now();
    bool unused = false;
    scheduler_.run([&](Instant t, Event& e) { handle(t, e, unused); },
                   [&] { return scheduler_.next_time().value_or(now + Duration::seconds(1)) > now; });
  }
  void handle(Instant now, const Event& e, bool& sent) {
    if (e.slot != kBeat) {
      timers_[e.slot] = {};
      engine_.on_timer(now, e.slot);
      return;
    }
    const sfn::ApiAnswer answer = engine_.send_task_heartbeat(now, token_);
    WFSIM_ASSERT_MSG(answer.ok(), "a heartbeat was rejected: the task closed early");
    scheduler_.after(Duration::seconds(1), Event{kBeat});
    sent = true;
  }

  Scheduler<Event> scheduler_;
  sfn::Engine engine_;
  std::vector<Scheduler<Event>::Handle> timers_;
  std::string token_;
};

void BM_Heartbeats(benchmark::State& state) {
  auto parsed = asl::parse_definition_text(std::string(R"({"StartAt":"Work","States":{"Work":{
      "Type":"Task","Resource":")") + kActivity + R"(","HeartbeatSeconds":5,
      "TimeoutSeconds":99999999,"End":true}}})");
  const auto definition = std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
  sfn::EngineOptions options;
  options.max_execution_duration = Duration::seconds(int64_t{2} * 365 * 86'400);
  HeartbeatHost host(options);
  host.start(definition);
  for (auto _ : state) host.beat();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Heartbeats)->Iterations(int64_t{365} * 86'400)->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace wfsim
