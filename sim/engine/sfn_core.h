// Engine::State: the Step Functions engine's data and the operations its sfn_*.cpp files share.
// Internal; see sfn_state.h for the data model and sfn_engine.h for the API.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/sfn_map_run.h"
#include "engine/sfn_query.h"
#include "engine/sfn_state.h"

namespace wfsim::sfn {

// The largest input, output or task result, as compact JSON text (256 KiB, SFN quotas).
inline constexpr size_t kMaxPayloadBytes = 262'144;

// How a thread goes on after running part of a state.
struct Advance {
  enum class Kind : uint8_t { blocked, go_to, done, failed };
  Kind kind = Kind::blocked;
  int next = asl::kNoState;  // go_to
  Document output;           // go_to, done
  Failure failure;           // failed

  static Advance blocked() { return {}; }
  static Advance go_to(int next, Document output) { return {Kind::go_to, next, std::move(output), {}}; }
  static Advance done(Document output) { return {Kind::done, asl::kNoState, std::move(output), {}}; }
  static Advance fail(Failure f) { return {Kind::failed, asl::kNoState, nullptr, std::move(f)}; }
};

// A Distributed Map's ItemReader and ResultWriter resolved before its Map Run starts
// (sfn_map_run_s3.cpp): `stop` when the resolution ended the visit (States.Runtime, a JSONata
// evaluation failure); the failure causes apply inside the run (States.ItemReaderFailed after
// MapRunStarted; States.ResultWriterFailed when it ends).
struct MapRunS3Plan {
  std::optional<Advance> stop;
  std::optional<s3::ReadRequest> read;
  std::optional<std::string> reader_failure;
  std::optional<s3::WriteRequest> write;
  std::optional<std::string> writer_failure;
};

struct Engine::State {
  State(Host& host_in, Random random_in, EngineOptions options_in);

  Host& host;
  Random random;
  EngineOptions options;
  Instant now;
  // "arn:aws:states:<region>:<account>:" and the ARN prefixes built from it, made once.
  std::string arn_prefix;
  std::string execution_prefix;
  std::string express_prefix;
  std::string state_machine_prefix;
  // hash_name of the two execution prefixes: an execution's random stream forks by its ARN, and
  // hashing only the part after the prefix keeps StartExecution cheap.
  uint64_t execution_prefix_hash = 0;
  uint64_t express_prefix_hash = 0;
  // The region and role ARN that history events name, in storage every history keeps alive (a
  // history may outlive its engine).
  struct HistoryNames {
    std::string region;
    std::string role_arn;
  };
  std::shared_ptr<const HistoryNames> history_names;

  // Slabs. std::deque keeps references stable while a thread spawns threads.
  std::deque<Execution> executions;
  std::unordered_map<std::string, Id> execution_by_arn;  // Lookup only; never iterated.
  std::deque<Thread> threads;
  std::deque<Block> blocks;
  std::deque<Attempt> attempts;
  std::deque<MapRun> map_runs;  // In start order; never freed (DescribeMapRun, redrive).
  std::vector<Id> free_executions, free_threads, free_blocks, free_attempts;
  // Executions in start order, each with its Execution::opened stamp; an entry whose execution
  // was released (or whose slot now holds a later one) is skipped, and dropped when such
  // entries outnumber the live ones: a release costs no scan of every live execution.
  std::vector<std::pair<Id, uint64_t>> execution_order;
  uint64_t executions_opened = 0;
  size_t execution_order_dead = 0;
  std::vector<TimerEntry> timers;
  TimerSlot free_timer = kNone;
  // Every armed timer but the step timer, by (deadline, arming order). Before the steps of an
  // instant run, every timer due by then fires, whatever order the host fires same-instant
  // timers in: outcomes due at one instant are all recorded before any is acted on (REC-8).
  std::map<std::pair<Instant, uint64_t>, TimerSlot> armed_by_due;
  uint64_t timer_sequence = 0;
  // Activity tasks waiting for a poller, per activity ARN (FIFO of attempt ids).
  struct QueuedActivity {
    Id attempt;
    uint32_t generation;
  };
  std::unordered_map<std::string, std::deque<QueuedActivity>> activity_queues;
  std::deque<Step> steps;
  bool step_armed = false;
  bool in_host_call = false;  // Re-entrancy guard: hosts must not call back synchronously.
  HistoryEvent scratch;       // Sink for events emitted after an execution closed.
  size_t running_count = 0;

