// Input and output processing of a state (InputPath, ResultPath, OutputPath) and the error output
// object of a Catch. Parameters and ResultSelector are PayloadTemplates (payload.h).
#pragma once

#include "asl/model.h"
#include "asl/outcome.h"

namespace wfsim::asl {

// InputPath / OutputPath: root gives `value` itself, null gives {}, a path gives the node it
// selects (States.Runtime when it selects nothing). A "$name" path reads the workflow variable
// `name` from `variables` (an object of name to value, may be null; VAR-1.3).
Outcome<Json> apply_io_path(const IoPath& path, const Json& value,
                            const Json* variables = nullptr);

// The node a definite path names: in `input`, or, for a "$name" path, in the workflow variable
// `name` of `variables` (may be null); nullptr when there is none.
const Json* find_value(const JsonPath& path, const Json& input, const Json* variables);

// ResultPath: root gives `result`; null gives `state_input`; a reference path places `result` into
// a copy of `state_input`, creating objects on the way (States.ResultPathMatchFailure when the path
// runs into a non-object).
Outcome<Json> apply_result_path(const IoPath& path, const Json& state_input, Json result);

// The error output object a Catcher passes on: {"Error": ..., "Cause": ...}; a missing error or
// cause becomes null (SFN-1.3e).
Json error_output(const std::optional<std::string>& error, const std::optional<std::string>& cause);

}  // namespace wfsim::asl
