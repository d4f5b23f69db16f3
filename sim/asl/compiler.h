// Internal: the definition compiler, which validates an ASL definition and builds the model in
// one pass, collecting every Problem with its JSON Pointer instead of stopping at the first.
//
// Split by topic: definition.cpp (entry points, top level, state machines, names, reachability),
// states.cpp (per-type field tables and the flow states), states_work.cpp (Task, Parallel, Map),
// retry_catch.cpp (Retry and Catch), fields.cpp (typed field readers).
#pragma once

#include <array>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/definition.h"
#include "asl/model.h"
#include "asl/problem.h"

namespace wfsim::asl::detail {

// Largest value AWS accepts for TimeoutSeconds, HeartbeatSeconds, IntervalSeconds, MaxAttempts.
inline constexpr int64_t kMaxSeconds = 99'999'999;
// MaxDelaySeconds must be below this (SFN-2.1a).
inline constexpr int64_t kMaxDelaySecondsLimit = 31'622'401;
inline constexpr size_t kMaxStateNameLength = 80;

// The state names of one (sub)machine and their indexes, for resolving Next, Default and Catch.
using StateIndex = std::map<std::string, int, std::less<>>;

// One state's JSON with where it is and what it can refer to.
struct StateSource {
  const Json& json;
  const std::string& pointer;  // "/States/Ship"
  const StateIndex& names;     // The states of the enclosing machine.
  size_t depth;                // Parallel/Map nesting of the enclosing machine (root: 0).

  const Json* field(std::string_view key) const;
  std::string at(std::string_view key) const;
};

class DefinitionCompiler {
 public:
  DefinitionCompiler(const ParseLimits& limits, Problems& problems)
      : limits_(limits), problems_(problems) {}

  // The whole definition; problems (if any) are in the Problems given to the constructor.
  Definition definition(const Json& source);

  // --- definition.cpp
  // A state machine object ({StartAt, States, Comment} plus `extra_fields`, which the caller
  // checks). `what` names it in messages ("a Parallel branch"; empty for the top level).
  std::shared_ptr<StateMachine> machine(const Json& source, const std::string& pointer,
                                        size_t depth, std::string_view what,
                                        std::initializer_list<std::string_view> extra_fields);
  // "JSONPath" or "JSONata"; anything else is a problem and nullopt.
  std::optional<QueryLanguage> query_language(const Json& value, const std::string& pointer);

  // --- states.cpp
  void state(State& out, const StateSource& source);
  void pass_state(State& out, const StateSource& source);
  void wait_state(State& out, const StateSource& source);
  void choice_state(State& out, const StateSource& source);
  void fail_state(State& out, const StateSource& source);

  // --- states_work.cpp
  void task_state(State& out, const StateSource& source);
  void parallel_state(State& out, const StateSource& source);
  void map_state(State& out, const StateSource& source);

  // --- states_distributed.cpp: the Distributed Map's own fields (DMAP-1, 2, 4, 7, 10)
  DistributedSpec distributed_map(const StateSource& source, QueryLanguage language,
                                  ChildExecutionType type);
  // An inline Map: the distributed-only fields are problems.
  void inline_only(const StateSource& source);
  std::optional<ItemReaderSpec> item_reader(const Json& json, const std::string& pointer,
                                            const StateSource& state, QueryLanguage language);
  void reader_config(const Json& json, const std::string& pointer, const StateSource& state,
                     QueryLanguage language, ItemReaderSpec& reader);
  void check_reader_combinations(const StateSource& source, const ItemReaderSpec& reader);
  std::optional<ItemBatcherSpec> item_batcher(const Json& json, const std::string& pointer,
                                              const StateSource& state, QueryLanguage language);
  std::optional<ResultWriterSpec> result_writer(const Json& json, const std::string& pointer,
                                                const StateSource& state, QueryLanguage language);
  // A count in `key` (literal in [min, max]), its "...Path" form (JSONPath) or an expression.
  NumberField count_field(const StateSource& source, std::string_view key,
                          QueryLanguage language, int64_t min, int64_t max);
  template <size_t N>
  void s3_arguments(const StateSource& source, QueryLanguage language,
                    const std::array<std::string_view, N>& allowed,
                    std::initializer_list<std::string_view> required,
                    std::optional<PayloadTemplate>& parameters,
                    std::optional<JsonataTemplate>& arguments);
  // Label rules (DMAP-7.1) and uniqueness within the definition; `out` set when valid.
  void check_label(const Json& value, const std::string& pointer, std::string& out);

