// The seed sweep; see explore.h.
//
// Workers take item numbers from one atomic counter; item i is scenario i % S with the
// (i / S)-th seed, so scenarios advance together and an interrupted sweep covers all of them.
// Every result is merged under one mutex with commutative operations (sums, minimum seed), so
// the merged report does not depend on which thread ran what, or when.
#include "cli/explore.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "scenario/writers.h"

namespace wfsim::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return {};
  return value;
}

class Explorer {
 public:
  Explorer(const ExploreArgs& args, const std::vector<ExploreScenario>& scenarios,
           const std::vector<std::string>& mutants, Shard shard, const StopFlag& stop,
           std::ostream& err, bool progress)
      : args_(args), scenarios_(scenarios), mutants_(mutants), stop_(stop), err_(err),
        progress_(progress),
        seeds_(args.seed_start,
               args.time_budget_seconds ? std::nullopt : std::optional<uint64_t>(args.seeds),
               shard) {
    report_.totals.resize(scenarios.size());
    for (size_t i = 0; i < scenarios.size(); ++i) {
      for (const std::string_view probe : world::all_probes(scenarios[i].scenario.config.dialect)) {
        report_.totals[i].probes.emplace(probe, 0);
      }
    }
  }

  ExploreReport run(unsigned jobs);

 private:
  void work();
  void work_items();
  std::optional<std::pair<size_t, uint64_t>> next_item();
  void record(size_t index, uint64_t seed, const RunOutcome& outcome);
  void capture(size_t index, uint64_t seed, const RunOutcome& outcome,
               const scenario::Finding& finding);
  void show_progress(bool final_line);
  void announce(const ExploreScenario& scenario, uint64_t seed, const scenario::Finding& finding,
                const FailureRecord& record);

  const ExploreArgs& args_;
  const std::vector<ExploreScenario>& scenarios_;
  const std::vector<std::string>& mutants_;
  const StopFlag& stop_;
  std::ostream& err_;
  const bool progress_;
  const SeedSequence seeds_;
  Clock::time_point started_ = Clock::now();
  std::optional<Clock::time_point> deadline_;

  std::atomic<uint64_t> next_{0};
  std::atomic<bool> budget_spent_{false};
  std::mutex mutex_;  // Guards report_, seeds_done_ and everything written to err_.
  std::condition_variable finished_;
  unsigned running_ = 0;
  uint64_t seeds_done_ = 0;
  ExploreReport report_;
};

std::optional<std::pair<size_t, uint64_t>> Explorer::next_item() {
  if (stop_.load(std::memory_order_relaxed)) return std::nullopt;
  if (deadline_ && Clock::now() >= *deadline_) {
    budget_spent_ = true;
    return std::nullopt;
  }
  const uint64_t item = next_.fetch_add(1);
  const size_t count = scenarios_.size();
  const auto seed = seeds_.seed(item / count);
  if (!seed) return std::nullopt;
  return std::pair{static_cast<size_t>(item % count), *seed};
}

void Explorer::work() {
  try {
    work_items();
  } catch (const std::exception& error) {
    report_internal_error(error);  // A wfsim bug: exit 70 with the run in progress.
  }
  const std::lock_guard lock(mutex_);
  --running_;
  finished_.notify_all();
}

void Explorer::work_items() {
  while (auto item = next_item()) {
    const ExploreScenario& explored = scenarios_[item->first];
    RunRequest request;
    request.scenario = &explored.scenario;
    request.seed = item->second;
    request.swarm = args_.swarm;
    request.max_seconds = args_.max_seconds;
    request.stop = &stop_;
    request.context =
        scenario::reproduce_command(explored.file, item->second, args_.swarm, mutants_);
    const RunOutcome outcome = run_seed(request);
    if (outcome.stopped) break;  // Interrupted: this seed counts for nothing.
    record(item->first, item->second, outcome);
  }
}

