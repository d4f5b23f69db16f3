// Timeline lanes of a Temporal run (timeline_model.h): the workflow, a lane per activity (below a
// lane per parallel branch that holds it), the activity from scheduling to close as a band and
// each attempt as a bar in it, timeouts and cancel requests as markers.
//
// A Temporal history keeps only an activity's last attempt (ActivityTaskStarted is written at the
// close, TMP-2.6), so attempts are read from the call log: each PollActivityTaskQueue answer
// starts one (its attempt number, scheduling and start times), an accepted Respond* call ends
// it. An earlier attempt that got no accepted report was timed out by the server at a time no
// record names; its bar ends where attempt n+1's scheduling minus the retry policy's backoff puts
// it (TMP-2.2), and its note says so.
//
// This file does not look at workers (timeline_workers.cpp does).
#include <algorithm>
#include <string>

#include "engine/temporal_api.h"
#include "report/timeline_model.h"

namespace wfsim::report::timeline {
namespace {

using temporal::EventType;

// Where an activity sits in the workflow: the parallel branches around it, outermost first.
struct Placement {
  std::vector<std::pair<std::string, std::string>> branches;  // Key, label.
  std::vector<int64_t> orders;
  int64_t order = 0;  // Position among its siblings.
};

void place_steps(const std::vector<temporal::Step>& steps, const Placement& outer,
                 std::map<std::string, Placement>& out) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const temporal::Step& step = steps[i];
    if (step.activity) {
      Placement placement = outer;
      placement.order = static_cast<int64_t>(i);
      out[step.activity->activity_id] = std::move(placement);
      continue;
    }
    const std::string prefix = outer.branches.empty() ? "" : outer.branches.back().first + ".";
    for (size_t b = 0; b < step.parallel.size(); ++b) {
      Placement inner = outer;
      const std::string key = prefix + std::to_string(i + 1) + "." + std::to_string(b + 1);
      inner.branches.emplace_back(
          key, "step " + std::to_string(i + 1) + " \u25b8 branch " + std::to_string(b + 1));
      inner.orders.push_back(static_cast<int64_t>(b));
      place_steps(step.parallel[b], inner, out);
    }
  }
}

// "1.5s" (protojson Duration) in microseconds; nullopt when it is not one.
std::optional<int64_t> proto_duration_us(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() < 2 || text.back() != 's') return std::nullopt;
  int64_t whole = 0;
  int64_t fraction_us = 0;
  int64_t scale = 100'000;
  bool in_fraction = false;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else if (c >= '0' && c <= '9' && !in_fraction) {
      if (whole > 1'000'000'000'000) return std::nullopt;
      whole = whole * 10 + (c - '0');
    } else if (c >= '0' && c <= '9') {
      fraction_us += (c - '0') * scale;
      scale /= 10;
    } else {
      return std::nullopt;
    }
  }
  return whole * 1'000'000 + fraction_us;
}

// The retry delay after attempt n failed, by the policy in a poll answer (TMP-2.2).
std::optional<int64_t> backoff_us(const Json& policy, int32_t attempt) {
  if (!policy.is_object()) return std::nullopt;
  const auto field = [&](const char* key) { return policy.contains(key) ? policy[key] : Json(); };
  const auto initial = proto_duration_us(field("initialInterval"));
  const auto maximum = proto_duration_us(field("maximumInterval"));
  const Json coefficient = field("backoffCoefficient");
  if (!initial || !coefficient.is_number()) return std::nullopt;
  double delay = static_cast<double>(*initial);
  for (int32_t i = 1; i < attempt && delay < 1e15; ++i) delay *= coefficient.get<double>();
  if (maximum && *maximum > 0) delay = std::min(delay, static_cast<double>(*maximum));
  return static_cast<int64_t>(delay + 0.5);
}

std::string close_outcome(EventType type) {
  switch (type) {
    case EventType::ActivityTaskCompleted:
    case EventType::WorkflowExecutionCompleted:
      return "succeeded";
    case EventType::ActivityTaskTimedOut:
    case EventType::WorkflowExecutionTimedOut:
      return "timed_out";
    case EventType::ActivityTaskCanceled:
      return "canceled";
    case EventType::WorkflowExecutionStarted:
    case EventType::WorkflowExecutionFailed:
    case EventType::ActivityTaskScheduled:
    case EventType::ActivityTaskStarted:
    case EventType::ActivityTaskFailed:
    case EventType::ActivityTaskCancelRequested:
      return "failed";
  }
  WFSIM_UNREACHABLE("a Temporal EventType outside its enumeration");
}

