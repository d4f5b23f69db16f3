// BM_DistributedMap/N and BM_InlineMap/N: one execution whose Map runs N items through the same
// two-state child (a Task the mock answers at once, then Succeed), as a Distributed Map (each
// item a Standard child execution with its own history and ARN, the Map Run's events and
// counters) and as an inline Map. Issue 18's target: the cost per item of the Distributed Map
// within 3x of the inline Map's, and memory that grows no faster than linearly with the items.
//
// Up to 1,000 items come in the execution input; larger runs read them from S3 (a JSON array,
// ItemReader) and write the children's results back (ResultWriter), as AWS's 256 KiB payload
// limit demands, so they include sim/s3's reading and writing. An inline Map cannot hold more
// than the payload limit allows: BM_InlineMap stops at 1,000.
//
// Reports items per second and the process's peak resident set after the run (MiB), with the
// peak's growth over the benchmark per item (bytes; 0 when an earlier, larger run set the peak).
// Finished children keep no history (EngineOptions::keep_map_run_child_histories off).
#include <benchmark/benchmark.h>

#include "mock_host.h"

namespace wfsim {
namespace {

constexpr int64_t kInlineItems = 1000;  // More would not fit the execution input.

Json item_list(int64_t items) {
  Json list = Json::array();
  for (int64_t i = 0; i < items; ++i) list.push_back(Json{{"id", i}, {"name", "item"}});
  return list;
}

void run_map(benchmark::State& state, bool distributed) {
  const int64_t items = state.range(0);
  const bool from_s3 = items > kInlineItems;
  WFSIM_ASSERT(distributed || !from_s3);
  const auto definition = bench::load(!distributed ? "inline-map.asl.json"
                                      : from_s3   ? "distributed-map-s3.asl.json"
                                                  : "distributed-map.asl.json");
  sfn::EngineOptions options;
  options.keep_map_run_child_histories = false;
  bench::MockHost host(options);
  Json input = Json::object();
  if (from_s3) {
    host.store().put("bench-items", "items.json",
                     s3::Object{to_compact_text(item_list(items)), kDefaultEpoch});
    host.store().create_bucket("bench-results");
  } else {
    input["items"] = item_list(items);
  }
  const s3::ObjectStore pristine = host.store();
  const int64_t peak_before = bench::peak_rss_kib();
  // One untimed run first. A 100,000-item run is one iteration a repetition, so without it the
  // first repetition alone pays for the heap's first touch of its pages, which the inline Map's
  // hundreds of iterations spread thinly; with it, both are measured warm.
  host.execute(definition, input);
  if (from_s3) host.set_store(pristine);
  for (auto _ : state) {
    if (from_s3) {
      // The previous run's result files go (outside the timing): memory is one run's.
      state.PauseTiming();
      host.set_store(pristine);
      state.ResumeTiming();
    }
    const Json output = host.execute(definition, input);
    if (from_s3) {
      WFSIM_ASSERT(output.contains("ResultWriterDetails"));
    } else {
      WFSIM_ASSERT(output["results"].size() == static_cast<size_t>(items));
    }
  }
  const int64_t peak_after = bench::peak_rss_kib();
  state.SetItemsProcessed(state.iterations() * items);
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_after) / 1024.0;
  state.counters["peak_growth_B_per_item"] =
      static_cast<double>(peak_after - peak_before) * 1024.0 / static_cast<double>(items);
}

void BM_DistributedMap(benchmark::State& state) { run_map(state, true); }
BENCHMARK(BM_DistributedMap)->Arg(1000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_InlineMap(benchmark::State& state) { run_map(state, false); }
BENCHMARK(BM_InlineMap)->Arg(kInlineItems)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wfsim
