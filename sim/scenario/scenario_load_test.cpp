// Scenario loading: defaults, every key, and problems with their file and JSON pointer.
#include <boost/test/unit_test.hpp>

#include "core/test_printing.h"
#include "scenario/scenario.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

using test::has_problem;
using test::kOneTask;
using test::load_ok;
using test::load_problems;
using test::render;

const std::string kTemporalWorkflow = R"({"steps": [{"activity": "ChargeCard", "options": {
  "start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2}}]})";

BOOST_AUTO_TEST_CASE(a_minimal_step_functions_scenario_gets_every_documented_default) {
  const auto scenario = load_ok(R"({"definition": )" + kOneTask + "}");
  const world::WorldConfig& config = scenario.config;
  BOOST_TEST(config.name == "test");
  BOOST_TEST((config.dialect == world::Dialect::step_functions));
  BOOST_TEST(config.definition != nullptr);
  BOOST_TEST(config.input == Json::object());
  BOOST_TEST(config.resources.empty());
  BOOST_TEST(config.faults.script.empty());
  BOOST_TEST(config.faults.stop_at == Duration::seconds(86'400));
  for (const Ratio& rate : config.faults.rates.rates) BOOST_TEST(rate.is_never());
  BOOST_TEST((config.faults.rates.delay.kind == world::DurationDistribution::Kind::uniform));
  BOOST_TEST(config.faults.rates.delay.low == Duration::seconds(1));
  BOOST_TEST(config.faults.rates.delay.high == Duration::seconds(30));
  BOOST_TEST(config.actions.empty());
  BOOST_TEST(config.epoch == kDefaultEpoch);
  BOOST_TEST(config.shuffle_ties);
  BOOST_TEST(config.sfn_options.default_task_timeout_seconds == 99'999'999);
  BOOST_TEST(!config.sfn_options.activity_timeout_from_scheduled);
  BOOST_TEST(config.sfn_options.history_event_limit == 25'000);
  BOOST_TEST(config.sfn_options.keep_map_run_child_histories);
  BOOST_TEST(!config.liveness_bound.has_value());
  BOOST_TEST(!scenario.liveness_bound_given);
  BOOST_TEST(config.quiet_period == Duration::seconds(300));
  BOOST_TEST(config.limits.max_events == RunLimits{}.max_events);
  BOOST_TEST(config.limits.max_virtual_time == RunLimits{}.max_virtual_time);
  BOOST_TEST(scenario.expect.status.empty());
  BOOST_TEST(!scenario.expect.max_duration.has_value());
  BOOST_TEST(scenario.semantics.default_task_timeout_seconds == 99'999'999);
  BOOST_TEST(scenario.self_contained["name"] == "test");
  BOOST_TEST(scenario.self_contained["dialect"] == "step-functions");
}

BOOST_AUTO_TEST_CASE(a_resource_without_fields_gets_one_worker_one_second_and_no_heartbeats) {
  const auto scenario =
      load_ok(R"({"definition": )" + kOneTask + R"(, "resources": {"Ship": {}}})");
  BOOST_REQUIRE_EQUAL(scenario.config.resources.size(), 1U);
  const world::ResourceConfig& ship = scenario.config.resources[0];
  BOOST_TEST(ship.key == "Ship");
  BOOST_TEST(ship.workers == 1U);
  BOOST_TEST((ship.duration.kind == world::DurationDistribution::Kind::fixed));
  BOOST_TEST(ship.duration.low == Duration::seconds(1));
  BOOST_TEST(ship.heartbeat_every == Duration::zero());
  BOOST_TEST(ship.attempts.empty());
  BOOST_TEST((ship.otherwise.kind == world::AttemptBehaviour::Kind::return_value));
  BOOST_TEST(ship.restart_after_crash == Duration::zero());
}

BOOST_AUTO_TEST_CASE(every_resource_field_is_read_with_fractional_seconds_to_the_microsecond) {
  const auto scenario = load_ok(R"({"definition": )" + kOneTask + R"(, "resources": {
    "arn:aws:states:us-east-1:123456789012:activity:ship": {"workers": 3,
      "duration_seconds": {"exponential": 2.5}, "heartbeat_every_seconds": 0.5,
      "restart_after_crash_seconds": 20,
      "attempts": {"0": {"Throw": {"Error": "Ship.Unavailable", "Cause": "carrier down"}},
                   "1-2": {"Return": {"tracking": "1Z999"}, "duration_seconds": 4},
                   "3": {"Hang": true}, "4": {"Crash": {"after_seconds": 1.25}}}}}})");
  const world::ResourceConfig& ship = scenario.config.resources.at(0);
  BOOST_TEST(ship.workers == 3U);
  BOOST_TEST((ship.duration.kind == world::DurationDistribution::Kind::exponential));
  BOOST_TEST(ship.duration.low == Duration::milliseconds(2'500));
  BOOST_TEST(ship.heartbeat_every == Duration::milliseconds(500));
  BOOST_TEST(ship.restart_after_crash == Duration::seconds(20));
  BOOST_REQUIRE_EQUAL(ship.attempts.size(), 4U);
  const auto& thrown = ship.attempts[0];
  BOOST_TEST(thrown.first == 0U);
  BOOST_TEST(thrown.last == 0U);
  BOOST_TEST((thrown.behaviour.kind == world::AttemptBehaviour::Kind::throw_error));
  BOOST_TEST(thrown.behaviour.error == std::optional<std::string>("Ship.Unavailable"));
  BOOST_TEST(thrown.behaviour.cause == std::optional<std::string>("carrier down"));
  const auto& returned = ship.attempts[1];
  BOOST_TEST(returned.first == 1U);
  BOOST_TEST(returned.last == 2U);
  BOOST_TEST(returned.behaviour.value == Json({{"tracking", "1Z999"}}));
  BOOST_REQUIRE(returned.behaviour.duration.has_value());
  BOOST_TEST(returned.behaviour.duration->low == Duration::seconds(4));
  BOOST_TEST((ship.attempts[2].behaviour.kind == world::AttemptBehaviour::Kind::hang));
  BOOST_TEST((ship.attempts[3].behaviour.kind == world::AttemptBehaviour::Kind::crash));
  BOOST_TEST(ship.attempts[3].behaviour.crash_after == Duration::microseconds(1'250'000));
}

BOOST_AUTO_TEST_CASE(faults_actions_expect_and_options_are_read_into_the_config) {
  const auto scenario = load_ok(R"({"name": "all", "definition": )" + kOneTask + R"(,
    "input": [1, 2],
    "resources": {"Ship": {"workers": 2}},
    "faults": {"script": [{"at_seconds": 12, "kind": "worker_crash", "target": "Ship/2",
                           "restart_after_seconds": 20},
                          {"at_seconds": 3, "kind": "worker_pause", "duration_seconds": 7}],
               "rates": {"heartbeat_drop": "1/10", "worker_crash": "1/200"},
               "delay_seconds": 5, "stop_at_seconds": 3600},
    "actions": [{"at_seconds": 3600, "call": "RedriveExecution", "client_token": "t1"},
                {"at_seconds": 10, "call": "StopExecution", "error": "E", "cause": "C"}],
    "expect": {"status": ["SUCCEEDED", "FAILED"], "max_duration_seconds": 7200,
               "states_reached": ["Ship"], "states_not_reached": [], "events": ["TaskTimedOut"]},
    "options": {"default_task_timeout": "spec", "activity_timeout_clock": "scheduled",
                "epoch": "2025-03-01T12:00:00Z", "tie_order": "fifo", "max_events": 1000,
                "max_virtual_seconds": 86400, "liveness_bound_seconds": 900,
                "quiet_period_seconds": 0, "history_event_limit": 500,
                "map_run_child_histories": "release"}})");
  const world::WorldConfig& config = scenario.config;
  BOOST_TEST(config.name == "all");
  BOOST_TEST(config.input == Json::array({1, 2}));
  BOOST_REQUIRE_EQUAL(config.faults.script.size(), 2U);
  BOOST_TEST(config.faults.script[0].at == Duration::seconds(12));
  BOOST_TEST((config.faults.script[0].kind == world::FaultKind::worker_crash));
  BOOST_TEST(config.faults.script[0].target == "Ship/2");
  BOOST_TEST(config.faults.script[0].restart_after == std::optional(Duration::seconds(20)));
  BOOST_TEST(config.faults.script[1].length == Duration::seconds(7));
  const auto rate = [&](world::FaultKind kind) {
    return config.faults.rates.rates[static_cast<size_t>(kind)];
  };
  BOOST_TEST((rate(world::FaultKind::heartbeat_drop) == Ratio{1, 10}));
  BOOST_TEST((rate(world::FaultKind::worker_crash) == Ratio{1, 200}));
  BOOST_TEST(rate(world::FaultKind::completion_drop).is_never());
  BOOST_TEST((config.faults.rates.delay.kind == world::DurationDistribution::Kind::fixed));
  BOOST_TEST(config.faults.rates.delay.low == Duration::seconds(5));
  BOOST_TEST(config.faults.stop_at == Duration::seconds(3600));
  BOOST_REQUIRE_EQUAL(config.actions.size(), 2U);
  BOOST_TEST((config.actions[0].call == ApiCall::RedriveExecution));
  BOOST_TEST(config.actions[0].client_token == std::optional<std::string>("t1"));
  BOOST_TEST((config.actions[1].call == ApiCall::StopExecution));
  BOOST_TEST(config.actions[1].error == std::optional<std::string>("E"));
  BOOST_TEST(scenario.expect.status == (std::vector<std::string>{"SUCCEEDED", "FAILED"}));
  BOOST_TEST(scenario.expect.max_duration == std::optional(Duration::seconds(7200)));
  BOOST_TEST(scenario.expect.states_reached == std::vector<std::string>{"Ship"});
  BOOST_TEST(scenario.expect.events == std::vector<std::string>{"TaskTimedOut"});
  BOOST_TEST(config.sfn_options.default_task_timeout_seconds == 60);
  BOOST_TEST(config.sfn_options.activity_timeout_from_scheduled);
  BOOST_TEST(config.epoch == *parse_iso8601("2025-03-01T12:00:00Z"));
  BOOST_TEST(!config.shuffle_ties);
  BOOST_TEST(config.limits.max_events == 1000U);
  BOOST_TEST(config.limits.max_virtual_time == Duration::seconds(86'400));
  BOOST_TEST(config.liveness_bound == std::optional(Duration::seconds(900)));
  BOOST_TEST(scenario.liveness_bound_given);
  BOOST_TEST(config.quiet_period == Duration::zero());
  BOOST_TEST(config.sfn_options.history_event_limit == 500);
  BOOST_TEST(!config.sfn_options.keep_map_run_child_histories);
  BOOST_TEST(scenario.semantics.default_task_timeout_seconds == 60);
  BOOST_TEST(scenario.semantics.activity_timeout_from_scheduled);
  BOOST_TEST(scenario.semantics.history_event_limit == 500);
}

BOOST_AUTO_TEST_CASE(a_temporal_scenario_reads_its_workflow_and_keys_resources_by_activity_type) {
  const auto scenario = load_ok(R"({"dialect": "temporal", "workflow": )" + kTemporalWorkflow +
                                R"(, "resources": {"ChargeCard": {"heartbeat_every_seconds": 0.5,
      "heartbeat_details": {"progress": 1},
      "attempts": {"0": {"Throw": {"Error": "CardDeclined", "NonRetryable": true,
                                   "NextRetryDelaySeconds": 3}}}}},
    "actions": [{"at_seconds": 5, "call": "RequestCancelActivity", "activity": "ChargeCard"}],
    "expect": {"status": ["COMPLETED"], "events": ["ActivityTaskCanceled",
                                                   "EVENT_TYPE_ACTIVITY_TASK_STARTED"]}})");
  BOOST_TEST((scenario.config.dialect == world::Dialect::temporal));
  BOOST_REQUIRE(scenario.config.workflow != nullptr);
  BOOST_TEST(scenario.config.workflow->steps.size() == 1U);
  const world::ResourceConfig& card = scenario.config.resources.at(0);
  BOOST_TEST(card.heartbeat_details == Json({{"progress", 1}}));
  const auto& behaviour = card.attempts.at(0).behaviour;
  BOOST_TEST(behaviour.non_retryable);
  BOOST_TEST(behaviour.next_retry_delay == std::optional(Duration::seconds(3)));
  BOOST_TEST(scenario.config.actions.at(0).activity == "ChargeCard");
  BOOST_TEST(scenario.self_contained["workflow"]["steps"][0]["activity"] == "ChargeCard");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_problems_with_a_suggestion_when_it_looks_like_a_typo) {
  const auto problems = load_problems(R"({"definition": )" + kOneTask +
                                      R"(, "resouces": {}, "faults": {"rate": {}},
      "banana": 1})");
  BOOST_TEST(has_problem(problems, "/resouces", "did you mean \"resources\""), render(problems));
  BOOST_TEST(has_problem(problems, "/faults/rate", "did you mean \"rates\""), render(problems));
  BOOST_TEST(has_problem(problems, "/banana", "unknown key; expected one of"), render(problems));
}

