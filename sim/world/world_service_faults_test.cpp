// Faults per integration pattern (docs/world.md, "Faults per integration pattern"; INT-2, 3, 4,
// 9): a Lambda function's crash and timeout are function errors, called services answer with
// AWS's transient errors or late, .sync jobs fail, and faults of user code (lost, late, repeated
// reports; paused workers) never touch a called service's answer. The property at the end: under
// any fault mix, a machine of service calls without Hang always ends.
#include <rapidcheck.h>
#include <rapidcheck/boost_test.h>

#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

std::string one_task(const std::string& resource, const std::string& extra = "") {
  return R"({"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":")" + resource +
         R"(")" + extra + R"(,"End":true}}})";
}

constexpr const char* kInvoke = "arn:aws:states:::lambda:invoke";
constexpr const char* kPutItem = "arn:aws:states:::dynamodb:putItem";
constexpr const char* kRunTaskSync = "arn:aws:states:::ecs:runTask.sync";

const HistoryEvent* first_of(const RunResult& r, EventType type) {
  for (const HistoryEvent& e : r.history.events) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

WorldConfig calling(const char* resource, ResourceConfig r, const std::string& extra = "") {
  WorldConfig c = sfn_config(one_task(resource, extra));
  r.key = "Call";
  c.resources.push_back(std::move(r));
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_service_faults)

BOOST_AUTO_TEST_CASE(a_crashing_lambda_function_is_a_function_error_not_a_hang) {
  ResourceConfig r = resource("Call", 5);
  r.otherwise = crashes(2);
  const RunResult result = run_seed(calling(kInvoke, r));
  BOOST_TEST(result.final_status == "FAILED");
  const HistoryEvent* failed = first_of(result, EventType::TaskFailed);
  BOOST_TEST_REQUIRE(failed != nullptr);
  BOOST_TEST(*failed->error == "Runtime.ExitError");
  BOOST_TEST(at(failed->timestamp) == 2.0);
  BOOST_TEST(count_events(result, EventType::TaskTimedOut) == 0u);
}

BOOST_AUTO_TEST_CASE(a_lambda_function_stops_at_its_own_timeout_lambdas_default_3_s) {
  ResourceConfig r = resource("Call", 10);
  r.otherwise = returns(Json{{"ok", true}});
  const RunResult timed_out = run_seed(calling(kInvoke, r));
  const HistoryEvent* failed = first_of(timed_out, EventType::TaskFailed);
  BOOST_TEST_REQUIRE(failed != nullptr);
  BOOST_TEST(*failed->error == "Sandbox.Timedout");
  BOOST_TEST(at(failed->timestamp) == 3.0);
  r.function_timeout = Duration::seconds(30);
  const RunResult fits = run_seed(calling(kInvoke, r));
  BOOST_TEST(fits.final_status == "SUCCEEDED");
  BOOST_TEST(at(first_of(fits, EventType::TaskSucceeded)->timestamp) == 10.0);
}

BOOST_AUTO_TEST_CASE(a_hanging_lambda_function_still_ends_at_its_timeout) {
  ResourceConfig r = resource("Call", 1);
  r.otherwise = hangs();
  r.function_timeout = Duration::seconds(900);
  const RunResult result = run_seed(calling(kInvoke, r));
  const HistoryEvent* failed = first_of(result, EventType::TaskFailed);
  BOOST_TEST_REQUIRE(failed != nullptr, joined(event_types(result)) << " " << result.final_status);
  BOOST_TEST(*failed->error == "Sandbox.Timedout");
  BOOST_TEST(at(failed->timestamp) == 900.0);
}

BOOST_AUTO_TEST_CASE(a_task_timeout_shorter_than_the_function_times_the_task_out) {
  ResourceConfig r = resource("Call", 20);
  r.otherwise = returns(Json::object());
  r.function_timeout = Duration::seconds(60);
  const RunResult result = run_seed(calling(kInvoke, r, R"(,"TimeoutSeconds":5)"));
  BOOST_TEST(result.final_status == "FAILED");
  BOOST_TEST(count_events(result, EventType::TaskTimedOut) == 1u);  // INT-3.4.
}

BOOST_AUTO_TEST_CASE(a_service_error_answers_with_the_services_own_error_names) {
  ResourceConfig r = resource("Call", 1);
  r.otherwise = returns(Json::object());
  std::set<std::string> errors;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    WorldConfig c = calling(kPutItem, r);
    rate(c, FaultKind::service_error, always());
    const RunResult result = run_seed(c, seed);
    BOOST_TEST(result.final_status == "FAILED");
    const HistoryEvent* failed = first_of(result, EventType::TaskFailed);
    BOOST_TEST_REQUIRE(failed != nullptr);
    BOOST_TEST(failed->error->rfind("DynamoDB.", 0) == 0u, *failed->error);
    BOOST_TEST(!failed->cause->empty());
    BOOST_TEST(at(failed->timestamp) <= 1.0);  // Within the call, never later.
    errors.insert(*failed->error);
  }
  BOOST_TEST(errors.size() >= 2u);  // Throttling, service and client errors all occur.
}

