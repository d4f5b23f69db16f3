// Shared pieces of the wfsim commands; see common.h.
#include "cli/common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "core/assert.h"
#include "engine/mutants.h"
#include "report/explore_report.h"
#include "report/timeline.h"
#include "scenario/writers.h"

namespace wfsim::cli {
namespace {

using run::Finding;

[[noreturn]] void print_and_exit(const std::string& what) {
  std::string text = "wfsim: internal error (a bug in wfsim, not in your scenario)\n" + what + "\n";
  const std::string* context = AssertionContext::current();
  if (context != nullptr && !context->empty()) text += "while running: " + *context + "\n";
  std::fflush(stdout);
  // One write, so concurrent threads do not interleave it; then leave without running static
  // destructors under the feet of the other threads.
  (void)!::write(STDERR_FILENO, text.data(), text.size());
  std::_Exit(kExitInternal);
}

[[noreturn]] void assertion_failed(const AssertionInfo& info) {
  print_and_exit(format_assertion(info));
}

const char* kind_word(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::invariant:
      return "VIOLATION";
    case Finding::Kind::expectation:
      return "EXPECTATION";
    case Finding::Kind::liveness:
      return "LIVENESS";
  }
  return "FINDING";
}

}  // namespace

int most_serious(int a, int b) {
  const auto rank = [](int code) {
    switch (code) {
      case kExitHeld: return 0;
      case kExitInterrupted: case 128 + 15: return 1;  // SIGINT, SIGTERM.
      case kExitBadInput: return 2;
      case kExitLiveness: return 3;
      case kExitViolation: return 4;
      case kExitNondeterminism: return 5;
      default: return 6;  // kExitInternal, and anything unforeseen is not to be hidden.
    }
  };
  return rank(b) > rank(a) ? b : a;
}

int write_sweep_reports(const run::ExploreReport& report, const SweepOutputs& outputs,
                        std::ostream& out, std::ostream& err) {
  report::print_explore_table(out, report);
  bool written = true;
  if (!outputs.json.empty()) {
    written = write_output(outputs.json, report::explore_summary_json(report), err);
  }
  if (!outputs.junit.empty()) {
    written = write_output(outputs.junit, report::explore_junit(report), err) && written;
  }
  if (!outputs.digests.empty()) {
    written = write_output(outputs.digests, report::explore_digests_text(report), err) && written;
  }
  out.flush();
  if (!written || !report.write_errors.empty()) {
    err << "wfsim: some output files could not be written\n";
    return most_serious(report.exit_code, kExitBadInput);
  }
  return report.exit_code;
}

void report_problems(const scenario::FileProblems& problems, std::ostream& err) {
  for (const scenario::FileProblem& problem : problems) err << to_string(problem) << "\n";
}

std::optional<scenario::Scenario> load_scenario_or_report(const std::string& file,
                                                          std::ostream& err) {
  auto loaded = scenario::load_scenario(file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    report_problems(*problems, err);
    return std::nullopt;
  }
  return std::get<scenario::Scenario>(std::move(loaded));
}

std::optional<scenario::LoadedInput> load_input_or_report(const std::string& file,
                                                          std::ostream& err) {
  auto loaded = scenario::load_input(file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    report_problems(*problems, err);
    return std::nullopt;
  }
  return std::get<scenario::LoadedInput>(std::move(loaded));
}

std::string default_scenario_note(const std::string& file, scenario::InputForm form) {
  if (form == scenario::InputForm::scenario) return "";
  return file + ": read as " + std::string(scenario::to_string(form)) +
         "; ran with the default scenario (a default responder per Task, the engine invariants, "
         "expect: the execution ends). To customise it: wfsim scaffold " + file +
         " --out my.scenario.json, edit, and pass that file instead.";
}

std::optional<std::vector<std::string>> parse_mutants(const std::vector<std::string>& names,
                                                      std::ostream& err) {
  MutantSet set;
  bool ok = true;
  for (const std::string& name : names) {
    const auto mutant = parse_mutant(name);
    if (!mutant) {
      err << "wfsim: unknown mutant \"" << name << "\"; valid names:\n";
      for (const MutantInfo& info : all_mutants()) err << "  " << info.name << "\n";
      ok = false;
      continue;
    }
    set.add(*mutant);
  }
  if (!ok) return std::nullopt;
  std::vector<std::string> ordered;
  for (const MutantInfo& info : all_mutants()) {
    if (set.has(info.mutant)) ordered.emplace_back(info.name);
  }
  return ordered;
}

