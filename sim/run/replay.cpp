// Opening capsules; see replay.h.
#include "run/replay.h"

namespace wfsim::run {

std::variant<scenario::Scenario, scenario::FileProblems> capsule_scenario(
    const Json& scenario_json, const std::string& label, const std::vector<std::string>& mutants) {
  const scenario::SourceContext context{label, "/scenario", std::nullopt, {}};
  auto loaded = scenario::parse_scenario(scenario_json, context);
  if (auto* found = std::get_if<scenario::Scenario>(&loaded)) apply_mutants(*found, mutants);
  return loaded;
}

Request OpenedCapsule::request() const {
  Request request;
  request.scenario = &scenario;
  request.seed = capsule.seed;
  request.swarm = capsule.swarm;
  request.replay = &capsule.schedule;
  request.context = replay_command;
  return request;
}

std::variant<OpenedCapsule, scenario::FileProblems> open_capsule(const std::string& file) {
  auto read = scenario::read_capsule(file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&read)) return std::move(*problems);
  OpenedCapsule opened;
  opened.capsule = std::get<scenario::Capsule>(std::move(read));
  auto loaded = capsule_scenario(opened.capsule.scenario, file, opened.capsule.mutants);
  if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) return std::move(*problems);
  opened.scenario = std::get<scenario::Scenario>(std::move(loaded));
  opened.scenario.file = file;
  opened.replay_command = "wfsim replay " + scenario::shell_quote(file);
  return opened;
}

}  // namespace wfsim::run
