// `wfsim replay CAPSULE`: re-runs a capsule with its recorded fault schedule, checks the digest
// (exit 4 on divergence, with the first diverging trace record), re-checks the invariants and
// shows the history around the recorded violation; optionally writes the replay's history, call
// log, trace and timeline page.
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/trace_compare.h"
#include "record/history_json.h"
#include "record/temporal_history_json.h"
#include "scenario/writers.h"

namespace wfsim::cli {
namespace {

std::string event_line(const Json& event, int64_t id, int64_t marked) {
  Json details = event;
  for (const char* key : {"id", "previousEventId", "timestamp", "type", "eventId", "eventTime",
                          "eventType"}) {
    details.erase(key);
  }
  const std::string type = event.contains("type")        ? event["type"].get<std::string>()
                           : event.contains("eventType") ? event["eventType"].get<std::string>()
                                                         : "?";
  const std::string time = event.contains("timestamp")   ? event["timestamp"].get<std::string>()
                           : event.contains("eventTime") ? event["eventTime"].get<std::string>()
                                                         : "";
  std::string text = details.empty() ? "" : to_compact_text(details);
  if (text.size() > 160) text = text.substr(0, 157) + "...";
  return std::string(id == marked ? "  => " : "     ") + std::to_string(id) + "  " + time + "  " +
         type + (text.empty() ? "" : "  " + text);
}

}  // namespace

void print_history_around(std::ostream& out, const world::RunResult& result, int64_t event_id,
                          int context_events) {
  const bool temporal = result.dialect == world::Dialect::temporal;
  const int64_t size = static_cast<int64_t>(temporal ? result.temporal_history.events.size()
                                                     : result.history.events.size());
  if (event_id <= 0 || event_id > size) return;
  const int64_t first = std::max<int64_t>(1, event_id - context_events);
  const int64_t last = std::min<int64_t>(size, event_id + context_events);
  out << "history around event " << event_id << ":\n";
  for (int64_t id = first; id <= last; ++id) {
    const auto index = static_cast<size_t>(id - 1);
    const Json event = temporal ? temporal::event_to_json(result.temporal_history.events[index])
                                : event_to_json(result.history.events[index]);
    out << event_line(event, id, event_id) << "\n";
  }
}

int replay_command(const ReplayArgs& args, std::ostream& out, std::ostream& err) {
  auto opened = open_capsule_or_report(args.capsule, err);
  if (!opened) return kExitBadInput;
  const scenario::Capsule& capsule = opened->capsule;
  print_run_header(out, "replay", opened->scenario, capsule.seed, capsule.swarm, capsule.mutants,
                   args.max_seconds, true);
  out << "  capsule             " << args.capsule << " (wfsim " << capsule.version << ")\n";

  run::Request request = opened->request();
  request.max_seconds = args.max_seconds;
  request.clock = &wall_clock();
  request.record_trace = true;
  const run::Outcome outcome = run::run_seed(request);
  print_run_summary(out, outcome);
  bool ok = true;
  const world::RunResult& result = outcome.result;
  if (!args.history.empty()) ok = write_output(args.history, scenario::history_text(result), err);
  if (!args.calls.empty()) ok = write_output(args.calls, scenario::calls_text(result), err) && ok;
  if (!args.trace.empty()) ok = write_output(args.trace, scenario::trace_text(result), err) && ok;
  if (!args.timeline.empty()) {
    ok = write_timeline(args.timeline, opened->scenario, outcome, capsule.swarm, capsule.mutants,
                        opened->replay_command, err) &&
         ok;
  }
  if (!ok) return kExitBadInput;

  print_findings(out, outcome.evaluation);
  if (result.digest != capsule.digest) {
    out << "DIVERGED: the replay's digest " << scenario::digest_hex(result.digest)
        << " differs from the capsule's " << scenario::digest_hex(capsule.digest) << "\n";
    const run::Outcome again = run::run_seed(request);
    const auto divergence = first_trace_divergence(result.trace, again.result.trace);
    if (divergence || again.result.digest != result.digest) {
      out << "the replay is not even repeatable: two replays differ (nondeterminism in wfsim)\n";
      print_divergence(out, divergence, result.digest, again.result.digest);
    } else {
      out << "two replays agree with each other, so the run changed since the capsule was "
             "written: a different wfsim ("
          << capsule.version << " then, " << scenario::wfsim_version()
          << " now), a changed engine, or an edited capsule\n";
    }
    return kExitNondeterminism;
  }
  out << "  digest check        matches the capsule\n";
  if (capsule.violation) {
    const scenario::CapsuleViolation& recorded = *capsule.violation;
    const bool still = outcome.evaluation.has(recorded.invariant);
    out << (still ? "STILL FAILS: " : "NO LONGER FAILS: ") << recorded.invariant
        << (still ? " is violated again" : " held in this replay (was: " + recorded.message + ")")
        << "\n";
    for (const run::Finding& finding : outcome.evaluation.findings) {
      if (finding.name == recorded.invariant) {
        print_history_around(out, result, finding.event_id, args.context_events);
        break;
      }
    }
  } else if (!outcome.evaluation.failed()) {
    out << "OK: the capsule records no violation and none was found\n";
  }
  if (outcome.evaluation.failed()) out << "reproduce: wfsim replay " << args.capsule << "\n";
  return outcome.evaluation.exit_code();
}

}  // namespace wfsim::cli
