// Invariants and expectations, checked from the observable record alone: the history, the API
// call log and the definition the user supplied. Nothing here looks at engine internals, so an
// engine adapter that produces the same record can be checked by the same code.
//
// Each invariant has a stable name (the ids of facts section 6, "sfn.hard_task_timeout", ...)
// that reports, capsules and docs/mutants.md use.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asl/model.h"
#include "core/time.h"
#include "record/call_log.h"
#include "record/history.h"
#include "record/temporal_history.h"

namespace wfsim::check {

// The semantic options the run used (the choices docs/design.md lists), as far as checks need them,
// and the tolerances the timing checks allow. Defaults match the reference engines and AWS.
struct Semantics {
  int64_t default_task_timeout_seconds = 99'999'999;
  bool activity_timeout_from_scheduled = false;
  int64_t history_event_limit = 25'000;
  Duration redrive_window = Duration::seconds(int64_t{14} * 86'400);
  // Redrive eligibility (SFN-3.2): executions started before this instant (2023-11-15T00:00Z)
  // cannot be redriven, nor executions open for longer than max_execution_duration in total.
  Instant redrive_launch = Instant::from_unix_us(1'700'006'400'000'000);
  Duration max_execution_duration = Duration::seconds(int64_t{365} * 86'400);
  // RedriveExecution clientToken idempotency (SFN-3.4).
  Duration redrive_client_token_lifetime = Duration::seconds(15 * 60);
  // How far an observed retry wait may differ from the Step Functions formula: AWS does not
  // document its sub-second rounding (SFN-2.3c).
  Duration retry_delay_tolerance = Duration::milliseconds(1);
  // How late a Step Functions timer (TimeoutSeconds, HeartbeatSeconds, execution timeout) may
  // fire: the "scheduler epsilon" of invariant 7. The reference engine fires exactly.
  Duration timer_tolerance = Duration::zero();
  // Temporal arithmetic is exact (TMP-2.2); this absorbs the truncation of the server's float64
  // product to whole microseconds.
  Duration temporal_tolerance = Duration::microseconds(1);
  // The SDK worker's heartbeat throttle settings (TMP-3.1; sdk-core defaults).
  Duration max_heartbeat_throttle_interval = Duration::seconds(60);
  Duration default_heartbeat_throttle_interval = Duration::seconds(30);
};

// What one run left behind.
struct Observation {
  bool temporal = false;
  const History* history = nullptr;                    // Step Functions.
  const asl::Definition* definition = nullptr;         // Step Functions.
  const temporal::History* temporal_history = nullptr; // Temporal.
  const CallLog* calls = nullptr;
  // Step Functions Distributed Maps (optional; null when the run recorded none): each Map Run as
  // sfn::Engine::map_run_record gives it (DescribeMapRun with "childExecutions" and "countLog"),
  // and the histories of the child executions that were kept, by ARN.
  const std::vector<Json>* map_runs = nullptr;
  const std::map<std::string, History>* child_histories = nullptr;
  Semantics semantics;
};

struct Violation {
  std::string invariant;  // Stable name, e.g. "sfn.closed_token_rejected".
  int64_t event_id = 0;   // The history event where it shows (0 when none).
  uint64_t call = 0;      // The call-log record where it shows (0 when none).
  std::string message;    // What was expected and what happened.
};

struct InvariantInfo {
  std::string_view name;
  std::string_view fact;  // "invariant 7 (SFN-1.1e, 1.1f)".
  std::string_view summary;
  bool temporal;
};

std::span<const InvariantInfo> all_invariants();

// Every violation of every invariant that applies to the observation's dialect.
std::vector<Violation> check_invariants(const Observation& observation);
// One invariant by name (for the property suite); unknown names assert.
std::vector<Violation> check_invariant(std::string_view name, const Observation& observation);

// A history event as an "if_then" expectation names it: an event type, the state (Temporal:
// activity type or id) it belongs to, or both. At least one is set.
struct EventPattern {
  std::string event;  // "" : any event of the state (Step Functions: its StateEntered, ...).
  std::string state;  // "" : that event type anywhere.
};

// "If X happened then Y happened" (or, with `forbid`, "then Y never happened") over one
// history, wherever in it the events are.
struct Implication {
  EventPattern if_event;
  EventPattern then_event;
  bool forbid = false;  // "then_not": Y must not appear when X did.
};

// User-level expectations of a scenario ("expect", "expect_fault_free").
struct Expectations {
  std::vector<std::string> status;  // Allowed final statuses; empty: any.
  std::optional<Duration> max_duration;
  std::vector<std::string> states_reached;
  std::vector<std::string> states_not_reached;
  std::vector<std::string> events;  // History event types that must appear.
  // State (activity) -> the most attempts it may have over the execution, redrives included.
  std::vector<std::pair<std::string, uint32_t>> max_attempts;
  // States (activities) whose work succeeds at most once per execution (idempotency).
  std::vector<std::string> succeeds_at_most_once;
  std::vector<Implication> if_then;

  // How many expectations these are (an allowed-status list counts once).
  size_t count() const {
    return (status.empty() ? 0 : 1) + (max_duration ? 1 : 0) + states_reached.size() +
           states_not_reached.size() + events.size() + max_attempts.size() +
           succeeds_at_most_once.size() + if_then.size();
  }
};

// Violations are named "<prefix>.status", "<prefix>.max_duration", ... with `prefix` "expect" or
// "expect_fault_free" (the scenario block they come from).
std::vector<Violation> check_expectations(const Observation& observation,
                                          const Expectations& expectations,
                                          std::string_view final_status, Duration duration,
                                          std::string_view prefix = "expect");

}  // namespace wfsim::check
