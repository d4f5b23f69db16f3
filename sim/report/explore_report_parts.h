// Pieces shared by the reports of a sweep (explore_report.cpp: table, JSON, digests;
// explore_junit.cpp: JUnit), so that every report words the sweep and its findings the same way.
// Internal to sim/report.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "run/explore.h"

namespace wfsim::report::detail {

// "invariant", "expectation", "liveness".
const char* kind_name(run::Finding::Kind kind);
// Escapes the five XML characters; control characters other than tab and newline become spaces.
std::string xml_escape(std::string_view text);
// "seeds 0..199, shard 1/1, swarm off, mutants none".
std::string sweep_description(const run::ExploreReport& report);
// The command that runs a nondeterministic seed twice and compares the traces.
std::string nondeterminism_command(const run::ExploreReport& report,
                                   const run::Nondeterminism& entry);
uint64_t total_seeds(const run::ExploreReport& report);

}  // namespace wfsim::report::detail
