// The check test harness (sim/testing; not part of wfsim_check, which never sees an engine): small
// harnesses that drive the engines directly and write the call log exactly as sim/world/world.h
// describes it, so that the checkers see what a world run would leave behind; and helpers to edit
// a history or call log into a violation by hand. The checker tests in sim/testing/check use it.
#pragma once

#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/definition.h"
#include "check/check.h"
#include "core/test_printing.h"
#include "engine/sfn_driver.h"
#include "engine/temporal_engine.h"

namespace wfsim::check::testing {

// --- Step Functions --------------------------------------------------------------------------

// Runs one execution on the engine through LocalDriver and logs every call and delivery.
class SfnRun {
 public:
  using Responder = std::function<void(SfnRun&, const sfn::Delivery&)>;

  explicit SfnRun(sfn::EngineOptions options = {}, uint64_t seed = 1,
                  Instant start = kDefaultEpoch);

  // Called for every task the engine delivers (after its DeliverTask record).
  void on_delivery(Responder responder) { responder_ = std::move(responder); }
  // StartExecution of a definition given as JSON text (valid, or the test fails).
  void start(const std::string& definition_json, const Json& input = Json::object());

  Instant now() const { return driver.now(); }
  void run() { driver.run(); }
  void run_until(Instant until) { driver.run_until(until); }
  void after(Duration delay, std::function<void()> action) {
    driver.after(delay, std::move(action));
  }

  // The API calls of workers and of the scenario, logged as world.h describes.
  sfn::ApiAnswer heartbeat(const std::string& token);
  sfn::ApiAnswer succeed(const std::string& token, const std::string& output = "{}");
  sfn::ApiAnswer fail(const std::string& token, std::optional<std::string> error,
                      std::optional<std::string> cause = std::nullopt);
  sfn::ApiAnswer complete(const std::string& token, sfn::IntegrationResult result);
  // GetActivityTask; the task token when a task was handed out.
  std::optional<std::string> poll(const std::string& activity_arn,
                                  const std::string& worker = "w1");
  sfn::ApiAnswer stop();
  sfn::ApiAnswer redrive(std::optional<std::string> client_token = std::nullopt);
  sfn::ApiAnswer describe();

  const History& history() const;
  Observation observation(const Semantics& semantics = {}) const;
  // The same run with another history or call log (hand-edited copies).
  Observation observation_with(const History* history, const CallLog* calls,
                               const Semantics& semantics = {}) const;

  sfn::LocalDriver driver;
  CallLog calls;
  std::shared_ptr<const asl::Definition> definition;
  std::string arn;

 private:
  Responder responder_;
  // The Map Runs and kept child histories as the world collects them, refreshed by observation().
  mutable std::vector<Json> map_runs_;
  mutable std::map<std::string, History> child_histories_;
  CallRecord& log(const std::string& caller, ApiCall api, Json request,
                  const sfn::ApiAnswer& answer);
};

// Answers every integration (Lambda, request-response) with success after `delay`.
SfnRun::Responder succeed_integrations(Duration delay = Duration::zero());
// Answers each integration with the next error of `errors` (nullopt: success), then succeeds.
SfnRun::Responder integration_script(std::vector<std::optional<std::string>> errors,
                                     Duration delay = Duration::zero());

// --- Temporal -----------------------------------------------------------------------------------

// A host for the Temporal engine that fires timers in order, with a call log in world.h form.
class TemporalRun final : public temporal::Host {
 public:
  explicit TemporalRun(MutantSet mutants = {}, uint64_t seed = 1);

  void start(const std::string& workflow_json, const std::string& id = "wf");
  // PollActivityTaskQueue as worker "worker:<queue>/1".
  std::optional<temporal::ActivityTask> poll(const std::string& queue = "A");
  temporal::Reply<temporal::HeartbeatResponse> heartbeat(const std::string& token,
                                                         temporal::Payloads details = {});
  temporal::Reply<temporal::Empty> complete(const std::string& token);
  temporal::Reply<temporal::Empty> fail(const std::string& token, const std::string& type = "Flaky",
                                        bool non_retryable = false,
                                        std::optional<Duration> next_retry_delay = std::nullopt);
  temporal::Reply<temporal::Empty> canceled(const std::string& token);
  temporal::Reply<temporal::RequestCancelResponse> request_cancel(const std::string& activity);

