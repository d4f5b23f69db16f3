// Timeline lanes of the simulated workers (timeline_model.h), for both dialects: what each worker
// held (from taking a task to the answer to its report), its heartbeats as ticks, its reports as
// markers, the time it was down after a crash or frozen in a pause; the fault schedule's firings
// as markers on their target's lane; the scenario's own API calls on their lane.
//
// It reads the trace record by record, handling the calls each record made (the trace's "calls"
// range) and then the record's notes (crashed, restarted, resumed, gaveUp, abandoned,
// codeCancelled), so that everything happens in the order the world did it. A network copy of a
// report (same caller, API, request and send time as an earlier record) is drawn as a duplicate
// and changes nothing else.
//
// This file does not read the history (the engine's lanes come first and lend it the labels of
// their attempts).
#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include "asl/definition.h"
#include "engine/temporal_api.h"
#include "report/timeline_model.h"

namespace wfsim::report::timeline {
namespace {

bool is_poll(ApiCall api) { return role_of(api) == ApiRole::poll; }
bool is_heartbeat(ApiCall api) { return role_of(api) == ApiRole::heartbeat; }
bool is_report(ApiCall api) { return is_completion(api); }

// What an accepted report makes of the attempt.
std::string accepted_outcome(const CallRecord& call) {
  if (role_of(call.api) == ApiRole::failure) return "failed";
  if (role_of(call.api) == ApiRole::cancellation) return "canceled";
  if (call.api == ApiCall::CompleteIntegration && call.request.is_object() &&
      call.request.contains("error")) {
    return "failed";
  }
  return "succeeded";
}

std::string heartbeat_fate(const CallRecord& call) {
  if (call.dropped) return "dropped";
  if (call.error) {
    const std::string& code = call.error->code;
    return code == "ThrottlingException" || code == "ResourceExhausted" ? "throttled"
                                                                        : "rejected";
  }
  if (call.answer_lost) return "answer_lost";
  if (call.response && call.response->is_object() &&
      call.response->value("cancelRequested", Json(false)) == Json(true)) {
    return "cancel_requested";
  }
  return "delivered";
}

std::string report_fate(const CallRecord& call) {
  if (call.dropped) return "dropped";
  if (call.answer_lost) return "answer_lost";
  return call.error ? "rejected" : "accepted";
}

// A note's worker names: the value is one name, or a list when several were noted at once.
std::vector<std::string> note_names(const Json& record, const char* key) {
  std::vector<std::string> names;
  if (!record.is_object() || !record.contains(key)) return names;
  const Json& value = record[key];
  if (value.is_string()) names.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const Json& item : value) {
      if (item.is_string()) names.push_back(item.get<std::string>());
    }
  }
  return names;
}

// A worker is named "<resource key>/<n>"; a key that is an ARN is shown by the resource's own
// name ("ship/1" for "arn:aws:states:...:activity:ship/1"), the full name on hover (Lane::title).
std::string worker_label(const std::string& name) {
  const size_t slash = name.rfind('/');
  if (slash == std::string::npos) return name;
  const auto short_name = asl::resource_short_name(std::string_view(name).substr(0, slash));
  return short_name ? *short_name + name.substr(slash) : name;
}

struct WorkerState {
  size_t lane = 0;
  std::optional<size_t> work;    // The bar of the attempt it holds.
  std::string token;
  std::optional<std::string> accepted;  // Outcome of a report the engine accepted.
  std::optional<int64_t> wake_us;       // Woken for a task it has not called about yet.
  std::optional<size_t> down;
  std::optional<size_t> paused;
  std::set<std::string> finished_tokens;
};

class WorkerLanes {
 public:
  WorkerLanes(const Source& source, Model& model) : source_(source), model_(model) {
    const auto& resources = source.scenario.config.resources;
    for (size_t i = 0; i < resources.size(); ++i) resource_order_.emplace(resources[i].key, i);
    for (const CallRecord& call : source.result.calls.records) {
      if (call.caller == "engine" && call.api == ApiCall::DeliverTask) {
        const auto event = integer_field(call.request, "scheduledEventId");
        const std::string token = text_field(call.request, "taskToken");
        if (event && !token.empty()) token_events_.emplace(token, *event);
      }
    }
  }

  void build() {
    scenario_calls();
    for (const Json& record : source_.result.trace) handle_record(record);
    faults();
    for (auto& [name, worker] : workers_) {
      if (worker.work) {
        model_.close_bar(*worker.work, model_.end_us, worker.accepted.value_or("open"));
      }
      if (worker.down) model_.close_bar(*worker.down, model_.end_us, "open");
      if (worker.paused) model_.close_bar(*worker.paused, model_.end_us, "open");
    }
  }