BOOST_AUTO_TEST_CASE(loading_reports_every_problem_not_only_the_first) {
  const auto problems = load_problems(R"({"definition": )" + kOneTask + R"(,
    "resources": {"Ship": {"workers": 0, "duration_seconds": -1, "heartbeat_every_seconds": "x",
                           "attempts": {"2-1": {"Return": 1}, "0": {}}}},
    "faults": {"script": [{"kind": "worker_pause"},
                          {"at_seconds": 2, "kind": "worker_pause", "duration_seconds": 0}],
               "rates": {"nope": "1/2",
               "heartbeat_drop": 0.1}, "stop_at_seconds": -5},
    "actions": [{"at_seconds": 1, "call": "RequestCancelActivity"}],
    "expect": {"status": ["COMPLETED"], "states_reached": ["Nowhere"], "events": ["Bogus"]},
    "options": {"epoch": "tomorrow", "tie_order": 1, "max_events": 0,
                "liveness_bound_seconds": 0}})");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/resources/Ship/workers", "integer from 1 to 10000"},
      {"/resources/Ship/duration_seconds", "number of seconds >= 0"},
      {"/resources/Ship/heartbeat_every_seconds", "number of seconds"},
      {"/resources/Ship/attempts/2-1", "\"N\" or \"N-M\" with N <= M"},
      {"/resources/Ship/attempts/0", "needs exactly one of"},
      {"/faults/script/0", "missing required key \"at_seconds\""},
      {"/faults/script/1/duration_seconds", "must be positive"},
      {"/faults/rates/nope", "unknown fault kind"},
      {"/faults/rates/heartbeat_drop", "ratio string"},
      {"/faults/stop_at_seconds", "number of seconds >= 0"},
      {"/actions/0/call", "must be one of \"RedriveExecution\", \"StopExecution\""},
      {"/expect/status/0", "must be one of \"SUCCEEDED\""},
      {"/expect/states_reached/0", "matches no state of the definition"},
      {"/expect/events/0", "history event type"},
      {"/options/epoch", "RFC 3339"},
      {"/options/tie_order", "must be one of \"seeded\", \"fifo\""},
      {"/options/max_events", "integer from 1"},
      {"/options/liveness_bound_seconds", "positive number of seconds"},
  };
  for (const auto& [pointer, words] : expected) {
    BOOST_TEST(has_problem(problems, pointer, words), pointer << "\n" << render(problems));
  }
}

