// Service errors as AWS records them; see service_errors.h and docs/world.md.
#include "world/service_errors.h"

#include <array>

#include "asl/definition.h"
#include "core/assert.h"
#include "record/json.h"

namespace wfsim::world {
namespace {

// An optimized integration's error prefix, its SDK-for-Java-v1 client name (the cause names it),
// and the v1 exception classes of its three transient errors (INT-2.1: the recorded rule is
// "<Prefix>.<v1 exception class>"; a service code without its own class surfaces as the client's
// base exception, e.g. `DynamoDB.AmazonDynamoDBException`).
struct Optimized {
  std::string_view service;  // resource_type of the Task's Resource
  std::string_view prefix;
  std::string_view client;
  std::string_view throttling;
  std::string_view failure;
};

constexpr std::array<Optimized, 9> kOptimized = {{
    {"lambda", "Lambda", "AWSLambda", "TooManyRequestsException", "ServiceException"},
    {"dynamodb", "DynamoDB", "AmazonDynamoDBv2", "ProvisionedThroughputExceededException",
     "InternalServerErrorException"},
    {"sqs", "SQS", "AmazonSQS", "AmazonSQSException", "AmazonSQSException"},
    {"sns", "SNS", "AmazonSNS", "ThrottledException", "InternalErrorException"},
    {"ecs", "ECS", "AmazonECS", "AmazonECSException", "ServerException"},
    {"batch", "Batch", "AWSBatch", "AWSBatchException", "ServerException"},
    {"glue", "Glue", "AWSGlue", "AWSGlueException", "InternalServiceException"},
    {"states", "StepFunctions", "AWSStepFunctions", "AWSStepFunctionsException",
     "AWSStepFunctionsException"},
    {"events", "EventBridge", "AmazonEventBridge", "AmazonEventBridgeException",
     "InternalException"},
}};

// "dynamodb" -> "DynamoDb", "secretsmanager" -> "SecretsManager": the SDK-for-Java-v2 service
// names of the AWS SDK integrations (INT-2.2), for the services whose name is not one word.
std::string sdk_v2_name(std::string_view service) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNames = {{
      {"dynamodb", "DynamoDb"}, {"secretsmanager", "SecretsManager"}, {"sfn", "Sfn"},
      {"s3", "S3"}, {"sqs", "Sqs"}, {"sns", "Sns"}, {"lambda", "Lambda"}, {"ec2", "Ec2"},
      {"eventbridge", "EventBridge"}, {"cloudwatch", "CloudWatch"}, {"ssm", "Ssm"},
      {"kinesis", "Kinesis"},
  }};
  for (const auto& [name, v2] : kNames) {
    if (name == service) return std::string(v2);
  }
  std::string out(service);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

ServiceError optimized_error(const Optimized& o, TransientError kind, const std::string& request) {
  if (kind == TransientError::client) {
    return {std::string(o.prefix) + ".SdkClientException",
            "Unable to execute HTTP request: Connect to " + std::string(o.service) +
                ".amazonaws.com:443 failed: connect timed out"};
  }
  const bool throttled = kind == TransientError::throttling;
  const std::string code = throttled ? "ThrottlingException" : "InternalFailure";
  const std::string message = throttled ? "Rate exceeded" : "We encountered an internal error. "
                                                            "Please try again.";
  return {std::string(o.prefix) + "." + std::string(throttled ? o.throttling : o.failure),
          message + " (Service: " + std::string(o.client) + "; Status Code: " +
              (throttled ? "429" : "500") + "; Error Code: " + code + "; Request ID: " + request +
              "; Proxy: null)"};
}

ServiceError sdk_error(std::string_view service, TransientError kind, const std::string& request) {
  const std::string name = sdk_v2_name(service);
  if (kind == TransientError::client) {
    return {name + ".SdkClientException",
            "Unable to execute HTTP request: connect timed out (SDK Attempt Count: 1)"};
  }
  const bool throttled = kind == TransientError::throttling;
  return {name + "." + name + "Exception",
          std::string(throttled ? "Rate exceeded" : "Internal failure") + " (Service: " + name +
              ", Status Code: " + (throttled ? "400" : "500") + ", Request ID: " + request + ")"};
}

}  // namespace

std::string request_id(Random& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int group : {8, 4, 4, 4, 12}) {
    if (!out.empty()) out += '-';
    for (int i = 0; i < group; ++i) out += kHex[random.uniform(16)];
  }
  return out;
}

