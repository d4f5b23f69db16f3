// The `temporal` dialect's workflow JSON and the server's validation and normalisation of
// activity options (TMP-1.1, TMP-1.2, TMP-2.1).
#include <boost/test/unit_test.hpp>

#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::seconds;

asl::Problems problems_of(const std::string& json_text) {
  auto parsed = parse_workflow_spec(Json::parse(json_text), "/workflow");
  if (std::holds_alternative<WorkflowSpec>(parsed)) return {};
  return std::get<asl::Problems>(parsed);
}

bool has_problem_at(const asl::Problems& problems, const std::string& path) {
  for (const asl::Problem& p : problems) {
    if (p.path == path) return true;
  }
  return false;
}

NormalizedActivityOptions normalized(const ActivityOptions& options,
                                     std::optional<Duration> run_timeout = std::nullopt) {
  auto result = normalize_activity_options(options, run_timeout);
  BOOST_REQUIRE(std::holds_alternative<NormalizedActivityOptions>(result));
  return std::get<NormalizedActivityOptions>(result);
}

asl::Problems option_problems(const ActivityOptions& options) {
  auto result = normalize_activity_options(options, std::nullopt);
  if (std::holds_alternative<NormalizedActivityOptions>(result)) return {};
  return std::get<asl::Problems>(result);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_spec)

BOOST_AUTO_TEST_CASE(the_design_md_temporal_example_parses) {
  const auto spec = testing::spec_from(R"({"steps": [
    {"activity": "ChargeCard", "options": {
      "start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2,
      "schedule_to_close_seconds": 60,
      "retry_policy": {"initial_interval_seconds": 1, "backoff_coefficient": 2.0,
                       "maximum_interval_seconds": 100, "maximum_attempts": 0,
                       "non_retryable_error_types": ["CardDeclined"]}}}
  ]})");
  BOOST_TEST_REQUIRE(spec->steps.size() == 1u);
  const ActivityStep& step = *spec->steps[0].activity;
  BOOST_TEST(step.activity_type == "ChargeCard");
  BOOST_TEST(step.activity_id == "1");
  BOOST_TEST((step.options.start_to_close_timeout == seconds(10)));
  BOOST_TEST((step.options.heartbeat_timeout == seconds(2)));
  BOOST_TEST((step.options.schedule_to_close_timeout == seconds(60)));
  BOOST_TEST(step.options.retry_policy.non_retryable_error_types.at(0) == "CardDeclined");
  BOOST_TEST(!step.input.has_value());
  BOOST_TEST(!spec->run_timeout.has_value());
}

BOOST_AUTO_TEST_CASE(fractional_seconds_are_kept_to_the_microsecond) {
  const auto spec = testing::one_activity(
      R"({"start_to_close_seconds": 0.5, "heartbeat_timeout_seconds": 0.000001})");
  BOOST_TEST((spec->steps[0].activity->options.start_to_close_timeout ==
              Duration::milliseconds(500)));
  BOOST_TEST((spec->steps[0].activity->options.heartbeat_timeout == Duration::microseconds(1)));
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_wrong_types_are_problems_with_json_pointers) {
  const auto problems = problems_of(R"({"steps": [
      {"activity": "A", "colour": 1,
       "options": {"start_to_close_seconds": "10", "retry_policy": {"jitter": 0.1,
                   "maximum_attempts": 2.5, "non_retryable_error_types": [3]}}},
      {"parallel": [[{"activity": "B"}], {}]}], "extra": true})");
  BOOST_TEST(has_problem_at(problems, "/workflow/extra"));
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/0/colour"));
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/0/options/start_to_close_seconds"));
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/0/options/retry_policy/jitter"));
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/0/options/retry_policy/maximum_attempts"));
  BOOST_TEST(has_problem_at(problems,
                            "/workflow/steps/0/options/retry_policy/non_retryable_error_types/0"));
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/1/parallel/0/0"));  // No options.
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/1/parallel/1"));    // Not an array.
  BOOST_TEST(has_problem_at(problems_of(R"({"stepz": []})"), "/workflow"));
  BOOST_TEST(has_problem_at(problems_of(R"({"steps": [{"activity": "A", "parallel": []}]})"),
                            "/workflow/steps/0"));
  BOOST_TEST(has_problem_at(problems_of("[1]"), "/workflow"));
}