void Explorer::record(size_t index, uint64_t seed, const RunOutcome& outcome) {
  std::vector<const scenario::Finding*> distinct;
  std::set<std::pair<std::string, std::string>> seen;
  bool failing = false;
  bool liveness = false;
  for (const scenario::Finding& finding : outcome.evaluation.findings) {
    (finding.kind == scenario::Finding::Kind::liveness ? liveness : failing) = true;
    if (seen.emplace(finding.name, finding.event_type).second) distinct.push_back(&finding);
  }
  {
    const std::lock_guard lock(mutex_);
    ScenarioTotals& totals = report_.totals[index];
    ++totals.seeds_run;
    ++seeds_done_;
    totals.failing_seeds += failing ? 1 : 0;
    totals.liveness_seeds += liveness ? 1 : 0;
    totals.events += outcome.result.events;
    for (size_t k = 0; k < world::kFaultKindCount; ++k) {
      totals.faults[k] += outcome.result.faults_injected[k];
    }
    for (const auto& [probe, count] : outcome.result.probes) {
      totals.probes[probe] += count > 0 ? 1 : 0;
    }
    if (!args_.digests.empty()) {
      report_.digests.push_back(
          {index, seed, outcome.result.digest, outcome.wall_time_exceeded});
    }
  }
  for (const scenario::Finding* finding : distinct) capture(index, seed, outcome, *finding);
}

// Writes the capsule of `finding` when this seed is the lowest to show it so far, then checks
// that the capsule's schedule replays to the run's digest. The capsule goes to disk first: a
// sweep killed during the check (which takes as long as the run) still leaves the finding.
void Explorer::capture(size_t index, uint64_t seed, const RunOutcome& outcome,
                       const scenario::Finding& finding) {
  const ExploreScenario& explored = scenarios_[index];
  const FailureKey key{index, finding.name, finding.event_type};
  {
    // Count the seed; a record whose first_seed is UINT64_MAX has no capsule yet.
    const std::lock_guard lock(mutex_);
    FailureRecord placeholder;
    placeholder.first_seed = UINT64_MAX;
    const auto [it, inserted] = report_.failures.try_emplace(key, std::move(placeholder));
    ++it->second.seeds;
    if (it->second.first_seed < seed) return;
  }
  const std::string command =
      scenario::reproduce_command(explored.file, seed, args_.swarm, mutants_);
  scenario::Evaluation chosen;
  chosen.findings.push_back(finding);
  const scenario::Capsule capsule = scenario::make_capsule(
      explored.scenario, outcome.result, chosen, args_.swarm, mutants_, command);
  std::string name = sanitize_file_name(finding.name);
  if (!finding.event_type.empty()) name.append(".").append(sanitize_file_name(finding.event_type));
  const std::string path = (std::filesystem::path(args_.out_dir) / explored.directory /
                            (name + ".capsule.json")).string();
  {
    const std::lock_guard lock(mutex_);
    FailureRecord& record = report_.failures[key];
    if (record.first_seed >= seed) {  // Else a lower seed was written meanwhile.
      const bool first_time = record.first_seed == UINT64_MAX;
      record = FailureRecord{finding.kind, seed,    record.seeds, finding.event_id,
                             finding.message, path, command};
      if (auto failure =
              scenario::write_file_atomically(path, scenario::capsule_to_text(capsule))) {
        report_.write_errors.push_back(*failure);
      }
      if (first_time) announce(explored, seed, finding, record);
    }
  }
  if (finding.name == "liveness.wall_time") return;  // Its digest depends on the machine.
  RunRequest replay;
  replay.scenario = &explored.scenario;
  replay.seed = seed;
  replay.swarm = args_.swarm;
  replay.replay = &outcome.result.schedule;
  replay.max_seconds = args_.max_seconds;
  replay.stop = &stop_;
  replay.context = command + " (replaying its fault schedule)";
  const RunOutcome replayed = run_seed(replay);
  // A replay cut short (a stop, or the wall-time budget) proves nothing either way.
  if (replayed.stopped || replayed.wall_time_exceeded ||
      replayed.result.digest == outcome.result.digest) {
    return;
  }
  const std::lock_guard lock(mutex_);
  report_.nondeterminism.push_back(
      {index, seed,
       "replaying the fault schedule gave digest " + scenario::digest_hex(replayed.result.digest) +
           ", the seeded run " + scenario::digest_hex(outcome.result.digest)});
}

