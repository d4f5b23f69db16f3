// The model behind a timeline page (timeline.h): lanes, bars, ticks and markers on a virtual-time
// axis of integer microseconds from the scenario's epoch, built from a run's history, call log,
// trace and fault schedule plus the findings of its evaluation, and its JSON form (the data the
// page's script draws).
//
// Who builds what: timeline_sfn.cpp (execution, state, branch and iteration lanes from a Step
// Functions history), timeline_temporal.cpp (workflow and activity lanes, attempts from the call
// log), timeline_workers.cpp (worker lanes from the trace and the call log, faults from the
// schedule, the scenario's own calls), timeline_model.cpp (lanes, order, findings, JSON).
//
// The model only records what the run recorded; the one derived value, the end of a Temporal
// attempt that the history does not keep, says so in its note. It does not draw anything.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/json.h"
#include "report/timeline.h"
#include "scenario/capsule.h"

namespace wfsim::report {
// The words of the modules below that the page's code uses throughout.
using run::Evaluation;
using run::Finding;
using scenario::digest_hex;
using scenario::fault_firing_to_json;
using scenario::Scenario;
using scenario::wfsim_version;
}  // namespace wfsim::report

namespace wfsim::report::timeline {

inline constexpr size_t kNoLane = static_cast<size_t>(-1);

// Heartbeat ticks kept in a page; beyond it delivered ticks are thinned evenly (the rest are
// always kept), so a year of heartbeats still makes a page a browser opens.
inline constexpr size_t kMaxTicks = 40'000;

enum class LaneKind : uint8_t {
  execution,  // The execution (Temporal: the workflow); one bar per run (redrives add runs).
  calls,      // The scenario's own API calls (start, stop, redrive, cancel).
  state,      // A top-level state.
  branch,     // A Parallel branch (its states as bars).
  iteration,  // A Map iteration.
  activity,   // A Temporal activity (its attempts as bars).
  worker,     // A simulated worker.
  map_run,    // A Distributed Map's Map Run (below its state): the run as one bar.
  map_run_group,  // Its children of one status, bucketed by start time with counts (folded).
  map_run_page,   // A page of kMapRunPageSize children of a large group (folded).
  map_run_child,  // One child execution, linked to its own history when kept.
};
std::string_view to_string(LaneKind kind);

// What an item stands on: history event ids, call-log sequence numbers, trace record sequence
// numbers, a fault-schedule index, and a sentence for the reader.
struct Refs {
  std::vector<int64_t> events;
  std::vector<uint64_t> calls;
  std::vector<uint64_t> trace;
  std::optional<size_t> fault;
  std::string note;
  std::string child;  // A Map Run child's execution ARN whose kept history the page shows.
};

struct Lane {
  LaneKind kind = LaneKind::state;
  std::string key;    // Unique; lanes are found by it.
  std::string label;
  std::string title;  // The full name when the label shortens it (an ARN); "" otherwise.
  size_t parent = kNoLane;  // Nested lanes are drawn below their parent, indented.
  int64_t order = 0;        // Among siblings: branch or iteration index, worker number.
  // The lanes nested in a folded lane are not drawn until the reader unfolds it (a Map Run's
  // status groups and pages: 10,000 children stay a few rows).
  bool folded = false;
};

// Children of a Map Run: groups are folded when the run has more than kMapRunUnfolded children;
// a group of more than kMapRunPageSize children is split into folded pages of that many; the
// bucket bars of a group divide the run's time into kMapRunBuckets; the page embeds the kept
// child histories up to kMaxChildHistoryEvents events in all (the rest say so).
inline constexpr size_t kMapRunUnfolded = 20;
inline constexpr size_t kMapRunPageSize = 100;
inline constexpr int64_t kMapRunBuckets = 40;
inline constexpr size_t kMaxChildHistoryEvents = 200'000;

// Kinds: "run", "state", "attempt", "iteration", "activity", "branch" (a Temporal parallel
// branch), "work" (a worker holding a task), "down" (crashed), "paused". Outcomes: "succeeded",
// "failed", "timed_out", "caught", "aborted", "canceled", "rejected", "unanswered",
// "abandoned", "crashed", "restarted", "resumed", "ended" (cut short by the execution's end),
// "open" (still going when the run stopped); runs end "succeeded", "failed", "timed_out" or
// "aborted" as the execution did.
struct Bar {
  size_t lane = 0;
  std::string kind;
  std::string outcome = "open";
  std::string label;
  int64_t start_us = 0;
  int64_t end_us = 0;
  std::optional<int64_t> started_us;  // Attempts: scheduled at start_us, started here.
  bool open = true;
  Refs refs;
};

// A heartbeat call. Fates: "delivered", "dropped" (the request was lost), "answer_lost",
// "throttled", "rejected" (the task was gone), "cancel_requested" (Temporal), "duplicate".
struct Tick {
  size_t lane = 0;
  int64_t at_us = 0;                  // When it was sent.
  std::optional<int64_t> arrive_us;   // When it reached the engine, if later (a delay).
  std::string fate;
  uint64_t call = 0;
};

// Kinds: "timeout", "fault", "api", "redrive", "report" (a worker's completion call), "crash"
// (an attempt's own Crash behaviour), "cancel", "failure", "finding".
struct Marker {
  size_t lane = 0;
  int64_t at_us = 0;
  std::optional<int64_t> arrive_us;
  std::string kind;
  std::string label;
  std::string fate;  // Reports and API calls: "accepted", "rejected", "dropped", ...
  Refs refs;
};

struct Place {
  size_t lane = 0;
  int64_t at_us = 0;
};

struct Model {
  int64_t end_us = 0;  // The last thing the run recorded.
  std::vector<Lane> lanes;
  std::vector<Bar> bars;
  std::vector<Tick> ticks;
  std::vector<Marker> markers;
  size_t ticks_omitted = 0;
  std::map<int64_t, Place> event_places;  // Where each history event is drawn.
  std::map<uint64_t, Place> call_places;  // Where each worker or scenario call is drawn.
  // Labels of attempts for worker bars: by scheduled event id (Step Functions), by activity id
  // and attempt number (Temporal: "id#n").
  std::map<int64_t, std::string> scheduled_labels;
  std::map<std::string, std::string> activity_attempt_labels;

