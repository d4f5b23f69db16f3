// The API calls of the record: every call the simulated world makes to an engine (and the
// engine's hand-over of a task to a simulated service), Step Functions and Temporal alike.
//
// This file is the one owner of their names. Every module names a call by its enumerator; the
// text appears only where the call log is written to or read from a file (call_log.cpp) and in
// reports for people. A misspelt name is therefore a compile error, never a checker that
// silently matches nothing. Adding a call: add it to WFSIM_API_CALLS and to the family table in
// api_call.cpp (the compiler points at every switch that must learn it).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace wfsim {

// Step Functions (SFN-1.x): the scenario's StartExecution, StopExecution, RedriveExecution and
// DescribeExecution;
// activity workers' GetActivityTask; the token holders' SendTask* calls; DeliverTask, the
// engine's hand-over of a service-integration task to its simulated service, and
// CompleteIntegration, that service's answer.
// Temporal (TMP-x.y): temporal.api.workflowservice.v1 names.
#define WFSIM_API_CALLS(X)                                                                    \
  X(StartExecution) X(StopExecution) X(RedriveExecution) X(DescribeExecution) X(GetActivityTask) \
  X(SendTaskHeartbeat) X(SendTaskSuccess) X(SendTaskFailure) X(DeliverTask)                   \
  X(CompleteIntegration) X(StartWorkflowExecution) X(PollActivityTaskQueue)                   \
  X(RecordActivityTaskHeartbeat) X(RespondActivityTaskCompleted) X(RespondActivityTaskFailed) \
  X(RespondActivityTaskCanceled) X(RequestCancelActivity)

enum class ApiCall : uint8_t {
#define WFSIM_X(name) name,
  WFSIM_API_CALLS(WFSIM_X)
#undef WFSIM_X
};

inline constexpr size_t kApiCallCount = 0
#define WFSIM_X(name) +1
    WFSIM_API_CALLS(WFSIM_X)
#undef WFSIM_X
    ;

// The name as the call log and AWS/Temporal spell it ("SendTaskHeartbeat").
std::string_view to_string(ApiCall call);
std::optional<ApiCall> parse_api_call(std::string_view name);
std::ostream& operator<<(std::ostream& out, ApiCall call);

// What a call does, for checkers and reports that treat families alike.
enum class ApiRole : uint8_t {
  start,        // StartExecution, StartWorkflowExecution
  control,      // StopExecution, RedriveExecution, RequestCancelActivity
  describe,     // DescribeExecution
  poll,         // GetActivityTask, PollActivityTaskQueue
  delivery,     // DeliverTask
  heartbeat,    // SendTaskHeartbeat, RecordActivityTaskHeartbeat
  success,      // SendTaskSuccess, RespondActivityTaskCompleted
  failure,      // SendTaskFailure, RespondActivityTaskFailed
  cancellation, // RespondActivityTaskCanceled
  integration,  // CompleteIntegration: a success or a failure, as its request says
};
ApiRole role_of(ApiCall call);

// A worker's report that ends its attempt (success, failure, cancellation, integration answer).
bool is_completion(ApiCall call);
// Temporal's calls (the others are Step Functions').
bool is_temporal(ApiCall call);

}  // namespace wfsim