// The steady clock, in seconds since the program started.
class WallClock final : public run::Clock {
 public:
  double seconds() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

const run::Clock& wall_clock() {
  static const WallClock clock;
  return clock;
}

run::Request request_for(const scenario::Scenario& scenario, uint64_t seed, bool swarm,
                         double max_seconds, std::string context) {
  run::Request request;
  request.scenario = &scenario;
  request.seed = seed;
  request.swarm = swarm;
  request.max_seconds = max_seconds;
  request.clock = &wall_clock();
  request.context = std::move(context);
  return request;
}

std::optional<run::OpenedCapsule> open_capsule_or_report(const std::string& file,
                                                        std::ostream& err) {
  auto opened = run::open_capsule(file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&opened)) {
    report_problems(*problems, err);
    return std::nullopt;
  }
  run::OpenedCapsule& capsule = std::get<run::OpenedCapsule>(opened);
  if (capsule.capsule.version != scenario::wfsim_version()) {
    err << "wfsim: note: " << file << " was written by wfsim " << capsule.capsule.version
        << "; this is " << scenario::wfsim_version() << ", so the digest may differ\n";
  }
  return std::move(capsule);
}

void install_assertion_handler() { set_assertion_handler(&assertion_failed); }

void report_internal_error(const std::exception& error) {
  print_and_exit(std::string("uncaught exception: ") + error.what());
}

std::string format_seconds(Duration duration) {
  const int64_t us = duration.us();
  const bool negative = us < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(us) : static_cast<uint64_t>(us);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 1'000'000);
  uint64_t fraction = magnitude % 1'000'000;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + " s";
}

std::string format_rates(const world::FaultRates& rates) {
  std::string out;
  for (size_t i = 0; i < world::kFaultKindCount; ++i) {
    if (rates.rates[i].is_never()) continue;
    if (!out.empty()) out += " ";
    out += std::string(world::to_string(static_cast<world::FaultKind>(i))) + "=" +
           rates.rates[i].to_string();
  }
  return out.empty() ? "none" : out;
}

std::string format_distribution(const world::DurationDistribution& distribution) {
  switch (distribution.kind) {
    case world::DurationDistribution::Kind::fixed:
      return format_seconds(distribution.low);
    case world::DurationDistribution::Kind::uniform:
      return "uniform " + format_seconds(distribution.low) + " .. " +
             format_seconds(distribution.high);
    case world::DurationDistribution::Kind::exponential:
      return "exponential, mean " + format_seconds(distribution.low);
  }
  return "?";
}

std::string format_faults_injected(const std::array<uint64_t, world::kFaultKindCount>& counts) {
  std::string out;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (!out.empty()) out += " ";
    out += std::string(world::to_string(static_cast<world::FaultKind>(i))) + "=" +
           std::to_string(counts[i]);
  }
  return out.empty() ? "none" : out;
}

bool write_output(const std::string& path, const std::string& content, std::ostream& err) {
  if (auto failure = scenario::write_file_atomically(path, content)) {
    err << "wfsim: " << *failure << "\n";
    return false;
  }
  return true;
}

bool write_timeline(const std::string& path, const scenario::Scenario& scenario,
                    const run::Outcome& outcome, bool swarm,
                    const std::vector<std::string>& mutants, const std::string& command,
                    std::ostream& err) {
  report::TimelineInput input;
  input.scenario = &scenario;
  input.result = &outcome.result;
  input.evaluation = &outcome.evaluation;
  input.swarm = swarm;
  input.mutants = mutants;
  input.command = command;
  return write_output(path, report::timeline_html(input), err);
}

void print_findings(std::ostream& out, const run::Evaluation& evaluation) {
  for (const Finding& finding : evaluation.findings) {
    out << kind_word(finding.kind) << " " << finding.name;
    if (finding.event_id > 0) {
      out << " at event " << finding.event_id;
      if (!finding.event_type.empty()) out << " (" << finding.event_type << ")";
    }
    if (finding.call > 0) out << " call " << finding.call;
    out << ": " << finding.message << "\n";
    // What a sweep tells this failure apart by (a capsule per signature; docs/cli.md).
    if (!finding.state.empty() || !finding.error.empty() || !finding.status.empty()) {
      out << "  signature: " << run::to_string(finding.signature()) << "\n";
    }
  }
}

}  // namespace wfsim::cli