  // --- sfn_execution.cpp: time, events, timers, steps, execution lifecycle -----------------
  void set_now(Instant t);
  Execution& execution(Id id) { return executions[id]; }
  Thread& thread(Id id) { return threads[id]; }
  Execution& execution_of(const Thread& t) { return executions[t.execution]; }
  static const asl::State& state_of(const Thread& t) {
    return t.machine->states[static_cast<size_t>(t.visit.state)];
  }
  HistoryEvent& emit(Execution& e, EventType type, int64_t previous_event_id);
  HistoryEvent& emit(Thread& t, EventType type);
  // Makes the thread's next event link to `event_id`, as AWS links it (REC-7).
  void relink(Thread& t, int64_t event_id) { t.last_event_id = event_id; }
  TimerSlot arm(TimerKind kind, Id target, uint32_t epoch, Instant at);
  void disarm(TimerSlot& slot);
  void rearm(TimerSlot slot, Instant at);  // Moves a pending timer's deadline.
  // Forgets an armed timer's entry in armed_by_due and frees its slot; returns the entry.
  TimerEntry release_timer(TimerSlot slot);
  void fire_timer(TimerSlot slot);
  void fire_due_timers();
  void enqueue(StepKind kind, Id target, uint32_t epoch);
  void drain_steps();
  void run_step(const Step& step);
  Id new_thread(Id execution, const asl::StateMachine* machine, Id parent, uint32_t index);
  Id new_block(Id owner, bool is_map);
  Id new_attempt();
  // The closing event links to `previous_event_id`, or to the latest event when it is absent.
  void close_execution(Execution& e, ExecutionStatus status, EventType type,
                       std::optional<std::string> error, std::optional<std::string> cause,
                       std::optional<int64_t> previous_event_id = std::nullopt);
  void arm_execution_timer(Execution& e, Id id);
  const Execution* find_execution(std::string_view arn) const;
  Json context_object(const Execution& e, const Thread& t, const std::string* token,
                      const Json* map_item, int64_t map_index) const;
  void notify(std::string_view arn, ExecutionStatus status);
  void dispatch(const TaskDispatch& task);
  // Fills the dispatch's Map iteration (index and items) when `t` is an iteration's thread.
  void map_item_of(const Thread& t, TaskDispatch& d) const;

  // --- sfn_states.cpp: the interpreter loop and the simple state types ---------------------
  void start_thread(Thread& t, int state, Document input);
  void proceed(Id thread, Advance advance);
  Advance run_visit(Id thread);
  Advance run_pass(Thread& t, const asl::State& s);
  Advance run_choice(Thread& t, const asl::State& s);
  Advance run_wait(Thread& t, const asl::State& s);
  Advance run_fail(Thread& t, const asl::State& s);
  Advance leave_state(Thread& t, const asl::State& s, EventType exited, Document output);
  void on_wait_elapsed(Id thread);
  Advance leave_wait(Thread& t, const asl::State& s);  // JSONPath: Assign, OutputPath, exit.
  Advance exit_with_result(Thread& t, const asl::State& s, Document result, EventType exited);
  void finish_thread(Id thread, Document output);
  void fail_thread(Id thread, Failure failure);
  // InputPath, then Parameters. Shares the state input when both are absent (no copy).
  asl::Outcome<Document> effective_input(Thread& t, const asl::State& s,
                                         const asl::PayloadTemplate* parameters,
                                         const std::string* token);
  // OutputPath; shares `value` when OutputPath is "$".
  static asl::Outcome<Document> select_output(const asl::State& s, Document value,
                                              const Json* variables);
  // ResultPath, then OutputPath; shares the result when ResultPath is "$".
  asl::Outcome<Document> apply_output(Thread& t, const asl::State& s, Document result);

  // --- sfn_tasks.cpp: task attempts, tokens, heartbeats, timeouts --------------------------
  Advance run_task(Thread& t, const asl::State& s);
  Advance schedule_attempt(Id thread);
  void emit_scheduled(Thread& t, const asl::TaskSpec& task, Attempt& a);
  std::optional<asl::StateError> resolve_timeouts(Thread& t, const asl::State& s, Attempt& a);
  void start_attempt(Id attempt);
  void close_attempt(Attempt& a);
  void record_success(Attempt& a, Json output);
  void record_failure(Attempt& a, Failure failure, bool timed_out);
  void on_attempt_timeout(Id attempt, bool heartbeat);
  void handle_outcome(Id thread);
  const Attempt* attempt_for_token(std::string_view token, ApiAnswer& rejection) const;
  Attempt* open_attempt_for_token(std::string_view token, ApiAnswer& rejection);

