// Internal to sim/scenario: the parsers for the parts of a scenario, shared by the scenario
// loader, the mock-config import and the capsule reader. Each reports problems through a Reader
// and returns what it could read; callers decide whether the whole load failed (any problem).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <filesystem>
#include <memory>
#include <optional>

#include "asl/model.h"
#include "s3/object_expectation.h"
#include "s3/s3.h"
#include "scenario/reader.h"
#include "world/config.h"

namespace wfsim::scenario::detail {

// What the definition or workflow offers for resources, faults and expectations to refer to.
struct Targets {
  world::Dialect dialect = world::Dialect::step_functions;
  bool known = false;                  // False when the definition failed to load: skip checks.
  std::set<std::string> resource_keys;  // Task state names and resource ARNs; activity types.
  std::set<std::string> state_names;    // Every state (SFN) or activity type and id (Temporal).
  // Workers per configured resource; a resource not configured has one (a default responder).
  std::map<std::string, uint32_t> workers;
  // The integration patterns each resource key serves (world/fault_kinds.h), and all of them:
  // which fault kinds a resource, a scripted fault or a rate can have.
  std::map<std::string, world::PatternSet, std::less<>> patterns;
  world::PatternSet all_patterns;
  // The patterns a fault target (empty: any, a resource key, or "<key>/<n>") can be.
  world::PatternSet patterns_of_target(const std::string& target) const;
};

Targets targets_of(const asl::Definition& definition);
Targets targets_of(const temporal::WorkflowSpec& workflow);

// A duration: a number of seconds, {"uniform": [low, high]} or {"exponential": mean}.
std::optional<world::DurationDistribution> parse_distribution(Reader& reader, const Json& value,
                                                              const std::string& at);

struct AttemptsDialect {
  bool mock_config = false;  // Only Return and Throw{Error, Cause}, as Step Functions Local has.
  bool temporal = false;     // Throw may carry NonRetryable and NextRetryDelaySeconds.
};

// {"0": {...}, "1-2": {...}}: rules in key order; overlapping ranges are problems.
std::vector<world::AttemptRule> parse_attempts(Reader& reader, const Json& value,
                                               const std::string& at, AttemptsDialect dialect);

// Each resource's own "faults" rates go to `resource_rates`, keyed by the resource.
std::vector<world::ResourceConfig> parse_resources(
    Reader& reader, const Json& value, const std::string& at, const Targets& targets,
    std::map<std::string, world::ResourceRates, std::less<>>& resource_rates);

// "rates": {kind: "n/d"}; each kind must apply to `patterns` (`owner` names them in the message).
world::ResourceRates parse_rates(Reader& reader, const Json& value, const std::string& at,
                                 world::PatternSet patterns, const std::string& owner);

world::FaultConfig parse_faults(Reader& reader, const Json& value, const std::string& at,
                                const Targets& targets);

std::vector<world::ScenarioAction> parse_actions(Reader& reader, const Json& value,
                                                 const std::string& at, const Targets& targets);

// Where "s3_objects" files are resolved (none: a capsule, files refused) and the LastModified of
// an object that gives none (the run's virtual epoch).
struct S3Context {
  std::optional<std::filesystem::path> base_directory;
  Instant default_last_modified;
};

// "s3_objects" (scenario_s3.cpp): the store a run starts with. `inlined` gets the array with
// every "file" replaced by its "text", for the self-contained form; file problems go to
// `problems`.
std::shared_ptr<const s3::ObjectStore> parse_s3_objects(Reader& reader, const Json& value,
                                                        const std::string& at,
                                                        const S3Context& context,
                                                        FileProblems& problems, Json& inlined);
// Problems for the s3_objects entries (with a key) that no ItemReader of the definition can
// read, when every reader's Bucket and Key / Prefix is a constant and no reader reads a
// manifest; nothing otherwise (undecidable), nor when the definition has no ItemReader.
void check_objects_read(Reader& reader, const Json& value, const std::string& at,
                        const asl::Definition& definition);

// "s3" of an expect block: [{"bucket", "key", "json" | "text" | "exists"} |
// {"bucket", "prefix", "count"}].
std::vector<s3::ObjectExpectation> parse_s3_expectations(Reader& reader, const Json& value,
                                                         const std::string& at);

}  // namespace wfsim::scenario::detail
