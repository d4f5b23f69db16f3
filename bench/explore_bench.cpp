// BM_Explore: seeds per second of exploration on one thread: each seed runs the fault-injected
// scenario bench/scenarios/explore.scenario.json (an activity with heartbeats, worker crashes,
// dropped heartbeats and completions, retries and a catcher) in the simulated world, then checks
// every invariant and the scenario's expectations on it: run::run_seed, as `wfsim explore`
// runs each seed.
#include <benchmark/benchmark.h>

#include "run/run.h"
#include "scenario/scenario.h"

namespace wfsim {
namespace {

void BM_Explore(benchmark::State& state) {
  auto loaded = scenario::load_scenario(std::string(WFSIM_BENCH_DIR) +
                                        "/scenarios/explore.scenario.json");
  WFSIM_ASSERT_MSG(std::holds_alternative<scenario::Scenario>(loaded),
                   "bench/scenarios/explore.scenario.json does not load");
  const scenario::Scenario& s = std::get<scenario::Scenario>(loaded);
  uint64_t seed = 1;
  uint64_t findings = 0;
  uint64_t faults = 0;
  for (auto _ : state) {
    run::Request request;
    request.scenario = &s;
    request.seed = seed++;
    const run::Outcome outcome = run::run_seed(request);
    findings += outcome.evaluation.findings.size();
    for (const uint64_t n : outcome.result.faults_injected) faults += n;
  }
  WFSIM_ASSERT_MSG(findings == 0, "the benchmark scenario must hold on the faithful engine");
  state.SetItemsProcessed(state.iterations());
  state.counters["faults_per_seed"] =
      static_cast<double>(faults) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Explore);

}  // namespace
}  // namespace wfsim
