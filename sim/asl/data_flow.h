// Input and output processing of a state (InputPath, ResultPath, OutputPath) and the error output
// object of a Catch. Parameters and ResultSelector are PayloadTemplates (payload.h).
#pragma once

#include "asl/model.h"
#include "asl/outcome.h"

namespace wfsim::asl {

// InputPath / OutputPath: root gives `value` itself, null gives {}, a path gives the node it
// selects (States.Runtime when it selects nothing).
Outcome<Json> apply_io_path(const IoPath& path, const Json& value);

// ResultPath: root gives `result`; null gives `state_input`; a reference path places `result` into
// a copy of `state_input`, creating objects on the way (States.ResultPathMatchFailure when the path
// runs into a non-object).
Outcome<Json> apply_result_path(const IoPath& path, const Json& state_input, Json result);

// The error output object a Catcher passes on: {"Error": ..., "Cause": ...}; a missing error or
// cause becomes null (SFN-1.3e).
Json error_output(const std::optional<std::string>& error, const std::optional<std::string>& cause);

}  // namespace wfsim::asl
