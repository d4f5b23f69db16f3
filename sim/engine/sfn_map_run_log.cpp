// Step Functions engine: the one record a Map Run leaves for the checkers (sim/check's Map Run
// invariants), the timeline and `--map-runs`: DescribeMapRun with the children as
// ListExecutions(mapRunArn) lists them (DMAP-8.1: itemCount per child), what the run itself keeps
// of each child (status, dates, items; also once its history is released), and, while the
// engine keeps its children's histories, the counter log: the counters after every change and
// at every MapRun* event, so that the counters can be added up at every event from outside
// (DMAP-11.1), and each child's starts by the run's redrive count, with the statuses the
// children had when the run was redriven (DMAP-12.2).
//
// The log costs one entry per child move; a run that releases its finished children (benchmarks
// of large Map Runs) keeps none, so its memory stays bounded per child.
//
// Not here: the counters themselves (sfn_map_run.cpp), redrive (sfn_map_run_redrive.cpp).
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

char status_letter(MapChildStatus status) {
  switch (status) {
    case MapChildStatus::pending: return 'P';
    case MapChildStatus::running: return 'R';
    case MapChildStatus::succeeded: return 'S';
    case MapChildStatus::failed: return 'F';
    case MapChildStatus::timed_out: return 'T';
    case MapChildStatus::aborted: return 'A';
  }
  WFSIM_UNREACHABLE("a MapChildStatus outside its enumeration");
}

// [pending, running, succeeded, failed, timedOut, aborted, total]: the order of countLog.
Json counts_array(const MapRunCounts& c) {
  return Json::array({c.pending, c.running, c.succeeded, c.failed, c.timed_out, c.aborted,
                      c.total});
}

}  // namespace

std::string Engine::State::map_run_statuses(const MapRun& run) const {
  std::string out;
  if (!options.keep_map_run_child_histories) return out;
  out.reserve(run.children.size());
  for (const MapRunChild& child : run.children) out += status_letter(child.status);
  return out;
}

void Engine::State::log_map_run(MapRun& run, std::string_view mark, int64_t event_id,
                                std::string children) {
  if (!options.keep_map_run_child_histories) return;
  MapRunLogEntry entry;
  entry.event_id = event_id;
  entry.mark = mark;
  entry.items = run.items;
  entry.executions = run.executions;
  entry.children = std::move(children);
  run.log.push_back(std::move(entry));
}

// The child as ListExecutions(mapRunArn) lists it, for the checks.
Json Engine::State::map_run_child_execution(const MapRunChild& child) const {
  Json entry = {{"executionArn", std::string()}, {"itemCount", child.items}};
  if (child.execution != kNone) {
    const Execution& e = executions[child.execution];
    const Json described = describe(e);
    entry["executionArn"] = e.arn;
    for (const char* key : {"status", "error", "cause", "redriveCount"}) {
      if (described.contains(key)) entry[key] = described.at(key);
    }
  } else if (child.status == MapChildStatus::succeeded) {
    entry["status"] = to_string(child.status);  // Released: the run still lists it.
  }
  entry["starts"] = child.started_in;
  return entry;
}

// What the run itself keeps of the child, whether or not its history is kept, for the timeline.
Json Engine::State::map_run_child_kept(const MapRun& run, const MapRunChild& child) const {
  Json record = {{"name", child.name},
                 {"executionArn", execution_prefix + run.child_machine_name + ":" + child.name},
                 {"status", to_string(child.status)},
                 {"firstItem", child.first_item},
                 {"itemCount", child.items},
                 {"redriveCount", child.redrive_count},
                 {"historyKept", child.execution != kNone}};
  if (child.status != MapChildStatus::pending) {
    record["startDate"] = format_iso8601_ms(child.start_date);
  }
  if (child.stop_date) record["stopDate"] = format_iso8601_ms(*child.stop_date);
  if (child.error) record["error"] = *child.error;
  return record;
}

Json Engine::State::map_run_record(const MapRun& run) const {
  Json out = describe_map_run(run);
  Json children = Json::array();
  Json kept = Json::array();
  kept.get_ref<Json::array_t&>().reserve(run.children.size());
  for (const MapRunChild& child : run.children) {
    children.push_back(map_run_child_execution(child));
    kept.push_back(map_run_child_kept(run, child));
  }
  out["childExecutions"] = std::move(children);
  Json log = Json::array();
  for (const MapRunLogEntry& e : run.log) {
    Json line = {{"event", e.event_id},
                 {"mark", std::string(e.mark)},
                 {"items", counts_array(e.items)},
                 {"executions", counts_array(e.executions)}};
    if (!e.children.empty()) line["children"] = e.children;
    log.push_back(std::move(line));
  }
  out["countLog"] = std::move(log);
  out["childRecords"] = std::move(kept);
  return out;
}

Json Engine::map_run_record(Instant now, std::string_view arn) const {
  const State& s = *state_;
  WFSIM_ASSERT(now >= s.now);
  for (const MapRun& run : s.map_runs) {  // Few runs per execution: a scan keeps no index.
    if (run.arn == arn) return s.map_run_record(run);
  }
  return Json();
}

}  // namespace wfsim::sfn
