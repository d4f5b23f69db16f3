// The reliability promises of the wfsim program (docs/reliability.md), end to end on the built
// binary; cli_test.cpp covers the rest of the command line and is not repeated here.
//   - Determinism sweep: every bundled scenario, many seeds, with one job, two jobs and again,
//     gives the same digest per seed (explore --digests), and a mutant sweep gives the same
//     capsules byte for byte. WFSIM_PROFILE=soak runs a much larger sweep.
//   - Every run is bounded: a state machine looping forever ends as a finding (history limit,
//     event limit, wall time per seed), never as a hang.
//   - explore never loses a finding: the capsule is on disk before the finding's verification
//     replay, so a sweep killed with SIGKILL right then keeps it, complete and replayable; a
//     SIGTERM during one long seed stops promptly with the summary written; no temporary file
//     is left behind.
#include <algorithm>
#include <map>
#include <sstream>

#include "cli_test_support.h"
#include "record/json.h"

namespace wfsim::cli::test {
namespace {

bool soak() {
  const char* profile = std::getenv("WFSIM_PROFILE");
  return profile != nullptr && std::string(profile) == "soak";
}

std::vector<std::string> bundled_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(source_dir() / "scenarios")) {
    if (entry.path().string().ends_with(".scenario.json")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Json summary_without_timing(const fs::path& file) {
  const std::string text = slurp(file);
  if (text.empty()) {
    BOOST_ERROR(file << " was not written");
    return Json();
  }
  Json summary = Json::parse(text);
  summary.erase("timing");
  return summary;
}

size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A scenario (inline definition) written into `scratch`.
std::string write_scenario(const Scratch& scratch, const std::string& name,
                           const std::string& text) {
  const fs::path file = scratch / (name + ".scenario.json");
  std::ofstream(file) << text;
  return file.string();
}

// Pass states looping forever; `options` lifts or lowers the bounds. They run inside one
// simulator event, so the history limit is what ends them.
std::string endless_loop(const std::string& name, const std::string& options) {
  return R"({"name": ")" + name + R"(", "definition": {"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}},
      "options": )" + options + "}";
}

// A worker heartbeating every millisecond on a task that takes 30 years: simulator events
// without end and not one history event, so the event limit or the wall clock ends the run.
std::string heartbeating_forever(const std::string& name, const std::string& max_events) {
  return R"({"name": ")" + name + R"(", "definition": {"StartAt": "Work", "States": {"Work": {
      "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
      "HeartbeatSeconds": 10, "End": true}}},
      "resources": {"Work": {"duration_seconds": 1000000000, "heartbeat_every_seconds": 0.001}},
      "options": {"liveness_bound_seconds": 1000000000, "max_events": )" + max_events + "}}";
}

struct Sweep {
  Exit exit;
  std::string digests;
  Json summary;
  std::map<std::string, std::string> capsules;
};

// One sweep into scratch/out (emptied first: the summary names the capsules' paths, so every
// sweep of a comparison writes to the same place).
Sweep explore(const Scratch& scratch, std::vector<std::string> args, const std::string& run) {
  const fs::path out = scratch / "out";
  fs::remove_all(out);
  const fs::path digests = scratch / ("digests-" + run + ".txt");
  const fs::path summary = scratch / ("summary-" + run + ".json");
  args.insert(args.begin(), "explore");
  for (const std::string& extra :
       {std::string("--out"), out.string(), std::string("--digests"), digests.string(),
        std::string("--json"), summary.string(), std::string("--max-seconds-per-seed"),
        std::string("0")}) {
    args.push_back(extra);
  }
  Sweep sweep;
  sweep.exit = run_wfsim(args, soak() ? 3600 : 240);
  sweep.digests = slurp(digests);
  sweep.summary = summary_without_timing(summary);
  sweep.capsules = files_in(out);
  return sweep;
}

