// The call-log part of the Step Functions record index (sfn_record.h): task tokens handed out by
// DeliverTask and GetActivityTask, and the token calls that used them. The conventions are those
// of sim/world/world.h (restated in docs/checks.md).
#include <map>
#include <set>

#include "check/record_view.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {
namespace {

std::optional<TokenCallKind> token_call_kind(ApiCall api) {
  if (api == ApiCall::SendTaskHeartbeat) return TokenCallKind::heartbeat;
  if (api == ApiCall::SendTaskSuccess) return TokenCallKind::success;
  if (api == ApiCall::SendTaskFailure) return TokenCallKind::failure;
  if (api == ApiCall::CompleteIntegration) return TokenCallKind::integration;
  return std::nullopt;
}

}  // namespace

void Record::index_calls() {
  calls_of_attempt.resize(attempts.size());
  if (observation.calls == nullptr) return;
  // Token text -> issues in log order. An ordered map: nothing here depends on hash order.
  std::map<std::string, std::vector<int>, std::less<>> by_token;
  // The run's own execution: tasks of a Distributed Map's child executions (another
  // executionArn) belong to the children's histories, not to this one.
  std::optional<std::string> own_arn;
  for (const CallRecord& r : observation.calls->records) {
    if (r.api == ApiCall::StartExecution && r.response) {
      own_arn = string_member(*r.response, "executionArn");
      break;
    }
  }
  std::set<std::string, std::less<>> child_tokens;  // Issued for child executions.
  for (const CallRecord& r : observation.calls->records) {
    if (r.dropped) continue;
    const Json* source = r.api == ApiCall::DeliverTask ? &r.request
                         : r.api == ApiCall::GetActivityTask && r.response ? &*r.response
                                                                           : nullptr;
    if (source != nullptr && own_arn) {
      const auto arn = string_member(*source, "executionArn");
      if (arn && *arn != *own_arn) {
        if (const auto token = string_member(*source, "taskToken")) child_tokens.insert(*token);
        continue;
      }
    }
    std::optional<std::string> token;
    std::optional<int64_t> scheduled;
    if (r.api == ApiCall::DeliverTask) {
      token = string_member(r.request, "taskToken");
      scheduled = integer_member(r.request, "scheduledEventId");
    } else if (r.api == ApiCall::GetActivityTask && r.response) {
      token = string_member(*r.response, "taskToken");
      scheduled = integer_member(*r.response, "scheduledEventId");
    }
    if (token && !token->empty()) {
      TokenIssue issue{*token, scheduled.value_or(0), -1, &r};
      if (usable && scheduled) issue.attempt = attempt_of_scheduled(*scheduled);
      issues.push_back(std::move(issue));
      by_token[*token].push_back(static_cast<int>(issues.size()) - 1);
      continue;
    }
    const auto kind = token_call_kind(r.api);
    if (!kind) continue;
    TokenCall call{*kind, &r, task_token(r), -1, -1};
    if (call.token && child_tokens.contains(*call.token)) continue;
    if (call.token) {
      const auto it = by_token.find(*call.token);
      if (it != by_token.end() && !it->second.empty()) {
        call.issue = it->second.back();  // The latest issue logged before the call.
        call.attempt = issues[static_cast<size_t>(call.issue)].attempt;
      }
    }
    token_calls.push_back(std::move(call));
  }
  calls_of_attempt.resize(attempts.size());
  for (size_t i = 0; i < token_calls.size(); ++i) {
    const int a = token_calls[i].attempt;
    if (a >= 0) calls_of_attempt[static_cast<size_t>(a)].push_back(static_cast<int>(i));
  }
}

}  // namespace wfsim::check::sfn
