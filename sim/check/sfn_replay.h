// Replaying Retry and Catch over the record (invariants 1-6, and the retry-count part of 18).
//
// For every visit of a Task, Parallel or Map state the history shows a sequence of failures (an
// attempt's Failed or TimedOut event, a run's ...StateFailed) and what followed each one: another
// attempt or run (a retry, after some wait), the state's Exited event (a catch), the thread's
// failure, or an interruption (Stop, execution timeout, a sibling branch failing). The replay runs
// the ASL rules (SFN-1.6c/d, 2.1-2.4) over the same failures with retrier counters starting at 0
// and compares: the first disagreement in a visit is a violation, tagged with the invariant it
// breaks. When a visit that re-enters a state disagrees but would agree had the counters of the
// state's previous visit been kept, the violation is a counter reset (invariants 4 and 18).
//
// Where the record does not say enough (an error that left no event, a timeout that could be
// either clock), the replay stops judging that visit rather than guess: it reports no violation
// it cannot prove.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/sfn_clocks.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {

enum class Tri : uint8_t { no, yes, unknown };

struct FailurePoint {
  int64_t event_id = 0;  // The attempt outcome or ...StateFailed event.
  Instant time;
  bool error_known = true;
  std::optional<std::string> error;
  std::optional<std::string> cause;  // As the catcher's error output carries it.
  // False when the record does not show the cause (a Map's own
  // States.ExceedToleratedFailureThreshold: MapStateFailed has no details); a catcher's output
  // is then compared with whatever Cause it carries.
  bool cause_known = true;
  Tri heartbeat_expiry = Tri::no;
};

enum class ObservedKind : uint8_t {
  retry,
  caught,
  failed,
  interrupted,
  ambiguous,
  pending,
  unknown
};

struct Observed {
  ObservedKind kind = ObservedKind::unknown;
  int64_t event_id = 0;  // retry: the next Scheduled / ...StateStarted; caught: the Exited event.
  Instant time;
};

struct Step {
  FailurePoint point;
  Observed observed;
};

// The failures of one visit and what followed each (sfn_replay_steps.cpp).
std::vector<Step> visit_steps(const Record& record, const std::vector<AttemptClocks>& clocks,
                              int visit);

// Every disagreement between the record and the Retry/Catch rules, one per visit at most.
std::vector<Problem> replay_retries(const Record& record, const std::vector<AttemptClocks>& clocks);

}  // namespace wfsim::check::sfn
