// BM_Execution_Simple and BM_Execution_Map100: whole executions of the shared benchmark definitions
// (bench/definitions, copied unchanged from the comparison suite) on the reference engine, with the
// Task mocked to return {"v": 1} at once. One execution at a time; the definition is parsed once.
// Reports executions per second. BM_Execution_Simple_JSONata runs the same machine written in
// JSONata (simple-jsonata.asl.json, ours): issue 16's target is at least 0.6x BM_Execution_Simple.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <fstream>
#include <sstream>
#include <string>

#include "asl/definition.h"
#include "core/scheduler.h"
#include "engine/sfn_engine.h"

namespace wfsim {
namespace {

std::shared_ptr<const asl::Definition> load(const std::string& name) {
  std::ifstream in(std::string(WFSIM_BENCH_DIR) + "/definitions/" + name);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = asl::parse_definition_text(text.str());
  WFSIM_ASSERT_MSG(std::holds_alternative<std::shared_ptr<const asl::Definition>>(parsed),
                   "benchmark definition " + name + " does not parse");
  return std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
}

// A minimal host: the core scheduler for timers, and a mock that answers every Task at once.
class MockHost final : public sfn::Host {
 public:
  struct Event {
    uint32_t slot;  // Timer slot, or kAnswer for a pending mock answer.
    uint32_t digest_kind() const { return 1; }
    uint64_t digest_entity() const { return slot; }
  };
  static constexpr uint32_t kAnswer = UINT32_MAX;

  MockHost() : scheduler_(kDefaultEpoch, RunLimits{}), engine_(*this, Random(1)) {}

  void arm_timer(TimerSlot slot, Instant at) override {
    if (slot >= timers_.size()) timers_.resize(slot + 1);
    scheduler_.cancel(timers_[slot]);
    timers_[slot] = scheduler_.at(at, Event{slot});
  }
  void cancel_timer(TimerSlot slot) override { scheduler_.cancel(timers_[slot]); }
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

  Scheduler<Event> scheduler_;
  sfn::Engine engine_;
  std::vector<Scheduler<Event>::Handle> timers_;
  std::vector<std::string> answers_;
  size_t next_answer_ = 0;
  Json result_ = Json{{"v", 1}};
  std::string name_;
  uint64_t counter_ = 0;
};

void BM_Execution_Simple(benchmark::State& state) {
  const auto definition = load("simple.asl.json");
  const Json input = Json{{"value", 1}};
  MockHost host;
  for (auto _ : state) host.execute(definition, input);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Execution_Simple);

void BM_Execution_Simple_JSONata(benchmark::State& state) {
  const auto definition = load("simple-jsonata.asl.json");
  const Json input = Json{{"value", 1}};
  MockHost host;
  // The same machine: the same final output as the JSONPath original.
  const Json expected = MockHost().execute(load("simple.asl.json"), input);
  WFSIM_ASSERT_MSG(host.execute(definition, input) == expected,
                   "the JSONata benchmark machine must end with the JSONPath one's output");
  for (auto _ : state) host.execute(definition, input);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Execution_Simple_JSONata);

void BM_Execution_Map100(benchmark::State& state) {
  const auto definition = load("map100.asl.json");
  Json items = Json::array();
  for (int i = 0; i < 100; ++i) items.push_back(Json{{"i", i}});
  const Json input = Json{{"items", items}};
  MockHost host;
  for (auto _ : state) host.execute(definition, input);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Execution_Map100);

// Memory stays flat: a million simple executions, one at a time, must not grow the peak resident
// set more than a few MiB beyond what the first ten thousand needed. Reports both peaks (MiB).
int64_t peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void BM_Execution_Simple_PeakRss(benchmark::State& state) {
  const auto definition = load("simple.asl.json");
  const Json input = Json{{"value", 1}};
  for (auto _ : state) {
    MockHost host;
    for (int i = 0; i < 10'000; ++i) host.execute(definition, input);
    const int64_t after_10k = peak_rss_kib();
    for (int i = 10'000; i < 1'000'000; ++i) host.execute(definition, input);
    const int64_t after_1m = peak_rss_kib();
    state.counters["peak_rss_10k_MiB"] = static_cast<double>(after_10k) / 1024.0;
    state.counters["peak_rss_1M_MiB"] = static_cast<double>(after_1m) / 1024.0;
    state.counters["growth_MiB"] = static_cast<double>(after_1m - after_10k) / 1024.0;
  }
  state.SetItemsProcessed(state.iterations() * 1'000'000);
}
BENCHMARK(BM_Execution_Simple_PeakRss)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace wfsim