BOOST_AUTO_TEST_CASE(definition_problems_are_reported_under_the_definition_pointer) {
  const auto problems = load_problems(R"({"definition": {"StartAt": "Ship", "States": {"Ship": {
    "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship",
    "TimeoutSeconds": 30, "HeartbeatSeconds": 40, "End": true}}}})");
  BOOST_TEST(has_problem(problems, "/definition/States/Ship/HeartbeatSeconds",
                         "must be smaller than TimeoutSeconds"),
             render(problems));
  BOOST_TEST(to_string(problems.at(0)).starts_with("test.json: /definition/States/Ship/"));
}

BOOST_AUTO_TEST_CASE(resource_keys_fault_targets_and_cancel_targets_must_name_something_real) {
  const auto sfn = load_problems(R"({"definition": )" + kOneTask + R"(,
    "resources": {"Shipp": {}},
    "faults": {"script": [{"at_seconds": 1, "kind": "worker_crash", "target": "Billing/1"},
                          {"at_seconds": 1, "kind": "worker_crash", "target": "Ship/x"},
                          {"at_seconds": 1, "kind": "worker_crash", "target": "Ship/2"},
                          {"at_seconds": 1, "kind": "worker_crash", "target": "Ship/1"}]}})");
  BOOST_TEST(has_problem(sfn, "/resources/Shipp", "matches no Task state name or resource ARN"),
             render(sfn));
  BOOST_TEST(has_problem(sfn, "/faults/script/0/target", "names no resource"), render(sfn));
  BOOST_TEST(has_problem(sfn, "/faults/script/1/target", "names no resource"), render(sfn));
  BOOST_TEST(has_problem(sfn, "/faults/script/2/target", "from 1 to its workers"), render(sfn));
  BOOST_TEST(!has_problem(sfn, "/faults/script/3/target", ""), render(sfn));
  const auto temporal = load_problems(R"({"dialect": "temporal", "workflow": )" +
                                      kTemporalWorkflow + R"(, "resources": {"Charge": {}},
    "actions": [{"at_seconds": 1, "call": "RequestCancelActivity", "activity": "Refund"}]})");
  BOOST_TEST(has_problem(temporal, "/resources/Charge", "matches no activity type"),
             render(temporal));
  BOOST_TEST(has_problem(temporal, "/actions/0/activity", "matches no activity id or type"),
             render(temporal));
}

