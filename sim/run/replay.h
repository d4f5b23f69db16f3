// Opening a capsule to replay or shrink it: read it strictly, rebuild its scenario from the
// self-contained copy inside it (nothing else on disk is read), switch its mutants on, and
// prepare the request that replays its fault schedule for its seed.
//
// This file does not print: problems come back as FileProblems for the caller to report.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "run/run.h"
#include "scenario/capsule.h"
#include "scenario/scenario.h"

namespace wfsim::run {

struct OpenedCapsule {
  scenario::Capsule capsule;
  scenario::Scenario scenario;  // Mutants applied.
  std::string replay_command;   // "wfsim replay <file>".

  // A request that replays the capsule's schedule for its seed.
  Request request() const;
};

std::variant<OpenedCapsule, scenario::FileProblems> open_capsule(const std::string& file);

// Rebuilds a scenario from a capsule's self-contained scenario JSON (problems name `label` and
// point under "/scenario"), with `mutants` switched on.
std::variant<scenario::Scenario, scenario::FileProblems> capsule_scenario(
    const Json& scenario_json, const std::string& label, const std::vector<std::string>& mutants);

}  // namespace wfsim::run
