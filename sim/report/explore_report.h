// The reports of a sweep (run/explore.h): the closing table for people, the --json summary (one
// line, so that the files of several shards concatenate into JSON lines), the --junit file for
// CI, and the --digests listing. Everything but the fields named timing is a function of the
// merged results, so it does not depend on --jobs or thread timing. docs/reports.md describes
// the formats.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "run/explore.h"

namespace wfsim::report {

void print_explore_table(std::ostream& out, const run::ExploreReport& report,
                         const std::vector<run::ExploreScenario>& scenarios);
std::string explore_summary_json(const run::ExploreReport& report,
                                 const std::vector<run::ExploreScenario>& scenarios);
std::string explore_junit(const run::ExploreReport& report,
                          const std::vector<run::ExploreScenario>& scenarios);
// "<scenario name>\t<seed>\t<digest>" per seed run, by scenario (in the order given) then seed,
// so that sweeps with any --jobs, or on other machines, compare with diff. A run cut by the
// wall-time budget shows "wall-time" instead of its digest.
std::string explore_digests_text(const run::ExploreReport& report,
                                 const std::vector<run::ExploreScenario>& scenarios);

}  // namespace wfsim::report
