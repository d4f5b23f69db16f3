// The activities of one Temporal workflow as the observable record shows them, with what the
// server's rules (TMP-1.1 ... TMP-4.1) say each attempt should have led to.
//
// Intermediate attempts write no history (TMP-2.6), so attempts come from the call log: each
// PollActivityTaskQueue answer for the workflow's run starts one attempt (its token, attempt
// number, scheduled and started times, the heartbeat details handed over). How an attempt ended
// is read from the calls made with its token (the first accepted Respond*), or else is the timer
// that fired first by the rules: StartToClose after the start, the heartbeat timeout after the
// start or the last accepted heartbeat, the activity's ScheduleToClose deadline, or the
// workflow's close. The final history (ActivityTaskScheduled with the normalised options,
// ActivityTaskStarted of the last attempt, the close event) completes the picture.
//
// decide() applies the retry rules to an attempt's end. The analysis (temporal_analysis.cpp)
// compares that with what followed and tags each disagreement with its invariant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/check.h"

namespace wfsim::check::tmp {

struct Problem {
  std::string_view invariant;
  int64_t event_id = 0;
  uint64_t call = 0;
  std::string message;
};

enum class TokenApi : uint8_t { heartbeat, completed, failed, canceled };

struct TokenCall {
  TokenApi api = TokenApi::heartbeat;
  const CallRecord* record = nullptr;
};

enum class AttemptEnd : uint8_t {
  open,  // Nothing ended it within the record.
  completed,
  failed,             // RespondActivityTaskFailed.
  canceled,           // RespondActivityTaskCanceled.
  start_to_close,     // The StartToClose timer.
  heartbeat,          // The heartbeat timer.
  timeout_either,     // Both timers at the same instant.
  schedule_to_close,  // The activity's ScheduleToClose deadline.
  workflow_closed,    // The workflow closed first.
};
std::string_view to_string(AttemptEnd end);
bool is_attempt_timeout(AttemptEnd end);  // start_to_close, heartbeat or timeout_either.

// The application failure a worker reported.
struct ReportedFailure {
  bool has_info = false;  // applicationFailureInfo present.
  std::string type;
  bool non_retryable = false;
  std::optional<Duration> next_retry_delay;
};

struct Attempt {
  int32_t number = 0;
  std::string token;
  const CallRecord* poll = nullptr;
  Instant scheduled;                  // currentAttemptScheduledTime.
  Instant started;                    // When the engine handed the task out.
  Json details_seen = Json::array();  // heartbeatDetails of the poll answer.
  Duration heartbeat_timeout;         // As the poll answer gives it (zero: none).
  std::vector<TokenCall> calls;       // Every call made with the token, in log order.

  // Derived.
  Instant start_to_close_deadline = Instant::max();
  std::optional<Instant> heartbeat_deadline;  // After every accepted heartbeat.
  std::vector<const CallRecord*> late_calls;  // Accepted after a deadline had passed.
  const CallRecord* closing_call = nullptr;   // The first accepted Respond*.
  AttemptEnd end = AttemptEnd::open;
  Instant end_time = Instant::max();
  // The attempt's own timer ran out at the ScheduleToClose deadline: either may have fired first.
  bool schedule_to_close_tie = false;
  ReportedFailure failure;
  std::optional<Json> recorded_details;  // Details of its last accepted heartbeat.
};

struct Decision {
  enum class Kind : uint8_t { retry, close, unknown } kind = Kind::unknown;
  wfsim::temporal::RetryState state = wfsim::temporal::RetryState::unspecified;
  Duration delay;
  std::string reason;          // "the failure is non-retryable", ...
  std::string_view invariant;  // Which invariant a disagreement with a close breaks.
  bool out_of_time = false;    // Closed because a retry would start after ScheduleToClose.
};

struct Activity {
  const wfsim::temporal::HistoryEvent* scheduled = nullptr;
  const wfsim::temporal::HistoryEvent* started = nullptr;  // The final ActivityTaskStarted.
  const wfsim::temporal::HistoryEvent* close = nullptr;
  std::vector<const wfsim::temporal::HistoryEvent*> cancel_requests;
  std::vector<Attempt> attempts;
  std::optional<Instant> expiration;  // First scheduling + ScheduleToClose.
};

class Model {
 public:
  explicit Model(const Observation& observation);

  const Observation& observation;
  const wfsim::temporal::History& history;
  std::string run_id;
  std::optional<Instant> workflow_close;
  Instant record_end;  // The latest time the record shows (last event or call).
  std::vector<Activity> activities;
  // Token calls whose token no poll answer of this run handed out.
  std::vector<const CallRecord*> unknown_token_calls;

  // What the retry rules make of attempt `index` ending as recorded (TMP-1.4, 2.2-2.4, 3.5).
  Decision decide(const Activity& activity, size_t index) const;
  // The backoff before attempt n + 1 without next_retry_delay (TMP-2.2 steps 2-3).
  static Duration backoff(const wfsim::temporal::RetryPolicy& policy, int32_t failed_attempt);

 private:
  void read_history();
  void read_polls();
  void read_token_calls();
  void derive_ends(Activity& activity);
  enum class CancelOrder : uint8_t { before, after, unknown };
  CancelOrder cancel_before_end(const Activity& activity, const Attempt& attempt) const;
};

}  // namespace wfsim::check::tmp