struct SeenAttempt {
  int32_t attempt = 1;
  std::string token;
  int64_t scheduled_us = 0;
  int64_t started_us = 0;
  Json retry_policy;
  std::optional<int64_t> end_us;
  std::string outcome;
  std::vector<uint64_t> calls;
};

struct SeenActivity {
  std::string type;
  size_t lane = 0;
  std::optional<size_t> band;
  int64_t scheduled_event = 0;
  std::optional<int64_t> close_event;
  std::string close_outcome;
  int64_t close_us = 0;
  std::vector<int64_t> events;
  std::vector<SeenAttempt> attempts;
};

class TemporalLanes {
 public:
  TemporalLanes(const Source& source, Model& model) : source_(source), model_(model) {}

  void build() {
    execution_lane_ = model_.lane(LaneKind::execution, "execution",
                                  "workflow " + source_.result.execution);
    if (source_.scenario.config.workflow) {
      place_steps(source_.scenario.config.workflow->steps, Placement{}, placements_);
    }
    for (const temporal::HistoryEvent& event : source_.result.temporal_history.events) {
      handle(event);
    }
    read_attempts();
    for (auto& [id, activity] : activities_) draw_attempts(id, activity);
    draw_branches();
  }

 private:
  size_t activity_lane(const std::string& id, const std::string& type) {
    const auto found = placements_.find(id);
    size_t parent = kNoLane;
    int64_t order = 0;
    if (found != placements_.end()) {
      const Placement& placement = found->second;
      for (size_t i = 0; i < placement.branches.size(); ++i) {
        parent = model_.lane(LaneKind::branch, "branch:" + placement.branches[i].first,
                             placement.branches[i].second, parent, placement.orders[i]);
      }
      order = placement.order;
    }
    return model_.lane(LaneKind::activity, "activity:" + id, id + " " + type, parent, order);
  }

  void handle(const temporal::HistoryEvent& event) {
    const int64_t at = source_.offset_us(event.event_time);
    switch (event.type) {
      case EventType::WorkflowExecutionStarted: {
        model_.place_event(event.event_id, execution_lane_, at);
        Bar run;
        run.lane = execution_lane_;
        run.kind = "run";
        run.label = event.workflow_type;
        run.start_us = at;
        run.refs.events.push_back(event.event_id);
        run_bar_ = model_.add_bar(std::move(run));
        return;
      }
      case EventType::WorkflowExecutionCompleted:
      case EventType::WorkflowExecutionFailed:
      case EventType::WorkflowExecutionTimedOut:
        workflow_closed(event, at);
        return;
      case EventType::ActivityTaskScheduled:
        activity_scheduled(event, at);
        return;
      case EventType::ActivityTaskStarted:
      case EventType::ActivityTaskCompleted:
      case EventType::ActivityTaskFailed:
      case EventType::ActivityTaskTimedOut:
      case EventType::ActivityTaskCancelRequested:
      case EventType::ActivityTaskCanceled:
        activity_event(event, at);
        return;
    }
  }

  void workflow_closed(const temporal::HistoryEvent& event, int64_t at) {
    model_.place_event(event.event_id, execution_lane_, at);
    if (event.type == EventType::WorkflowExecutionTimedOut) {
      model_.add_marker(Marker{execution_lane_, at, std::nullopt, "timeout",
                               "WorkflowExecutionTimedOut", "",
                               Refs{{event.event_id}, {}, {}, std::nullopt, "", ""}});
    }
    for (auto& [id, activity] : activities_) {
      if (activity.band && model_.bars[*activity.band].open) {
        model_.close_bar(*activity.band, at, "ended");
      }
    }
    workflow_closed_us_ = at;
    if (!run_bar_) return;
    model_.bars[*run_bar_].refs.events.push_back(event.event_id);
    model_.close_bar(*run_bar_, at, close_outcome(event.type));
  }

