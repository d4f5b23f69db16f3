// The compiled Amazon States Language model: what parse_definition() produces and the engine
// interprets. Names are resolved to indexes, paths and templates are compiled, defaults are filled
// in, so the engine never looks anything up by string while it runs.
//
// The model is immutable once built and shared (std::shared_ptr<const Definition>) by every
// execution and history that uses it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/choice.h"
#include "asl/distributed.h"
#include "asl/jsonata_template.h"
#include "asl/number_field.h"
#include "asl/path.h"
#include "asl/payload.h"
#include "core/time.h"
#include "record/json.h"
#include "record/state_events.h"

namespace wfsim::asl {

inline constexpr int kNoState = -1;
// The AWS default for Task TimeoutSeconds and HeartbeatSeconds when absent (SFN-1.1a, 1.1d).
inline constexpr int64_t kAwsDefaultTimeoutSeconds = 99'999'999;

// The state types and their names are the record's words (record/state_events.h).
using StateType = ::wfsim::StateType;

// InputPath, OutputPath and ResultPath: absent (the default "$"), JSON null, or a path.
struct IoPath {
  enum class Kind : uint8_t { root, null, path };
  Kind kind = Kind::root;
  std::optional<JsonPath> path;  // Set when kind == path.
};

enum class JitterStrategy : uint8_t { none, full };

struct Retrier {
  std::vector<std::string> error_equals;
  int64_t interval_seconds = 1;
  int64_t max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<int64_t> max_delay_seconds;
  JitterStrategy jitter = JitterStrategy::none;
};

// Workflow variables a state (or a Choice rule, or a catcher) assigns (VAR-1.1 to 1.4): one of
// the two forms, by the state's query language. JSONPath: a payload template whose "name.$" keys
// are paths or intrinsic calls (the ".$" is removed from the name); JSONata: a template whose
// "{% %}" leaves are expressions (locations "Assign/name"). Evaluation yields an object of
// variable name to value; every entry sees the values from before the assignment (VAR-2.1).
struct Assign {
  std::optional<PayloadTemplate> jsonpath;
  std::optional<JsonataTemplate> jsonata;
  std::vector<std::string> names;  // The variables assigned, as written (".$" removed).
  std::string pointer;             // Where the Assign object is, for scope problems.
};

struct Catcher {
  std::vector<std::string> error_equals;
  int next = kNoState;  // Index into the enclosing StateMachine::states.
  IoPath result_path;   // Default "$": the error output replaces the input.
  std::optional<Assign> assign;           // Applied instead of the state's own (VAR-4.1).
  std::optional<JsonataTemplate> output;  // JSONata: the state's output (JSONATA-3.6).
};

// How a Task's resource is invoked (DG-TASK, DG-CB, SFN-1.4).
enum class TaskKind : uint8_t {
  activity,          // arn:aws:states:<region>:<account>:activity:<name>
  lambda_legacy,     // arn:aws:lambda:<region>:<account>:function:<name> (LambdaFunction* events)
  request_response,  // arn:aws:states:::<service>:<api>
  callback,          // arn:aws:states:::<service>:<api>.waitForTaskToken
  sync,              // arn:aws:states:::<service>:<api>.sync (job run; also ".sync:2")
};

// A value given directly, through a reference path ("TimeoutSeconds" / "TimeoutSecondsPath") or,
// in a JSONata Task, as an expression resolved before the task is scheduled (JSONATA-1.10).
struct SecondsField {
  std::optional<int64_t> seconds;
  std::optional<JsonPath> path;
  std::optional<JsonataTemplate> query;
  bool is_set() const { return seconds.has_value() || path.has_value() || query.has_value(); }
};

struct TaskSpec {
  std::string resource;       // The Resource ARN as written.
  TaskKind kind = TaskKind::request_response;
  // As Task* history events report an integration: "arn:aws:states:::sqs:sendMessage
  // .waitForTaskToken" has resource_type "sqs" and resource_name "sendMessage.waitForTaskToken".
  std::string resource_type;
  std::string resource_name;
  std::string region;         // From the ARN when it names one; otherwise empty (the engine's).
  SecondsField timeout;       // Absent: the engine's option (AWS 99999999, spec 60).
  SecondsField heartbeat;     // Absent: no heartbeat clock.
  std::optional<PayloadTemplate> parameters;
  std::optional<JsonataTemplate> arguments;  // JSONata Arguments (absent: the state input).
};

struct WaitSpec {
  std::optional<int64_t> seconds;
  std::optional<Instant> timestamp;
  std::optional<JsonPath> seconds_path;
  std::optional<JsonPath> timestamp_path;
  std::optional<JsonataTemplate> seconds_query;    // JSONata "Seconds": "{% ... %}".
  std::optional<JsonataTemplate> timestamp_query;  // JSONata "Timestamp": "{% ... %}".
};

struct ChoiceBranch {
  ChoiceRule rule;                          // JSONPath rules.
  std::optional<JsonataTemplate> condition;  // JSONata rules: Condition (a boolean or expression).
  std::optional<JsonataTemplate> output;     // JSONata rules: Output, replacing the state's.
  std::optional<Assign> assign;  // Replaces the state's Assign when this rule matches (VAR-4.3).
  int next = kNoState;
};

struct ChoiceSpec {
  std::vector<ChoiceBranch> choices;
  int default_next = kNoState;  // kNoState: no Default (States.NoChoiceMatched when none match).
};

struct FailSpec {
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<JsonPath> error_path;
  std::optional<JsonPath> cause_path;
  std::optional<JsonataTemplate> error_query;  // JSONata "Error": "{% ... %}".
  std::optional<JsonataTemplate> cause_query;  // JSONata "Cause": "{% ... %}".
};

struct StateMachine;

struct ParallelSpec {
  std::vector<std::shared_ptr<const StateMachine>> branches;
  std::optional<JsonataTemplate> arguments;  // JSONata: every branch's input (absent: the input).
};

// The fields of a Map state of QueryLanguage JSONata (JSONATA-1.8, 3.9): they replace ItemsPath,
// the JSONPath ItemSelector and the *Path forms.
struct JsonataMapFields {
  std::optional<JsonataTemplate> items;          // Absent: the state input must be an array.
  std::optional<JsonataTemplate> item_selector;  // $states.context.Map.Item.{Index,Value}.
  NumberField max_concurrency;  // A literal or an expression (no path: JSONATA-1.10).
  NumberField tolerated_failure_count;
  NumberField tolerated_failure_percentage;
};

struct MapSpec {
  std::optional<JsonPath> items_path;             // Default "$".
  std::optional<PayloadTemplate> item_selector;   // ItemSelector, or legacy Parameters.
  std::shared_ptr<const StateMachine> processor;  // ItemProcessor, or legacy Iterator.
  int64_t max_concurrency = 0;                    // 0: unbounded.
  std::optional<JsonPath> max_concurrency_path;
  std::optional<int64_t> tolerated_failure_count;
  std::optional<double> tolerated_failure_percentage;
  std::optional<JsonPath> tolerated_failure_count_path;
  std::optional<JsonPath> tolerated_failure_percentage_path;
  std::optional<JsonataMapFields> jsonata;  // Set for a Map of QueryLanguage JSONata.
  // Set when ProcessorConfig.Mode is DISTRIBUTED: the Map runs its items as child executions
  // of a Map Run (asl/distributed.h; the engine's sfn_map_run.cpp).
  std::optional<DistributedSpec> distributed;
};

struct State {
  std::string name;
  StateType type = StateType::Pass;
  std::string comment;
  int next = kNoState;  // kNoState with end == true for terminal states.
  bool end = false;
  // The state's own QueryLanguage, else the machine's (JSONATA-1.1). A JSONata state has none of
  // the JSONPath fields below; its Output (and the JSONata fields of its spec) replace them.
  QueryLanguage query_language = QueryLanguage::jsonpath;
  std::optional<JsonataTemplate> output;  // JSONata Output (absent: JSONATA-3.5's default).
  // Assign (VAR-1.1): every type but Succeed and Fail. A Choice's applies when Default is taken.
  std::optional<Assign> assign;

