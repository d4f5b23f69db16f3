// Internal to sim/scenario: parsing "options" and "expect" (scenario_options.cpp).
#pragma once

#include "check/check.h"
#include "scenario/scenario.h"
#include "scenario/scenario_parts.h"

namespace wfsim::scenario::detail {

struct ParsedOptions {
  bool liveness_bound_given = false;
};

// Fills the semantic options and limits of `config` from "options".
ParsedOptions parse_options(Reader& reader, const Json& value, const std::string& at,
                            world::Dialect dialect, world::WorldConfig& config);

// "expect", or with `scope` "expect_fault_free" (which also takes "allow_faults").
// Its "s3" entries go to `s3` (a problem when null: the temporal dialect has no S3).
check::Expectations parse_expect(Reader& reader, const Json& value, const std::string& at,
                                 const Targets& targets, FaultFreeScope* scope = nullptr,
                                 std::vector<s3::ObjectExpectation>* s3 = nullptr);

// The expectations over attempts and events (scenario_expect.cpp): "max_attempts" and
// "if_then" of an expect block, into `expect`.
void parse_history_expectations(Reader& reader, const Json& value, const std::string& at,
                                const Targets& targets, check::Expectations& expect);

// "demonstrates": names of findings (an invariant, "expect.<key>", "expect_fault_free.<key>" or
// "liveness.<what>") the scenario exists to show.
std::vector<std::string> parse_demonstrates(Reader& reader, const Json& value,
                                            const std::string& at);

// "allow_faults" of "expect_fault_free": absent or [] (no fault may fire), a list of fault kinds,
// or "declared" (the scenario's own faults, not swarm's).
FaultFreeScope parse_fault_free_scope(Reader& reader, const Json& value, const std::string& at);

bool is_final_status_of(world::Dialect dialect, std::string_view status);

}  // namespace wfsim::scenario::detail