BOOST_AUTO_TEST_CASE(every_bundled_scenario_has_one_digest_per_seed_with_any_jobs_and_again) {
  const Scratch scratch("determinism-sweep");
  const std::vector<std::string> scenarios = bundled_scenarios();
  BOOST_REQUIRE(scenarios.size() >= 30U);
  const uint64_t seeds = soak() ? 5000 : 500;
  std::vector<std::string> args = scenarios;
  args.insert(args.end(), {"--seeds", std::to_string(seeds), "--seed-start", "1000"});
  std::vector<std::string> one_job = args;
  one_job.insert(one_job.end(), {"--jobs", "1"});
  std::vector<std::string> two_jobs = args;
  two_jobs.insert(two_jobs.end(), {"--jobs", "2"});
  const Sweep first = explore(scratch, one_job, "jobs1");
  const Sweep second = explore(scratch, two_jobs, "jobs2");
  const Sweep third = explore(scratch, two_jobs, "again");
  BOOST_TEST(first.exit.code == 0, first.exit.out << first.exit.err);
  BOOST_TEST(line_count(first.digests) == scenarios.size() * seeds);
  BOOST_TEST(!contains(first.digests, "wall-time"));
  BOOST_TEST(first.digests == second.digests);
  BOOST_TEST(first.digests == third.digests);
  BOOST_TEST(first.summary == second.summary);
  BOOST_TEST(first.summary == third.summary);
  BOOST_TEST_MESSAGE("determinism sweep: " << scenarios.size() << " scenarios x " << seeds
                                           << " seeds, three sweeps, identical digests");
}

BOOST_AUTO_TEST_CASE(swarm_and_mutant_sweeps_give_the_same_digests_and_capsules_byte_for_byte) {
  // Every planted defect at once over scenarios/mutants: many distinct findings, so many
  // capsules, each rewritten whenever a lower seed shows the same failure.
  const Scratch scratch("determinism-mutants");
  const Exit mutants = run_wfsim({"mutants"});
  BOOST_REQUIRE(mutants.code == 0);
  std::vector<std::string> args = {(source_dir() / "scenarios" / "mutants").string(), "--swarm",
                                   "--seeds", soak() ? "2000" : "100"};
  std::istringstream lines(mutants.out);
  for (std::string line; std::getline(lines, line);) {
    args.insert(args.end(), {"--mutant", line.substr(0, line.find(' '))});
  }
  std::vector<std::string> one_job = args;
  one_job.insert(one_job.end(), {"--jobs", "1"});
  std::vector<std::string> two_jobs = args;
  two_jobs.insert(two_jobs.end(), {"--jobs", "2"});
  const Sweep first = explore(scratch, one_job, "jobs1");
  const Sweep second = explore(scratch, two_jobs, "jobs2");
  BOOST_TEST(first.exit.code == 1, first.exit.out << first.exit.err);
  BOOST_TEST(first.capsules.size() >= 10U);
  BOOST_TEST((first.capsules == second.capsules));
  BOOST_TEST(first.digests == second.digests);
  BOOST_TEST(first.summary == second.summary);
  BOOST_TEST(first.summary["nondeterminism"].empty());
  for (const auto& [name, text] : first.capsules) {
    BOOST_TEST(!contains(name, ".tmp."), name);  // Atomic writes leave no temporary behind.
  }
}

BOOST_AUTO_TEST_CASE(a_state_machine_looping_forever_ends_at_the_history_limit) {
  const Scratch scratch("loop-history");
  const std::string file = write_scenario(scratch, "loop", endless_loop("loop", "{}"));
  const Exit exit = run_wfsim({"run", file, "--seed", "3"}, 60);
  BOOST_TEST(exit.seconds < 30);
  BOOST_TEST(contains(exit.out, "  status              FAILED"), exit.out << exit.err);
  BOOST_TEST(exit.code != 70, exit.err);
}

BOOST_AUTO_TEST_CASE(a_run_without_end_ends_as_a_liveness_finding_not_a_hang) {
  const Scratch scratch("endless-bounds");
  const std::string events = write_scenario(scratch, "events",
                                            heartbeating_forever("events", "200000"));
  const Exit limited = run_wfsim({"run", events, "--max-seconds-per-seed", "0"}, 300);
  BOOST_TEST(limited.code == 3, limited.out << limited.err);
  BOOST_TEST(contains(limited.out, "LIVENESS liveness.event_limit"), limited.out);
  // Every bound lifted but the wall clock: the per-seed budget ends the run.
  const std::string endless = write_scenario(scratch, "endless",
                                             heartbeating_forever("endless", "1000000000000"));
  const Exit timed = run_wfsim({"run", endless, "--max-seconds-per-seed", "1"}, 60);
  BOOST_TEST(timed.code == 3, timed.out << timed.err);
  BOOST_TEST(contains(timed.out, "LIVENESS liveness.wall_time"), timed.out);
  BOOST_TEST(timed.seconds < 15);
}

