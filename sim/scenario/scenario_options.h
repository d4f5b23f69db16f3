// Internal to sim/scenario: parsing "options" and "expect" (scenario_options.cpp).
#pragma once

#include "check/check.h"
#include "scenario/scenario_parts.h"

namespace wfsim::scenario::detail {

struct ParsedOptions {
  bool liveness_bound_given = false;
};

// Fills the semantic options and limits of `config` from "options".
ParsedOptions parse_options(Reader& reader, const Json& value, const std::string& at,
                            world::Dialect dialect, world::WorldConfig& config);

check::Expectations parse_expect(Reader& reader, const Json& value, const std::string& at,
                                 const Targets& targets);

bool is_final_status_of(world::Dialect dialect, std::string_view status);

}  // namespace wfsim::scenario::detail