BOOST_AUTO_TEST_CASE(activity_ids_default_to_the_step_position_and_must_be_unique) {
  const auto spec = testing::spec_from(R"({"steps": [
      {"activity": "A", "options": {"start_to_close_seconds": 1}},
      {"parallel": [[{"activity": "B", "options": {"start_to_close_seconds": 1}},
                     {"activity": "C", "options": {"start_to_close_seconds": 1}}],
                    [{"activity": "D", "activity_id": "charge",
                      "options": {"start_to_close_seconds": 1}}]]},
      {"activity": "E", "options": {"start_to_close_seconds": 1}}]})");
  BOOST_TEST(spec->steps[0].activity->activity_id == "1");
  BOOST_TEST(spec->steps[1].parallel[0][0].activity->activity_id == "2.1.1");
  BOOST_TEST(spec->steps[1].parallel[0][1].activity->activity_id == "2.1.2");
  BOOST_TEST(spec->steps[1].parallel[1][0].activity->activity_id == "charge");
  BOOST_TEST(spec->steps[2].activity->activity_id == "3");
  const auto duplicate = problems_of(R"({"steps": [
      {"activity": "A", "options": {"start_to_close_seconds": 1}},
      {"activity": "B", "activity_id": "1", "options": {"start_to_close_seconds": 1}}]})");
  BOOST_TEST(has_problem_at(duplicate, "/workflow/steps/1"));
}

BOOST_AUTO_TEST_CASE(schedule_to_close_fills_and_caps_the_other_timeouts) {
  ActivityOptions options;
  options.schedule_to_close_timeout = seconds(60);
  NormalizedActivityOptions n = normalized(options);
  BOOST_TEST((n.timeouts.schedule_to_start == seconds(60)));
  BOOST_TEST((n.timeouts.start_to_close == seconds(60)));
  BOOST_TEST(!n.timeouts.heartbeat.has_value());
  options.start_to_close_timeout = seconds(90);
  options.schedule_to_start_timeout = seconds(5);
  n = normalized(options);
  BOOST_TEST((n.timeouts.start_to_close == seconds(60)));  // Capped at ScheduleToClose.
  BOOST_TEST((n.timeouts.schedule_to_start == seconds(5)));
}

BOOST_AUTO_TEST_CASE(start_to_close_alone_takes_the_run_timeout_for_the_schedule_timeouts) {
  ActivityOptions options;
  options.start_to_close_timeout = seconds(10);
  NormalizedActivityOptions n = normalized(options);
  BOOST_TEST(!n.timeouts.schedule_to_close.has_value());  // The run timeout: none.
  BOOST_TEST(!n.timeouts.schedule_to_start.has_value());
  n = normalized(options, seconds(30));
  BOOST_TEST((n.timeouts.schedule_to_close == seconds(30)));
  BOOST_TEST((n.timeouts.schedule_to_start == seconds(30)));
  BOOST_TEST((n.timeouts.start_to_close == seconds(10)));
}

BOOST_AUTO_TEST_CASE(every_timeout_is_capped_at_the_run_timeout_and_heartbeat_at_start_to_close) {
  ActivityOptions options;
  options.schedule_to_close_timeout = seconds(100);
  options.start_to_close_timeout = seconds(80);
  options.heartbeat_timeout = seconds(90);
  NormalizedActivityOptions n = normalized(options, seconds(50));
  BOOST_TEST((n.timeouts.schedule_to_close == seconds(50)));
  BOOST_TEST((n.timeouts.schedule_to_start == seconds(50)));
  BOOST_TEST((n.timeouts.start_to_close == seconds(50)));
  BOOST_TEST((n.timeouts.heartbeat == seconds(50)));
  n = normalized(options);
  BOOST_TEST((n.timeouts.heartbeat == seconds(80)));  // Stored as StartToClose (TMP-1.2).
}