 private:
  WorkerState& worker(const std::string& name) {
    auto found = workers_.find(name);
    if (found != workers_.end()) return found->second;
    const size_t slash = name.rfind('/');
    const std::string resource = name.substr(0, slash);
    const auto position = resource_order_.find(resource);
    int64_t order = position != resource_order_.end()
                        ? static_cast<int64_t>(position->second) * 1'000'000
                        : static_cast<int64_t>(resource_order_.size()) * 1'000'000;
    if (slash != std::string::npos) {
      const long long number = std::strtoll(name.c_str() + slash + 1, nullptr, 10);
      order += static_cast<int64_t>(number % 1'000'000);
    }
    WorkerState state;
    state.lane = model_.lane(LaneKind::worker, "worker:" + name, worker_label(name), kNoLane,
                             order);
    if (model_.lanes[state.lane].label != name) model_.lanes[state.lane].title = name;
    return workers_.emplace(name, std::move(state)).first->second;
  }

  int64_t time_of(const Json& record) const {
    const auto at = parse_iso8601(text_field(record, "time"));
    return at ? source_.offset_us(*at) : model_.end_us;
  }

  void handle_record(const Json& record) {
    const int64_t at = time_of(record);
    const uint64_t seq = static_cast<uint64_t>(integer_field(record, "seq").value_or(0));
    const std::string kind = text_field(record, "kind");
    const std::string entity = text_field(record, "entity");
    if (kind == "worker_wake" && !entity.empty()) worker(entity).wake_us = at;
    const Json range = record.value("calls", Json());
    if (range.is_array() && range.size() == 2 && range[0].is_number_unsigned() &&
        range[1].is_number_unsigned()) {
      const auto& calls = source_.result.calls.records;
      const uint64_t last = std::min<uint64_t>(range[1].get<uint64_t>(), calls.size());
      for (uint64_t s = std::max<uint64_t>(range[0].get<uint64_t>(), 1); s <= last; ++s) {
        handle_call(calls[s - 1]);
      }
    }
    for (const std::string& name : note_names(record, "crashed")) crash(name, at, seq, kind);
    for (const std::string& name : note_names(record, "restarted")) {
      close_optional(worker(name).down, at, "restarted", seq);
    }
    for (const std::string& name : note_names(record, "resumed")) {
      close_optional(worker(name).paused, at, "resumed", seq);
    }
    if (entity.empty() || workers_.find(entity) == workers_.end()) {
      if (kind == "fault_effect" && !entity.empty()) pause_if_noted(record, entity, at, seq);
      return;
    }
    WorkerState& w = workers_.at(entity);
    if (kind == "fault_effect") pause_if_noted(record, entity, at, seq);
    if (record.contains("gaveUp")) end_work(w, at, "unanswered", seq);
    if (record.contains("abandoned")) end_work(w, at, "abandoned", seq);
    if (record.contains("codeCancelled")) end_work(w, at, "canceled", seq);
  }

  void pause_if_noted(const Json& record, const std::string& name, int64_t at, uint64_t seq) {
    const Json faults = record.value("fault", Json());
    const bool pause = faults == Json("worker_pause") ||
                       (faults.is_array() && std::find(faults.begin(), faults.end(),
                                                       Json("worker_pause")) != faults.end());
    WorkerState& w = worker(name);
    if (!pause || w.down || w.paused) return;
    w.paused = add_state_bar(w, "paused", "paused", at, seq);
  }

  size_t add_state_bar(const WorkerState& w, const char* kind, const char* label, int64_t at,
                       uint64_t seq) {
    Bar bar;
    bar.lane = w.lane;
    bar.kind = kind;
    bar.label = label;
    bar.start_us = at;
    bar.refs.trace.push_back(seq);
    return model_.add_bar(std::move(bar));
  }

  void close_optional(std::optional<size_t>& bar, int64_t at, const char* outcome, uint64_t seq) {
    if (!bar) return;
    model_.bars[*bar].refs.trace.push_back(seq);
    model_.close_bar(*bar, at, outcome);
    bar.reset();
  }

  void crash(const std::string& name, int64_t at, uint64_t seq, const std::string& kind) {
    WorkerState& w = worker(name);
    if (!w.work && w.wake_us) {
      // Woken for a delivery and dead before its first call: which task is not recorded.
      start_work(w, "", *w.wake_us, name.substr(0, name.rfind('/')) + " task", {});
    }
    end_work(w, at, "crashed", seq);
    close_optional(w.paused, at, "crashed", seq);
    if (!w.down) w.down = add_state_bar(w, "down", "down", at, seq);
    if (kind == "behaviour_crash") {
      model_.add_marker(Marker{w.lane, at, std::nullopt, "crash", "Crash behaviour", "",
                               Refs{{}, {}, {seq}, std::nullopt,
                                    "The attempt's own Crash behaviour killed the worker.", ""}});
    }
  }

  void end_work(WorkerState& w, int64_t at, const char* outcome, uint64_t seq) {
    w.wake_us.reset();
    if (!w.work) return;
    if (seq != 0) model_.bars[*w.work].refs.trace.push_back(seq);
    model_.close_bar(*w.work, at, w.accepted.value_or(outcome));
    w.finished_tokens.insert(w.token);
    w.work.reset();
    w.accepted.reset();
  }

