// Shrinking a failing capsule: smaller variants of its fault schedule and scenario are tried, and
// each one that still fails the same way is kept, until nothing smaller fails or the attempt
// budget is spent.
//
// What is tried, in rounds until a round keeps nothing: dropping fault firings (halves, quarters,
// ... single ones), dropping scenario actions, fewer workers per resource, shorter worker and
// attempt durations (halved), and smaller input (array elements and object members dropped,
// strings halved, numbers set to 0). The definition or workflow is never changed (shorter
// timeouts would be a different state machine), and neither is the seed, so a shrunk capsule still
// replays exactly.
//
// This file owns the search. Running a candidate and deciding "still fails" is the caller's
// (sim/cli runs the world and checks the invariant), which keeps the search testable alone.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "record/json.h"
#include "world/world.h"

namespace wfsim::run {

struct ShrinkCandidate {
  Json scenario;                 // Self-contained scenario.
  world::FaultSchedule schedule;
};

// Runs `candidate`; true when it still fails the same way. It may replace candidate.schedule by
// the firings that actually fired.
using StillFails = std::function<bool(ShrinkCandidate& candidate)>;

struct ShrinkStats {
  size_t attempts = 0;  // Candidates run.
  size_t accepted = 0;  // Candidates kept.
  bool budget_exhausted = false;
};

ShrinkCandidate shrink(ShrinkCandidate start, const StillFails& still_fails, size_t max_attempts,
                       ShrinkStats& stats);

// How big a candidate is, for the before/after report.
struct ScenarioSize {
  size_t firings = 0;
  size_t actions = 0;
  uint64_t workers = 0;          // Summed over resources.
  Duration nominal_work;         // Summed resource durations (fixed value, uniform high, mean).
  size_t input_bytes = 0;        // Compact JSON text of the input.
  friend bool operator==(const ScenarioSize&, const ScenarioSize&) = default;
};

ScenarioSize measure(const ShrinkCandidate& candidate);
// "3 fault firings, 2 actions, 4 workers, 120.5 s of work, 57 input bytes".
std::string to_string(const ScenarioSize& size);

}  // namespace wfsim::run
