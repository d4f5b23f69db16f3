// Test helpers for the Step Functions engine tests (not part of any library).
#pragma once

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/test_printing.h"
#include "engine/sfn_driver.h"
#include "record/history_json.h"

namespace wfsim::sfn {
inline std::ostream& operator<<(std::ostream& out, ExecutionStatus s) { return out << to_string(s); }
inline std::ostream& operator<<(std::ostream& out, DispatchKind k) { return out << to_string(k); }
}  // namespace wfsim::sfn

namespace wfsim::sfn::testing {

inline std::vector<std::string> types(const History& history) {
  std::vector<std::string> out;
  for (const HistoryEvent& e : history.events) out.emplace_back(to_string(e.type));
  return out;
}

inline std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

inline const History& history_of(LocalDriver& driver, const std::string& arn) {
  const History* h = driver.engine().history(arn);
  BOOST_TEST_REQUIRE(h != nullptr);
  return *h;
}

// Seconds since the driver's start of event `id`.
inline double seconds_at(const History& history, int64_t id) {
  return (history.at(id).timestamp - kDefaultEpoch).seconds_real();
}

inline const HistoryEvent* first_of(const History& history, EventType type) {
  for (const HistoryEvent& e : history.events) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

inline std::vector<const HistoryEvent*> all_of(const History& history, EventType type) {
  std::vector<const HistoryEvent*> out;
  for (const HistoryEvent& e : history.events) {
    if (e.type == type) out.push_back(&e);
  }
  return out;
}

// Compares the history's JSON with sim/engine/testdata/<name>.json. With WFSIM_UPDATE_GOLDEN=1 the
// file is rewritten instead (review the diff before committing it).
inline void check_golden(const History& history, const std::string& name) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  BOOST_TEST_REQUIRE(root != nullptr, "WFSIM_SOURCE_DIR is set by ctest");
  const std::string path = std::string(root) + "/sim/engine/testdata/" + name + ".json";
  const std::string actual = history_to_json(history).dump(2) + "\n";
  if (const char* update = std::getenv("WFSIM_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path) << actual;
    return;
  }
  std::ifstream in(path);
  BOOST_TEST_REQUIRE(in.good(), "missing golden file " << path);
  std::stringstream expected;
  expected << in.rdbuf();
  BOOST_TEST(actual == expected.str(), "history differs from " << path);
}

// Responders.
// Answers every task with {"echo": <payload>}.
inline void echo(LocalDriver& driver, const Delivery& d) {
  driver.engine().complete_integration(driver.now(), d.token,
                                       IntegrationResult::success(Json{{"echo", d.payload}}));
}

inline Json lambda_payload(const Json& payload) {
  return Json{{"ExecutedVersion", "$LATEST"}, {"Payload", payload}, {"StatusCode", 200}};
}

// "1(0) ExecutionStarted 2(0) PassStateEntered ...": how histories recorded on AWS are compared
// (id, previousEventId and type of every event).
inline std::string linked_trace(const History& h) {
  std::string out;
  for (const HistoryEvent& e : h.events) {
    if (!out.empty()) out += ' ';
    out += std::to_string(e.id) + "(" + std::to_string(e.previous_event_id) + ") " +
           std::string(to_string(e.type));
  }
  return out;
}

// --- The Distributed Map (sfn_map_run_test.cpp, sfn_map_run_s3_test.cpp,
// sfn_map_run_jsonata_test.cpp).

// Answers each child's Lambda call with {"doubled": 2n} after `delay`; item n fails on its first
// `failures[n]` invocations (across redrives), and never answers when n is in `hanging`.
struct MapItemWorker {
  Duration delay = Duration::seconds(1);
  std::map<int, int> failures;
  std::vector<int> hanging;
  std::shared_ptr<std::map<int, int>> calls = std::make_shared<std::map<int, int>>();
  void operator()(LocalDriver& driver, const Delivery& d) {
    const int n = d.payload.contains("n") ? d.payload["n"].get<int>() : 0;
    if (std::find(hanging.begin(), hanging.end(), n) != hanging.end()) return;
    const bool fail = (*calls)[n]++ < (failures.count(n) ? failures.at(n) : 0);
    driver.after(delay, [&driver, token = d.token, n, fail] {
      driver.engine().complete_integration(
          driver.now(), token,
          fail ? IntegrationResult::failure("Item.Bad", "item " + std::to_string(n))
               : IntegrationResult::success(Json{{"doubled", 2 * n}}));
    });
  }
};

// A child machine of one Lambda Task (StartAt and States members of an ItemProcessor).
inline const std::string kLambdaChild =
    R"("StartAt":"Work","States":{"Work":{"Type":"Task",
       "Resource":"arn:aws:states:::lambda:invoke","End":true}})";

// A machine whose first state is the Distributed Map "Fan" (Label "Fan"): `machine_fields` and
// `map_fields` are JSON members (each ending in a comma) of the machine and of the Map state,
// `child` the StartAt and States of its ItemProcessor running `type` children, and `after` ends
// the Map state ("End":true, or a Next or Catch that may name "Handled", a Pass state then added).
inline std::string distributed_machine(const std::string& map_fields, const std::string& child,
                                       const std::string& type = "STANDARD",
                                       const std::string& after = R"("End":true)",
                                       const std::string& machine_fields = "") {
  return "{" + machine_fields +
         R"("StartAt":"Fan","States":{"Fan":{"Type":"Map","Label":"Fan",)" + map_fields +
         R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":")" + type +
         R"("},)" + child + "}," + after + "}" +
         (after.find("Handled") != std::string::npos
              ? R"(,"Handled":{"Type":"Pass","End":true})"
              : "") +
         "}}";
}

// DescribeMapRun of the driver's `index`th Map Run.
inline Json describe_run(LocalDriver& driver, size_t index = 0) {
  const auto arns = driver.engine().map_run_arns();
  BOOST_TEST_REQUIRE(arns.size() > index);
  const ApiAnswer answer = driver.engine().describe_map_run(driver.now(), arns[index]);
  BOOST_TEST_REQUIRE(answer.ok());
  return *answer.response;
}

}  // namespace wfsim::sfn::testing
