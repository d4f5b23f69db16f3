// The reports of a sweep (run/explore.h): the closing table for people, the --json summary (one
// line, so that the files of several shards concatenate into JSON lines), the --junit file for
// CI, and the --digests listing; and reading --json summaries back, for `wfsim merge`.
// Everything but the fields named timing is a function of the merged results, so it does not
// depend on --jobs or thread timing, nor on how the sweep was split into shards. The report
// carries every scenario's name, file and dialect, so these need nothing else. docs/reports.md
// and docs/cli.md describe the formats.
#pragma once

#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include "run/explore.h"
#include "run/explore_merge.h"
#include "scenario/problems.h"

namespace wfsim::report {

void print_explore_table(std::ostream& out, const run::ExploreReport& report);
std::string explore_summary_json(const run::ExploreReport& report);
std::string explore_junit(const run::ExploreReport& report);
// "<scenario name>\t<seed>\t<digest>" per seed run, by scenario (in the order given) then seed,
// so that sweeps with any --jobs, or on other machines, compare with diff. A run cut by the
// wall-time budget shows "wall-time" instead of its digest.
std::string explore_digests_text(const run::ExploreReport& report);

// Reads the --json summaries in `text` (one per non-empty line: a summary file, or several
// concatenated into JSON lines) back into reports, strictly: every problem names `file`, the
// line (from 1) as "/<line - 1>" and the JSON pointer within it. Each report's source is
// "<file>" or, for a file of several lines, "<file> line <n>".
std::variant<std::vector<run::ShardReport>, scenario::FileProblems> read_explore_summaries(
    const std::string& text, const std::string& file);

}  // namespace wfsim::report
