// Step Functions Distributed Map invariants (27-30), judged from the Map Run records of the run
// (Observation::map_runs: DescribeMapRun, the children in item order with their item counts and
// starts, the counter log) with the parent's history and the kept child histories:
//  27 sfn.map_run_no_rerun_of_succeeded: a Map Run redrive never re-runs a child that had
//     succeeded (DMAP-12.2);
//  28 sfn.map_run_counts: the counters add up (pending + running + finished = total, for items
//     and executions) at every logged change and Map Run event, and the last agree with the
//     children (DMAP-11.1, 4.3, 8.5);
//  29 sfn.map_run_tolerance: a run fails with States.ExceedToleratedFailureThreshold only when
//     its failed and timed-out items exceed the tolerance, and never succeeds when they did
//     (DMAP-6.1, 6.2, 9.3); other failures (reader, writer, data limit) are not judged here;
//  30 sfn.map_run_items_once: each item is processed by exactly one child per run and batches
//     partition the items in order (DMAP-2.2, 4.1, 4.2, 8.1).
// A run whose record lacks the counter log (the engine released its children) is judged on its
// final counts only. Runs the observed histories do not show are skipped.
#include <fmt/format.h>

#include <array>
#include <set>

#include "asl/outcome.h"
#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {
namespace {

// The counters in countLog order: pending, running, succeeded, failed, timedOut, aborted, total.
using Counts = std::array<int64_t, 7>;
constexpr size_t kPending = 0, kRunning = 1, kSucceeded = 2, kFailed = 3, kTimedOut = 4,
                 kTotal = 6;
constexpr std::array<const char*, 6> kCountKeys = {"pending", "running", "succeeded",
                                                   "failed",  "timedOut", "aborted"};

std::optional<Counts> counts_of(const Json& value) {
  Counts out{};
  if (value.is_array() && value.size() == out.size()) {
    for (size_t i = 0; i < out.size(); ++i) {
      if (!value[i].is_number_integer()) return std::nullopt;
      out[i] = value[i].get<int64_t>();
    }
    return out;
  }
  if (!value.is_object()) return std::nullopt;
  for (size_t i = 0; i < kCountKeys.size(); ++i) out[i] = value.value(kCountKeys[i], int64_t{0});
  out[kTotal] = value.value("total", int64_t{0});
  return out;
}

std::string show(const Counts& c) {
  return fmt::format("pending {} running {} succeeded {} failed {} timedOut {} aborted {} of {}",
                     c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
}

// One Map Run with where the observation shows it.
struct MapRunView {
  const Json* record = nullptr;
  const History* history = nullptr;
  int64_t started = 0;                // Its MapRunStarted in `history`.
  const asl::State* state = nullptr;  // Its Distributed Map state, when the definition has it.
  std::string arn;
};

int64_t find_started(const History& history, std::string_view arn) {
  for (const HistoryEvent& e : history.events) {
    if (e.type == EventType::MapRunStarted && e.map_run_arn == arn) return e.id;
  }
  return 0;
}

const asl::State* map_state(const asl::Definition* definition, std::string_view name) {
  if (definition == nullptr) return nullptr;
  for (const asl::State* s : definition->all_states()) {
    if (s->name == name && s->map && s->map->distributed) return s;
  }
  return nullptr;
}

std::vector<MapRunView> views(const Context& context) {
  const Observation& o = context.record().observation;
  std::vector<MapRunView> out;
  if (o.map_runs == nullptr) return out;
  for (const Json& record : *o.map_runs) {
    if (!record.is_object() || !record.contains("mapRunArn")) continue;
    MapRunView view;
    view.record = &record;
    view.arn = record.value("mapRunArn", std::string());
    const std::string owner = record.value("executionArn", std::string());
    if (o.child_histories != nullptr) {
      const auto child = o.child_histories->find(owner);
      if (child != o.child_histories->end()) view.history = &child->second;
    }
    if (view.history == nullptr) view.history = o.history;
    view.started = find_started(*view.history, view.arn);
    if (view.started == 0) continue;  // A run of an execution the observation does not hold.
    view.state = map_state(o.definition, state_of_event(*view.history, view.started));
    out.push_back(std::move(view));
  }
  return out;
}

const Json& children_of(const MapRunView& v) {
  static const Json kNone = Json::array();
  const auto it = v.record->find("childExecutions");
  return it != v.record->end() && it->is_array() ? *it : kNone;
}

const Json& log_of(const MapRunView& v) {
  static const Json kNone = Json::array();
  const auto it = v.record->find("countLog");
  return it != v.record->end() && it->is_array() ? *it : kNone;
}

}  // namespace

// --- 27: no re-run of succeeded children -------------------------------------------------------

void check_map_run_no_rerun_of_succeeded(Context& context, Findings& findings) {
  const Observation& o = context.record().observation;
  for (const MapRunView& v : views(context)) {
    const Json& children = children_of(v);
    int64_t redrives = 0;
    for (const Json& entry : log_of(v)) {
      if (entry.value("mark", "") != "MapRunRedriven") continue;
      ++redrives;
      const std::string statuses = entry.value("children", std::string());
      for (size_t i = 0; i < statuses.size() && i < children.size(); ++i) {
        if (statuses[i] != 'S') continue;
        const Json starts = children[i].value("starts", Json::array());
        for (const Json& k : starts) {
          if (!k.is_number_integer() || k.get<int64_t>() != redrives) continue;
          findings.add(entry.value("event", v.started), 0,
                       fmt::format("redrive {} of Map Run {} re-ran child {} ({}), which had "
                                   "succeeded: only failed, timed-out or aborted children are "
                                   "re-run (DMAP-12.2)",
                                   redrives, v.arn, i,
                                   children[i].value("executionArn", std::string())));
        }
      }
    }
    // A kept child history: a redrive after its ExecutionSucceeded re-ran it in place.
    if (o.child_histories == nullptr) continue;
    for (const Json& child : children) {
      const auto it = o.child_histories->find(child.value("executionArn", std::string()));
      if (it == o.child_histories->end()) continue;
      bool succeeded = false;
      for (const HistoryEvent& e : it->second.events) {
        if (e.type == EventType::ExecutionSucceeded) succeeded = true;
        if (succeeded && e.type == EventType::ExecutionRedriven) {
          findings.add(v.started, 0,
                       fmt::format("child {} of Map Run {} was redriven (its event {}) after it "
                                   "succeeded (DMAP-12.2)",
                                   it->first, v.arn, e.id));
          break;
        }
      }
    }
  }
}

// --- 28: the counters add up -------------------------------------------------------------------

namespace {

void check_sum(const Counts& c, std::string_view what, std::string_view where, int64_t event,
               Findings& findings) {
  int64_t sum = 0;
  for (size_t i = 0; i < kTotal; ++i) {
    if (c[i] < 0) {
      findings.add(event, 0, fmt::format("{} {} has a negative counter: {}", what, where,
                                         show(c)));
      return;
    }
    sum += c[i];
  }
  if (sum != c[kTotal]) {
    findings.add(event, 0,
                 fmt::format("{} {}: pending + running + finished = {}, not the total: {}", what,
                             where, sum, show(c)));
  }
}

// Children by the status their execution reports, weighted by `items` or one each.
Counts children_counts(const Json& children, bool items) {
  Counts out{};
  for (const Json& child : children) {
    const int64_t n = items ? child.value("itemCount", int64_t{1}) : 1;
    const std::string status = child.value("status", std::string());
    if (status == "RUNNING") out[kRunning] += n;
    if (status == "SUCCEEDED") out[kSucceeded] += n;
    out[kTotal] += n;
  }
  return out;
}

}  // namespace

void check_map_run_counts(Context& context, Findings& findings) {
  for (const MapRunView& v : views(context)) {
    const Json& children = children_of(v);
    std::optional<Counts> final_items, final_executions;
    for (const char* key : {"itemCounts", "executionCounts"}) {
      const auto it = v.record->find(key);
      std::optional<Counts> c = it != v.record->end() ? counts_of(*it) : std::nullopt;
      if (!c) {
        findings.add(v.started, 0, fmt::format("Map Run {} has no {}", v.arn, key));
        continue;
      }
      check_sum(*c, key, "of Map Run " + v.arn + " at the end", v.started, findings);
      (std::string_view(key) == "itemCounts" ? final_items : final_executions) = c;
    }
    if (!final_items || !final_executions) continue;
    // The children agree with the final counters: one execution each, their items, and those
    // running or succeeded as their executions report (DMAP-4.3, 8.5).
    for (const bool items : {true, false}) {
      const Counts seen = children_counts(children, items);
      const Counts& kept = items ? *final_items : *final_executions;
      const char* what = items ? "itemCounts" : "executionCounts";
      for (const size_t i : {kRunning, kSucceeded, kTotal}) {
        if (seen[i] == kept[i]) continue;
        findings.add(v.started, 0,
                     fmt::format("Map Run {}: {} says {} {}, its children say {}", v.arn, what,
                                 i == kTotal ? "total" : kCountKeys[i], kept[i], seen[i]));
      }
    }
    const Json& log = log_of(v);
    std::optional<Counts> last_items, last_executions;
    for (const Json& entry : log) {
      const int64_t event = entry.value("event", int64_t{0});
      const std::string where = "of Map Run " + v.arn + " after " +
                                entry.value("mark", std::string("?")) +
                                (event > 0 ? " (event " + std::to_string(event) + ")" : "");
      last_items = counts_of(entry.value("items", Json()));
      last_executions = counts_of(entry.value("executions", Json()));
      if (!last_items || !last_executions) {
        findings.add(v.started, 0, "a counter log line " + where + " has no counts");
        return;
      }
      check_sum(*last_items, "itemCounts", where, event > 0 ? event : v.started, findings);
      check_sum(*last_executions, "executionCounts", where, event > 0 ? event : v.started,
                findings);
    }
    if (last_items && (*last_items != *final_items || *last_executions != *final_executions)) {
      findings.add(v.started, 0,
                   fmt::format("Map Run {}: the counters DescribeMapRun reports ({}) are not the "
                               "last ones logged ({})",
                               v.arn, show(*final_items), show(*last_items)));
    }
  }
}

// --- 29: fails iff the tolerance is exceeded ---------------------------------------------------

namespace {

struct Tolerance {
  std::optional<int64_t> count;
  std::optional<double> percentage;

