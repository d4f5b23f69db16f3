// The seed sweep; see explore.h.
//
// Workers take item numbers from one atomic counter; item i is scenario i % S with the
// (i / S)-th seed, so scenarios advance together and an interrupted sweep covers all of them.
// Every result is merged under one mutex with commutative operations (sums, minimum seed), so
// the merged report does not depend on which thread ran what, or when.
#include "run/explore.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <openssl/evp.h>

#include "core/assert.h"
#include "scenario/writers.h"

namespace wfsim::run {
namespace {

class Explorer {
 public:
  Explorer(const ExploreOptions& options, const std::vector<ExploreScenario>& scenarios,
           const StopFlag& stop, const Clock& clock, ExploreObserver& observer)
      : options_(options), scenarios_(scenarios), stop_(stop), clock_(clock),
        observer_(observer),
        seeds_(options.seed_start,
               options.time_budget_seconds ? std::nullopt
                                           : std::optional<uint64_t>(options.seeds),
               options.shard),
        started_(clock.seconds()) {
    report_.totals.resize(scenarios.size());
    for (size_t i = 0; i < scenarios.size(); ++i) {
      for (const std::string_view probe : world::all_probes(scenarios[i].scenario.config.dialect)) {
        report_.totals[i].probes.emplace(probe, 0);
      }
    }
    if (options.time_budget_seconds) deadline_ = started_ + *options.time_budget_seconds;
  }

  ExploreReport run(unsigned jobs);

 private:
  void work_items();
  std::optional<std::pair<size_t, uint64_t>> next_item();
  Request request_for(size_t index, uint64_t seed) const;
  void record(size_t index, uint64_t seed, const Outcome& outcome);
  void capture(size_t index, uint64_t seed, const Outcome& outcome, const Finding& finding);
  void verify_replay(size_t index, uint64_t seed, const Outcome& outcome,
                     const std::string& command);
  std::optional<uint64_t> seeds_total() const;

  const ExploreOptions& options_;
  const std::vector<ExploreScenario>& scenarios_;
  const StopFlag& stop_;
  const Clock& clock_;
  ExploreObserver& observer_;
  const SeedSequence seeds_;
  const double started_;
  std::optional<double> deadline_;