void Explorer::announce(const ExploreScenario& explored, uint64_t seed,
                        const scenario::Finding& finding, const FailureRecord& record) {
  if (!progress_) return;  // The closing table lists every failure; live lines are for terminals.
  const bool liveness = finding.kind == scenario::Finding::Kind::liveness;
  err_ << "\r\033[K" << (liveness ? "LIVENESS " : "FAILURE ") << finding.name << " in "
       << explored.scenario.config.name << " at seed " << seed << ": " << finding.message
       << "\n  reproduce: " << record.command << "\n  capsule:   " << record.capsule << "\n";
  err_.flush();
}

void Explorer::show_progress(bool final_line) {
  if (!progress_) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  const auto total = seeds_.size();
  std::string of_total;
  if (total) of_total.append("/").append(std::to_string(*total * scenarios_.size()));
  char line[200];
  const std::lock_guard lock(mutex_);
  std::snprintf(line, sizeof line, "\r\033[Kexplore: %llu%s seeds, %zu distinct failures, %.1f s",
                static_cast<unsigned long long>(seeds_done_), of_total.c_str(),
                report_.failures.size(), elapsed);
  err_ << line << (final_line ? "\n" : "");
  err_.flush();
}

ExploreReport Explorer::run(unsigned jobs) {
  if (args_.time_budget_seconds) {
    deadline_ = started_ + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(*args_.time_budget_seconds));
  }
  std::vector<std::thread> threads;
  running_ = jobs;
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back([this] { work(); });
  for (;;) {
    std::unique_lock lock(mutex_);
    // At most five progress updates a second.
    const auto all_done = [this] { return running_ == 0; };
    if (finished_.wait_for(lock, std::chrono::milliseconds(200), all_done)) break;
    lock.unlock();
    show_progress(false);
  }
  for (std::thread& thread : threads) thread.join();
  show_progress(true);
  report_.jobs = jobs;
  report_.interrupted = stop_.load();
  report_.wall_seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  std::sort(report_.nondeterminism.begin(), report_.nondeterminism.end());
  std::sort(report_.digests.begin(), report_.digests.end());
  return std::move(report_);
}

}  // namespace

std::optional<Shard> parse_shard(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto index = parse_number(text.substr(0, slash));
  const auto count = parse_number(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count) return std::nullopt;
  return Shard{*index, *count};
}

SeedSequence::SeedSequence(uint64_t start, std::optional<uint64_t> count, Shard shard)
    : step_(shard.count) {
  const uint64_t wanted = shard.index - 1;
  const uint64_t offset = (wanted + shard.count - start % shard.count) % shard.count;
  const bool first_fits = offset <= UINT64_MAX - start;
  first_ = first_fits ? start + offset : 0;
  if (!count) {
    if (!first_fits) size_ = 0;
    return;
  }
  const uint64_t end_span = *count;  // Seeds start .. start + count - 1 (clamped at the top).
  const uint64_t last = end_span == 0 ? start : (UINT64_MAX - start < end_span - 1
                                                     ? UINT64_MAX : start + end_span - 1);
  size_ = (end_span == 0 || !first_fits || first_ > last) ? 0 : (last - first_) / step_ + 1;
}

std::optional<uint64_t> SeedSequence::seed(uint64_t k) const {
  if (size_ && k >= *size_) return std::nullopt;
  if (k > (UINT64_MAX - first_) / step_) return std::nullopt;
  return first_ + k * step_;
}

std::string sanitize_file_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += safe ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

ExploreReport explore(const ExploreArgs& args, const std::vector<ExploreScenario>& scenarios,
                      const std::vector<std::string>& mutants, Shard shard, const StopFlag& stop,
                      std::ostream& err, bool progress) {
  unsigned jobs = args.jobs != 0 ? args.jobs : std::max(1U, std::thread::hardware_concurrency());
  Explorer explorer(args, scenarios, mutants, shard, stop, err, progress);
  ExploreReport report = explorer.run(jobs);
  report.seed_start = args.seed_start;
  if (!args.time_budget_seconds) report.seeds_per_scenario = args.seeds;
  report.time_budget_seconds = args.time_budget_seconds;
  report.shard = shard;
  report.swarm = args.swarm;
  report.mutants = mutants;
  report.out_dir = args.out_dir;
  return report;
}

}  // namespace wfsim::cli
