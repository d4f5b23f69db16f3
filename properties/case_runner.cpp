// Loading, running and judging generated cases; failing them with a capsule. See case_runner.h.
#include "properties/case_runner.h"

#include <rapidcheck.h>

#include <cstdlib>

#include "core/assert.h"
#include "engine/mutants.h"
#include "scenario/capsule.h"
#include "scenario/writers.h"

#ifndef WFSIM_PROPERTY_CAPSULE_DIR
#define WFSIM_PROPERTY_CAPSULE_DIR "property-capsules"
#endif

namespace wfsim::properties {
namespace {

// A file name safe on every system: [A-Za-z0-9._-], everything else '_'.
std::string file_name_of(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += safe ? c : '_';
  }
  return out;
}

std::string capsule_file_name(const PropertyContext& context) {
  std::string name = context.property.empty() ? "property" : context.property;
  for (const std::string& mutant : context.mutants) name += "+" + mutant;
  return file_name_of(name) + ".capsule.json";
}

std::string describe(const run::Finding& finding) {
  std::string text = finding.name;
  if (finding.event_id > 0) {
    text += " at event " + std::to_string(finding.event_id);
    if (!finding.event_type.empty()) text += " (" + finding.event_type + ")";
  }
  if (finding.call > 0) text += ", call " + std::to_string(finding.call);
  return text + ": " + finding.message;
}

}  // namespace

std::filesystem::path capsule_directory() {
  const char* given = std::getenv("WFSIM_CAPSULE_DIR");
  if (given != nullptr && *given != '\0') return given;
  return WFSIM_PROPERTY_CAPSULE_DIR;
}

LoadedCase load_case(const GeneratedCase& generated, const std::vector<std::string>& mutants) {
  const scenario::SourceContext context{"generated scenario", "", std::nullopt, {}};
  auto loaded = scenario::parse_scenario(generated.scenario, context);
  if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    std::string text = "the generator wrote a scenario that wfsim rejects (a generator bug):";
    for (const scenario::FileProblem& problem : *problems) text += "\n  " + to_string(problem);
    RC_FAIL(text);
  }
  LoadedCase out{generated, std::get<scenario::Scenario>(std::move(loaded)), mutants};
  run::apply_mutants(out.scenario, mutants);
  return out;
}

world::RunResult run_case(const LoadedCase& loaded, bool record_trace,
                          const world::FaultSchedule* replay) {
  run::Request request;
  request.scenario = &loaded.scenario;
  request.seed = loaded.generated.seed;
  request.record_trace = record_trace;
  request.replay = replay;
  return run::run_world(request);
}

check::Observation observe(const LoadedCase& loaded, const world::RunResult& result) {
  return run::observe(loaded.scenario, result);
}

world::RunResult run_or_fail(const PropertyContext& context, const LoadedCase& loaded,
                             bool record_trace) {
  try {
    return run_case(loaded, record_trace);
  } catch (const AssertionFailure& failure) {
    std::string message = std::string("wfsim asserted (a bug in wfsim): ") + failure.what();
    const std::filesystem::path path =
        capsule_directory() / (file_name_of(context.property) + ".assertion.scenario.json");
    const std::string text = loaded.scenario.self_contained.dump(
                                 2, ' ', false, Json::error_handler_t::replace) + "\n";
    if (!context.write_capsules) {
      // Nothing written: the caller expects failures.
    } else if (auto problem = scenario::write_file_atomically(path, text)) {
      message += "\n(the scenario could not be written: " + *problem + ")";
    } else {
      message += "\nreproduce: " + scenario::reproduce_command(path.string(),
                                                               loaded.generated.seed, false,
                                                               loaded.mutants);
    }
    RC_FAIL(message);
  }
  WFSIM_UNREACHABLE("RC_FAIL throws");
}

void fail_case(const PropertyContext& context, const LoadedCase& loaded,
               const world::RunResult& result, const run::Finding& finding) {
  std::string message = describe(finding);
  if (context.write_capsules) {
    run::Evaluation evaluation;
    evaluation.findings.push_back(finding);
    const std::filesystem::path path = capsule_directory() / capsule_file_name(context);
    const std::string quoted = scenario::shell_quote(path.string());
    const scenario::Capsule capsule =
        run::make_capsule(loaded.scenario, result, evaluation, false, loaded.mutants,
                               "wfsim replay " + quoted);
    if (auto problem = scenario::write_file_atomically(path, scenario::capsule_to_text(capsule))) {
      message += "\n(the capsule could not be written: " + *problem + ")";
    } else {
      message += "\ncapsule: " + path.string() + "\n  replay: wfsim replay " + quoted +
                 "\n  shrink: wfsim shrink " + quoted;
    }
  }
  RC_FAIL(message);
  WFSIM_UNREACHABLE("RC_FAIL throws");
}

void check_invariant_case(const PropertyContext& context, std::string_view invariant,
                          const GeneratedCase& generated) {
  const LoadedCase loaded = load_case(generated, context.mutants);
  const world::RunResult result = run_or_fail(context, loaded);
  const auto violations = check::check_invariant(invariant, observe(loaded, result));
  if (violations.empty()) return;
  const check::Violation& v = violations.front();
  run::Finding finding;
  finding.kind = run::Finding::Kind::invariant;
  finding.name = v.invariant;
  finding.event_id = v.event_id;
  finding.event_type = run::event_type_of(result, v.event_id);
  finding.call = v.call;
  finding.message = v.message;
  run::describe_involvement(finding, result);  // Its signature, as explore would see it.
  fail_case(context, loaded, result, finding);
}

}  // namespace wfsim::properties