BOOST_AUTO_TEST_CASE(dialect_specific_keys_are_problems_in_the_other_dialect) {
  const auto sfn = load_problems(R"({"definition": )" + kOneTask + R"(, "workflow": {},
    "resources": {"Ship": {"heartbeat_details": 1,
                           "attempts": {"0": {"Throw": {"NonRetryable": true}}}}}})");
  BOOST_TEST(has_problem(sfn, "/workflow", "not allowed in the step-functions dialect"),
             render(sfn));
  BOOST_TEST(has_problem(sfn, "/resources/Ship/heartbeat_details", "only for the temporal"),
             render(sfn));
  BOOST_TEST(has_problem(sfn, "/resources/Ship/attempts/0/Throw/NonRetryable", "unknown key"),
             render(sfn));
  const auto temporal = load_problems(R"({"dialect": "temporal", "workflow": )" +
                                      kTemporalWorkflow + R"(, "definition": {},
    "mock_config": {}, "options": {"default_task_timeout": "spec"}})");
  BOOST_TEST(has_problem(temporal, "/definition", "not allowed in the temporal dialect"),
             render(temporal));
  BOOST_TEST(has_problem(temporal, "/mock_config", "not allowed in the temporal dialect"),
             render(temporal));
  BOOST_TEST(has_problem(temporal, "/options/default_task_timeout", "only for the step-functions"),
             render(temporal));
}