  void activity_scheduled(const temporal::HistoryEvent& event, int64_t at) {
    SeenActivity& activity = activities_[event.activity_id];
    activity.type = event.activity_type;
    activity.lane = activity_lane(event.activity_id, event.activity_type);
    activity.scheduled_event = event.event_id;
    activity.events.push_back(event.event_id);
    by_scheduled_event_[event.event_id] = event.activity_id;
    model_.place_event(event.event_id, activity.lane, at);
    Bar band;
    band.lane = activity.lane;
    band.kind = "activity";
    band.label = event.activity_type;
    band.start_us = at;
    band.refs.events.push_back(event.event_id);
    activity.band = model_.add_bar(std::move(band));
  }

  void activity_event(const temporal::HistoryEvent& event, int64_t at) {
    const auto id = by_scheduled_event_.find(event.scheduled_event_id);
    if (id == by_scheduled_event_.end()) {
      model_.place_event(event.event_id, execution_lane_, at);
      return;
    }
    SeenActivity& activity = activities_[id->second];
    activity.events.push_back(event.event_id);
    model_.place_event(event.event_id, activity.lane, at);
    if (event.type == EventType::ActivityTaskCancelRequested) {
      model_.add_marker(Marker{activity.lane, at, std::nullopt, "cancel", "cancel requested", "",
                               Refs{{event.event_id}, {}, {}, std::nullopt, "", ""}});
    }
    if (!temporal::is_activity_close(event.type)) return;
    if (event.type == EventType::ActivityTaskTimedOut) {
      const std::string why = event.failure ? event.failure->message : "";
      model_.add_marker(Marker{activity.lane, at, std::nullopt, "timeout", "ActivityTaskTimedOut",
                               "", Refs{{event.event_id}, {}, {}, std::nullopt, why, ""}});
    }
    activity.close_event = event.event_id;
    activity.close_outcome = close_outcome(event.type);
    activity.close_us = at;
    if (!activity.band) return;
    model_.bars[*activity.band].refs.events = activity.events;
    model_.close_bar(*activity.band, at, activity.close_outcome);
  }

  // Attempts as the workers saw them: one per poll answer with a task, ended by the first
  // accepted report for its token.
  void read_attempts() {
    std::map<std::string, std::pair<std::string, size_t>> by_token;
    for (const CallRecord& call : source_.result.calls.records) {
      const std::string token = text_field(call.request, "taskToken");
      if (call.api == ApiCall::PollActivityTaskQueue && call.response &&
          !text_field(*call.response, "taskToken").empty()) {
        const Json& task = *call.response;
        const std::string id = text_field(task, "activityId");
        SeenAttempt attempt;
        attempt.attempt = static_cast<int32_t>(integer_field(task, "attempt").value_or(1));
        attempt.token = text_field(task, "taskToken");
        attempt.started_us = source_.offset_us(call.time);
        const auto scheduled = parse_iso8601(text_field(task, "currentAttemptScheduledTime"));
        attempt.scheduled_us = scheduled ? source_.offset_us(*scheduled) : attempt.started_us;
        attempt.retry_policy = task.contains("retryPolicy") ? task["retryPolicy"] : Json();
        attempt.calls.push_back(call.sequence);
        SeenActivity& activity = activities_[id];
        activity.attempts.push_back(std::move(attempt));
        by_token[activity.attempts.back().token] = {id, activity.attempts.size() - 1};
        continue;
      }
      const bool report = is_temporal(call.api) && is_completion(call.api);
      const auto owner = by_token.find(token);
      if (!report || token.empty() || owner == by_token.end()) continue;
      SeenAttempt& attempt = activities_[owner->second.first].attempts[owner->second.second];
      attempt.calls.push_back(call.sequence);
      if (attempt.end_us || !call.response) continue;
      attempt.end_us = source_.offset_us(call.time);
      attempt.outcome = role_of(call.api) == ApiRole::success   ? "succeeded"
                        : role_of(call.api) == ApiRole::failure ? "failed"
                                                                : "canceled";
    }
  }