  IoPath input_path;
  IoPath output_path;
  IoPath result_path;
  std::optional<PayloadTemplate> parameters;       // Pass and Parallel (Task's are in TaskSpec).
  std::optional<PayloadTemplate> result_selector;  // Task, Parallel, Map.
  std::optional<Json> result;                      // Pass "Result".
  Document result_document;                        // The same value, shared (no copy per run).
  std::vector<Retrier> retry;                      // Task, Parallel, Map.
  std::vector<Catcher> catch_;                     // Task, Parallel, Map.

  // Exactly one of these is set, matching `type` (none for Pass and Succeed).
  std::optional<TaskSpec> task;
  std::optional<WaitSpec> wait;
  std::optional<ChoiceSpec> choice;
  std::optional<FailSpec> fail;
  std::optional<ParallelSpec> parallel;
  std::optional<MapSpec> map;
};

struct StateMachine {
  std::vector<State> states;
  int start_at = kNoState;
  // Index of the state with this name, or kNoState. Linear; for setup and tools, not hot paths.
  int find(const std::string& name) const;
};

struct Definition {
  StateMachine root;
  std::string comment;
  std::string version;                    // "1.0" when given.
  std::optional<int64_t> timeout_seconds;  // Top-level TimeoutSeconds.
  Json source;                            // The definition as given, for capsules and tools.
  // Every state of the whole machine, nested ones included, in definition order (for tools).
  std::vector<const State*> all_states() const;
};

}  // namespace wfsim::asl
