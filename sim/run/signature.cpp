// Signatures of findings (evaluate.h, Signature): what a finding involves, read from the run's
// history, and the signature's text. The history is walked backwards along previous-event links
// (Step Functions) or scheduled-event links (Temporal) to the state an event belongs to; every
// walk is bounded by the history's length, so a malformed link ends it instead of looping.
//
// This file decides nothing about whether a run failed (evaluate.cpp does); it only names what
// a finding is about.
#include "core/assert.h"
#include "run/evaluate.h"

namespace wfsim::run {
namespace {

// Step Functions: the state event `event_id` belongs to (record/history.h).
std::string sfn_state_of(const History& history, int64_t event_id) {
  return std::string(state_of_event(history, event_id));
}

void sfn_involvement(Finding& finding, const world::RunResult& result) {
  const History& history = result.history;
  if (finding.event_id > 0) {
    if (static_cast<size_t>(finding.event_id) > history.events.size()) return;
    const HistoryEvent& event = history.events[static_cast<size_t>(finding.event_id - 1)];
    finding.state = sfn_state_of(history, finding.event_id);
    finding.error = event.error.value_or("");
    return;
  }
  // An expectation judged on the run's end: the last execution's close, and when it closed with
  // an error, the state that error came from.
  finding.status = result.final_status;
  for (auto it = history.events.rbegin(); it != history.events.rend(); ++it) {
    if (!is_execution_terminal(it->type)) continue;
    if (it->error && !it->error->empty()) {
      finding.error = *it->error;
      finding.state = sfn_state_of(history, it->previous_event_id);
    }
    return;
  }
}

// Temporal: a failure's error, as a person and NonRetryableErrorTypes name it.
std::string temporal_error(const temporal::Failure& failure) {
  if (failure.info == temporal::FailureInfo::activity && failure.cause) {
    return temporal_error(*failure.cause);
  }
  if (!failure.type.empty()) return failure.type;
  switch (failure.info) {
    case temporal::FailureInfo::timeout:
      return "TemporalTimeout:" + std::string(temporal::short_name(failure.timeout_type));
    case temporal::FailureInfo::canceled:
      return "Canceled";
    case temporal::FailureInfo::application:
      return "ApplicationFailure";
    case temporal::FailureInfo::activity:
      return "ActivityFailure";
    case temporal::FailureInfo::none:
      break;
  }
  return "";
}

// The activity type of event `event_id`, or of the activity it refers to.
std::string temporal_activity_of(const temporal::History& history, int64_t event_id) {
  for (int steps = 0; steps < 2; ++steps) {
    if (event_id <= 0 || static_cast<size_t>(event_id) > history.events.size()) return "";
    const temporal::HistoryEvent& event = history.events[static_cast<size_t>(event_id - 1)];
    if (!event.activity_type.empty()) return event.activity_type;
    if (event.scheduled_event_id >= event_id) return "";
    event_id = event.scheduled_event_id;
  }
  return "";
}

void temporal_involvement(Finding& finding, const world::RunResult& result) {
  const temporal::History& history = result.temporal_history;
  if (finding.event_id > 0) {
    if (static_cast<size_t>(finding.event_id) > history.events.size()) return;
    const temporal::HistoryEvent& event = history.events[static_cast<size_t>(finding.event_id - 1)];
    finding.state = temporal_activity_of(history, finding.event_id);
    if (event.failure) finding.error = temporal_error(*event.failure);
    return;
  }
  finding.status = result.final_status;
  for (auto it = history.events.rbegin(); it != history.events.rend(); ++it) {
    if (!temporal::is_workflow_close(it->type)) continue;
    if (it->failure) {
      finding.error = temporal_error(*it->failure);
      if (it->failure->info == temporal::FailureInfo::activity) {
        finding.state = it->failure->activity_type;
      }
    }
    return;
  }
}

}  // namespace

std::string to_string(const Signature& signature) {
  std::string text = signature.name;
  if (!signature.event_type.empty()) text += " at " + signature.event_type;
  if (!signature.status.empty()) text += " " + signature.status;
  if (!signature.state.empty()) text += " on " + signature.state;
  if (!signature.error.empty()) text += " after " + signature.error;
  return text;
}

void describe_involvement(Finding& finding, const world::RunResult& result) {
  finding.state.clear();
  finding.error.clear();
  finding.status.clear();
  if (finding.kind == Finding::Kind::liveness) return;
  if (finding.kind == Finding::Kind::invariant && finding.event_id <= 0) return;
  if (result.dialect == world::Dialect::temporal) {
    temporal_involvement(finding, result);
  } else {
    sfn_involvement(finding, result);
  }
  WFSIM_ASSERT_MSG(finding.status.empty() ||
                       (finding.kind == Finding::Kind::expectation && finding.event_id <= 0),
                   "only an expectation judged on the run's end carries the final status");
}

}  // namespace wfsim::run