  // --- sfn_errors.cpp: Retry and Catch ------------------------------------------------------
  Advance handle_error(Id thread, Failure failure);
  // Whether handle_error would retry `failure` in the thread's current state (a Map or
  // Parallel writes no ...StateFailed before its retry, REC-3).
  bool will_retry(const Thread& t, const Failure& failure) const;
  // States.DataLimitExceeded for a result of `state` over 256 KiB, in AWS's words (REC-2).
  static Failure data_limit_failure(const asl::State& state);
  bool matches(const std::vector<std::string>& error_equals, const Failure& failure) const;
  Duration retry_delay(const asl::Retrier& retrier, uint32_t retries_done, Random& random) const;
  void on_retry_elapsed(Id thread);
  // What a matching catcher makes of `failure`: the state's output (JSONPath: ResultPath;
  // JSONata: Output, else the error output), with the catcher's Assign evaluated.
  std::variant<Document, Failure> catch_output(Thread& t, const asl::State& s,
                                               const asl::Catcher& c, const Failure& failure);

  // --- sfn_blocks.cpp: Parallel and Map ----------------------------------------------------
  Advance run_parallel(Thread& t, const asl::State& s);
  Advance run_map(Thread& t, const asl::State& s);
  // ItemsPath, MaxConcurrency(Path) and the tolerated failures of a JSONPath Map.
  std::variant<MapPlan, Failure> jsonpath_map_plan(Thread& t, const asl::State& s);
  void start_children(Id block);
  void start_iterations(Id block);
  void child_finished(Id child);
  void finish_block(Id block);
  // Aborts a running thread; every event it writes links to `link`, the deciding failure.
  void abort_thread(Id thread, int64_t link);
  Advance fail_block(Id block, Id failed_child, Failure failure);
  bool within_tolerance(const Block& block) const;
  void adopt_children(Id block, Id old_block);
  void start_child(Block& block, size_t index, Document input);

