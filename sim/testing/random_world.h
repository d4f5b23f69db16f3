// The one random-world generator of the test suite (RapidCheck): whole simulated worlds with
// random workflows (activities, callbacks, integrations and Lambda calls inside Parallel, Map and
// loops; Temporal steps), random worker behaviours (Return, Throw, Hang, Crash), random fault
// mixes over every fault kind, scripted faults, stops, redrives and cancellations.
//
// Used by the world's own properties (a run ends for a stated reason and replays) and by the
// checkers' (every invariant holds on what a faithful world records). Call only inside a
// RapidCheck property: the generators draw from RapidCheck's current case.
#pragma once

#include "world/world.h"

namespace wfsim::testing {

world::WorldConfig any_step_functions_world();
world::WorldConfig any_temporal_world();
// A seed, swarm one time in four, and a trace one time in four.
world::RunOptions any_run_options();

}  // namespace wfsim::testing