BOOST_AUTO_TEST_CASE(a_missing_definition_or_workflow_is_a_problem_at_the_root) {
  BOOST_TEST(has_problem(load_problems("{}"), "", "missing required key \"definition\""));
  BOOST_TEST(has_problem(load_problems(R"({"dialect": "temporal"})"), "",
                         "missing required key \"workflow\""));
  BOOST_TEST(has_problem(load_problems("[]"), "", "must be an object"));
}

BOOST_AUTO_TEST_CASE(scripted_faults_check_which_fields_their_kind_takes) {
  const auto problems = load_problems(R"({"definition": )" + kOneTask + R"(,
    "faults": {"stop_at_seconds": 100, "script": [
      {"at_seconds": 1, "kind": "heartbeat_drop", "restart_after_seconds": 5},
      {"at_seconds": 1, "kind": "completion_drop", "duration_seconds": 5},
      {"at_seconds": 1, "kind": "heartbeat_delay"},
      {"at_seconds": 100, "kind": "worker_crash"}]}})");
  BOOST_TEST(has_problem(problems, "/faults/script/0/restart_after_seconds", "only for "
                                                                            "worker_crash"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/faults/script/1/duration_seconds", "only for worker_pause"),
             render(problems));
  for (const auto& problem : problems) {  // A delay without a length draws one: no problem.
    BOOST_TEST(!problem.pointer.starts_with("/faults/script/2"), render(problems));
  }
  BOOST_TEST(has_problem(problems, "/faults/script/3/at_seconds", "would never fire"),
             render(problems));
}

