// Scenario files: the strict loader that turns a scenario (docs/scenario-format.md) into the
// WorldConfig sim/world runs and the Expectations sim/check checks.
//
// Loading reports every problem it finds, each as "<file>: <JSON pointer>: <message>": unknown
// keys, wrong types, out-of-range values, resource keys that match nothing in the definition, and
// the definition's own problems (asl::validate) under "/definition" or in the definition's file.
// A loaded scenario also keeps its self-contained form (definition and workflow inlined, the
// mock-config test case merged into resources), which capsules store and replay reloads without
// touching the file system.
//
// This file does not run anything, apply mutants or command-line options (sim/cli does), or
// decide fault kind names (world::to_string(FaultKind) does).
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "check/check.h"
#include "s3/object_expectation.h"
#include "record/json.h"
#include "scenario/problems.h"
#include "scenario/strict_json.h"
#include "world/config.h"

namespace wfsim::scenario {

// Which runs the "expect_fault_free" block is checked on (its "allow_faults"): runs where no
// fault fired, or none beyond the kinds it allows, or (allow_declared) none that only --swarm
// could have added: the scenario's own script and rates are allowed, swarm's additions are not.
struct FaultFreeScope {
  bool allow_declared = false;
  std::array<bool, world::kFaultKindCount> allowed_kinds{};
};

struct Scenario {
  std::string file;               // As the user named it; "" when built from a capsule.
  world::WorldConfig config;      // Mutants not applied.
  check::Expectations expect;     // Must hold on every run, under any fault mix.
  // The fault-free story: checked only on runs within `fault_free_scope`.
  check::Expectations expect_fault_free;
  // "s3" of "expect" and of "expect_fault_free": what the run must leave in the simulated S3
  // (judged alongside the blocks above, under the same scopes).
  std::vector<s3::ObjectExpectation> expect_s3;
  std::vector<s3::ObjectExpectation> expect_fault_free_s3;
  FaultFreeScope fault_free_scope;
  // Findings the scenario exists to show ("demonstrates": a deliberately fragile design): found,
  // they are reported as expected and do not fail a run or a sweep.
  std::vector<std::string> demonstrates;
  check::Semantics semantics;     // The options the checkers need.
  bool liveness_bound_given = false;  // options.liveness_bound_seconds was set.
  // The scenario with "definition" and "workflow" inlined and "mock_config" merged into
  // "resources": loads again with no files around (capsules hold this).
  Json self_contained;
};

// Where relative paths in a scenario (definition, workflow, mock_config.file) are resolved, and
// how files are named in problems. No base directory: the scenario must be self-contained.
struct SourceContext {
  std::string label;                       // The scenario file as the user named it.
  std::string pointer;                     // Where the scenario sits in that file ("/scenario").
  std::optional<std::filesystem::path> base_directory;
  JsonLimits limits;
};

// Loads a scenario file; relative paths inside it are resolved against its directory.
std::variant<Scenario, FileProblems> load_scenario(const std::filesystem::path& file,
                                                   const JsonLimits& limits = {});

// Builds a scenario from a parsed document.
std::variant<Scenario, FileProblems> parse_scenario(const Json& document,
                                                    const SourceContext& context);

// The name a scenario gets when it has no "name": the file name without ".scenario.json" or
// ".json".
std::string default_scenario_name(const std::filesystem::path& file);

// "step-functions" / "temporal".
std::string_view to_string(world::Dialect dialect);

// Allowed final statuses for "expect.status" per dialect.
bool is_final_status(world::Dialect dialect, std::string_view status);

}  // namespace wfsim::scenario
