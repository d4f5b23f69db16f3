// BM_Execution_Simple and BM_Execution_Map100: whole executions of the shared benchmark definitions
// (bench/definitions, copied unchanged from the comparison suite) on the reference engine, with the
// Task mocked to return {"v": 1} at once. One execution at a time; the definition is parsed once.
// Reports executions per second. BM_Execution_Simple_JSONata runs the same machine written in
// JSONata (simple-jsonata.asl.json, ours): issue 16's target is at least 0.6x BM_Execution_Simple.
#include <benchmark/benchmark.h>

#include <string>

#include "mock_host.h"

namespace wfsim {
namespace {

using bench::load;
using bench::MockHost;

void BM_Execution_Simple(benchmark::State& state) {
  const auto definition = load("simple.asl.json");
  const Json input = Json{{"value", 1}};
  MockHost host;
  for (auto _ : state) host.execute(definition, input);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Execution_Simple);

void BM_Execution_Simple_JSONata(benchmark::State& state) {
  const auto definition = load("simple-jsonata.asl.json");
  const Json input = Json{{"value", 1}};
  MockHost host;
  // The same machine: the same final output as the JSONPath original.
  const Json expected = MockHost().execute(load("simple.asl.json"), input);
  WFSIM_ASSERT_MSG(host.execute(definition, input) == expected,
                   "the JSONata benchmark machine must end with the JSONPath one's output");
  for (auto _ : state) host.execute(definition, input);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Execution_Simple_JSONata);

void BM_Execution_Map100(benchmark::State& state) {
  const auto definition = load("map100.asl.json");
  Json items = Json::array();
  for (int i = 0; i < 100; ++i) items.push_back(Json{{"i", i}});
  const Json input = Json{{"items", items}};
  MockHost host;
  for (auto _ : state) host.execute(definition, input);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Execution_Map100);

// Memory stays flat: a million simple executions, one at a time, must not grow the peak resident
// set more than a few MiB beyond what the first ten thousand needed. Reports both peaks (MiB).
using bench::peak_rss_kib;

void BM_Execution_Simple_PeakRss(benchmark::State& state) {
  const auto definition = load("simple.asl.json");
  const Json input = Json{{"value", 1}};
  for (auto _ : state) {
    MockHost host;
    for (int i = 0; i < 10'000; ++i) host.execute(definition, input);
    const int64_t after_10k = peak_rss_kib();
    for (int i = 10'000; i < 1'000'000; ++i) host.execute(definition, input);
    const int64_t after_1m = peak_rss_kib();
    state.counters["peak_rss_10k_MiB"] = static_cast<double>(after_10k) / 1024.0;
    state.counters["peak_rss_1M_MiB"] = static_cast<double>(after_1m) / 1024.0;
    state.counters["growth_MiB"] = static_cast<double>(after_1m - after_10k) / 1024.0;
  }
  state.SetItemsProcessed(state.iterations() * 1'000'000);
}
BENCHMARK(BM_Execution_Simple_PeakRss)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace wfsim
