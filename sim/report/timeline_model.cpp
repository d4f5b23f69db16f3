// The timeline model's shared parts (timeline_model.h): lanes found by key, bars and markers,
// building the whole model, thinning heartbeat ticks, placing findings, the display order of
// lanes and the JSON the page draws.
//
// The JSON holds integers (microseconds) and strings only, so its text is the same on every
// machine; the seed is a string because a JavaScript number cannot hold every 64-bit one.
#include <algorithm>
#include <functional>
#include <set>

#include "record/call_log.h"
#include "record/history_json.h"
#include "record/temporal_history_json.h"
#include "scenario/capsule.h"
#include "report/timeline_model.h"

namespace wfsim::report::timeline {

std::string_view to_string(LaneKind kind) {
  switch (kind) {
    case LaneKind::execution: return "execution";
    case LaneKind::calls: return "calls";
    case LaneKind::state: return "state";
    case LaneKind::branch: return "branch";
    case LaneKind::iteration: return "iteration";
    case LaneKind::activity: return "activity";
    case LaneKind::worker: return "worker";
    case LaneKind::map_run: return "map_run";
    case LaneKind::map_run_group: return "map_run_group";
    case LaneKind::map_run_page: return "map_run_page";
    case LaneKind::map_run_child: return "map_run_child";
  }
  return "?";
}

std::string text_field(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

std::optional<int64_t> integer_field(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  if (found->is_number_unsigned() && found->get<uint64_t>() > INT64_MAX) return std::nullopt;
  return found->get<int64_t>();
}

size_t Model::lane(LaneKind kind, const std::string& key, const std::string& label,
                   size_t parent, int64_t order) {
  const auto found = lane_index_.find(key);
  if (found != lane_index_.end()) return found->second;
  lanes.push_back(Lane{kind, key, label, "", parent, order});
  lane_index_.emplace(key, lanes.size() - 1);
  return lanes.size() - 1;
}

size_t Model::add_bar(Bar bar) {
  bar.end_us = std::max(bar.end_us, bar.start_us);
  bars.push_back(std::move(bar));
  return bars.size() - 1;
}

void Model::close_bar(size_t bar, int64_t end_us, std::string outcome) {
  Bar& closing = bars.at(bar);
  closing.end_us = std::max(end_us, closing.start_us);
  closing.outcome = std::move(outcome);
  closing.open = false;
}

void Model::add_marker(Marker marker) { markers.push_back(std::move(marker)); }

void Model::place_event(int64_t event_id, size_t lane, int64_t at_us) {
  event_places[event_id] = Place{lane, at_us};
}

namespace {

int64_t run_end_us(const Source& source) {
  const world::RunResult& result = source.result;
  int64_t end = result.virtual_duration.us();
  for (const CallRecord& call : result.calls.records) {
    end = std::max(end, source.offset_us(call.time));
  }
  if (!result.trace.empty()) {
    const auto last = parse_iso8601(text_field(result.trace.back(), "time"));
    if (last) end = std::max(end, source.offset_us(*last));
  }
  for (const HistoryEvent& event : result.history.events) {
    end = std::max(end, source.offset_us(event.timestamp));
  }
  for (const temporal::HistoryEvent& event : result.temporal_history.events) {
    end = std::max(end, source.offset_us(event.event_time));
  }
  return end;
}

// Keeps every tick that is not a plain delivery and thins deliveries evenly to fit kMaxTicks.
void thin_ticks(Model& model) {
  if (model.ticks.size() <= kMaxTicks) return;
  const auto plain = [](const Tick& tick) { return tick.fate == "delivered"; };
  const size_t delivered = static_cast<size_t>(
      std::count_if(model.ticks.begin(), model.ticks.end(), plain));
  const size_t special = model.ticks.size() - delivered;
  const size_t room = special >= kMaxTicks ? 0 : kMaxTicks - special;
  std::vector<Tick> kept;
  kept.reserve(kMaxTicks);
  size_t k = 0;
  size_t specials_kept = 0;
  for (Tick& tick : model.ticks) {
    if (plain(tick)) {
      const bool keep = (k + 1) * room / delivered != k * room / delivered;
      ++k;
      if (keep) kept.push_back(std::move(tick));
    } else if (specials_kept < kMaxTicks) {
      ++specials_kept;
      kept.push_back(std::move(tick));
    }
  }
  model.ticks_omitted = model.ticks.size() - kept.size();
  model.ticks = std::move(kept);
}

// Lanes in display order: the execution, the scenario's calls, the engine's lanes (each followed
// by the lanes nested in it), then the workers.
std::vector<size_t> display_order(const Model& model) {
  const auto section = [](LaneKind kind) {
    return kind == LaneKind::execution ? 0 : kind == LaneKind::calls ? 1
                                         : kind == LaneKind::worker  ? 3
                                                                     : 2;
  };
  std::vector<std::vector<size_t>> children(model.lanes.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < model.lanes.size(); ++i) {
    const size_t parent = model.lanes[i].parent;
    (parent == kNoLane ? roots : children[parent]).push_back(i);
  }
  std::stable_sort(roots.begin(), roots.end(), [&](size_t a, size_t b) {
    const Lane& x = model.lanes[a];
    const Lane& y = model.lanes[b];
    if (section(x.kind) != section(y.kind)) return section(x.kind) < section(y.kind);
    return x.kind == LaneKind::worker && x.order < y.order;
  });
  std::vector<size_t> order;
  std::function<void(size_t)> visit = [&](size_t lane) {
    order.push_back(lane);
    std::vector<size_t>& nested = children[lane];
    std::stable_sort(nested.begin(), nested.end(), [&](size_t a, size_t b) {
      return model.lanes[a].order < model.lanes[b].order;
    });
    for (size_t child : nested) visit(child);
  };
  for (size_t root : roots) visit(root);
  return order;
}

Json refs_json(const Refs& refs) {
  Json out = Json::object();
  if (!refs.events.empty()) out["events"] = refs.events;
  if (!refs.calls.empty()) out["calls"] = refs.calls;
  if (!refs.trace.empty()) out["trace"] = refs.trace;
  if (refs.fault) out["fault"] = *refs.fault;
  if (!refs.note.empty()) out["note"] = refs.note;
  if (!refs.child.empty()) out["child"] = refs.child;
  return out;
}

const char* finding_kind(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::invariant: return "invariant";
    case Finding::Kind::expectation: return "expectation";
    case Finding::Kind::liveness: return "liveness";
  }
  return "?";
}

Json findings_json(const Model& model, const TimelineInput& input,
                   const std::vector<size_t>& display_index) {
  Json out = Json::array();
  for (const Finding& finding : input.evaluation->findings) {
    Place place{0, model.end_us};
    const auto event = model.event_places.find(finding.event_id);
    const auto call = model.call_places.find(finding.call);
    if (finding.event_id > 0 && event != model.event_places.end()) {
      place = event->second;
    } else if (finding.call > 0 && call != model.call_places.end()) {
      place = call->second;
    }
    out.push_back(json_object("name", finding.name, "kind", finding_kind(finding.kind),
                              "event_id", finding.event_id, "event_type", finding.event_type,
                              "call", finding.call, "message", finding.message, "lane",
                              model.lanes.empty() ? 0 : display_index[place.lane], "at",
                              place.at_us));
  }
  return out;
}

}  // namespace

Model build_model(const TimelineInput& input) {
  Model model;
  const Source source{*input.scenario, *input.result, *input.evaluation};
  model.end_us = run_end_us(source);
  if (input.result->dialect == world::Dialect::temporal) {
    add_temporal_lanes(source, model);
  } else {
    add_sfn_lanes(source, model);
    add_map_run_lanes(source, model);
  }
  add_worker_lanes(source, model);
  for (Bar& bar : model.bars) {
    if (bar.open) bar.end_us = std::max(model.end_us, bar.start_us);
  }
  thin_ticks(model);
  return model;
}

namespace {

Json lanes_json(const Model& model, const std::vector<size_t>& order,
                const std::vector<size_t>& index) {
  Json lanes = Json::array();
  for (const size_t lane : order) {
    const Lane& drawn = model.lanes[lane];
    int64_t depth = 0;
    for (size_t up = drawn.parent; up != kNoLane; up = model.lanes[up].parent) ++depth;
    const int64_t parent =
        drawn.parent == kNoLane ? -1 : static_cast<int64_t>(index[drawn.parent]);
    Json item = json_object("kind", to_string(drawn.kind), "label", drawn.label, "depth", depth,
                            "parent", parent);
    if (!drawn.title.empty()) item["title"] = drawn.title;
    if (drawn.folded) item["folded"] = true;
    lanes.push_back(std::move(item));
  }
  return lanes;
}

Json bars_json(const Model& model, const std::vector<size_t>& index) {
  Json bars = Json::array();
  for (const Bar& bar : model.bars) {
    Json item = json_object("lane", index[bar.lane], "kind", bar.kind, "outcome", bar.outcome,
                            "label", bar.label, "start", bar.start_us, "end", bar.end_us);
    if (bar.started_us) item["started"] = *bar.started_us;
    Json refs = refs_json(bar.refs);
    if (!refs.empty()) item["refs"] = std::move(refs);
    bars.push_back(std::move(item));
  }
  return bars;
}

Json marks_json(const Model& model, const std::vector<size_t>& index) {
  Json markers = Json::array();
  for (const Marker& marker : model.markers) {
    Json item = json_object("lane", index[marker.lane], "kind", marker.kind, "label",
                            marker.label, "at", marker.at_us);
    if (marker.arrive_us) item["arrive"] = *marker.arrive_us;
    if (!marker.fate.empty()) item["fate"] = marker.fate;
    Json refs = refs_json(marker.refs);
    if (!refs.empty()) item["refs"] = std::move(refs);
    markers.push_back(std::move(item));
  }
  return markers;
}

// Compact rows [lane, sent, arrived or null, fate, call]: there can be tens of thousands.
Json ticks_json(const Model& model, const std::vector<size_t>& index) {
  Json ticks = Json::array();
  for (const Tick& tick : model.ticks) {
    ticks.push_back(Json::array({index[tick.lane], tick.at_us,
                                 tick.arrive_us ? Json(*tick.arrive_us) : Json(nullptr), tick.fate,
                                 tick.call}));
  }
  return ticks;
}

// The call-log records and trace records something in the page points at.
void add_referenced_records(const Model& model, const TimelineInput& input, Json& out) {
  std::set<uint64_t> calls;
  std::set<uint64_t> trace;
  const auto add = [&](const Refs& refs) {
    calls.insert(refs.calls.begin(), refs.calls.end());
    trace.insert(refs.trace.begin(), refs.trace.end());
  };
  for (const Bar& bar : model.bars) add(bar.refs);
  for (const Marker& marker : model.markers) add(marker.refs);
  for (const Tick& tick : model.ticks) calls.insert(tick.call);
  for (const Finding& finding : input.evaluation->findings) {
    if (finding.call > 0) calls.insert(finding.call);
  }
  const auto& records = input.result->calls.records;
  Json call_list = Json::array();
  for (const uint64_t seq : calls) {
    if (seq >= 1 && seq <= records.size()) call_list.push_back(call_to_json(records[seq - 1]));
  }
  Json trace_list = Json::array();
  for (const uint64_t seq : trace) {
    // Trace records are numbered from 1 in processing order.
    if (seq >= 1 && seq <= input.result->trace.size()) {
      trace_list.push_back(input.result->trace[seq - 1]);
    }
  }
  out["calls"] = std::move(call_list);
  out["trace"] = std::move(trace_list);
}

Json history_json(const world::RunResult& result) {
  Json events = Json::array();
  if (result.dialect == world::Dialect::temporal) {
    for (const auto& event : result.temporal_history.events) {
      events.push_back(temporal::event_to_json(event));
    }
  } else {
    for (const auto& event : result.history.events) events.push_back(event_to_json(event));
  }
  return events;
}

// The kept histories of the Map Run children the bars link to, as rows [id, type, at_us]
// (compact: there can be thousands), up to kMaxChildHistoryEvents events in all; a history
// beyond it is listed as null, and the page says it was kept but not embedded.
Json child_histories_json(const Model& model, const Source& source) {
  Json out = Json::object();
  size_t budget = kMaxChildHistoryEvents;
  for (const Bar& bar : model.bars) {
    if (bar.refs.child.empty() || out.contains(bar.refs.child)) continue;
    const auto found = source.result.child_histories.find(bar.refs.child);
    if (found == source.result.child_histories.end()) continue;
    const History& history = found->second;
    if (history.events.size() > budget) {
      out[bar.refs.child] = nullptr;
      continue;
    }
    budget -= history.events.size();
    Json rows = Json::array();
    for (const HistoryEvent& event : history.events) {
      rows.push_back(Json::array({event.id, std::string(to_string(event.type)),
                                  source.offset_us(event.timestamp)}));
    }
    out[bar.refs.child] = std::move(rows);
  }
  return out;
}

}  // namespace

Json model_to_json(const Model& model, const TimelineInput& input) {
  const std::vector<size_t> order = display_order(model);
  std::vector<size_t> index(model.lanes.size(), 0);
  for (size_t i = 0; i < order.size(); ++i) index[order[i]] = i;
  const world::RunResult& result = *input.result;
  const world::WorldConfig& config = input.scenario->config;
  Json out = Json::object();
  out["wfsim_timeline"] = 1;
  out["version"] = std::string(wfsim_version());
  out["scenario"] = json_object("name", config.name, "file", input.scenario->file, "dialect",
                                std::string(scenario::to_string(config.dialect)));
  out["seed"] = std::to_string(result.seed);
  out["swarm"] = input.swarm;
  out["mutants"] = input.mutants;
  out["command"] = input.command;
  out["status"] = result.final_status;
  out["stop"] = std::string(wfsim::to_string(result.stop));
  out["digest"] = digest_hex(result.digest);
  out["epoch"] = format_iso8601(config.epoch);
  out["end_us"] = model.end_us;
  out["lanes"] = lanes_json(model, order, index);
  out["bars"] = bars_json(model, index);
  out["markers"] = marks_json(model, index);
  out["ticks"] = ticks_json(model, index);
  out["ticks_omitted"] = model.ticks_omitted;
  out["findings"] = findings_json(model, input, index);
  out["history"] = history_json(result);
  out["child_histories"] = child_histories_json(
      model, Source{*input.scenario, *input.result, *input.evaluation});
  add_referenced_records(model, input, out);
  Json faults = Json::array();
  for (const world::FaultFiring& firing : result.schedule.firings) {
    faults.push_back(fault_firing_to_json(firing));
  }
  out["faults"] = std::move(faults);
  return out;
}

}  // namespace wfsim::report::timeline