  // --- states_jsonata.cpp: states of QueryLanguage JSONata
  void jsonata_state(State& out, const StateSource& source);
  void jsonata_task(State& out, const StateSource& source);
  void jsonata_wait(State& out, const StateSource& source);
  void jsonata_choice(State& out, const StateSource& source);
  void jsonata_fail(State& out, const StateSource& source);
  // A JSONata Map's Items, ItemSelector and count fields (map_state() calls it).
  JsonataMapFields jsonata_map_fields(const StateSource& source);
  NumberField jsonata_number(const StateSource& source, std::string_view key, double max_value,
                             bool integer);
  // A JSONata catcher has Output, not ResultPath.
  void jsonata_catchers(const StateSource& source);
  ChoiceBranch jsonata_rule(const Json& rule, const std::string& pointer,
                            const StateIndex& names);
  // A field's value as a JSONata template (syntax errors reported); nullopt when absent.
  std::optional<JsonataTemplate> jsonata_field(const StateSource& source, std::string_view key);

  // --- assign.cpp: workflow variables (VAR-1, 3.2, 5)
  // An Assign object in `language`; problems reported, nullopt when there was any.
  std::optional<Assign> assign_value(const Json& value, const std::string& pointer,
                                     QueryLanguage language);
  std::optional<Assign> assign_field(const StateSource& source, QueryLanguage language);
  // Reports every Assign inside `machine` (nested machines included) that names a variable
  // `outer` (name -> pointer of its Assign) holds: the enclosing machines' names.
  void check_variable_scopes(const StateMachine& machine,
                             const std::map<std::string, std::string>& outer);

  // --- retry_catch.cpp
  void retry(State& out, const StateSource& source);
  void catchers(State& out, const StateSource& source);

  // --- fields.cpp: each reports its own problems and returns nullopt when absent or invalid.
  void problem(std::string pointer, std::string message);
  std::optional<std::string> string_field(const StateSource& source, std::string_view key);
  // An integer in [min, max]; `positive` / non-negative wording follows min.
  std::optional<int64_t> integer_field(const StateSource& source, std::string_view key,
                                       int64_t min, int64_t max);
  std::optional<int64_t> integer_value(const Json& value, const std::string& pointer,
                                       int64_t min, int64_t max);
  std::optional<JsonPath> reference_path_field(const StateSource& source, std::string_view key);
  std::optional<JsonPath> path_value(const Json& value, const std::string& pointer,
                                     bool reference, bool allow_context);
  // InputPath / OutputPath (reference == false) and ResultPath (reference == true).
  IoPath io_path_value(const Json* value, const std::string& pointer, bool reference);
  IoPath io_path_field(const StateSource& source, std::string_view key, bool reference);
  // An object template (Parameters, ResultSelector, ItemSelector).
  std::optional<PayloadTemplate> template_field(const StateSource& source, std::string_view key);
  // A field and its "...Path" form given together is a problem; true when both are there.
  bool exclusive_pair(const StateSource& source, std::string_view field,
                      std::string_view path_field);
  // The index of the state `value` names in `names`, or kNoState with a problem.
  int resolve_next(const Json& value, const std::string& pointer, const StateIndex& names);

  const ParseLimits& limits() const { return limits_; }

 private:
  void check_state_name(const std::string& name, const std::string& pointer);
  void check_reachability(const StateMachine& machine, const std::string& pointer);

  const ParseLimits& limits_;
  Problems& problems_;
  size_t state_count_ = 0;
  QueryLanguage top_language_ = QueryLanguage::jsonpath;  // The machine's (JSONATA-1.1).
  bool state_limit_reported_ = false;
  std::map<std::string, std::string, std::less<>> first_pointer_of_name_;
  std::map<std::string, std::string, std::less<>> labels_;  // Label -> its pointer (DMAP-7.1).
};

}  // namespace wfsim::asl::detail