  // Fires every timer due at or before `until`, then moves time to `until`.
  void advance_to(Instant until);
  void advance(Duration by) { advance_to(now + by); }
  // Fires the earliest timer; false when none is pending.
  bool fire_next();

  const temporal::History& history() const;
  Observation observation(const Semantics& semantics = {}) const;
  Observation observation_with(const temporal::History* history, const CallLog* calls,
                               const Semantics& semantics = {}) const;

  // Host.
  void arm_timer(TimerSlot slot, Instant at) override { armed[slot] = at; }
  void cancel_timer(TimerSlot slot) override { armed.erase(slot); }
  void task_available(std::string_view) override {}
  void cancel_pushed(std::string_view token) override { pushed_cancels.emplace_back(token); }

  temporal::Engine engine;
  CallLog calls;
  Instant now = kDefaultEpoch;
  std::map<TimerSlot, Instant> armed;
  std::vector<std::string> pushed_cancels;
  std::string workflow_id = "wf";

 private:
  std::string worker_ = "worker:A/1";
};

// Runs one attempt the way an SDK worker does (world/temporal_heartbeats.h): the activity code
// heartbeats every `every` (never when unset) with its step number and finishes after `work`
// with `result`; a cancel delivered by a heartbeat answer, or pushed by the engine, stops it and
// it reports Canceled. Heartbeat RPCs reach the engine at once. The workflow requests a cancel
// of the activity at `cancel_at`, if that comes during the attempt.
enum class WorkResult : uint8_t {
  complete,
  fail,                // ApplicationFailure "Flaky".
  fail_non_retryable,  // "Flaky", flagged non_retryable.
  fail_listed,         // "Listed" (tests list it in NonRetryableErrorTypes).
  fail_with_delay,     // "Later" with next_retry_delay.
  hang,                // Never reports.
};
void work_attempt(TemporalRun& run, const temporal::ActivityTask& task,
                  std::optional<Duration> every, Duration work, WorkResult result,
                  std::optional<Instant> cancel_at = std::nullopt,
                  Duration next_retry_delay = Duration::zero());

// --- Editing records ------------------------------------------------------------------------

// Removes the events with these ids, renumbering the rest and re-pointing previousEventIds.
void remove_events(History& history, const std::vector<int64_t>& ids);
// Inserts `event` right after event `after_id`, renumbering the later events (previousEventIds
// are given and kept in the numbering before the insertion).
void insert_event(History& history, int64_t after_id, HistoryEvent event);
// Moves event `id` and every later event by `by`.
void shift_from(History& history, int64_t id, Duration by);
// The events of a type, in order.
std::vector<const HistoryEvent*> events_of(const History& history, EventType type);

// --- Assertions -----------------------------------------------------------------------------

// The violations of one invariant.
std::vector<Violation> of(const std::vector<Violation>& all, std::string_view invariant);
// "name: message" lines, for test failure messages.
std::string describe(const std::vector<Violation>& violations);

// Every invariant holds on the observation (prints every violation when not).
#define WFSIM_CHECK_CLEAN(observation)                                               \
  do {                                                                               \
    const auto wfsim_found = ::wfsim::check::check_invariants(observation);          \
    BOOST_TEST(wfsim_found.empty(), ::wfsim::check::testing::describe(wfsim_found)); \
  } while (false)

// The invariant `name` is violated on the observation (and every message says what happened).
#define WFSIM_CHECK_VIOLATES(observation, name)                                  \
  do {                                                                           \
    const auto wfsim_found = ::wfsim::check::check_invariant(name, observation); \
    BOOST_TEST(!wfsim_found.empty(), "expected a violation of " << (name));      \
    for (const auto& wfsim_v : wfsim_found) {                                    \
      BOOST_TEST_MESSAGE(wfsim_v.invariant << ": " << wfsim_v.message);          \
      BOOST_TEST(wfsim_v.invariant == (name));                                   \
      BOOST_TEST(!wfsim_v.message.empty());                                      \
    }                                                                            \
  } while (false)

}  // namespace wfsim::check::testing