BOOST_AUTO_TEST_CASE(overlapping_attempt_ranges_are_a_problem_naming_both) {
  const auto problems = load_problems(R"({"definition": )" + kOneTask + R"(,
    "resources": {"Ship": {"attempts": {"0-3": {"Return": 1}, "2": {"Return": 2},
                                        "4-4": {"Return": 3}}}}})");
  BOOST_TEST(has_problem(problems, "/resources/Ship/attempts/2",
                         "overlaps the attempts of /resources/Ship/attempts/0-3"),
             render(problems));
  BOOST_TEST(problems.size() == 1U, render(problems));
}

BOOST_AUTO_TEST_CASE(distributions_accept_numbers_uniform_and_exponential_only) {
  const auto ok = load_ok(R"({"definition": )" + kOneTask + R"(,
    "resources": {"Ship": {"duration_seconds": {"uniform": [1.5, 1.5]}}}})");
  BOOST_TEST(ok.config.resources[0].duration.high == Duration::milliseconds(1'500));
  const auto problems = load_problems(R"({"definition": )" + kOneTask + R"(,
    "faults": {"delay_seconds": {"uniform": [5, 1]}},
    "resources": {"Ship": {"duration_seconds": {"normal": 3},
                  "attempts": {"0": {"Return": 1, "duration_seconds": {"exponential": 0}}}}}})");
  BOOST_TEST(has_problem(problems, "/faults/delay_seconds/uniform", "low must not be greater"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/resources/Ship/duration_seconds", "{\"uniform\""),
             render(problems));
  BOOST_TEST(has_problem(problems, "/resources/Ship/attempts/0/duration_seconds/exponential",
                         "positive"),
             render(problems));
}

BOOST_AUTO_TEST_CASE(a_definition_given_by_path_is_read_relative_to_the_scenario_and_inlined) {
  const test::ScratchDirectory scratch("definition-path");
  scratch.write("definitions/ship.asl.json", kOneTask);
  const auto scenario = load_ok(R"({"definition": "definitions/ship.asl.json"})", scratch.path());
  BOOST_TEST(scenario.config.definition != nullptr);
  BOOST_TEST(scenario.self_contained["definition"]["StartAt"] == "Ship");
}

BOOST_AUTO_TEST_CASE(problems_in_a_referenced_definition_name_that_file) {
  const test::ScratchDirectory scratch("definition-problems");
  scratch.write("bad.asl.json", R"({"StartAt": "Nowhere", "States": {"A": {"Type": "Succeed"}}})");
  const auto problems = load_problems(R"({"definition": "bad.asl.json"})", scratch.path());
  const std::string file = (scratch.path() / "bad.asl.json").string();
  bool named = false;
  for (const auto& problem : problems) named = named || problem.file == file;
  BOOST_TEST(named, render(problems));
  const auto missing = load_problems(R"({"definition": "missing.asl.json"})", scratch.path());
  BOOST_TEST(to_string(missing.at(0)).find("cannot open") != std::string::npos, render(missing));
}

BOOST_AUTO_TEST_CASE(describe_state_machine_output_is_accepted_as_a_definition_file) {
  const test::ScratchDirectory scratch("describe");
  Json describe = {{"stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:x"},
                   {"name", "x"},
                   {"definition", kOneTask}};
  scratch.write("described.json", describe.dump());
  const auto scenario = load_ok(R"({"definition": "described.json"})", scratch.path());
  BOOST_TEST(scenario.self_contained["definition"]["States"].contains("Ship"));
}

BOOST_AUTO_TEST_CASE(a_self_contained_scenario_cannot_refer_to_files) {
  const auto problems = load_problems(R"({"definition": "ship.asl.json"})", std::nullopt);
  BOOST_TEST(has_problem(problems, "/definition", "cannot refer to files"), render(problems));
}

BOOST_AUTO_TEST_CASE(the_self_contained_form_loads_again_to_the_same_config) {
  const test::ScratchDirectory scratch("round-trip");
  scratch.write("ship.asl.json", kOneTask);
  const auto first = load_ok(R"({"definition": "ship.asl.json", "input": {"a": 1},
    "resources": {"Ship": {"workers": 2}}, "options": {"tie_order": "fifo"}})",
                             scratch.path());
  const auto again = parse_scenario(first.self_contained, {"capsule.json", "/scenario", {}, {}});
  BOOST_REQUIRE(std::holds_alternative<Scenario>(again));
  const Scenario& second = std::get<Scenario>(again);
  BOOST_TEST(second.self_contained == first.self_contained);
  BOOST_TEST(second.config.resources.at(0).workers == 2U);
  BOOST_TEST(!second.config.shuffle_ties);
  BOOST_TEST(second.file.empty());
}