  void draw_attempts(const std::string& id, SeenActivity& activity) {
    if (activity.scheduled_event == 0) return;  // Polled but never scheduled: not expected.
    std::stable_sort(
        activity.attempts.begin(), activity.attempts.end(),
        [](const SeenAttempt& a, const SeenAttempt& b) { return a.attempt < b.attempt; });
    for (size_t i = 0; i < activity.attempts.size(); ++i) {
      const SeenAttempt& attempt = activity.attempts[i];
      const bool last = i + 1 == activity.attempts.size();
      Bar bar;
      bar.lane = activity.lane;
      bar.kind = "attempt";
      bar.label = "attempt " + std::to_string(attempt.attempt);
      bar.start_us = attempt.scheduled_us;
      bar.started_us = attempt.started_us;
      bar.refs.calls = attempt.calls;
      const size_t index = model_.add_bar(std::move(bar));
      model_.activity_attempt_labels[id + "#" + std::to_string(attempt.attempt)] =
          activity.type + " #" + std::to_string(attempt.attempt);
      end_attempt(activity, attempt, last ? nullptr : &activity.attempts[i + 1], index);
    }
  }

  void end_attempt(const SeenActivity& activity, const SeenAttempt& attempt,
                   const SeenAttempt* next, size_t index) {
    Bar& bar = model_.bars[index];
    if (attempt.end_us) {
      model_.close_bar(index, *attempt.end_us, attempt.outcome);
    } else if (next == nullptr && activity.close_event) {
      bar.refs.events.push_back(*activity.close_event);
      model_.close_bar(index, activity.close_us, activity.close_outcome);
    } else if (next != nullptr) {
      const auto delay = backoff_us(attempt.retry_policy, attempt.attempt);
      const int64_t end = std::max(attempt.started_us, next->scheduled_us - delay.value_or(0));
      bar.refs.note = "The history keeps only an activity's last attempt and no report of this "
                      "one was accepted, so the server timed it out. The end drawn is attempt " +
                      std::to_string(next->attempt) +
                      "'s scheduling minus the retry policy's backoff (TMP-2.2).";
      model_.close_bar(index, end, "timed_out");
    } else if (workflow_closed_us_) {
      model_.close_bar(index, *workflow_closed_us_, "ended");
    }
    if (next == nullptr && activity.close_event) {
      for (int64_t event : activity.events) {
        const auto& recorded = source_.result.temporal_history.at(event);
        if (recorded.type == EventType::ActivityTaskStarted) bar.refs.events.push_back(event);
      }
    }
  }

  // A parallel branch as a band from its first scheduling to its last close; it failed when any
  // of its activities did not complete.
  void draw_branches() {
    std::map<size_t, Bar> bands;
    for (const auto& [id, activity] : activities_) {
      if (!activity.band) continue;
      const Bar& inner = model_.bars[*activity.band];
      for (size_t lane = model_.lanes[activity.lane].parent; lane != kNoLane;
           lane = model_.lanes[lane].parent) {
        auto [it, fresh] = bands.try_emplace(lane);
        Bar& band = it->second;
        if (fresh) {
          band = Bar{lane, "branch", "succeeded", model_.lanes[lane].label, inner.start_us,
                     inner.end_us, std::nullopt, false, Refs{}};
        }
        band.start_us = std::min(band.start_us, inner.start_us);
        band.end_us = std::max(band.end_us, inner.end_us);
        if (inner.open) band.open = true;
        if (inner.outcome != "succeeded" && band.outcome == "succeeded") {
          band.outcome = inner.outcome;
        }
        band.refs.events.push_back(activity.scheduled_event);
      }
    }
    for (auto& [lane, band] : bands) {
      if (band.open) band.outcome = "open";
      model_.add_bar(std::move(band));
    }
  }

  const Source& source_;
  Model& model_;
  size_t execution_lane_ = 0;
  std::optional<size_t> run_bar_;
  std::optional<int64_t> workflow_closed_us_;
  std::map<std::string, Placement> placements_;
  std::map<std::string, SeenActivity> activities_;
  std::map<int64_t, std::string> by_scheduled_event_;
};

}  // namespace

void add_temporal_lanes(const Source& source, Model& model) {
  TemporalLanes(source, model).build();
}

}  // namespace wfsim::report::timeline
