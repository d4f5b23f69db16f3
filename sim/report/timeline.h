// The timeline page of one run (`wfsim run|replay --timeline FILE.html`): a single self-contained
// HTML file (inline CSS, SVG drawn by an inline script, the run embedded as JSON; nothing is
// loaded from the network) that draws what happened on a virtual-time axis: a lane for the
// execution, one for the scenario's own API calls, one per state (or per Parallel branch and Map
// iteration; Temporal: per activity, its attempts as bars), one per worker; attempts coloured by
// outcome, heartbeats as ticks (delivered, dropped, throttled, delayed, rejected), timeouts,
// faults and API calls as markers, and each finding highlighted at its event. Hovering anything
// shows the history events, calls and trace records behind it; the time axis zooms and pans.
//
// docs/reports.md describes the page. This file owns the entry point; the model of lanes, bars
// and markers is timeline_model.h (built by timeline_sfn.cpp, timeline_temporal.cpp and
// timeline_workers.cpp), the page around it timeline_html.cpp, its style sheet timeline.css and
// its script timeline.js (real files, embedded into the binary at build time). Nothing here runs
// the world or reads a clock: the same run always gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run/evaluate.h"
#include "scenario/scenario.h"
#include "world/world.h"

namespace wfsim::report {

struct TimelineInput {
  const scenario::Scenario* scenario = nullptr;
  // Recorded with the trace (RunOptions::record_trace): worker crashes, pauses and restarts are
  // read from it.
  const world::RunResult* result = nullptr;
  const run::Evaluation* evaluation = nullptr;
  bool swarm = false;
  std::vector<std::string> mutants;
  std::string command;  // How to get this run again ("wfsim run ... --seed 3").
};

// The whole page. Never throws on user data: every string taken from the run is escaped for the
// place it goes (HTML text, attribute, or JSON inside a script element).
std::string timeline_html(const TimelineInput& input);

}  // namespace wfsim::report