BOOST_AUTO_TEST_CASE(problems_inside_a_capsule_point_below_its_scenario_key) {
  const Json document = Json::parse(R"({"definition": )" + kOneTask + R"(, "input": 1,
    "resources": {"Ship": {"workers": -1}}})");
  const auto loaded = parse_scenario(document, {"c.capsule.json", "/scenario", {}, {}});
  const auto& problems = std::get<FileProblems>(loaded);
  BOOST_TEST(has_problem(problems, "/scenario/resources/Ship/workers", "integer",
                         "c.capsule.json"),
             render(problems));
}

BOOST_AUTO_TEST_CASE(the_default_name_is_the_file_name_without_its_json_suffixes) {
  BOOST_TEST(default_scenario_name("dir/ship-order.scenario.json") == "ship-order");
  BOOST_TEST(default_scenario_name("ship.json") == "ship");
  BOOST_TEST(default_scenario_name("ship") == "ship");
}

BOOST_AUTO_TEST_CASE(final_statuses_follow_the_dialect) {
  BOOST_TEST(is_final_status(world::Dialect::step_functions, "ABORTED"));
  BOOST_TEST(!is_final_status(world::Dialect::step_functions, "COMPLETED"));
  BOOST_TEST(is_final_status(world::Dialect::temporal, "COMPLETED"));
  BOOST_TEST(!is_final_status(world::Dialect::temporal, "SUCCEEDED"));
}

const std::string kServiceCalls = R"({"StartAt": "Charge", "States": {
  "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Save"},
  "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Next": "Export"},
  "Export": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": true}}})";

