// The zero-configuration start (docs/scenario-format.md "Default scenario"): what a file given to
// run, explore or validate is (a scenario, a bare ASL definition, or the output of
// `aws stepfunctions describe-state-machine`), and the default scenario derived from a definition:
// a responder per Task by integration pattern, an input holding the paths the definition reads,
// and "the execution ends" as the only expectation. `wfsim scaffold` writes the same scenario with
// "comment" keys as a starting point.
//
// This file derives and loads; it does not run anything, and it does not decide fault kinds or
// integration patterns (world/fault_kinds.h does). The derivation is a heuristic meant to get a
// definition running, not a model of the user's services: the scaffold says what to change.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

#include "record/json.h"
#include "scenario/problems.h"
#include "scenario/scenario.h"
#include "scenario/strict_json.h"

namespace wfsim::scenario {

enum class InputForm : uint8_t {
  scenario,    // A scenario file (docs/scenario-format.md).
  definition,  // A bare ASL definition ({"StartAt", "States"}).
  described,   // describe-state-machine output: {"stateMachineArn", "definition": "<ASL text>"}.
};

InputForm input_form_of(const Json& document);
// "scenario", "ASL definition", "describe-state-machine output".
std::string_view to_string(InputForm form);

// The default scenario of an ASL definition object, as a scenario document. `definition` is the
// value of its "definition" key (a path or the definition itself); `annotate` adds "comment" keys
// (the scaffold). Returns problems when `asl` is not a valid definition.
std::variant<Json, FileProblems> default_scenario_document(const Json& asl, const Json& definition,
                                                           const std::string& name,
                                                           const std::string& label,
                                                           bool annotate);

// The ASL object a definition-form document holds (parsing describe-state-machine's text).
std::variant<Json, FileProblems> definition_of(const Json& document, InputForm form,
                                               const std::string& label,
                                               const JsonLimits& limits = {});

// The scenario name of a definition-form document: describe-state-machine's "name", else the file
// name without ".asl.json" / ".json".
std::string default_name(const Json& document, InputForm form,
                         const std::filesystem::path& file);

struct LoadedInput {
  Scenario scenario;
  InputForm form = InputForm::scenario;
};

// Loads a scenario, or a definition (either form) with its default scenario.
std::variant<LoadedInput, FileProblems> load_input(const std::filesystem::path& file,
                                                   const JsonLimits& limits = {});

}  // namespace wfsim::scenario
