// Signatures of findings (evaluate.h) and what they decide: the same expectation failing with
// another status, at another state or with another error is another failure; a sweep keeps a
// capsule per signature with its seed count; and shrink keeps the signature, rejecting a step
// that turns a timeout on one state into an immediate error on another.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include "run/explore.h"
#include "run/replay.h"
#include "run/run.h"
#include "run/shrink_capsule.h"
#include "scenario/scenario_test_support.h"
#include "scenario/writers.h"

namespace wfsim::run {
namespace {

using scenario::Scenario;
namespace test = scenario::test;

const char* kShipArn = "arn:aws:states:us-east-1:123456789012:activity:ship";

// Ship times out after 5 s while its worker takes 60 s; the execution's own limit is
// `execution_timeout` seconds (0: none). The scenario expects success.
Scenario ship_times_out(int execution_timeout) {
  const std::string limit =
      execution_timeout > 0 ? R"("TimeoutSeconds": )" + std::to_string(execution_timeout) + ","
                            : "";
  return test::load_ok(R"({"name": "ship-times-out", "dialect": "step-functions",
    "definition": {)" + limit + R"("StartAt": "Ship", "States": {"Ship": {"Type": "Task",
      "Resource": ")" + kShipArn + R"(", "TimeoutSeconds": 5, "End": true}}},
    "resources": {"Ship": {"duration_seconds": 60}},
    "expect": {"status": ["SUCCEEDED"]}})");
}

const Finding& only_finding(const Outcome& outcome, const std::string& name) {
  const Finding* found = nullptr;
  for (const Finding& finding : outcome.evaluation.findings) {
    if (finding.name == name) found = &finding;
  }
  BOOST_REQUIRE_MESSAGE(found != nullptr, "no " << name << " finding");
  return *found;
}

Outcome run_once(const Scenario& scenario, uint64_t seed = 0) {
  Request request;
  request.scenario = &scenario;
  request.seed = seed;
  return run_seed(request);
}

// Tells nothing; a sweep's findings are read from its report.
class QuietObserver final : public ExploreObserver {
 public:
  void found(const ExploreScenario&, uint64_t, const Finding&, const FailureRecord&) override {}
  void progress(uint64_t, std::optional<uint64_t>, size_t, double, bool) override {}
};

class ZeroClock final : public Clock {
 public:
  double seconds() const override { return 0; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(signatures)

BOOST_AUTO_TEST_CASE(an_expectation_on_the_end_names_the_status_the_state_and_the_error) {
  const Outcome failed = run_once(ship_times_out(0));
  const Finding& status = only_finding(failed, "expect.status");
  BOOST_TEST(status.status == "FAILED");
  BOOST_TEST(status.state == "Ship");
  BOOST_TEST(status.error == "States.Timeout");
  BOOST_TEST(to_string(status.signature()) == "expect.status FAILED on Ship after States.Timeout");

  // The execution's own timeout ends it first: the same expectation, another failure.
  const Outcome timed_out = run_once(ship_times_out(3));
  const Finding& other = only_finding(timed_out, "expect.status");
  BOOST_TEST(other.status == "TIMED_OUT");
  BOOST_TEST((other.signature() != status.signature()));
  BOOST_TEST(to_string(other.signature()).starts_with("expect.status TIMED_OUT"));
}

BOOST_AUTO_TEST_CASE(an_invariant_at_an_event_names_the_state_of_that_event) {
  Scenario scenario = test::load_testdata("slow-ship.scenario.json");
  apply_mutants(scenario, {"heartbeat-extends-task-timeout"});
  const Outcome outcome = run_once(scenario);
  const Finding& finding = only_finding(outcome, "sfn.hard_task_timeout");
  BOOST_TEST(finding.state == "Ship");
  BOOST_TEST(finding.status == "");  // Only expectations on the run's end carry it.
  BOOST_TEST(to_string(finding.signature()) ==
             "sfn.hard_task_timeout at " + finding.event_type + " on Ship" +
                 (finding.error.empty() ? "" : " after " + finding.error));
}

BOOST_AUTO_TEST_CASE(signature_text_and_capsule_names_show_the_parts_that_are_set) {
  BOOST_TEST(to_string(Signature{"liveness.unfinished", "", "", "", ""}) == "liveness.unfinished");
  const Signature status{"expect.status", "", "Ship", "States.Timeout", "FAILED"};
  BOOST_TEST(capsule_file_name(status) == "expect.status.FAILED.Ship.States.Timeout.capsule.json");
  BOOST_TEST(capsule_file_name(Signature{"liveness.unfinished", "", "", "", ""}) ==
             "liveness.unfinished.capsule.json");
  const Signature at_event{"sfn.hard_task_timeout", "ActivitySucceeded", "", "", ""};
  BOOST_TEST(capsule_file_name(at_event) == "sfn.hard_task_timeout.ActivitySucceeded.capsule.json");
  // States named so that their parts would run together get a hash: never one file for two.
  const std::string dotted =
      capsule_file_name(Signature{"expect.status", "", "A.B", "C", "FAILED"});
  const std::string plain = capsule_file_name(Signature{"expect.status", "", "A", "B.C", "FAILED"});
  BOOST_TEST(dotted != plain);
  BOOST_TEST(capsule_file_name(Signature{"x", "", "Ship it", "", ""}) !=
             capsule_file_name(Signature{"x", "", "Ship_it", "", ""}));
  BOOST_TEST(capsule_file_name(Signature{"x", "", std::string(300, 's'), "", ""}).size() < 220U);
}

BOOST_AUTO_TEST_CASE(a_sweep_keeps_a_capsule_per_signature_with_its_seed_count) {
  // Pack and Ship each time out after 10 s; their workers take 0 to 20 s, so a seed fails at
  // Pack, at Ship, or not at all: the same expectation, two failures.
  const test::ScratchDirectory scratch("run-signatures");
  const Scenario scenario = test::load_ok(R"({"name": "two-ways", "dialect": "step-functions",
    "definition": {"StartAt": "Pack", "States": {
      "Pack": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:pack",
               "TimeoutSeconds": 10, "Next": "Ship"},
      "Ship": {"Type": "Task", "Resource": ")" + std::string(kShipArn) + R"(",
               "TimeoutSeconds": 10, "End": true}}},
    "resources": {"Pack": {"duration_seconds": {"uniform": [0, 20]}},
                  "Ship": {"duration_seconds": {"uniform": [0, 20]}}},
    "expect": {"status": ["SUCCEEDED"]}})");
  ExploreOptions options;
  options.seeds = 60;
  options.jobs = 2;
  options.out_dir = (scratch.path() / "out").string();
  const StopFlag stop{false};
  QuietObserver observer;
  const ExploreReport report = explore(options, {ExploreScenario{"two-ways.json", "two-ways",
                                                                 scenario}},
                                       stop, ZeroClock(), observer);
  std::set<std::string> states;
  std::set<std::string> capsules;
  uint64_t seeds = 0;
  for (const auto& [key, record] : report.failures) {
    BOOST_TEST(key.name == "expect.status");
    BOOST_TEST(key.status == "FAILED");
    BOOST_TEST(key.error == "States.Timeout");
    states.insert(key.state);
    capsules.insert(record.capsule);
    seeds += record.seeds;
    BOOST_TEST(std::filesystem::exists(record.capsule), record.capsule);
    BOOST_TEST(record.capsule.ends_with("expect.status.FAILED." + key.state +
                                        ".States.Timeout.capsule.json"));
  }
  BOOST_TEST((states == std::set<std::string>{"Pack", "Ship"}));
  BOOST_TEST(capsules.size() == 2U);
  BOOST_TEST(seeds == report.totals[0].failing_seeds);  // One signature per failing seed here.
  BOOST_TEST(report.totals[0].failing_seeds < 60U);      // And some seeds held.
}

BOOST_AUTO_TEST_CASE(shrink_keeps_the_signature_and_rejects_a_step_that_changes_it) {
  // Split maps over $.items before Ship times out. Dropping the input's "items" would still fail
  // expect.status, but at once, on Split, with States.Runtime: another bug, so shrink keeps it.
  const test::ScratchDirectory scratch("run-shrink-signature");
  const Scenario scenario = test::load_ok(R"({"name": "split-then-ship",
    "dialect": "step-functions",
    "definition": {"StartAt": "Split", "States": {
      "Split": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": null, "Next": "Ship",
                "ItemProcessor": {"StartAt": "Look", "States": {"Look": {"Type": "Pass",
                                                                         "End": true}}}},
      "Ship": {"Type": "Task", "Resource": ")" + std::string(kShipArn) + R"(",
               "TimeoutSeconds": 5, "End": true}}},
    "input": {"items": [1, 2], "note": "padding to shrink away"},
    "resources": {"Ship": {"duration_seconds": 60}},
    "expect": {"status": ["SUCCEEDED"]}})");
  const Outcome outcome = run_once(scenario);
  const Signature wanted{"expect.status", "", "Ship", "States.Timeout", "FAILED"};
  BOOST_TEST_REQUIRE((only_finding(outcome, "expect.status").signature() == wanted));
  const auto path = scratch.path() / "split.capsule.json";
  const scenario::Capsule capsule =
      make_capsule(scenario, outcome.result, outcome.evaluation, false, {}, "wfsim run x");
  BOOST_TEST_REQUIRE(!scenario::write_file_atomically(path, capsule_to_text(capsule)));
  auto opened = open_capsule(path.string());
  BOOST_TEST_REQUIRE(std::holds_alternative<OpenedCapsule>(opened));
  const ShrinkResult shrunk = shrink_capsule(std::get<OpenedCapsule>(opened), ShrinkOptions{});
  BOOST_TEST_REQUIRE((shrunk.status == ShrinkResult::Status::shrunk));
  BOOST_TEST((shrunk.signature == wanted));
  BOOST_TEST((shrunk.shown->signature() == wanted));
  BOOST_TEST(shrunk.other_signatures >= 1U);
  BOOST_TEST_REQUIRE(shrunk.first_other.has_value());
  BOOST_TEST(shrunk.first_other->name == "expect.status");
  BOOST_TEST((shrunk.first_other->state != "Ship" || shrunk.first_other->error != wanted.error));
  // What could go went (the padding); what the failure needs stayed (the items).
  const Json& input = shrunk.capsule->scenario["input"];
  BOOST_TEST(input.contains("items"), input.dump());
  BOOST_TEST(!input.contains("note"), input.dump());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::run
