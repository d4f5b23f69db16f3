// Output files of a run: the history (the GetExecutionHistory JSON shape for Step Functions, the
// Temporal history export for Temporal), the API call log and the simulator trace as JSON lines,
// and the atomic file write every output (capsules included) goes through.
//
// This file owns the bytes of those files. It does not decide which files to write (sim/cli
// does) and never throws: invalid UTF-8 in strings is replaced.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "world/world.h"

namespace wfsim::scenario {

// {"events":[...]} pretty-printed, as `aws stepfunctions get-execution-history` prints it (or
// `temporal workflow show --output json` for the temporal dialect).
std::string history_text(const world::RunResult& result);

// One JSON object per call: {"seq","time","caller","api","request","response"|"error",...}.
std::string calls_text(const world::RunResult& result);

// One JSON object per processed simulator event.
std::string trace_text(const world::RunResult& result);

// Writes `content` to `path` so that readers only ever see the old file or the whole new one: a
// temporary file beside it, flushed to disk, then renamed over it. Creates missing parent
// directories. Returns an error message, or nullopt on success.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 std::string_view content);

}  // namespace wfsim::scenario
