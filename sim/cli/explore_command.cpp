// `wfsim explore SCENARIO...`: loads every scenario first (any problem: exit 2 before running),
// sweeps the seeds, then prints the closing table and writes --json and --junit.
//
// The sweep itself is sim/run's (run/explore.h); this command loads, installs the signal
// handlers, shows progress on a terminal, and writes the reports (report/explore_report.h).
//
// A scenario file that cannot be loaded is reported (file, pointer, message) and skipped; the
// others are swept. --exclude skips files by glob.
//
// Exit code precedence (run::sweep_exit_code): 4 if a capsule's schedule did not replay to its
// run's digest, else 1 if any invariant or expectation was violated, else 3 if any liveness
// finding, else 2 if a scenario could not be loaded (or an output not written), else 130 (SIGINT)
// or 143 (SIGTERM) if the sweep was stopped early, else 0. Findings outrank an interruption: what
// was found is real whether or not the sweep finished.
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <csignal>
#include <filesystem>
#include <limits>
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

// Whether `file` is skipped by an --exclude glob, matched against the path as given (or found)
// and against the file name, so both "scenarios/mutants/*" and "temporal-*" work.
bool excluded(const std::string& file, const std::vector<std::string>& globs) {
  const std::string name = fs::path(file).filename().string();
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), file.c_str(), 0) == 0 ||
           ::fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  });
}

// Files as given, and every *.scenario.json under given directories (sorted); duplicates and
// excluded files dropped.
std::optional<std::vector<std::string>> scenario_files(const std::vector<std::string>& inputs,
                                                       const std::vector<std::string>& exclude,
                                                       std::ostream& err) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  bool ok = true;
  auto add = [&](const std::string& file) {
    if (excluded(file, exclude)) return;
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
  if (ok && files.empty()) {
    err << "wfsim explore: every scenario file is excluded by --exclude\n";
    ok = false;
  }
  if (!ok) return std::nullopt;
  return files;
}

struct Loaded {
  std::vector<ExploreScenario> scenarios;
  std::vector<std::string> default_notes;  // A definition given alone: how it ran.
  std::vector<run::InvalidScenario> invalid;  // Reported and skipped; exit code 2 at the end.
};

// Loads every file, printing the problems of those that cannot be loaded (or whose name another
// file already uses); the sweep goes on with the others.
Loaded load_all(const std::vector<std::string>& files, const std::vector<std::string>& mutants,
                std::ostream& err) {
  Loaded loaded;
  std::map<std::string, std::string> directories;  // Capsule directory -> file.
  for (const std::string& file : files) {
    auto result = scenario::load_input(file);
    if (auto* problems = std::get_if<scenario::FileProblems>(&result)) {
      report_problems(*problems, err);
      loaded.invalid.push_back({file, std::move(*problems)});
      continue;
    }
    scenario::LoadedInput input = std::get<scenario::LoadedInput>(std::move(result));
    scenario::Scenario scenario = std::move(input.scenario);
    if (input.form != scenario::InputForm::scenario) {
      loaded.default_notes.push_back(default_scenario_note(file, input.form));
    }
    run::apply_mutants(scenario, mutants);
    const std::string directory = run::sanitize_file_name(scenario.config.name);
    const auto [it, inserted] = directories.emplace(directory, file);
    if (!inserted) {
      const scenario::FileProblem problem{
          file, "/name",
          "the scenario name \"" + scenario.config.name + "\" is also used by " + it->second +
              " (names must be unique in one sweep: capsules are filed by name)"};
      err << scenario::to_string(problem) << "\n";
      loaded.invalid.push_back({file, {problem}});
      continue;
    }
    loaded.scenarios.push_back(ExploreScenario{file, directory, std::move(scenario)});
  }
  return loaded;
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
    err_ << "\r\033[K" << (liveness ? "LIVENESS " : "FAILURE ")
         << run::to_string(finding.signature()) << " in "
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
    err << "wfsim explore: --shard must be K/N with integers 1 <= K <= N <= "
        << std::numeric_limits<uint64_t>::max() << " (got \"" << args.shard << "\")\n";
    return kExitBadInput;
  }
  auto mutants = parse_mutants(args.mutants, err);
  if (!mutants) return kExitBadInput;
  const auto files = scenario_files(args.scenarios, args.exclude, err);
  if (!files) return kExitBadInput;
  Loaded loaded = load_all(*files, *mutants, err);
  if (loaded.scenarios.empty()) {
    err << "wfsim explore: no scenario could be loaded, so nothing ran\n";
    return kExitBadInput;
  }
  if (!loaded.invalid.empty()) {
    err << "wfsim explore: " << loaded.invalid.size() << " of " << files->size()
        << " scenario files could not be loaded; sweeping the other "
        << loaded.scenarios.size() << " (exit code 2 at the end unless a finding outranks it)\n";
  }

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
      run::explore(options, loaded.scenarios, stop_requested, wall_clock(), observer);
  report.invalid_scenarios = std::move(loaded.invalid);
  report.signal = stop_signal;
  report.exit_code = run::sweep_exit_code(report);
  const int code = write_sweep_reports(report, {args.json, args.junit, args.digests}, out, err);
  for (const std::string& note : loaded.default_notes) out << note << "\n";
  return code;
}

}  // namespace wfsim::cli