BOOST_AUTO_TEST_CASE(neither_start_to_close_nor_schedule_to_close_is_invalid) {
  ActivityOptions options;
  options.heartbeat_timeout = seconds(2);
  options.start_to_close_timeout = Duration::zero();  // Zero is "not set".
  const auto problems = option_problems(options);
  BOOST_TEST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].path.empty());
  BOOST_TEST(problems[0].message.find("StartToClose or ScheduleToClose") != std::string::npos);
  const auto parsed = problems_of(R"({"steps": [{"activity": "A", "options": {}}]})");
  BOOST_TEST(has_problem_at(parsed, "/workflow/steps/0/options"));
}

BOOST_AUTO_TEST_CASE(negative_timeouts_are_invalid) {
  const auto problems = problems_of(R"({"steps": [{"activity": "A", "options":
      {"start_to_close_seconds": -1, "heartbeat_timeout_seconds": -0.5}}],
      "run_timeout_seconds": -3})");
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/0/options/start_to_close_seconds"));
  BOOST_TEST(has_problem_at(problems, "/workflow/steps/0/options/heartbeat_timeout_seconds"));
  BOOST_TEST(has_problem_at(problems, "/workflow/run_timeout_seconds"));
}

BOOST_AUTO_TEST_CASE(retry_policy_defaults_are_those_of_tmp_2_1) {
  ActivityOptions options;
  options.start_to_close_timeout = seconds(1);
  RetryPolicy p = normalized(options).retry_policy;
  BOOST_TEST((p.initial_interval == seconds(1)));
  BOOST_TEST(p.backoff_coefficient == 2.0);
  BOOST_TEST((p.maximum_interval == seconds(100)));
  BOOST_TEST(p.maximum_attempts == 0);
  BOOST_TEST(p.non_retryable_error_types.empty());
  options.retry_policy.initial_interval = seconds(3);
  options.retry_policy.backoff_coefficient = 0.0;  // Zero takes the default.
  p = normalized(options).retry_policy;
  BOOST_TEST((p.maximum_interval == seconds(300)));  // 100 x InitialInterval.
  BOOST_TEST(p.backoff_coefficient == 2.0);
}

BOOST_AUTO_TEST_CASE(retry_policy_validation_rejects_what_the_server_rejects) {
  const auto problems = problems_of(R"({"steps": [{"activity": "A", "options":
      {"start_to_close_seconds": 1, "retry_policy": {"backoff_coefficient": 0.5,
       "initial_interval_seconds": 10, "maximum_interval_seconds": 5, "maximum_attempts": -1,
       "non_retryable_error_types": ["TemporalTimeout:Bogus", "TemporalTimeout:Heartbeat"]}}}]})");
  const std::string at = "/workflow/steps/0/options/retry_policy";
  BOOST_TEST(has_problem_at(problems, at + "/backoff_coefficient"));
  BOOST_TEST(has_problem_at(problems, at + "/maximum_interval_seconds"));
  BOOST_TEST(has_problem_at(problems, at + "/maximum_attempts"));
  BOOST_TEST(has_problem_at(problems, at + "/non_retryable_error_types/0"));
  BOOST_TEST(!has_problem_at(problems, at + "/non_retryable_error_types/1"));
  BOOST_TEST(has_problem_at(problems_of(R"({"steps": [{"activity": "A", "options":
      {"start_to_close_seconds": 1, "retry_policy": {"initial_interval_seconds": -1}}}]})"),
                            at + "/initial_interval_seconds"));
}

BOOST_AUTO_TEST_CASE(maximum_attempts_one_skips_the_rest_of_retry_validation_as_the_server_does) {
  ActivityOptions options;
  options.start_to_close_timeout = seconds(1);
  options.retry_policy.maximum_attempts = 1;
  options.retry_policy.backoff_coefficient = 0.5;
  BOOST_TEST(option_problems(options).empty());
}

BOOST_AUTO_TEST_CASE(start_workflow_rejects_an_invalid_hand_built_spec) {
  auto spec = std::make_shared<WorkflowSpec>();
  ActivityStep step;
  step.activity_type = "A";
  spec->steps.push_back(Step::of(step));  // No StartToClose or ScheduleToClose.
  testing::Driver d;
  const auto reply = d.start(spec);
  BOOST_TEST(reply.is_error("InvalidArgument"));
  BOOST_TEST(reply.error->message.find("/steps/0/options") != std::string::npos);
  BOOST_TEST(d.engine.history("wf") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
