// Golden history: a retry-then-success run written as Temporal's JSON history export, compared
// as full text. Any change to the event shape, ids, times or attribute names shows up here.
#include <boost/test/unit_test.hpp>

#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::at_seconds;
using testing::Driver;

// ChargeCard fails its first attempt after one heartbeat, is retried after the 1 s backoff, and
// succeeds; the retry sees the first attempt's heartbeat details.
std::string retry_then_success_history() {
  Driver d;
  d.start(testing::spec_from(R"({"workflow_type": "ChargeOrder", "steps": [
      {"activity": "ChargeCard", "input": {"orderId": 7}, "options": {
        "start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2,
        "schedule_to_close_seconds": 60,
        "retry_policy": {"initial_interval_seconds": 1, "backoff_coefficient": 2.0,
                         "maximum_interval_seconds": 100, "maximum_attempts": 0,
                         "non_retryable_error_types": ["CardDeclined"]}}}]})"),
          "charge-7", Json{{"customer", "c-1"}});
  const auto first = d.poll("ChargeCard", "worker-1");
  d.advance_to(at_seconds(0.5));
  d.heartbeat(first->task_token, {Json{{"progress", 1}}});
  d.advance_to(at_seconds(1));
  d.fail(first->task_token, ApplicationFailure{"GatewayTimeout", "gateway did not answer", false,
                                               std::nullopt, {}});
  d.advance_to(at_seconds(2));
  const auto second = d.poll("ChargeCard", "worker-2");
  BOOST_TEST(second->heartbeat_details == Payloads{(Json{{"progress", 1}})});
  d.advance_to(at_seconds(3.25));
  d.complete(second->task_token, {Json{{"charged", true}}});
  return history_to_json(d.history("charge-7")).dump(2);
}

const char* const kExpected = R"json({
  "events": [
    {
      "eventId": "1",
      "eventTime": "2024-01-01T00:00:00Z",
      "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
      "workflowExecutionStartedEventAttributes": {
        "workflowType": {
          "name": "ChargeOrder"
        },
        "taskQueue": {
          "name": "workflows",
          "kind": "TASK_QUEUE_KIND_NORMAL"
        },
        "input": {
          "payloads": [
            {
              "customer": "c-1"
            }
          ]
        },
        "originalExecutionRunId": "b3f2af6d-0fc7-40c5-853b-559647364cea",
        "firstExecutionRunId": "b3f2af6d-0fc7-40c5-853b-559647364cea",
        "attempt": 1
      }
    },
    {
      "eventId": "2",
      "eventTime": "2024-01-01T00:00:00Z",
      "eventType": "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
      "activityTaskScheduledEventAttributes": {
        "activityId": "1",
        "activityType": {
          "name": "ChargeCard"
        },
        "taskQueue": {
          "name": "ChargeCard",
          "kind": "TASK_QUEUE_KIND_NORMAL"
        },
        "input": {
          "payloads": [
            {
              "orderId": 7
            }
          ]
        },
        "scheduleToCloseTimeout": "60s",
        "scheduleToStartTimeout": "60s",
        "startToCloseTimeout": "10s",
        "heartbeatTimeout": "2s",
        "retryPolicy": {
          "initialInterval": "1s",
          "backoffCoefficient": 2,
          "maximumInterval": "100s",
          "nonRetryableErrorTypes": [
            "CardDeclined"
          ]
        }
      }
    },
    {
      "eventId": "3",
      "eventTime": "2024-01-01T00:00:02Z",
      "eventType": "EVENT_TYPE_ACTIVITY_TASK_STARTED",
      "activityTaskStartedEventAttributes": {
        "scheduledEventId": "2",
        "identity": "worker-2",
        "attempt": 2,
        "lastFailure": {
          "message": "gateway did not answer",
          "applicationFailureInfo": {
            "type": "GatewayTimeout"
          }
        }
      }
    },
    {
      "eventId": "4",
      "eventTime": "2024-01-01T00:00:03.250Z",
      "eventType": "EVENT_TYPE_ACTIVITY_TASK_COMPLETED",
      "activityTaskCompletedEventAttributes": {
        "result": {
          "payloads": [
            {
              "charged": true
            }
          ]
        },
        "scheduledEventId": "2",
        "startedEventId": "3",
        "identity": "worker-2"
      }
    },
    {
      "eventId": "5",
      "eventTime": "2024-01-01T00:00:03.250Z",
      "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED",
      "workflowExecutionCompletedEventAttributes": {
        "result": {
          "payloads": [
            [
              {
                "charged": true
              }
            ]
          ]
        }
      }
    }
  ]
})json";

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_golden)

BOOST_AUTO_TEST_CASE(a_retry_then_success_history_matches_the_golden_json_text) {
  BOOST_TEST(retry_then_success_history() == std::string(kExpected));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