  // --- sfn_map_run.cpp: the Distributed Map's Map Run and its child executions ------------
  Advance run_distributed_map(Thread& t, const asl::State& s);
  // The Map Run once the state's fields are resolved: MapRunStarted, the items (or the
  // reader), the children started. `items` is nullopt when an ItemReader supplies them.
  Advance open_map_run(Thread& t, const asl::State& s, Document effective_input,
                       std::optional<Json> items, const MapRunLimits& limits);
  Id new_map_run(Thread& t, const asl::State& s, Document effective_input);
  // ItemSelector, then ItemBatcher: the children's inputs (DMAP-3.3, 4.1); or the failure.
  std::optional<Failure> build_map_children(MapRun& run, Json items);
  // ItemBatcher (DMAP-4.1): batches partition the inputs in order.
  std::optional<Failure> batch_map_children(MapRun& run, const std::vector<Document>& inputs);
  void start_map_children(Id run);
  void start_map_child(MapRun& run, size_t index);
  void map_child_closed(Id run, uint32_t index);
  // After a child closed or children were started: fail, finish or wait (DMAP-6.1).
  void settle_map_run(Id run);
  bool map_run_exceeds_tolerance(const MapRun& run) const;
  void fail_map_run(Id run, Failure failure);
  void finish_map_run(Id run);
  // The parent is stopped, timed out or its Map state aborted: MapRunAborted (DMAP-9.4).
  void abort_map_run(Id run);
  void abort_open_map_runs(Execution& e);
  void move_child(MapRun& run, MapRunChild& child, MapChildStatus to);
  // --- sfn_map_run_log.cpp: the counter log and the record checkers read -------------------
  // A counter log line; a redrive's carries the children's statuses from before it (`children`,
  // from map_run_statuses) and comes after the failed children were reset to pending.
  void log_map_run(MapRun& run, std::string_view mark, int64_t event_id = 0,
                   std::string children = {});
  std::string map_run_statuses(const MapRun& run) const;
  // The Map Run record (Engine::map_run_record): both forms of each child come from here.
  Json map_run_record(const MapRun& run) const;
  Json map_run_child_execution(const MapRunChild& child) const;
  Json map_run_child_kept(const MapRun& run, const MapRunChild& child) const;
  // --- sfn_map_run_close.cpp: batches, and how a Map Run ends ------------------------------
  // --- sfn_map_run_jsonata.cpp: the JSONata fields of a Distributed Map --------------------
  // Items (unless an ItemReader reads them), MaxConcurrency and the tolerated failures, then
  // MapStateStarted and the Map Run; a failed expression is the state's error (JSONATA-5.2).
  Advance run_jsonata_distributed_map(Thread& t, const asl::State& s, Document input);
  // One child's input from the JSONata ItemSelector; a failure is written (EvaluationFailed)
  // and fails the Map Run.
  std::variant<Json, Failure> jsonata_map_run_item(Thread& owner, const asl::State& s,
                                                   const Json& item, size_t index);
  // ItemBatcher's MaxItemsPerBatch / MaxInputBytesPerBatch expression (a positive integer).
  std::variant<int64_t, Failure> jsonata_batch_bound(Thread& owner, const asl::State& s,
                                                     const asl::JsonataTemplate& bound);
  // ItemBatcher's BatchInput (evaluated once for the run's batches).
  std::variant<Json, Failure> jsonata_batch_input(Thread& owner, const asl::State& s);
  // MapRunSucceeded, MapStateSucceeded and the state's exit with `result` (DMAP-9.1).
  void finish_map_run_with(Id run, Document result);
  // --- sfn_map_run_s3.cpp: ItemReader and ResultWriter through the host's S3 -----------------
  MapRunS3Plan plan_map_run_s3(Thread& t, const asl::State& s, const Json& input);
  // Parameters (JSONPath, ".$" fields) or Arguments (JSONata); an Advance ends the visit.
  std::variant<Json, Advance> resolve_s3_fields(
      Thread& t, const asl::State& s, const Json& input,
      const std::optional<asl::PayloadTemplate>& parameters,
      const std::optional<asl::JsonataTemplate>& arguments);
  // ReaderConfig.MaxItems, MaxItemsPath or its JSONata expression (DMAP-2.13).
  std::variant<int64_t, Advance> resolve_max_items(Thread& t, const asl::State& s,
                                                   const Json& input);
  S3Ticket next_s3_ticket(MapRun& run);
  // After MapRunStarted: asks the host for the items, or fails the run (DMAP-2.4).
  void request_items(Id run, MapRunS3Plan& plan);
  void items_read(Id run, s3::ReadOutcome outcome);
  // $$.Map.Item.Key / Source of item `index` when the reader gave them.
  void add_item_origin(const MapRun& run, size_t index, Json& context) const;
  std::vector<s3::ChildResult> child_results(const MapRun& run) const;
  s3::WriteRequest write_request_of(const MapRun& run) const;  // Resolved, with the run's names.
  bool writes_to_s3(const MapRun& run) const;
  // A run whose children are done and that has a ResultWriter: writes (S3: through the host,
  // the end follows its answer) and returns true; false without a ResultWriter.
  bool end_with_result_writer(Id run);
  void write_map_results(Id run);
  void results_written(Id run, s3::WriteOutcome outcome);
  // The run just failed or aborted: its pending S3 requests, and the files of its children.
  void map_run_closed_s3(Id run);
  void forget_s3_requests(MapRun& run);
  // --- sfn_map_run_redrive.cpp -----------------------------------------------------------------
  Advance redrive_map_run(Thread& t, const asl::State& s, Id run);
  Json describe_map_run(const MapRun& run) const;

  // Opens an execution (StartExecution, or a Map Run starting a child): ExecutionStarted, the
  // root thread queued, the execution timer armed. `arn_hash` forks its random stream.
  Id open_execution(std::string arn, uint64_t arn_hash, const std::string& name,
                    std::string state_machine_arn,
                    std::shared_ptr<const asl::Definition> definition, ExecutionType type,
                    Document input);