ServiceError transient_service_error(std::string_view resource, TransientError kind,
                                     const std::string& request) {
  const auto info = asl::classify_resource(std::string(resource));
  if (!info || info->kind == asl::TaskKind::lambda_legacy) {
    // A legacy Lambda function ARN: Lambda's own errors (DG-BP).
    return optimized_error(kOptimized[0], kind, request);
  }
  const std::string_view type = info->resource_type;
  if (type == "http") {  // INT-6: the HTTP Task's own error names.
    if (kind == TransientError::client) return {"States.Http.Socket", "Connection reset"};
    return kind == TransientError::throttling
               ? ServiceError{"States.Http.StatusCode.429", "Too Many Requests"}
               : ServiceError{"States.Http.StatusCode.503", "Service Unavailable"};
  }
  if (type == "apigateway") {  // INT-2.1: ApiGateway.<status>, the body as the cause.
    if (kind == TransientError::client) return {"ApiGateway.SdkClientException", "connect timed out"};
    return kind == TransientError::throttling
               ? ServiceError{"ApiGateway.429", "{\"message\":\"Too Many Requests\"}"}
               : ServiceError{"ApiGateway.503", "{\"message\":\"Service Unavailable\"}"};
  }
  if (type.starts_with("aws-sdk:")) return sdk_error(type.substr(8), kind, request);
  for (const Optimized& o : kOptimized) {
    if (o.service == type) return optimized_error(o, kind, request);
  }
  // An optimized integration without a row above: its v1 client's base exception.
  const std::string prefix = sdk_v2_name(type);
  const std::string client = "Amazon" + prefix;
  const std::string base = client + "Exception";
  const Optimized generic{type, prefix, client, base, base};
  return optimized_error(generic, kind, request);
}

ServiceError lambda_crashed(const std::string& request) {
  const Json payload = json_object(
      "errorMessage", "RequestId: " + request + " Error: Runtime exited with error: signal: killed",
      "errorType", "Runtime.ExitError");
  return {"Runtime.ExitError", to_compact_text(payload)};
}

ServiceError lambda_timed_out(Duration function_timeout, const std::string& request) {
  const int64_t centis = function_timeout.us() / 10'000;
  const std::string seconds = std::to_string(centis / 100) + "." +
                              (centis % 100 < 10 ? "0" : "") + std::to_string(centis % 100);
  const Json payload = json_object(
      "errorMessage", request + " Task timed out after " + seconds + " seconds", "errorType",
      "Sandbox.Timedout");
  return {"Sandbox.Timedout", to_compact_text(payload)};
}

ServiceError job_failed(std::string_view resource, bool stopped, Instant started, Instant ended,
                        const std::string& request) {
  const auto info = asl::classify_resource(std::string(resource));
  const std::string_view type = info ? std::string_view(info->resource_type) : "";
  Json description;
  if (type == "states") {  // INT-4.1: the child execution's DescribeExecution.
    description = json_object(
        "Error", stopped ? Json(nullptr) : Json("States.TaskFailed"), "Cause",
        stopped ? Json(nullptr) : Json("the child execution failed"), "ExecutionArn",
        "arn:aws:states:us-east-1:123456789012:execution:child:" + request, "Input", "{}",
        "InputDetails", json_object("Included", true), "Name", request, "StartDate",
        started.unix_us() / 1000, "StateMachineArn",
        "arn:aws:states:us-east-1:123456789012:stateMachine:child", "Status",
        stopped ? "ABORTED" : "FAILED", "StopDate", ended.unix_us() / 1000);
  } else if (type == "ecs") {  // INT-4.2: the final DescribeTasks task.
    description = json_object(
        "LastStatus", "STOPPED", "StopCode", stopped ? "UserInitiated" : "EssentialContainerExited",
        "StoppedReason", stopped ? "Task stopped by user" : "Essential container in task exited",
        "Containers", Json::array({json_object("ExitCode", stopped ? 143 : 1, "LastStatus",
                                               "STOPPED")}),
        "TaskArn", "arn:aws:ecs:us-east-1:123456789012:task/cluster/" + request);
  } else if (type == "batch") {  // INT-4.3 [inferred]: the DescribeJobs job.
    description = json_object("JobId", request, "Status", "FAILED", "StatusReason",
                              stopped ? "Terminated by user" :
                                        "Essential container in task exited");
  } else if (type == "glue") {  // INT-4.3 [inferred]: the GetJobRun job run.
    description = json_object("Id", request, "JobRunState", stopped ? "STOPPED" : "FAILED",
                              "ErrorMessage", stopped ? "Job run stopped" : "Job run failed");
  } else {
    description = json_object("Status", stopped ? "STOPPED" : "FAILED");
  }
  return {"States.TaskFailed", to_compact_text(description)};
}

}  // namespace wfsim::world
