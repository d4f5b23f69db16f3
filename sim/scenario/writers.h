// Output files of a run: the history (the GetExecutionHistory JSON shape for Step Functions, the
// Temporal history export for Temporal), the API call log and the simulator trace as JSON lines,
// the simulated S3 objects of --s3-out, and the atomic file write every output (capsules
// included) goes through.
//
// This file owns the bytes of those files. It does not decide which files to write (sim/cli
// does) and never throws: invalid UTF-8 in strings is replaced.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// `wfsim run --s3-out DIR`: every object of the run's simulated S3 as DIR/<bucket>/<key> (each
// bucket a directory, even an empty one; a key ending in '/' a directory). A bucket or key with
// an empty, "." or ".." segment, a leading '/' or a NUL byte could land outside DIR or collide,
// so it is not written. Returns one message per object not written (empty: all written).
std::vector<std::string> write_s3_objects(const std::filesystem::path& directory,
                                          const s3::ObjectStore& store);

}  // namespace wfsim::scenario
