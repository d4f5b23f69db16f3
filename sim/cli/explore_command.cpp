// `wfsim explore SCENARIO...`: loads every scenario first (any problem: exit 2 before running),
// sweeps the seeds, then prints the closing table and writes --json and --junit.
//
// The sweep itself is sim/run's (run/explore.h); this command loads, installs the signal
// handlers, shows progress on a terminal, and writes the reports (report/explore_report.h).
//
// Exit code precedence: 4 if a capsule's schedule did not replay to its run's digest, else 1 if
// any invariant or expectation was violated, else 3 if any liveness finding, else 130 (SIGINT) or
// 143 (SIGTERM) if the sweep was stopped early, else 0. Findings outrank an interruption: what was
// found is real whether or not the sweep finished.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <csignal>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "report/explore_report.h"
#include "run/explore.h"

namespace wfsim::cli {
namespace {

namespace fs = std::filesystem;

using run::ExploreReport;
using run::ExploreScenario;

run::StopFlag stop_requested{false};
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void on_stop_signal(int signal) {
  stop_signal = signal;
  stop_requested.store(true);
  // A second Ctrl-C ends the program at once.
  std::signal(signal, SIG_DFL);
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Files as given, and every *.scenario.json under given directories (sorted); duplicates dropped.
std::optional<std::vector<std::string>> scenario_files(const std::vector<std::string>& inputs,
                                                       std::ostream& err) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  bool ok = true;
  auto add = [&](const std::string& file) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(file, error);
    if (seen.insert(error ? file : canonical.string()).second) files.push_back(file);
  };
  for (const std::string& input : inputs) {
    std::error_code error;
    if (!fs::is_directory(input, error)) {
      add(input);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(input, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      const std::string name = it->path().filename().string();
      if (it->is_regular_file(error) && name.ends_with(".scenario.json")) {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      err << input << ": cannot list: " << error.message() << "\n";
      ok = false;
    } else if (found.empty()) {
      err << input << ": no *.scenario.json files in this directory\n";
      ok = false;
    }
    std::sort(found.begin(), found.end());
    for (const std::string& file : found) add(file);
  }
  if (!ok) return std::nullopt;
  return files;
}

std::optional<std::vector<ExploreScenario>> load_all(const std::vector<std::string>& files,
                                                     const std::vector<std::string>& mutants,
                                                     std::ostream& err) {
  std::vector<ExploreScenario> scenarios;
  std::map<std::string, std::string> directories;  // Capsule directory -> file.
  bool ok = true;
  for (const std::string& file : files) {
    auto loaded = load_scenario_or_report(file, err);
    if (!loaded) {
      ok = false;
      continue;
    }
    run::apply_mutants(*loaded, mutants);
    const std::string directory = run::sanitize_file_name(loaded->config.name);
    const auto [it, inserted] = directories.emplace(directory, file);
    if (!inserted) {
      err << file << ": /name: the scenario name \"" << loaded->config.name
          << "\" is also used by " << it->second
          << " (names must be unique in one sweep: capsules are filed by name)\n";
      ok = false;
    }
    scenarios.push_back(ExploreScenario{file, directory, std::move(*loaded)});
  }
  if (!ok) return std::nullopt;
  return scenarios;
}

int exit_code_of(const ExploreReport& report) {
  if (!report.nondeterminism.empty()) return kExitNondeterminism;
  bool liveness = false;
  for (const auto& [key, record] : report.failures) {
    if (record.kind != run::Finding::Kind::liveness) return kExitViolation;
    liveness = true;
  }
  if (liveness) return kExitLiveness;
  if (report.interrupted) return report.signal == SIGTERM ? 128 + SIGTERM : kExitInterrupted;
  return kExitHeld;
}

// Progress and findings on a terminal (stderr); silent otherwise, since the closing table lists
// every failure. At most five progress lines a second.
class TerminalObserver final : public run::ExploreObserver {
 public:
  TerminalObserver(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}

  void found(const ExploreScenario& scenario, uint64_t seed, const run::Finding& finding,
             const run::FailureRecord& record) override {
    if (!enabled_) return;
    const bool liveness = finding.kind == run::Finding::Kind::liveness;
    err_ << "\r\033[K" << (liveness ? "LIVENESS " : "FAILURE ") << finding.name << " in "
         << scenario.scenario.config.name << " at seed " << seed << ": " << finding.message
         << "\n  reproduce: " << record.command << "\n  capsule:   " << record.capsule << "\n";
    err_.flush();
  }

  void progress(uint64_t seeds_done, std::optional<uint64_t> seeds_total,
                size_t distinct_failures, double elapsed_seconds, bool final) override {
    if (!enabled_) return;
    if (!final && elapsed_seconds < last_shown_ + 0.2) return;
    last_shown_ = elapsed_seconds;
    std::string of_total;
    if (seeds_total) of_total.append("/").append(std::to_string(*seeds_total));
    char line[200];
    std::snprintf(line, sizeof line, "\r\033[Kexplore: %llu%s seeds, %zu distinct failures, %.1f s",
                  static_cast<unsigned long long>(seeds_done), of_total.c_str(),
                  distinct_failures, elapsed_seconds);
    err_ << line << (final ? "\n" : "");
    err_.flush();
  }

 private:
  std::ostream& err_;
  const bool enabled_;
  double last_shown_ = 0;
};

}  // namespace

int explore_command(const ExploreArgs& args, std::ostream& out, std::ostream& err) {
  const auto shard = run::parse_shard(args.shard);
  if (!shard) {
    err << "wfsim explore: --shard must be K/N with 1 <= K <= N (got \"" << args.shard << "\")\n";
    return kExitBadInput;
  }
  auto mutants = parse_mutants(args.mutants, err);
  if (!mutants) return kExitBadInput;
  const auto files = scenario_files(args.scenarios, err);
  if (!files) return kExitBadInput;
  const auto scenarios = load_all(*files, *mutants, err);
  if (!scenarios) return kExitBadInput;

  install_stop_handlers();
  run::ExploreOptions options;
  options.seeds = args.seeds;
  options.time_budget_seconds = args.time_budget_seconds;
  options.seed_start = args.seed_start;
  options.jobs = args.jobs != 0 ? args.jobs : std::max(1U, std::thread::hardware_concurrency());
  options.shard = *shard;
  options.out_dir = args.out_dir;
  options.swarm = args.swarm;
  options.mutants = *mutants;
  options.collect_digests = !args.digests.empty();
  options.max_seconds = args.max_seconds;
  TerminalObserver observer(err, args.progress.value_or(::isatty(STDERR_FILENO) == 1));
  ExploreReport report =
      run::explore(options, *scenarios, stop_requested, wall_clock(), observer);
  report.signal = stop_signal;
  report.exit_code = exit_code_of(report);
  report::print_explore_table(out, report, *scenarios);
  bool written = true;
  if (!args.json.empty()) {
    written = write_output(args.json, report::explore_summary_json(report, *scenarios), err);
  }
  if (!args.junit.empty()) {
    written = write_output(args.junit, report::explore_junit(report, *scenarios), err) && written;
  }
  if (!args.digests.empty()) {
    written =
        write_output(args.digests, report::explore_digests_text(report, *scenarios), err) && written;
  }
  out.flush();
  if (!written || !report.write_errors.empty()) {
    err << "wfsim explore: some output files could not be written\n";
    if (report.exit_code == kExitHeld) return kExitBadInput;
  }
  return report.exit_code;
}

}  // namespace wfsim::cli
