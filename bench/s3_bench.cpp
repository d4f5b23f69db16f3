// BM_S3_ReadCsv/N: read_items over a CSV object of N data rows (a header row and four columns,
// quoted and plain fields mixed) into N items. Reports items per second; the store and the
// object are built once, outside the timed loop.
#include <benchmark/benchmark.h>

#include "s3/formats.h"
#include "s3/s3.h"

namespace wfsim {
namespace {

std::string csv_rows(int64_t rows) {
  std::string text = "id,name,amount,note\n";
  for (int64_t i = 0; i < rows; ++i) {
    text += std::to_string(i) + ",customer-" + std::to_string(i % 977) + "," +
            std::to_string((i * 37) % 10'000) + ".25,\"quoted, with a comma\"\n";
  }
  return text;
}

void BM_S3_ReadCsv(benchmark::State& state) {
  const int64_t rows = state.range(0);
  s3::ObjectStore store;
  store.put("data", "rows.csv", s3::Object{csv_rows(rows), kDefaultEpoch});
  s3::ReadRequest request;
  request.bucket = "data";
  request.key = "rows.csv";
  request.input_type = s3::InputType::csv;
  for (auto _ : state) {
    const s3::ReadOutcome outcome = s3::read_items(store, request);
    if (outcome.failure_cause || static_cast<int64_t>(outcome.items.size()) != rows) {
      state.SkipWithError("the CSV did not read back");
      return;
    }
    benchmark::DoNotOptimize(outcome.items.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_S3_ReadCsv)->Arg(1000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wfsim