  std::string work_label(const std::string& token, const CallRecord* poll) const {
    if (poll != nullptr && poll->response) {
      const Json& task = *poll->response;
      const auto event = integer_field(task, "scheduledEventId");
      if (event && model_.scheduled_labels.count(*event) > 0) {
        return model_.scheduled_labels.at(*event);
      }
      const std::string key = text_field(task, "activityId") + "#" +
                              std::to_string(integer_field(task, "attempt").value_or(1));
      if (model_.activity_attempt_labels.count(key) > 0) {
        return model_.activity_attempt_labels.at(key);
      }
    }
    const auto event = token_events_.find(token);
    if (event != token_events_.end() && model_.scheduled_labels.count(event->second) > 0) {
      return model_.scheduled_labels.at(event->second);
    }
    return "task";
  }

  void start_work(WorkerState& w, const std::string& token, int64_t at, const std::string& label,
                  std::vector<uint64_t> calls) {
    if (w.work) end_work(w, at, "ended", 0);
    Bar bar;
    bar.lane = w.lane;
    bar.kind = "work";
    bar.label = label;
    bar.start_us = w.wake_us ? std::min(*w.wake_us, at) : at;
    bar.refs.calls = std::move(calls);
    w.work = model_.add_bar(std::move(bar));
    w.token = token;
    w.wake_us.reset();
  }

  void handle_call(const CallRecord& call) {
    if (call.caller.rfind("worker:", 0) != 0) return;
    WorkerState& w = worker(call.caller.substr(7));
    const int64_t sent = source_.offset_us(call.sent);
    const int64_t arrived = source_.offset_us(call.time);
    model_.call_places[call.sequence] = Place{w.lane, sent};
    if (is_poll(call.api)) {
      const std::string token = call.response ? text_field(*call.response, "taskToken") : "";
      if (!token.empty()) start_work(w, token, arrived, work_label(token, &call), {call.sequence});
      w.wake_us.reset();  // A poll that found the task gone holds nothing.
      return;
    }
    const std::optional<int64_t> arrive =
        arrived > sent && !call.dropped ? std::optional<int64_t>(arrived) : std::nullopt;
    if (is_heartbeat(call.api)) {
      model_.ticks.push_back(Tick{w.lane, sent, arrive, heartbeat_fate(call), call.sequence});
      return;
    }
    if (!is_report(call.api)) return;
    // Only reports are duplicated by the network (completion_duplicate).
    const std::string key = call.caller + "|" + std::string(to_string(call.api)) + "|" +
                            std::to_string(sent) + "|" + to_compact_text(call.request);
    const bool copy = !first_copies_.insert(key).second;
    report(w, call, sent, arrive, copy);
  }

  void report(WorkerState& w, const CallRecord& call, int64_t sent,
              std::optional<int64_t> arrive, bool copy) {
    const std::string token = text_field(call.request, "taskToken");
    const std::string fate = copy ? "duplicate" : report_fate(call);
    std::string label(to_string(call.api));
    if (call.error) label += " \u2192 " + call.error->code;
    model_.add_marker(Marker{w.lane, sent, arrive, "report", label, fate,
                             Refs{{}, {call.sequence}, {}, std::nullopt, "", ""}});
    if (copy) return;
    const bool known = w.work && w.token == token;
    if (!known && w.finished_tokens.count(token) > 0) return;  // A late re-send.
    if (!known) start_work(w, token, sent, work_label(token, nullptr), {});
    model_.bars[*w.work].refs.calls.push_back(call.sequence);
    if (call.response && !w.accepted) w.accepted = accepted_outcome(call);
    const bool heard = !call.dropped && !call.answer_lost && (call.response || call.error);
    if (heard) end_work(w, source_.offset_us(call.time), "rejected", 0);
  }

  void scenario_calls() {
    std::optional<size_t> lane;
    for (const CallRecord& call : source_.result.calls.records) {
      if (call.caller != "scenario") continue;
      if (!lane) lane = model_.lane(LaneKind::calls, "calls", "scenario API calls");
      const int64_t at = source_.offset_us(call.time);
      model_.call_places[call.sequence] = Place{*lane, at};
      std::string label(to_string(call.api));
      if (call.error) label += " \u2192 " + call.error->code;
      model_.add_marker(Marker{*lane, at, std::nullopt, "api", label,
                               call.error ? "rejected" : "accepted",
                               Refs{{}, {call.sequence}, {}, std::nullopt, "", ""}});
    }
  }

  void faults() {
    const auto& firings = source_.result.schedule.firings;
    for (size_t i = 0; i < firings.size(); ++i) {
      const world::FaultFiring& firing = firings[i];
      const size_t lane = worker(firing.target).lane;
      model_.add_marker(Marker{lane, firing.at.us(), std::nullopt, "fault",
                               std::string(world::to_string(firing.kind)), "",
                               Refs{{}, {}, {}, i, "", ""}});
    }
  }

  const Source& source_;
  Model& model_;
  std::map<std::string, size_t> resource_order_;
  std::map<std::string, int64_t> token_events_;  // Delivered task token -> scheduled event.
  std::map<std::string, WorkerState> workers_;
  std::set<std::string> first_copies_;
};

}  // namespace

void add_worker_lanes(const Source& source, Model& model) { WorkerLanes(source, model).build(); }

}  // namespace wfsim::report::timeline