BOOST_AUTO_TEST_CASE(service_latency_delays_the_answer_without_timing_a_lambda_out) {
  ResourceConfig r = resource("Call", 2);
  r.otherwise = returns(Json::object());
  WorldConfig c = calling(kInvoke, r);
  rate(c, FaultKind::service_latency, always());
  c.faults.rates.delay = fixed(7);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");  // 2 s of function time, 7 s of latency.
  BOOST_TEST(at(first_of(result, EventType::TaskSucceeded)->timestamp) == 9.0);
  BOOST_TEST(injected(result, FaultKind::service_latency) == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_sync_job_is_a_task_failure_with_the_jobs_description) {
  ResourceConfig r = resource("Call", 30);
  r.otherwise = returns(Json{{"exitCode", 0}});
  WorldConfig c = calling(kRunTaskSync, r);
  rate(c, FaultKind::job_failure, always());
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  const HistoryEvent* failed = first_of(result, EventType::TaskFailed);
  BOOST_TEST_REQUIRE(failed != nullptr);
  BOOST_TEST(*failed->error == "States.TaskFailed");
  BOOST_TEST(at(failed->timestamp) <= 30.0);
  BOOST_TEST(!failed->cause->empty());
}

BOOST_AUTO_TEST_CASE(faults_of_user_code_never_touch_a_called_services_answer) {
  ResourceConfig r = resource("Call", 1);
  r.otherwise = returns(Json{{"ok", 1}});
  for (const char* resource : {kInvoke, kPutItem, kRunTaskSync}) {
    WorldConfig c = calling(resource, r);
    for (const FaultKind kind :
         {FaultKind::worker_pause, FaultKind::completion_drop, FaultKind::completion_delay,
          FaultKind::completion_duplicate, FaultKind::token_expiry, FaultKind::heartbeat_drop}) {
      rate(c, kind, always());
    }
    const RunResult result = run_seed(c);
    BOOST_TEST(result.final_status == "SUCCEEDED", resource);
    BOOST_TEST(at(first_of(result, EventType::TaskSucceeded)->timestamp) == 1.0, resource);
    uint64_t total = 0;
    for (const uint64_t n : result.faults_injected) total += n;
    BOOST_TEST(total == 0u, resource);
  }
}

BOOST_AUTO_TEST_CASE(a_worker_crash_of_a_dynamodb_call_cannot_happen) {
  ResourceConfig r = resource("Call", 1);
  r.otherwise = returns(Json::object());
  WorldConfig c = calling(kPutItem, r);
  rate(c, FaultKind::worker_crash, always());
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  BOOST_TEST(injected(result, FaultKind::worker_crash) == 0u);
}

// INT-9 as a property: whatever faults fire (swarm or any rates), a machine whose Tasks are all
// service calls without an explicit Hang and without TimeoutSeconds ends, because every call
// answers: a function error, a timeout of the function, a transient error or a terminal job.
RC_BOOST_PROP(service_calls_without_hang_always_end_under_any_faults, ()) {
  const std::string machine = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Parallel",
    "Branches":[
      {"StartAt":"Invoke","States":{"Invoke":{"Type":"Task","Resource":")" +
                              std::string(kInvoke) + R"(","Retry":[{"ErrorEquals":
        ["States.ALL"],"MaxAttempts":2,"IntervalSeconds":1}],"End":true}}},
      {"StartAt":"Legacy","States":{"Legacy":{"Type":"Task","Resource":
        "arn:aws:lambda:us-east-1:123456789012:function:legacy","End":true}}},
      {"StartAt":"Put","States":{"Put":{"Type":"Task","Resource":")" +
                              std::string(kPutItem) + R"(","End":true}}},
      {"StartAt":"Job","States":{"Job":{"Type":"Task","Resource":")" +
                              std::string(kRunTaskSync) + R"(","End":true}}}],
    "End":true}}})";
  WorldConfig c = sfn_config(machine);
  for (const char* key : {"Invoke", "Legacy", "Put", "Job"}) {
    ResourceConfig r = resource(key, *rc::gen::inRange(0, 120) / 2.0);
    const bool may_crash = std::string_view(key) != "Put";
    switch (*rc::gen::inRange(0, may_crash ? 3 : 2)) {
      case 0: r.otherwise = returns(Json::object()); break;
      case 1: r.otherwise = throws("Boom"); break;
      default: r.otherwise = crashes(*rc::gen::inRange(0, 30)); break;
    }
    r.function_timeout = seconds(*rc::gen::element(1, 3, 30, 900));
    c.resources.push_back(std::move(r));
  }
  for (size_t k = 0; k < kFaultKindCount; ++k) {
    c.faults.rates.rates[k] = *rc::gen::element(Ratio::never(), Ratio{1, 2}, Ratio::always());
  }
  RunOptions options;
  options.seed = *rc::gen::arbitrary<uint64_t>();
  options.swarm = *rc::gen::arbitrary<bool>();
  const RunResult result = run(c, options);
  RC_ASSERT(!result.liveness_failure.has_value());
  RC_ASSERT(result.final_status != "RUNNING");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