// A child process of the wfsim program that the test watches while it runs.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    std::vector<std::string> words = {WFSIM_BINARY};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    BOOST_REQUIRE_MESSAGE(spawned == 0, "cannot start " << WFSIM_BINARY);
  }
  ~Child() {
    if (!done_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool running() {
    if (done_) return false;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) done_ = true;
    return !done_;
  }
  void signal(int number) { ::kill(pid_, number); }
  // The exit code, or 128 + the signal that ended it.
  int wait() {
    if (!done_) ::waitpid(pid_, &status_, 0);
    done_ = true;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = 0;
  int status_ = 0;
  bool done_ = false;
};

// Waits up to `seconds` for `condition`; false if it never held.
template <typename Condition>
bool wait_for(double seconds, Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return condition();
}

BOOST_AUTO_TEST_CASE(a_capsule_is_on_disk_before_its_verification_so_sigkill_cannot_lose_it) {
  // One seed, one long run that ends in liveness.event_limit: the finding's capsule must appear
  // while the sweep still replays the run to verify it (as long again), so killing the sweep
  // outright at that moment keeps a complete capsule that replays.
  const Scratch scratch("sigkill");
  const std::string file =
      write_scenario(scratch, "long", heartbeating_forever("long", "300000"));
  const fs::path capsule = scratch / "out" / "long" / "liveness.event_limit.capsule.json";
  Child sweep({"explore", file, "--seeds", "1", "--jobs", "1", "--max-seconds-per-seed", "0",
               "--out", (scratch / "out").string()});
  BOOST_REQUIRE(wait_for(120, [&] { return fs::exists(capsule) || !sweep.running(); }));
  BOOST_TEST(sweep.running(), "the sweep ended before its capsule appeared");
  sweep.signal(SIGKILL);
  BOOST_TEST(sweep.wait() == 128 + SIGKILL);
  BOOST_REQUIRE(fs::exists(capsule));
  const Json written = Json::parse(slurp(capsule));
  BOOST_TEST(written["violation"]["invariant"] == "liveness.event_limit");
  const Exit replay = run_wfsim({"replay", capsule.string(), "--max-seconds-per-seed", "0"}, 120);
  BOOST_TEST(replay.code == 3, replay.out << replay.err);
  BOOST_TEST(contains(replay.out, "matches the capsule"), replay.out);
  for (const auto& [name, text] : files_in(scratch / "out")) {
    BOOST_TEST(!contains(name, ".tmp."), name);
  }
}

BOOST_AUTO_TEST_CASE(sigterm_during_one_endless_seed_stops_promptly_with_the_summary) {
  const Scratch scratch("sigterm-long-seed");
  const std::string file =
      write_scenario(scratch, "endless", heartbeating_forever("endless", "1000000000000"));
  const fs::path summary = scratch / "s.json";
  Child sweep({"explore", file, "--seeds", "5", "--jobs", "2", "--max-seconds-per-seed", "0",
               "--out", (scratch / "out").string(), "--json", summary.string()});
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  BOOST_REQUIRE(sweep.running());
  const auto signalled = std::chrono::steady_clock::now();
  sweep.signal(SIGTERM);
  BOOST_TEST(wait_for(5, [&] { return !sweep.running(); }), "still running 5 s after SIGTERM");
  const double stopped_after =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
  BOOST_TEST(sweep.wait() == 143);
  BOOST_TEST(stopped_after < 5.0);
  const Json written = Json::parse(slurp(summary));
  BOOST_TEST(written["interrupted"] == true);
  BOOST_TEST(written["seeds"] == 0);  // Runs in progress count for nothing.
  BOOST_TEST(written["exit_code"] == 143);
}

}  // namespace
}  // namespace wfsim::cli::test