  // --- sfn_jsonata.cpp: states of QueryLanguage JSONata, through the query service --------
  // Evaluates `field` with $states {input: the visit's input, result, context} (sfn_query.h).
  // The thread's variables are bound as $name (VAR-1.4).
  std::variant<Json, QueryFailure> query(Thread& t, const asl::JsonataTemplate& field,
                                         ExpectedType expected, const Json* result,
                                         const std::string* token,
                                         const Json* error_output = nullptr);
  // Writes EvaluationFailed and returns the States.QueryEvaluationError to raise.
  Failure query_failed(Thread& t, const asl::State& s, const QueryFailure& failure);
  // `output` evaluated ($states.result = result), or `fallback` when the state has none.
  std::variant<Document, Failure> jsonata_output(Thread& t, const asl::State& s,
                                                 const asl::JsonataTemplate* output,
                                                 Document fallback, const Json* result);
  // A Task's Arguments (the payload); an evaluation failure is already in the history.
  asl::Outcome<Document> jsonata_arguments(Thread& t, const asl::State& s,
                                           const std::string* token);
  Advance run_jsonata(Thread& t, const asl::State& s);  // Pass, Succeed, Choice, Wait, Fail.
  Advance run_choice_jsonata(Thread& t, const asl::State& s);
  Advance run_wait_jsonata(Thread& t, const asl::State& s);
  Advance leave_wait_jsonata(Thread& t, const asl::State& s);
  Advance run_fail_jsonata(Thread& t, const asl::State& s);
  // A Task's, Parallel's or Map's result through Assign and Output, then the `exited` event.
  Advance exit_jsonata(Thread& t, const asl::State& s, Document result, EventType exited);
  // A failed evaluation of a Parallel's or Map's own field: EvaluationFailed, then the state's
  // ...StateFailed unless it will be retried (JSONATA-5.2, REC-3).
  Failure block_query_failed(Thread& t, const asl::State& s, const QueryFailure& failure);
  // A JSONata Parallel's branch input: Arguments, else the state input.
  std::variant<Document, Failure> jsonata_parallel_input(Thread& t, const asl::State& s);
  // A JSONata Map's items and numbers (JSONATA-3.9, 1.10), or the failure already written.
  // `with_items` false: an ItemReader supplies the items, Items is not evaluated.
  std::variant<MapPlan, Failure> jsonata_map_plan(Thread& t, const asl::State& s,
                                                  bool with_items = true);
  // An iteration's input from a JSONata ItemSelector ($states.input: the Map's input;
  // $states.context.Map.Item: the item and its index).
  std::variant<Document, Failure> jsonata_item_input(Thread& owner, const asl::State& s,
                                                     const Json& item, size_t index);
  // The ItemSelector's value for one item, or the failure (not yet written).
  std::variant<Json, QueryFailure> select_jsonata_item(Thread& owner, const asl::State& s,
                                                       const Json& item, size_t index);

  // --- sfn_variables.cpp: workflow variables (Assign) ---------------------------------------
  // What an Assign is evaluated against: JSONPath "$" (`value`: the state's result before
  // ResultPath, VAR-2.3), JSONata $states.result and $states.errorOutput (VAR-2.4).
  struct AssignSources {
    const Json* value = nullptr;
    const Json* result = nullptr;
    const Json* error_output = nullptr;
  };
  static const Json* variables_of(const Thread& t) { return t.variables.get(); }
  // Evaluates `assign` for the thread's current state against the variables as they were when
  // it was entered (VAR-2.1) and keeps the outcome in the visit for leave_state(); the failure
  // to raise otherwise (EvaluationFailed already written for JSONata; size limits, VAR-5.2).
  std::optional<Failure> evaluate_assign(Thread& t, const asl::State& s,
                                         const asl::Assign& assign, const AssignSources& in);
  // Writes the visit's pending assignment into `exited` and makes it the thread's variables.
  void commit_assign(Thread& t, HistoryEvent& exited);

  // --- sfn_engine.cpp -------------------------------------------------------------------------
  void release(Id execution);
  // What a closed Map Run of a released execution held per child and item (its counters stay).
  void release_map_run_records(MapRun& run);

  // --- sfn_redrive.cpp ----------------------------------------------------------------------
  std::optional<std::string> redrive_refusal(const Execution& e) const;
  ApiAnswer redrive(Execution& e, Id id, std::optional<std::string> client_token);
  void redrive_thread(Id thread, bool rerun_everything);
  Json describe(const Execution& e) const;
};

}  // namespace wfsim::sfn