  // The lane with this key, added with the rest when it is new.
  size_t lane(LaneKind kind, const std::string& key, const std::string& label,
              size_t parent = kNoLane, int64_t order = 0);
  size_t add_bar(Bar bar);
  void close_bar(size_t bar, int64_t end_us, std::string outcome);
  void add_marker(Marker marker);
  void place_event(int64_t event_id, size_t lane, int64_t at_us);

 private:
  std::map<std::string, size_t> lane_index_;
};

// Fields of call-log JSON, read without throwing: "" / nullopt when absent or of another type.
std::string text_field(const Json& object, const char* key);
std::optional<int64_t> integer_field(const Json& object, const char* key);

// What the builders read.
struct Source {
  const Scenario& scenario;
  const world::RunResult& result;
  const Evaluation& evaluation;
  // Microseconds from the scenario's epoch.
  int64_t offset_us(Instant t) const { return (t - scenario.config.epoch).us(); }
};

void add_sfn_lanes(const Source& source, Model& model);       // timeline_sfn.cpp
void add_temporal_lanes(const Source& source, Model& model);  // timeline_temporal.cpp
// Worker lanes, fault markers and the scenario's calls: after the engine's lanes, whose attempt
// labels they use.
void add_worker_lanes(const Source& source, Model& model);    // timeline_workers.cpp
// A lane per Map Run below its Distributed Map state, with its children grouped by status
// (timeline_map_runs.cpp). After the Step Functions lanes, whose MapRunStarted it finds.
void add_map_run_lanes(const Source& source, Model& model);

// The lanes drawn when the folded lanes in `unfolded` are open (the page's script follows the
// same rule): a lane is drawn when every folded lane above it is unfolded. In model order.
std::vector<size_t> drawn_lanes(const Model& model, const std::vector<size_t>& unfolded);

// The whole model; closes whatever is still open at the run's end.
Model build_model(const TimelineInput& input);
// The data the page draws (docs/reports.md "The embedded data").
Json model_to_json(const Model& model, const TimelineInput& input);

}  // namespace wfsim::report::timeline
