// The Step Functions engine's JSONata evaluation service: one entry point that evaluates a
// compiled JSONata template (asl/jsonata_template.h) of a JSONata state against the execution's
// virtual clock, its seeded random stream and the reserved $states variable, and turns every
// failure into the cause text AWS records for States.QueryEvaluationError (JSONATA-5.3, 5.4).
//
// Owns: template evaluation at any depth (JSONATA-2.3), $states (JSONATA-3.1), $now()/$millis()
// from the execution's Instant, $random()/$uuid() from the execution's wfsim::Random, the
// "undefined", "threw an error", "unexpected result type" and "unsupported result type" causes,
// and the result-type checks of typed fields. Deliberately absent: which fields a state has and
// when they are evaluated (the state interpreters), which variables a thread sees (the engine
// hands them in) and writing the
// EvaluationFailed event (the engine, which knows the thread and the state's Entered event).
// Usable without an Engine: it reads nothing but its arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "asl/jsonata_template.h"
#include "core/random.h"
#include "core/time.h"
#include "record/json.h"

namespace wfsim::sfn {

// The reserved $states of one evaluation (JSONATA-3.1): a null member is absent (undefined), as
// result is outside a state's result handling and errorOutput outside a Catcher (JSONATA-3.8).
// `variables` (an object of name to value, may be null) are the workflow variables the thread
// sees, each bound as $name (VAR-1.4, 1.5); one never assigned reads as undefined (VAR-1.7).
struct StatesView {
  const Json* input = nullptr;
  const Json* result = nullptr;
  const Json* error_output = nullptr;
  const Json* context = nullptr;
  const Json* variables = nullptr;
};

// What a typed field needs its value to be (JSONATA-5.3, 5.5; OQ-9 for those not recorded).
enum class ExpectedType : uint8_t {
  any,                   // Output, Arguments, ItemSelector: any JSON value.
  boolean,               // Choice Condition.
  array,                 // Map Items.
  string,                // Fail Error and Cause.
  non_negative_integer,  // Wait Seconds; Map MaxConcurrency and ToleratedFailureCount.
  percentage,            // Map ToleratedFailurePercentage: a number from 0 to 100.
  positive_integer,      // ItemBatcher MaxItemsPerBatch and MaxInputBytesPerBatch (DMAP-4.1).
  task_seconds,          // Task TimeoutSeconds, HeartbeatSeconds: an integer 1 to 99999999.
  timestamp,             // Wait Timestamp: an ISO-8601 date-time with an offset.
};

// A failed evaluation, as the EvaluationFailed event reports it: the field's location
// ("Output/result"; empty when AWS writes none) and the cause after AWS's prefix
// ("The JSONata expression '$x' specified for the field 'Output' returned nothing (undefined).").
struct QueryFailure {
  std::string location;
  std::string detail;
  friend bool operator==(const QueryFailure&, const QueryFailure&) = default;
};

// Evaluates `field` with $states bound to `states`, at instant `now` ($now(), $millis()), drawing
// $random() and $uuid() from `random`. The value when every expression yields a JSON value of
// the expected type; otherwise the first failure in document order. Never throws.
std::variant<Json, QueryFailure> evaluate_query(const asl::JsonataTemplate& field,
                                                const StatesView& states, Instant now,
                                                Random& random,
                                                ExpectedType expected = ExpectedType::any);

// The whole cause of the EvaluationFailed (and ExecutionFailed) event: AWS's prefix naming the
// state and the id of its Entered event, then the failure's detail (JSONATA-5.3).
std::string query_failure_cause(std::string_view state, int64_t entered_event_id,
                                const QueryFailure& failure);

// The detail AWS writes when a Map state without Items gets an input that is not an array
// (JSONATA-5.3, EX-12); the event has no location.
QueryFailure map_input_not_array(const Json& input);

// The JSON type name AWS uses in "unexpected result type" causes: array, number, string,
// boolean, object, null.
std::string_view query_type_name(const Json& value);

}  // namespace wfsim::sfn
