// Outcome<T>: a value, or a Step Functions error (name and cause) raised inside the simulated
// workflow. ASL evaluation never throws for bad data: a path that matches nothing, an intrinsic
// given the wrong arguments or a Choice comparing the wrong types becomes a StateError that the
// engine records in the history (States.Runtime, States.ParameterPathFailure, ...).
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "core/assert.h"

namespace wfsim::asl {

struct StateError {
  std::string error;  // "States.Runtime", "States.ParameterPathFailure", a worker's own name...
  std::string cause;
  friend bool operator==(const StateError&, const StateError&) = default;
};

template <typename T>
class Outcome {
 public:
  Outcome(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Outcome(StateError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  T& value() & {
    WFSIM_ASSERT(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    WFSIM_ASSERT(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    WFSIM_ASSERT(ok());
    return std::get<0>(std::move(v_));
  }
  const StateError& error() const {
    WFSIM_ASSERT(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, StateError> v_;
};

// Error names of the ASL spec and AWS (SFN-1.6a, SFN-1.6b).
namespace errors {
inline constexpr const char* kAll = "States.ALL";
inline constexpr const char* kHeartbeatTimeout = "States.HeartbeatTimeout";
inline constexpr const char* kTimeout = "States.Timeout";
inline constexpr const char* kTaskFailed = "States.TaskFailed";
inline constexpr const char* kPermissions = "States.Permissions";
inline constexpr const char* kResultPathMatchFailure = "States.ResultPathMatchFailure";
inline constexpr const char* kParameterPathFailure = "States.ParameterPathFailure";
inline constexpr const char* kQueryEvaluationError = "States.QueryEvaluationError";
inline constexpr const char* kBranchFailed = "States.BranchFailed";
inline constexpr const char* kNoChoiceMatched = "States.NoChoiceMatched";
inline constexpr const char* kIntrinsicFailure = "States.IntrinsicFailure";
inline constexpr const char* kExceedToleratedFailureThreshold =
    "States.ExceedToleratedFailureThreshold";
inline constexpr const char* kItemReaderFailed = "States.ItemReaderFailed";
inline constexpr const char* kResultWriterFailed = "States.ResultWriterFailed";
inline constexpr const char* kDataLimitExceeded = "States.DataLimitExceeded";
inline constexpr const char* kRuntime = "States.Runtime";
}  // namespace errors

}  // namespace wfsim::asl