  std::atomic<uint64_t> next_{0};
  std::mutex mutex_;  // Guards report_, seeds_done_ and every call of observer_.
  uint64_t seeds_done_ = 0;
  ExploreReport report_;
};

std::optional<std::pair<size_t, uint64_t>> Explorer::next_item() {
  if (stop_.load(std::memory_order_relaxed)) return std::nullopt;
  if (deadline_ && clock_.seconds() >= *deadline_) return std::nullopt;
  const uint64_t item = next_.fetch_add(1);
  const size_t count = scenarios_.size();
  const auto seed = seeds_.seed(item / count);
  if (!seed) return std::nullopt;
  return std::pair{static_cast<size_t>(item % count), *seed};
}

Request Explorer::request_for(size_t index, uint64_t seed) const {
  const ExploreScenario& explored = scenarios_[index];
  Request request;
  request.scenario = &explored.scenario;
  request.seed = seed;
  request.swarm = options_.swarm;
  request.max_seconds = options_.max_seconds;
  request.clock = &clock_;
  request.stop = &stop_;
  request.context =
      scenario::reproduce_command(explored.file, seed, options_.swarm, options_.mutants);
  return request;
}

void Explorer::work_items() {
  while (auto item = next_item()) {
    const Outcome outcome = run_seed(request_for(item->first, item->second));
    if (outcome.stopped) break;  // Interrupted: this seed counts for nothing.
    record(item->first, item->second, outcome);
  }
}

std::optional<uint64_t> Explorer::seeds_total() const {
  const auto total = seeds_.size();
  if (!total) return std::nullopt;
  return *total * scenarios_.size();
}

void Explorer::record(size_t index, uint64_t seed, const Outcome& outcome) {
  std::vector<const Finding*> distinct;
  std::set<Signature> seen;
  bool failing = false;
  bool liveness = false;
  for (const Finding& finding : outcome.evaluation.findings) {
    if (!finding.expected) (finding.kind == Finding::Kind::liveness ? liveness : failing) = true;
    if (seen.insert(finding.signature()).second) distinct.push_back(&finding);
  }
  {
    const std::lock_guard lock(mutex_);
    ScenarioTotals& totals = report_.totals[index];
    ++totals.seeds_run;
    ++seeds_done_;
    totals.failing_seeds += failing ? 1 : 0;
    totals.liveness_seeds += liveness ? 1 : 0;
    totals.seeds_with_faults += outcome.result.schedule.firings.empty() ? 0 : 1;
    totals.fault_free_seeds += outcome.evaluation.fault_free ? 1 : 0;
    totals.events += outcome.result.events;
    for (size_t k = 0; k < world::kFaultKindCount; ++k) {
      totals.faults[k] += outcome.result.faults_injected[k];
    }
    for (const auto& [probe, count] : outcome.result.probes) {
      totals.probes[probe] += count > 0 ? 1 : 0;
    }
    if (options_.collect_digests) {
      report_.digests.push_back({index, seed, outcome.result.digest, outcome.wall_time_exceeded});
    }
    observer_.progress(seeds_done_, seeds_total(), report_.failures.size(),
                       clock_.seconds() - started_, false);
  }
  for (const Finding* finding : distinct) capture(index, seed, outcome, *finding);
}

// Writes the capsule of `finding` when this seed is the lowest to show it so far, then checks
// that the capsule's schedule replays to the run's digest. The capsule goes to disk first: a
// sweep killed during the check (which takes as long as the run) still leaves the finding.
void Explorer::capture(size_t index, uint64_t seed, const Outcome& outcome,
                       const Finding& finding) {
  const ExploreScenario& explored = scenarios_[index];
  const FailureKey key = FailureKey::of(index, finding.signature());
  {
    // Count the seed; a record whose first_seed is UINT64_MAX has no capsule yet.
    const std::lock_guard lock(mutex_);
    FailureRecord placeholder;
    placeholder.first_seed = UINT64_MAX;
    placeholder.expected = finding.expected;
    const auto [it, inserted] = report_.failures.try_emplace(key, std::move(placeholder));
    ++it->second.seeds;
    if (it->second.first_seed < seed) return;
  }
  const std::string command =
      scenario::reproduce_command(explored.file, seed, options_.swarm, options_.mutants);
  Evaluation chosen;
  chosen.findings.push_back(finding);
  const scenario::Capsule capsule = make_capsule(explored.scenario, outcome.result, chosen,
                                                 options_.swarm, options_.mutants, command);
  WFSIM_ASSERT_MSG(capsule.violation && capsule.violation->invariant == finding.name,
                   "a finding's capsule records that finding");
  const std::string path = (std::filesystem::path(options_.out_dir) / explored.directory /
                            capsule_file_name(finding.signature())).string();
  {
    const std::lock_guard lock(mutex_);
    FailureRecord& record = report_.failures[key];
    if (record.first_seed >= seed) {  // Else a lower seed was written meanwhile.
      const bool first_time = record.first_seed == UINT64_MAX;
      record = FailureRecord{finding.kind, seed,    record.seeds, finding.event_id,
                             finding.message, path, command, finding.expected};
      if (auto failure =
              scenario::write_file_atomically(path, scenario::capsule_to_text(capsule))) {
        report_.write_errors.push_back(*failure);
      }
      if (first_time) observer_.found(explored, seed, finding, record);
    }
  }
  if (finding.name == "liveness.wall_time") return;  // Its digest depends on the machine.
  verify_replay(index, seed, outcome, command);
}

void Explorer::verify_replay(size_t index, uint64_t seed, const Outcome& outcome,
                             const std::string& command) {
  Request replay = request_for(index, seed);
  replay.replay = &outcome.result.schedule;
  replay.context = command + " (replaying its fault schedule)";
  const Outcome replayed = run_seed(replay);
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

ExploreReport Explorer::run(unsigned jobs) {
  WFSIM_ASSERT(jobs >= 1);
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < jobs; ++i) {
    threads.emplace_back([this] {
      try {
        work_items();
      } catch (const std::exception& error) {
        // A bug in wfsim: the assertion handler names the run in progress (AssertionContext).
        WFSIM_UNREACHABLE(std::string("an exception escaped a run: ") + error.what());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed = clock_.seconds() - started_;
  {
    const std::lock_guard lock(mutex_);
    observer_.progress(seeds_done_, seeds_total(), report_.failures.size(), elapsed, true);
  }
  report_.jobs = jobs;
  report_.interrupted = stop_.load();
  report_.wall_seconds = elapsed;
  std::sort(report_.nondeterminism.begin(), report_.nondeterminism.end());
  std::sort(report_.digests.begin(), report_.digests.end());
  uint64_t seeds_run = 0;
  for (const ScenarioTotals& totals : report_.totals) seeds_run += totals.seeds_run;
  WFSIM_ASSERT_MSG(seeds_run == seeds_done_, "every seed run is counted once");
  WFSIM_ASSERT_MSG(!options_.collect_digests || report_.digests.size() == seeds_run,
                   "a digest per seed run");
  return std::move(report_);
}

}  // namespace

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

std::string capsule_file_name(const Signature& signature) {
  const auto plain = [](std::string_view text, bool dots) {
    return std::all_of(text.begin(), text.end(), [dots](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-' || (dots && c == '.');
    });
  };
  std::string name = sanitize_file_name(signature.name);
  for (const std::string* part :
       {&signature.event_type, &signature.status, &signature.state, &signature.error}) {
    if (!part->empty()) name.append(".").append(sanitize_file_name(*part));
  }
  // A path component is at most 255 bytes on common file systems: a long name is cut, and then
  // told apart by the hash too.
  const bool cut = name.size() > 190;
  if (cut) name.resize(190);
  if (cut || !plain(signature.state, false) || !plain(signature.error, true)) {
    // FNV-1a over the parts, a NUL after each, so that the hash tells them apart.
    uint32_t hash = 2166136261U;
    for (const std::string* part : {&signature.name, &signature.event_type, &signature.status,
                                    &signature.state, &signature.error}) {
      for (const char c : *part + std::string(1, '\0')) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
      }
    }
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, ".%08x", hash);
    name += suffix;
  }
  return name + ".capsule.json";
}

SweptScenario describe(const ExploreScenario& explored) {
  const std::string text = explored.scenario.self_contained.dump(
      -1, ' ', false, Json::error_handler_t::replace);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const int hashed = EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  WFSIM_ASSERT_MSG(hashed == 1 && length == 32, "SHA-256 of a scenario");
  std::string hex;
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 15];
  }
  return SweptScenario{explored.scenario.config.name, explored.file,
                       explored.scenario.config.dialect, std::move(hex)};
}

int sweep_exit_code(const ExploreReport& report) {
  if (!report.nondeterminism.empty()) return 4;
  bool liveness = false;
  for (const auto& [key, record] : report.failures) {
    if (record.expected) continue;  // The scenario demonstrates it.
    if (record.kind != Finding::Kind::liveness) return 1;
    liveness = true;
  }
  if (liveness) return 3;
  if (!report.invalid_scenarios.empty()) return 2;
  if (report.interrupted) return report.signal == SIGTERM ? 128 + SIGTERM : 128 + SIGINT;
  return 0;
}

ExploreReport explore(const ExploreOptions& options, const std::vector<ExploreScenario>& scenarios,
                      const StopFlag& stop, const Clock& clock, ExploreObserver& observer) {
  WFSIM_ASSERT_MSG(!scenarios.empty(), "a sweep has at least one scenario");
  Explorer explorer(options, scenarios, stop, clock, observer);
  ExploreReport report = explorer.run(std::max(1U, options.jobs));
  report.version = std::string(scenario::wfsim_version());
  for (const ExploreScenario& explored : scenarios) report.scenarios.push_back(describe(explored));
  report.max_seconds_per_seed = options.max_seconds;
  report.seed_start = options.seed_start;
  if (!options.time_budget_seconds) report.seeds_per_scenario = options.seeds;
  report.time_budget_seconds = options.time_budget_seconds;
  report.shard = options.shard;
  report.swarm = options.swarm;
  report.mutants = options.mutants;
  report.out_dir = options.out_dir;
  return report;
}

}  // namespace wfsim::run
