// Task resource ARNs: activities, legacy Lambda functions, request-response, callback and sync
// integrations, aws-sdk integrations, other partitions, and what is not a resource.
#include <boost/test/unit_test.hpp>

#include "asl/definition.h"

namespace wfsim::asl {
namespace {

ResourceInfo classify(const std::string& resource) {
  auto info = classify_resource(resource);
  BOOST_REQUIRE_MESSAGE(info.has_value(), resource << " was not classified");
  return *info;
}

void check(const std::string& resource, TaskKind kind, const std::string& type,
           const std::string& name, const std::string& region) {
  const ResourceInfo info = classify(resource);
  BOOST_CHECK_MESSAGE(info.kind == kind, resource << ": wrong kind");
  BOOST_CHECK_EQUAL(info.resource_type, type);
  BOOST_CHECK_EQUAL(info.resource_name, name);
  BOOST_CHECK_EQUAL(info.region, region);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(task_resources)

BOOST_AUTO_TEST_CASE(an_activity_arn_is_an_activity_named_by_its_whole_arn) {
  const std::string arn = "arn:aws:states:us-east-1:123456789012:activity:ship";
  check(arn, TaskKind::activity, "activity", arn, "us-east-1");
}

BOOST_AUTO_TEST_CASE(a_lambda_function_arn_is_a_legacy_lambda_task) {
  const std::string arn = "arn:aws:lambda:eu-west-1:123456789012:function:Work";
  check(arn, TaskKind::lambda_legacy, "lambda", arn, "eu-west-1");
  check(arn + ":live", TaskKind::lambda_legacy, "lambda", arn + ":live", "eu-west-1");
}

BOOST_AUTO_TEST_CASE(a_service_integration_is_request_response_named_by_its_api) {
  check("arn:aws:states:::lambda:invoke", TaskKind::request_response, "lambda", "invoke", "");
  check("arn:aws:states:::http:invoke", TaskKind::request_response, "http", "invoke", "");
  check("arn:aws:states:us-west-2::sqs:sendMessage", TaskKind::request_response, "sqs",
        "sendMessage", "us-west-2");
}

BOOST_AUTO_TEST_CASE(wait_for_task_token_makes_a_callback_and_keeps_the_suffix_in_the_name) {
  check("arn:aws:states:::sqs:sendMessage.waitForTaskToken", TaskKind::callback, "sqs",
        "sendMessage.waitForTaskToken", "");
  check("arn:aws:states:::lambda:invoke.waitForTaskToken", TaskKind::callback, "lambda",
        "invoke.waitForTaskToken", "");
}

BOOST_AUTO_TEST_CASE(sync_and_sync_2_make_a_sync_job) {
  check("arn:aws:states:::glue:startJobRun.sync", TaskKind::sync, "glue", "startJobRun.sync", "");
  check("arn:aws:states:::states:startExecution.sync:2", TaskKind::sync, "states",
        "startExecution.sync:2", "");
}

BOOST_AUTO_TEST_CASE(aws_sdk_integrations_name_the_sdk_service_in_their_type) {
  check("arn:aws:states:::aws-sdk:s3:getObject", TaskKind::request_response, "aws-sdk:s3",
        "getObject", "");
  check("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess.waitForTaskToken", TaskKind::callback,
        "aws-sdk:sfn", "sendTaskSuccess.waitForTaskToken", "");
}

BOOST_AUTO_TEST_CASE(other_aws_partitions_are_accepted) {
  check("arn:aws-cn:states:cn-north-1:123456789012:activity:a", TaskKind::activity, "activity",
        "arn:aws-cn:states:cn-north-1:123456789012:activity:a", "cn-north-1");
  check("arn:aws-us-gov:states:::lambda:invoke", TaskKind::request_response, "lambda", "invoke",
        "");
}

BOOST_AUTO_TEST_CASE(strings_that_are_not_task_resource_arns_are_not_classified) {
  for (const char* text :
       {"", "arn", "arn:aws:states", "my-function", "arn:gcp:states:::lambda:invoke",
        "arn:aws:states:us-east-1:123:activity:", "arn:aws:states:::lambda",
        "arn:aws:states:::lambda:", "arn:aws:states:::lambda:invoke.waitForTaskToken.sync",
        "arn:aws:states:::aws-sdk:s3", "arn:aws:states:::lambda:invoke:extra",
        "arn:aws:lambda:us-east-1:123:function:", "arn:aws:lambda:us-east-1:123:layer:x",
        "arn:aws:states:us-east-1:123:stateMachine:m", "arn:aws:ecs:us-east-1:123:cluster/c",
        "arn:aws:states:::lambda:in voke"}) {
    BOOST_CHECK_MESSAGE(!classify_resource(text).has_value(), "'" << text << "' was classified");
  }
}

BOOST_AUTO_TEST_CASE(short_names_are_what_a_person_calls_the_resource) {
  const auto short_name = [](const char* arn) { return resource_short_name(arn).value_or("-"); };
  BOOST_CHECK_EQUAL(short_name("arn:aws:states:us-east-1:123456789012:activity:ship"), "ship");
  BOOST_CHECK_EQUAL(short_name("arn:aws:lambda:us-east-1:123456789012:function:resize"),
                    "resize");
  BOOST_CHECK_EQUAL(short_name("arn:aws:lambda:us-east-1:123456789012:function:resize:prod"),
                    "resize:prod");
  BOOST_CHECK_EQUAL(short_name("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
                    "sqs:sendMessage.waitForTaskToken");
  BOOST_CHECK_EQUAL(short_name("arn:aws:states:::aws-sdk:glue:createPartition"),
                    "aws-sdk:glue:createPartition");
  BOOST_CHECK_EQUAL(short_name("arn:aws:dynamodb:us-east-1:123456789012:table/Orders"),
                    "Orders");
  BOOST_CHECK_EQUAL(short_name("arn:aws:sns:us-east-1:123456789012:orders"), "orders");
  BOOST_CHECK_EQUAL(short_name("arn:aws-cn:states:cn-north-1:1:activity:a"), "a");
  for (const char* text : {"Ship", "ChargeCard", "", "arn:aws:states", "arn:gcp:x:::y",
                           "arn:aws:states:us-east-1:1:"}) {
    BOOST_CHECK_MESSAGE(!resource_short_name(text).has_value(), "'" << text << "' got a name");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
