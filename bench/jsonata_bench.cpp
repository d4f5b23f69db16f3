// BM_JSONata_*: one compiled expression evaluated over a generated 1,000-order input
// (deterministic: a fixed Random seed), one evaluation per iteration, the result converted to
// Json as the engine would. Reports evaluations per second.
//
// `wfsim_jsonata_bench --print-cases` prints {"input": ..., "cases": {name: expression}} instead
// of running, so scripts/jsonata-compare can time the same expressions in jsonata-js.
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "core/random.h"
#include "jsonata/jsonata.h"

namespace wfsim {
namespace {

const std::vector<std::pair<std::string, std::string>>& cases() {
  static const std::vector<std::pair<std::string, std::string>> list = {
      {"PathFilter", "orders[status = 'shipped' and total > 500].id"},
      {"Aggregate",
       "{'total': $sum(orders.total), 'average': $average(orders.total), "
       "'dearest': $max(orders.items.price), 'open': $count(orders[status = 'open'])}"},
      {"ObjectConstruct",
       "orders.{'id': id, 'who': customer.name, 'lines': $count(items), "
       "'value': $sum(items.(qty * price))}"},
      {"StringFunctions",
       "orders.($uppercase($substring(customer.name, 0, 3)) & '-' & $join(tags, '|') & '-' & "
       "$string(total) & '-' & $substringAfter(customer.email, '@'))"},
      {"MapLambda", "$map(orders, function($o, $i){ $o.total * ($i % 3 + 1) })"},
      {"OrderBy", "orders^(>total, id)[[0..9]].id"},
      {"DateFormat", "orders.$fromMillis(createdMillis, '[Y0001]-[M01]-[D01]T[H01]:[m01]')"},
      {"NumberFormat", "orders.$formatNumber(total, '#,##0.00')"},
      {"IntegerFormat", "orders.$formatInteger($round(total), 'w')"},
      {"DateParse",
       "orders.$toMillis($fromMillis(createdMillis), "
       "'[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]Z')"},
  };
  return list;
}

const Json& input() {
  static const Json orders = [] {
    Random random(20240601);
    static const char* kStatus[] = {"open", "shipped", "cancelled", "returned"};
    static const char* kNames[] = {"ada", "grace", "edsger", "barbara", "alan", "margaret"};
    static const char* kTags[] = {"gift", "express", "bulk", "fragile", "priority"};
    Json list = Json::array();
    for (int i = 0; i < 1000; ++i) {
      Json items = Json::array();
      const int lines = 1 + static_cast<int>(random.uniform(4));
      for (int k = 0; k < lines; ++k) {
        items.push_back({{"sku", "SKU-" + std::to_string(random.uniform(500))},
                         {"qty", 1 + random.uniform(5)},
                         {"price", static_cast<double>(random.uniform(20000)) / 100.0}});
      }
      Json tags = Json::array();
      for (int k = 0, n = static_cast<int>(random.uniform(3)); k <= n; ++k)
        tags.push_back(kTags[random.uniform(5)]);
      const char* name = kNames[random.uniform(6)];
      list.push_back({{"id", "order-" + std::to_string(i)},
                      {"status", kStatus[random.uniform(4)]},
                      {"total", static_cast<double>(random.uniform(100000)) / 100.0},
                      {"customer", {{"name", name}, {"email", std::string(name) + "@example.com"}}},
                      {"items", items},
                      {"tags", tags},
                      {"createdMillis", 1700000000000 + static_cast<int64_t>(random.uniform(1u << 30))}});
    }
    return Json{{"orders", list}};
  }();
  return orders;
}

void run_case(benchmark::State& state, const std::string& text) {
  auto compiled = jsonata::compile(text);
  WFSIM_ASSERT_MSG(std::holds_alternative<jsonata::Expression>(compiled), text);
  const auto& expression = std::get<jsonata::Expression>(compiled);
  Random random(1);
  jsonata::Environment environment;
  environment.now_millis = 1700000000000;
  environment.random = &random;
  const Json& data = input();
  for (auto _ : state) {
    jsonata::Outcome outcome = jsonata::evaluate(expression, &data, environment);
    benchmark::DoNotOptimize(outcome);
    if (outcome.kind == jsonata::Outcome::Kind::error) {
      state.SkipWithError(outcome.error.describe().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace
}  // namespace wfsim

int main(int argc, char** argv) {
  using namespace wfsim;
  if (argc > 1 && std::strcmp(argv[1], "--print-cases") == 0) {
    Json out = {{"input", input()}, {"cases", Json::object()}};
    for (const auto& [name, text] : cases()) out["cases"][name] = text;
    std::cout << out.dump() << "\n";
    return 0;
  }
  for (const auto& [name, text] : cases()) {
    benchmark::RegisterBenchmark(("BM_JSONata_" + name).c_str(),
                                 [text = text](benchmark::State& state) { run_case(state, text); });
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
