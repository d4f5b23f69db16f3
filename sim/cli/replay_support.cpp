// Opening capsules; see replay_support.h.
#include "cli/replay_support.h"

#include <ostream>

namespace wfsim::cli {

std::variant<scenario::Scenario, scenario::FileProblems> capsule_scenario(
    const Json& scenario_json, const std::string& label, const std::vector<std::string>& mutants) {
  const scenario::SourceContext context{label, "/scenario", std::nullopt, {}};
  auto loaded = scenario::parse_scenario(scenario_json, context);
  if (auto* found = std::get_if<scenario::Scenario>(&loaded)) apply_mutants(*found, mutants);
  return loaded;
}

RunRequest OpenedCapsule::request(double max_seconds) const {
  RunRequest request;
  request.scenario = &scenario;
  request.seed = capsule.seed;
  request.swarm = capsule.swarm;
  request.replay = &capsule.schedule;
  request.max_seconds = max_seconds;
  request.context = replay_command;
  return request;
}

std::optional<OpenedCapsule> open_capsule(const std::string& file, std::ostream& err) {
  auto read = scenario::read_capsule(file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&read)) {
    report_problems(*problems, err);
    return std::nullopt;
  }
  OpenedCapsule opened;
  opened.capsule = std::get<scenario::Capsule>(std::move(read));
  auto loaded = capsule_scenario(opened.capsule.scenario, file, opened.capsule.mutants);
  if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    report_problems(*problems, err);
    return std::nullopt;
  }
  opened.scenario = std::get<scenario::Scenario>(std::move(loaded));
  opened.scenario.file = file;
  opened.replay_command = "wfsim replay " + scenario::shell_quote(file);
  if (opened.capsule.version != scenario::wfsim_version()) {
    err << "wfsim: note: " << file << " was written by wfsim " << opened.capsule.version
        << "; this is " << scenario::wfsim_version() << ", so the digest may differ\n";
  }
  return opened;
}

}  // namespace wfsim::cli
