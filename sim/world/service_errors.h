// The errors AWS services really answer with, as Step Functions records them: transient service
// errors per integration (INT-2.1, 2.2, 3.5), a Lambda function's crash and timeout (INT-3.2,
// 3.3), and a `.sync` job that failed or was stopped (INT-4). The world's faults of the service
// family (fault_kinds.h) answer with these.
//
// This file owns the error names and cause texts; docs/world.md tables them with the facts they
// rest on. It decides nothing about when they happen (the fault injector and the resource's
// function timeout do) and does not touch the engine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/time.h"

namespace wfsim::world {

struct ServiceError {
  std::string error;
  std::string cause;
};

// Which transient error a service_error fault gives.
enum class TransientError : uint8_t { throttling, service, client };
inline constexpr uint64_t kTransientErrorKinds = 3;

// An AWS request id (a UUID text), drawn from `random`.
std::string request_id(Random& random);

// A transient error of the service behind `resource` (a Task's Resource ARN): the
// optimized-integration names (`Lambda.TooManyRequestsException`, `DynamoDB.
// ProvisionedThroughputExceededException`, `SQS.SdkClientException`, ...), the AWS SDK
// integration names (`DynamoDb.DynamoDbException`, ...), or the HTTP Task's status errors.
ServiceError transient_service_error(std::string_view resource, TransientError kind,
                                     const std::string& request);

// A Lambda function's process died (INT-3.3): `Runtime.ExitError`, the Lambda error payload as the
// cause.
ServiceError lambda_crashed(const std::string& request);
// A Lambda function ran past its own timeout (INT-3.2): `Sandbox.Timedout`.
ServiceError lambda_timed_out(Duration function_timeout, const std::string& request);

// A `.sync` job that ended without success (INT-4.1-4.3): `States.TaskFailed` with the job's
// description as the cause (the child execution for `states:startExecution.sync`, the ECS task,
// the Batch job, the Glue job run). `stopped`: stopped or aborted rather than failed.
ServiceError job_failed(std::string_view resource, bool stopped, Instant started, Instant ended,
                        const std::string& request);

}  // namespace wfsim::world
