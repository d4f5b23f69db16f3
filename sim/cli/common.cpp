// Shared pieces of the wfsim commands; see common.h.
#include "cli/common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "core/assert.h"
#include "engine/mutants.h"
#include "scenario/timeline.h"
#include "scenario/writers.h"

namespace wfsim::cli {
namespace {

using scenario::Finding;

// The reproduce command of the run in progress on this thread, for the assertion handler.
thread_local const std::string* current_context = nullptr;

// Kept when an exception leaves a run, so the handler that catches it can still name the run.
thread_local std::string unwound_context;

class ContextScope {
 public:
  explicit ContextScope(const std::string& context)
      : exceptions_(std::uncaught_exceptions()) {
    current_context = &context;
  }
  ~ContextScope() {
    if (std::uncaught_exceptions() > exceptions_ && current_context != nullptr) {
      unwound_context = *current_context;
      current_context = &unwound_context;
      return;
    }
    current_context = nullptr;
  }
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  int exceptions_;
};

[[noreturn]] void print_and_exit(const std::string& what) {
  std::string text = "wfsim: internal error (a bug in wfsim, not in your scenario)\n" + what + "\n";
  if (current_context != nullptr && !current_context->empty()) {
    text += "while running: " + *current_context + "\n";
  }
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

void apply_mutants(scenario::Scenario& scenario, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const auto mutant = parse_mutant(name);
    WFSIM_ASSERT_MSG(mutant.has_value(), "mutant names are checked before they are applied");
    scenario.config.sfn_options.mutants.add(*mutant);
    scenario.config.temporal_options.mutants.add(*mutant);
  }
}

RunOutcome run_seed(const RunRequest& request) {
  WFSIM_ASSERT(request.scenario != nullptr);
  using Clock = std::chrono::steady_clock;
  const bool budgeted = request.max_seconds > 0;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(budgeted ? request.max_seconds : 0));
  RunOutcome outcome;
  uint32_t polls = 0;
  world::RunOptions options;
  options.seed = request.seed;
  options.swarm = request.swarm;
  options.replay = request.replay;
  options.record_trace = request.record_trace;
  options.interrupted = [&]() {
    if (request.stop != nullptr && request.stop->load(std::memory_order_relaxed)) {
      outcome.stopped = true;
      return true;
    }
    // Reading the clock costs about 20 ns; every 256th poll keeps that out of the event loop.
    if (!budgeted || (++polls & 255U) != 0) return false;
    if (Clock::now() < deadline) return false;
    outcome.wall_time_exceeded = true;
    return true;
  };
  {
    const ContextScope scope(request.context);
    outcome.result = world::run(request.scenario->config, options);
  }
  if (outcome.stopped) return outcome;
  scenario::RunContext context;
  context.wall_time_exceeded = outcome.wall_time_exceeded;
  {
    const ContextScope scope(request.context);
    outcome.evaluation = scenario::evaluate(*request.scenario, outcome.result, context);
  }
  return outcome;
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
                    const RunOutcome& outcome, bool swarm, const std::vector<std::string>& mutants,
                    const std::string& command, std::ostream& err) {
  scenario::TimelineInput input;
  input.scenario = &scenario;
  input.result = &outcome.result;
  input.evaluation = &outcome.evaluation;
  input.swarm = swarm;
  input.mutants = mutants;
  input.command = command;
  return write_output(path, scenario::timeline_html(input), err);
}

void print_findings(std::ostream& out, const scenario::Evaluation& evaluation) {
  for (const Finding& finding : evaluation.findings) {
    out << kind_word(finding.kind) << " " << finding.name;
    if (finding.event_id > 0) {
      out << " at event " << finding.event_id;
      if (!finding.event_type.empty()) out << " (" << finding.event_type << ")";
    }
    if (finding.call > 0) out << " call " << finding.call;
    out << ": " << finding.message << "\n";
  }
}

}  // namespace wfsim::cli
