// API call names and families; see api_call.h.
#include "record/api_call.h"

#include <array>
#include <ostream>

#include "core/assert.h"

namespace wfsim {
namespace {

constexpr std::array<std::string_view, kApiCallCount> kNames = {
#define WFSIM_X(name) #name,
    WFSIM_API_CALLS(WFSIM_X)
#undef WFSIM_X
};

}  // namespace

std::string_view to_string(ApiCall call) {
  const auto index = static_cast<size_t>(call);
  WFSIM_ASSERT(index < kNames.size());
  return kNames[index];
}

std::optional<ApiCall> parse_api_call(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<ApiCall>(i);
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, ApiCall call) { return out << to_string(call); }

ApiRole role_of(ApiCall call) {
  switch (call) {
    case ApiCall::StartExecution:
    case ApiCall::StartWorkflowExecution: return ApiRole::start;
    case ApiCall::StopExecution:
    case ApiCall::RedriveExecution:
    case ApiCall::RequestCancelActivity: return ApiRole::control;
    case ApiCall::DescribeExecution: return ApiRole::describe;
    case ApiCall::GetActivityTask:
    case ApiCall::PollActivityTaskQueue: return ApiRole::poll;
    case ApiCall::DeliverTask: return ApiRole::delivery;
    case ApiCall::SendTaskHeartbeat:
    case ApiCall::RecordActivityTaskHeartbeat: return ApiRole::heartbeat;
    case ApiCall::SendTaskSuccess:
    case ApiCall::RespondActivityTaskCompleted: return ApiRole::success;
    case ApiCall::SendTaskFailure:
    case ApiCall::RespondActivityTaskFailed: return ApiRole::failure;
    case ApiCall::RespondActivityTaskCanceled: return ApiRole::cancellation;
    case ApiCall::CompleteIntegration: return ApiRole::integration;
  }
  WFSIM_UNREACHABLE("an ApiCall outside its enumeration");
}

bool is_completion(ApiCall call) {
  switch (role_of(call)) {
    case ApiRole::success:
    case ApiRole::failure:
    case ApiRole::cancellation:
    case ApiRole::integration: return true;
    case ApiRole::start:
    case ApiRole::control:
    case ApiRole::describe:
    case ApiRole::poll:
    case ApiRole::delivery:
    case ApiRole::heartbeat: return false;
  }
  WFSIM_UNREACHABLE("an ApiRole outside its enumeration");
}

bool is_temporal(ApiCall call) {
  switch (call) {
    case ApiCall::StartWorkflowExecution:
    case ApiCall::PollActivityTaskQueue:
    case ApiCall::RecordActivityTaskHeartbeat:
    case ApiCall::RespondActivityTaskCompleted:
    case ApiCall::RespondActivityTaskFailed:
    case ApiCall::RespondActivityTaskCanceled:
    case ApiCall::RequestCancelActivity: return true;
    case ApiCall::StartExecution:
    case ApiCall::StopExecution:
    case ApiCall::RedriveExecution:
    case ApiCall::DescribeExecution:
    case ApiCall::GetActivityTask:
    case ApiCall::SendTaskHeartbeat:
    case ApiCall::SendTaskSuccess:
    case ApiCall::SendTaskFailure:
    case ApiCall::DeliverTask:
    case ApiCall::CompleteIntegration: return false;
  }
  WFSIM_UNREACHABLE("an ApiCall outside its enumeration");
}

}  // namespace wfsim
