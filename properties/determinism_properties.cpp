// Determinism is the product: the same scenario and seed give the same digest and the same
// record, whether the trace is kept or not, whether other runs go on in parallel threads (as
// `wfsim explore --jobs 2` runs them), and when a capsule of the run is written, read back and
// replayed from its recorded fault schedule (as `wfsim replay` does).
#include <rapidcheck/boost_test.h>

#include <thread>

#include "engine/mutants.h"
#include "properties/case_runner.h"
#include "properties/profile.h"
#include "scenario/capsule.h"
#include "scenario/writers.h"

WFSIM_PROPERTY_BUDGET(150, 3000);

namespace wfsim::properties {
namespace {

GeneratedCase any_case() {
  return *case_for(*rc::gen::element(Area::retry, Area::timing, Area::tokens, Area::shape,
                                     Area::redrive, Area::temporal_retry, Area::temporal_timers,
                                     Area::temporal_heartbeats));
}

// Sometimes a planted defect: a mutant engine must be just as deterministic.
std::vector<std::string> any_mutants() {
  if (*rc::gen::inRange(0, 4) != 0) return {};
  const auto mutants = all_mutants();
  return {std::string(mutants[*rc::gen::inRange<size_t>(0, mutants.size())].name)};
}

// The first line where two texts differ ("" when they are equal).
std::string first_difference(const std::string& a, const std::string& b) {
  size_t line = 1;
  size_t begin = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) {
      const size_t end = a.find('\n', i);
      return "line " + std::to_string(line) + ": " + a.substr(begin, end - begin);
    }
    if (a[i] == '\n') {
      ++line;
      begin = i + 1;
    }
  }
  return a.size() == b.size() ? "" : "one is longer, from line " + std::to_string(line);
}

// Same digest, history, call log, fault schedule and final status.
void expect_same_run(const world::RunResult& a, const world::RunResult& b) {
  const std::string history = first_difference(scenario::history_text(a),
                                               scenario::history_text(b));
  const std::string calls = first_difference(scenario::calls_text(a), scenario::calls_text(b));
  if (a.digest == b.digest && history.empty() && calls.empty() &&
      a.schedule.firings == b.schedule.firings && a.final_status == b.final_status) {
    return;
  }
  RC_FAIL("two runs of the same case differ: digests " + scenario::digest_hex(a.digest) + " and " +
          scenario::digest_hex(b.digest) + "; history: " + (history.empty() ? "same" : history) +
          "; call log: " + (calls.empty() ? "same" : calls) + "; statuses " + a.final_status +
          " and " + b.final_status);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(determinism)

RC_BOOST_PROP(the_same_seed_gives_the_same_digest_and_record_with_or_without_the_trace, ()) {
  const LoadedCase loaded = load_case(any_case(), any_mutants());
  const world::RunResult traced = run_case(loaded, true);
  const world::RunResult plain = run_case(loaded, false);
  RC_ASSERT(traced.trace.size() == traced.events);
  expect_same_run(traced, plain);
}

RC_BOOST_PROP(two_jobs_give_every_case_the_digest_it_gets_alone, ()) {
  const auto count = *rc::gen::inRange<size_t>(2, 7);
  std::vector<LoadedCase> cases;
  for (size_t i = 0; i < count; ++i) cases.push_back(load_case(any_case(), any_mutants()));
  std::vector<uint64_t> alone;
  for (const LoadedCase& c : cases) alone.push_back(run_case(c).digest);
  // Two jobs as explore runs them: threads taking cases in turn, running at the same time.
  std::vector<uint64_t> together(count, 0);
  auto job = [&](size_t first) {
    for (size_t i = first; i < count; i += 2) together[i] = run_case(cases[i]).digest;
  };
  std::thread other(job, 1);
  job(0);
  other.join();
  for (size_t i = 0; i < count; ++i) {
    RC_ASSERT(together[i] == alone[i]);
  }
}

RC_BOOST_PROP(a_capsule_read_back_replays_its_run_to_the_same_digest, ()) {
  const GeneratedCase generated = any_case();
  const LoadedCase loaded = load_case(generated, any_mutants());
  const world::RunResult original = run_case(loaded);
  run::Evaluation none;
  const scenario::Capsule written =
      run::make_capsule(loaded.scenario, original, none, false, loaded.mutants, "wfsim run");
  const std::string text = scenario::capsule_to_text(written);
  const Json document = Json::parse(text, nullptr, false);
  RC_ASSERT(!document.is_discarded());
  auto read = scenario::capsule_from_json(document, "capsule");
  RC_ASSERT(std::holds_alternative<scenario::Capsule>(read));
  const scenario::Capsule& capsule = std::get<scenario::Capsule>(read);
  RC_ASSERT(capsule.seed == generated.seed);
  RC_ASSERT(capsule.mutants == loaded.mutants);
  const GeneratedCase replayed{generated.area, capsule.scenario, capsule.seed};
  const LoadedCase reloaded = load_case(replayed, capsule.mutants);
  const world::RunResult again = run_case(reloaded, false, &capsule.schedule);
  RC_ASSERT(again.digest == capsule.digest);
  expect_same_run(original, again);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::properties