  // DMAP-6.1: failed = failed + timed-out items; "exceeds", so equal is tolerated; with neither
  // set the tolerance is 0; with both, exceeding either fails.
  bool exceeded(const Counts& items) const {
    const int64_t failed = items[kFailed] + items[kTimedOut];
    if (!count && !percentage) return failed > 0;
    if (count && failed > *count) return true;
    return percentage && static_cast<double>(failed) * 100.0 >
                             *percentage * static_cast<double>(items[kTotal]);
  }
  std::string text() const {
    if (!count && !percentage) return "no tolerated failures";
    std::string out;
    if (count) out = fmt::format("ToleratedFailureCount {}", *count);
    if (percentage) {
      out += fmt::format("{}ToleratedFailurePercentage {}", out.empty() ? "" : " and ",
                         *percentage);
    }
    return out;
  }
};

Tolerance tolerance_of(const MapRunView& v) {
  Tolerance t;
  if (v.state == nullptr) return t;
  const asl::MapSpec& m = *v.state->map;
  const bool jsonata = m.jsonata.has_value();
  const bool count = m.tolerated_failure_count || m.tolerated_failure_count_path ||
                     (jsonata && m.jsonata->tolerated_failure_count.is_set()) ||
                     m.distributed->tolerated_failure_count_query;
  const bool percentage = m.tolerated_failure_percentage || m.tolerated_failure_percentage_path ||
                          (jsonata && m.jsonata->tolerated_failure_percentage.is_set()) ||
                          m.distributed->tolerated_failure_percentage_query;
  // The values as the run resolved them (paths and expressions included): DescribeMapRun's.
  if (count) t.count = v.record->value("toleratedFailureCount", int64_t{0});
  if (percentage) t.percentage = v.record->value("toleratedFailurePercentage", 0.0);
  return t;
}

void judge_close(const MapRunView& v, const Tolerance& t, const Json& entry, bool exceeded,
                 Findings& findings) {
  const std::string mark = entry.value("mark", std::string());
  const int64_t event = entry.value("event", int64_t{0});
  const auto items = counts_of(entry.value("items", Json()));
  if (!items || event <= 0) return;
  if (mark == "MapRunSucceeded" && exceeded) {
    findings.add(event, 0,
                 fmt::format("Map Run {} succeeded although its failures exceeded {} during the "
                             "run (now {})",
                             v.arn, t.text(), show(*items)));
  }
  if (mark != "MapRunFailed" || event > static_cast<int64_t>(v.history->size())) return;
  const HistoryEvent& failed = v.history->at(event);
  if (failed.error == asl::errors::kExceedToleratedFailureThreshold && !exceeded) {
    findings.add(event, 0,
                 fmt::format("Map Run {} failed with {} but its failures never exceeded {} ({})",
                             v.arn, asl::errors::kExceedToleratedFailureThreshold, t.text(),
                             show(*items)));
  }
}

}  // namespace

void check_map_run_tolerance(Context& context, Findings& findings) {
  for (const MapRunView& v : views(context)) {
    const Tolerance t = tolerance_of(v);
    const Json& log = log_of(v);
    if (log.empty()) {  // Only the final counts: a succeeded run kept within its tolerance.
      const auto items = counts_of(v.record->value("itemCounts", Json()));
      if (items && v.record->value("status", "") == "SUCCEEDED" && t.exceeded(*items)) {
        findings.add(v.started, 0,
                     fmt::format("Map Run {} succeeded with {}, beyond {}", v.arn, show(*items),
                                 t.text()));
      }
      continue;
    }
    bool open = false;
    bool exceeded = false;
    for (const Json& entry : log) {
      const std::string mark = entry.value("mark", std::string());
      if (mark == "MapRunStarted" || mark == "MapRunRedriven") {
        open = true;
        exceeded = false;
        // A redrive's line comes after its resets: failures not redriven still count.
        const auto items = counts_of(entry.value("items", Json()));
        if (mark == "MapRunRedriven" && items && t.exceeded(*items)) exceeded = true;
        continue;
      }
      if (!open) continue;  // Children closing after the run ended: no longer judged.
      const auto items = counts_of(entry.value("items", Json()));
      if (items && t.exceeded(*items)) exceeded = true;
      if (mark == "MapRunSucceeded" || mark == "MapRunFailed" || mark == "MapRunAborted") {
        judge_close(v, t, entry, exceeded, findings);
        open = false;
      }
    }
  }
}

// --- 30: each item once, batches in order ------------------------------------------------------

namespace {

// The items the Map read from its input, when the definition says plainly where they are.
std::optional<Json> items_from_input(const MapRunView& v) {
  if (v.state == nullptr || v.state->map->distributed->reader || v.state->map->jsonata ||
      v.state->input_path.kind != asl::IoPath::Kind::root) {
    return std::nullopt;
  }
  const int64_t map_started_id = v.history->at(v.started).previous_event_id;
  if (map_started_id <= 0) return std::nullopt;
  const int64_t entered_id = v.history->at(map_started_id).previous_event_id;
  if (entered_id <= 0) return std::nullopt;
  const HistoryEvent& entered = v.history->at(entered_id);
  if (entered.type != EventType::MapStateEntered || !entered.input) return std::nullopt;
  const auto& path = v.state->map->items_path;
  if (!path) return *entered.input;
  if (path->is_context() || !path->text().starts_with("$") || path->text().starts_with("$$")) {
    return std::nullopt;
  }
  return path->select(*entered.input, nullptr);
}

void check_child_inputs(const Context& context, const MapRunView& v, Findings& findings) {
  const Observation& o = context.record().observation;
  if (o.child_histories == nullptr || v.state == nullptr) return;
  const bool batched = v.state->map->distributed->batcher.has_value();
  const std::optional<Json> items =
      v.state->map->item_selector ? std::nullopt : items_from_input(v);
  size_t next_item = 0;
  for (size_t i = 0; i < children_of(v).size(); ++i) {
    const Json& child = children_of(v)[i];
    const int64_t count = child.value("itemCount", int64_t{0});
    const auto it = o.child_histories->find(child.value("executionArn", std::string()));
    const size_t first = next_item;
    next_item += static_cast<size_t>(std::max<int64_t>(count, 0));
    if (it == o.child_histories->end() || it->second.events.empty()) continue;
    const HistoryEvent& start = it->second.events.front();
    if (start.type != EventType::ExecutionStarted || !start.input) continue;
    const Json& input = *start.input;
    std::vector<Json> got;
    if (batched) {
      if (!input.is_object() || !input.contains("Items") || !input["Items"].is_array() ||
          static_cast<int64_t>(input["Items"].size()) != count) {
        findings.add(v.started, 0,
                     fmt::format("child {} of Map Run {} counts {} items but its batch input "
                                 "holds {} (DMAP-4.2)",
                                 i, v.arn, count, input.value("Items", Json()).dump()));
        continue;
      }
      for (const Json& item : input["Items"]) got.push_back(item);
    } else {
      got.push_back(input);
    }
    if (!items || !items->is_array()) continue;
    for (size_t k = 0; k < got.size(); ++k) {
      if (first + k < items->size() && (*items)[first + k] == got[k]) continue;
      findings.add(v.started, 0,
                   fmt::format("child {} of Map Run {} got {} as its item {}, where item {} of the "
                               "input is {}: batches partition the items in order (DMAP-4.1)",
                               i, v.arn, got[k].dump(), k, first + k,
                               first + k < items->size() ? (*items)[first + k].dump() : "none"));
      return;
    }
  }
}

}  // namespace

void check_map_run_items_once(Context& context, Findings& findings) {
  for (const MapRunView& v : views(context)) {
    const Json& children = children_of(v);
    int64_t items = 0;
    std::set<std::string> arns;
    for (size_t i = 0; i < children.size(); ++i) {
      const Json& child = children[i];
      const int64_t count = child.value("itemCount", int64_t{0});
      items += count;
      const bool batched = v.state != nullptr && v.state->map->distributed->batcher;
      if (count < 1 || (v.state != nullptr && !batched && count != 1)) {
        findings.add(v.started, 0, fmt::format("child {} of Map Run {} processes {} items{}", i,
                                               v.arn, count, batched ? "" : " without a batcher"));
      }
      const std::string arn = child.value("executionArn", std::string());
      if (!arn.empty() && !arns.insert(arn).second) {
        findings.add(v.started, 0,
                     fmt::format("children of Map Run {} share the execution {}", v.arn, arn));
      }
      std::set<int64_t> segments;
      for (const Json& k : child.value("starts", Json::array())) {
        if (k.is_number_integer() && !segments.insert(k.get<int64_t>()).second) {
          findings.add(v.started, 0,
                       fmt::format("child {} of Map Run {} ran twice in run {} of the Map Run",
                                   i, v.arn, k.get<int64_t>()));
        }
      }
    }
    const int64_t total = v.record->value("itemCounts", Json::object()).value("total", int64_t{-1});
    if (items != total) {
      findings.add(v.started, 0, fmt::format("the children of Map Run {} process {} items; "
                                             "itemCounts.total is {}", v.arn, items, total));
    }
    // MapStateStarted's length is the number of items read from the input (DMAP-2.2).
    const HistoryEvent& started = v.history->at(v.started);
    const bool from_input = v.state != nullptr && !v.state->map->distributed->reader;
    if (from_input && started.previous_event_id > 0) {
      const HistoryEvent& map_started = v.history->at(started.previous_event_id);
      if (map_started.type == EventType::MapStateStarted && map_started.length >= 0 &&
          map_started.length != items) {
        findings.add(v.started, 0,
                     fmt::format("Map Run {} read {} items (MapStateStarted, event {}) but its "
                                 "children process {}: every item goes to exactly one child",
                                 v.arn, map_started.length, map_started.id, items));
      }
    }
    check_child_inputs(context, v, findings);
  }
}

}  // namespace wfsim::check::sfn