BOOST_AUTO_TEST_CASE(faults_a_resource_cannot_have_are_problems_naming_both) {
  const auto problems = load_problems(R"({"definition": )" + kServiceCalls + R"(,
    "resources": {"Save": {"attempts": {"0": {"Crash": {"after_seconds": 1}}},
                           "function_timeout_seconds": 10,
                           "faults": {"rates": {"worker_pause": "1/2"}}},
                  "Charge": {"faults": {"rates": {"heartbeat_drop": "1/3"}}}},
    "faults": {"script": [{"at_seconds": 1, "kind": "completion_drop", "target": "Charge"},
                          {"at_seconds": 2, "kind": "job_failure", "target": "Save/1"},
                          {"at_seconds": 3, "kind": "token_expiry"}]}})");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/resources/Save/attempts/0/Crash", "'Save' is a request-response call"},
      {"/resources/Save/function_timeout_seconds", "only for Lambda tasks"},
      {"/resources/Save/faults/rates/worker_pause",
       "worker_pause cannot happen to 'Save' (request-response)"},
      {"/resources/Charge/faults/rates/heartbeat_drop",
       "heartbeat_drop cannot happen to 'Charge' (lambda)"},
      {"/faults/script/0/kind", "completion_drop cannot happen to 'Charge' (lambda); the kinds "
                                "that can: worker_crash, service_error, service_latency"},
      {"/faults/script/1/kind", "job_failure cannot happen to 'Save/1' (request-response)"},
      {"/faults/script/2/kind", "token_expiry cannot happen to any Task of this scenario"},
  };
  for (const auto& [pointer, text] : expected) {
    BOOST_TEST(has_problem(problems, pointer, text), pointer << "\n" << render(problems));
  }
  BOOST_TEST(problems.size() == expected.size(), render(problems));
}

BOOST_AUTO_TEST_CASE(service_resources_take_a_function_timeout_and_their_own_rates) {
  const auto scenario = load_ok(R"({"definition": )" + kServiceCalls + R"(,
    "resources": {"Charge": {"function_timeout_seconds": 30, "attempts": {"0": {"Crash": {}}},
                             "faults": {"rates": {"service_error": "1/4"}}},
                  "Export": {"attempts": {"0": {"Crash": {"after_seconds": 5}}},
                             "faults": {"rates": {"job_failure": "1/2"}}}},
    "faults": {"rates": {"heartbeat_drop": "1/10"}}})");
  const world::WorldConfig& config = scenario.config;
  BOOST_TEST_REQUIRE(config.resources.size() == 2u);
  const auto& charge = config.resources[0].key == "Charge" ? config.resources[0]
                                                           : config.resources[1];
  BOOST_TEST(charge.function_timeout == Duration::seconds(30));
  const auto& rates = config.faults.resource_rates;
  BOOST_TEST_REQUIRE(rates.contains("Charge"));
  BOOST_TEST((*rates.at("Charge")[static_cast<size_t>(world::FaultKind::service_error)] ==
              Ratio{1, 4}));
  BOOST_TEST(!rates.at("Charge")[static_cast<size_t>(world::FaultKind::worker_crash)]);
  BOOST_TEST((*rates.at("Export")[static_cast<size_t>(world::FaultKind::job_failure)] ==
              Ratio{1, 2}));
  // A global rate of a kind no Task can have is allowed; it hits nothing (the run header says
  // which kinds apply to which Task).
  BOOST_TEST((config.faults.rates.rates[static_cast<size_t>(world::FaultKind::heartbeat_drop)] ==
              Ratio{1, 10}));
}

BOOST_AUTO_TEST_CASE(a_function_timeout_is_bounded_as_lambda_bounds_it) {
  const auto problems = load_problems(R"({"definition": )" + kServiceCalls + R"(,
    "resources": {"Charge": {"function_timeout_seconds": 901}}})");
  BOOST_TEST(has_problem(problems, "/resources/Charge/function_timeout_seconds",
                         "from 1 to 900 seconds"), render(problems));
}

}  // namespace
}  // namespace wfsim::scenario
