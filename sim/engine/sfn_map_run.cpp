// Step Functions engine: the Distributed Map's Map Run (DMAP-1.3, 1.6, 1.7, 3, 4, 5.1, 6, 7.2, 9,
// 10.1). Each item or batch runs as a child execution of its own (own history and ARN
// "execution:<sm>/<Label>:<uuid>"), started under MaxConcurrency; the parent's history gets only
// MapStateEntered/Started, MapRun*, MapStateSucceeded/Failed/Aborted and MapStateExited. Failed
// and timed-out items count against ToleratedFailureCount/Percentage ("exceeds": equal is
// tolerated); crossing it aborts the running Standard children (Express ones cannot be stopped
// and run on) and fails the run with States.ExceedToleratedFailureThreshold.
//
// Not here: redrive and DescribeMapRun (sfn_map_run_redrive.cpp), the inline Map
// (sfn_blocks.cpp), the ItemReader and ResultWriter (sfn_map_run_s3.cpp).
#include <cmath>

#include "asl/data_flow.h"
#include "asl/intrinsic.h"
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

// A version-3-shaped UUID derived from `seed` (open question 4: AWS's derivation is unknown; ours
// is deterministic, so a replay names every child the same).
std::string uuid_from(std::string_view seed) {
  const uint64_t high = hash_name(seed);
  const uint64_t low = hash_name(seed, high ^ 0x9e3779b97f4a7c15ULL);
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-3%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xfff),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

// A Label, or the state name made into one (AWS generates a label when none is given; ours is
// readable). Characters a label cannot hold become '-' (DMAP-7.1).
std::string label_of(const asl::State& s) {
  if (!s.map->distributed->label.empty()) return s.map->distributed->label;
  std::string label = s.name.substr(0, 40);
  for (char& c : label) {
    if (static_cast<unsigned char>(c) <= 0x20 ||
        std::string_view("?*<>{}[]:;,\\|^~$#%&`\"/").find(c) != std::string_view::npos) {
      c = '-';
    }
  }
  return label;
}

// A *Path value (DMAP-6.4, 5.4): nullopt when the field has no path; the number; or the
// States.Runtime cause AWS gives.
struct PathNumber {
  std::optional<double> value;
  std::optional<std::string> error;
};

PathNumber path_number(const std::optional<asl::JsonPath>& path, const Json& input,
                       const Json* variables, std::string_view field, bool integer) {
  if (!path) return {};
  const Json* root = asl::detail::path_root(*path, input, nullptr, variables);
  std::optional<Json> found = root != nullptr ? path->select(*root, variables) : std::nullopt;
  const bool valid = found && (integer ? found->is_number_integer() : found->is_number());
  if (!valid) {
    const std::string shown = !found ? "null" : found->is_string() ? found->get<std::string>()
                                                                   : found->dump();
    return {std::nullopt, "The " + std::string(field) + " field refers to value \"" + shown +
                              "\" which is not a valid " + (integer ? "integer" : "float") +
                              ": " + path->text()};
  }
  return {found->get<double>(), std::nullopt};
}

}  // namespace

const char* to_string(MapRunStatus status) {
  switch (status) {
    case MapRunStatus::RUNNING: return "RUNNING";
    case MapRunStatus::SUCCEEDED: return "SUCCEEDED";
    case MapRunStatus::FAILED: return "FAILED";
    case MapRunStatus::ABORTED: return "ABORTED";
  }
  return "UNKNOWN";
}

const char* to_string(MapChildStatus status) {
  switch (status) {
    case MapChildStatus::pending: return "PENDING";
    case MapChildStatus::running: return "RUNNING";
    case MapChildStatus::succeeded: return "SUCCEEDED";
    case MapChildStatus::failed: return "FAILED";
    case MapChildStatus::timed_out: return "TIMED_OUT";
    case MapChildStatus::aborted: return "ABORTED";
  }
  WFSIM_UNREACHABLE("a MapChildStatus outside its enumeration");
}

int64_t& MapRunCounts::of(MapChildStatus status) {
  switch (status) {
    case MapChildStatus::pending: return pending;
    case MapChildStatus::running: return running;
    case MapChildStatus::succeeded: return succeeded;
    case MapChildStatus::failed: return failed;
    case MapChildStatus::timed_out: return timed_out;
    case MapChildStatus::aborted: return aborted;
  }
  WFSIM_UNREACHABLE("a MapChildStatus outside its enumeration");
}

Advance Engine::State::run_distributed_map(Thread& t, const asl::State& s) {
  const asl::MapSpec& spec = *s.map;
  auto in_doc = effective_input(t, s, nullptr, nullptr);
  if (!in_doc.ok()) return Advance::fail(Failure::of(in_doc.error()));
  const Document in = std::move(in_doc).value();
  t.visit.effective_input = in;
  const Id old_run = std::exchange(t.visit.redrive_map_run, kNone);
  // A run that succeeded (the state failed after it, in ResultSelector or ResultPath) is not
  // redriven: the state runs a new Map Run.
  if (old_run != kNone && map_runs[old_run].children_started &&
      !map_runs[old_run].data_limit_exceeded &&
      map_runs[old_run].status != MapRunStatus::SUCCEEDED) {
    return redrive_map_run(t, s, old_run);
  }
  if (spec.jsonata) return run_jsonata_distributed_map(t, s, in);  // sfn_map_run_jsonata.cpp
  std::optional<Json> items;
  if (!spec.distributed->reader) {
    if (spec.items_path) {
      const Json* root = asl::detail::path_root(*spec.items_path, *in, nullptr, variables_of(t));
      if (root != nullptr) items = spec.items_path->select(*root, variables_of(t));
    } else {
      items = *in;
    }
    if (!items || !items->is_array()) {
      return Advance::fail(Failure::of(asl::StateError{
          asl::errors::kRuntime, "The ItemsPath of Map state '" + s.name +
                                     "' must select a JSON array"}));
    }
  }
  HistoryEvent& started = emit(t, EventType::MapStateStarted);
  started.length = items ? static_cast<int64_t>(items->size()) : 0;  // DMAP-2.2.
  if (!execution_of(t).running()) return Advance::blocked();
  // DMAP-6.4, 5.4: an invalid *Path value fails the execution before any Map Run.
  const PathNumber concurrency = path_number(spec.max_concurrency_path, *in, variables_of(t),
                                             "MaxConcurrencyPath", true);
  const PathNumber count = path_number(spec.tolerated_failure_count_path, *in, variables_of(t),
                                       "ToleratedFailureCountPath", true);
  const PathNumber percentage = path_number(spec.tolerated_failure_percentage_path, *in,
                                            variables_of(t), "ToleratedFailurePercentagePath",
                                            false);
  std::optional<std::string> invalid = concurrency.error ? concurrency.error
                                       : count.error     ? count.error
                                                         : percentage.error;
  if (!invalid && concurrency.value && *concurrency.value < 0) {
    invalid = "MaxConcurrency cannot be negative.";
  }
  if (!invalid && count.value && *count.value < 0) invalid = "ToleratedFailureCount cannot be negative.";
  if (!invalid && percentage.value && (*percentage.value < 0 || *percentage.value > 100)) {
    invalid = "ToleratedFailurePercentage must be between 0 and 100.";
  }
  if (invalid) {
    // The engine prefixes "An error occurred while executing the state ..." (DMAP-6.4).
    return Advance::fail(Failure::of(asl::StateError{asl::errors::kRuntime, *invalid}));
  }
  return open_map_run(t, s, in, std::move(items),
                      MapRunLimits{concurrency.value, count.value, percentage.value});
}

Advance Engine::State::open_map_run(Thread& t, const asl::State& s, Document in,
                                    std::optional<Json> items, const MapRunLimits& limits) {
  MapRunS3Plan s3_plan = plan_map_run_s3(t, s, *in);  // sfn_map_run_s3.cpp
  if (s3_plan.stop) return std::move(*s3_plan.stop);
  const Id r = new_map_run(t, s, std::move(in));
  MapRun& run = map_runs[r];
  run.write_request = std::move(s3_plan.write);
  run.writer_failure = std::move(s3_plan.writer_failure);
  if (limits.concurrency) run.max_concurrency = static_cast<int64_t>(*limits.concurrency);
  if (limits.count) run.tolerated_count = static_cast<int64_t>(*limits.count);
  if (limits.percentage) run.tolerated_percentage = *limits.percentage;
  HistoryEvent& run_started = emit(t, EventType::MapRunStarted);
  run_started.map_run_arn = execution_of(t).history.keep(run.arn);
  if (!execution_of(t).running()) return Advance::blocked();
  log_map_run(run, "MapRunStarted", run_started.id);
  if (!items) {
    request_items(r, s3_plan);  // The host's answer builds the children (items_read).
    return Advance::blocked();
  }
  if (auto failure = build_map_children(run, std::move(*items))) {
    fail_map_run(r, std::move(*failure));
    return Advance::blocked();
  }
  start_map_children(r);
  return Advance::blocked();
}

Id Engine::State::new_map_run(Thread& t, const asl::State& s, Document effective_input) {
  Execution& e = execution_of(t);
  const Id r = static_cast<Id>(map_runs.size());
  map_runs.emplace_back();
  MapRun& run = map_runs.back();
  run.self = r;
  run.owner = t.self;
  run.owner_epoch = t.epoch;
  run.execution = t.execution;
  run.state = &s;
  run.type = s.map->distributed->execution_type;
  const std::string machine = e.state_machine_arn.substr(state_machine_prefix.size());
  run.child_machine_name = machine + "/" + label_of(s);
  run.child_machine_arn = state_machine_prefix + run.child_machine_name;
  run.id = uuid_from(e.arn + "#mapRun#" + std::to_string(e.map_runs_started++));
  run.arn = arn_prefix + "mapRun:" + run.child_machine_name + ":" + run.id;
  auto definition = std::make_shared<asl::Definition>();
  definition->root = *s.map->processor;
  run.child_definition = std::move(definition);
  run.max_concurrency = s.map->max_concurrency;
  run.tolerated_count = s.map->tolerated_failure_count;
  run.tolerated_percentage = s.map->tolerated_failure_percentage;
  run.effective_input = std::move(effective_input);
  run.start_date = now;
  t.visit.map_run = r;
  e.map_runs.push_back(r);
  return r;
}

std::optional<Failure> Engine::State::build_map_children(MapRun& run, Json items) {
  const asl::MapSpec& spec = *run.state->map;
  Thread& owner = thread(run.owner);
  const Document all = make_document(std::move(items));
  // Each child's input: its item itself (sharing the items read, not a copy) or, with an
  // ItemSelector, what the selector makes of it.
  std::vector<Document> inputs;
  inputs.reserve(all->size());
  for (size_t i = 0; i < all->size(); ++i) {
    const Json& item = (*all)[i];
    if (spec.jsonata && spec.jsonata->item_selector) {  // sfn_map_run_jsonata.cpp
      auto selected = jsonata_map_run_item(owner, *run.state, item, i);
      if (auto* failure = std::get_if<Failure>(&selected)) return std::move(*failure);
      inputs.push_back(make_document(std::move(std::get<Json>(selected))));
      continue;
    }
    if (!spec.item_selector) {
      inputs.emplace_back(all, &item);
      continue;
    }
    // DMAP-3.2: "$" is the Map state's effective input, the item is $$.Map.Item.Value.
    Json context = context_object(execution_of(owner), owner, nullptr, &item,
                                  static_cast<int64_t>(i));
    add_item_origin(run, i, context);
    auto selected = spec.item_selector->evaluate(*run.effective_input, &context,
                                                 execution_of(owner).random, variables_of(owner));
    if (!selected.ok()) return Failure::of(selected.error());
    inputs.push_back(make_document(std::move(selected).value()));
  }
  run.item_count = static_cast<uint32_t>(inputs.size());
  run.items_read = all;
  const auto& batcher = spec.distributed->batcher;
  if (!batcher) {
    run.children.resize(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
      run.children[i].first_item = static_cast<uint32_t>(i);
      run.children[i].input = std::move(inputs[i]);
    }
  } else if (auto failure = batch_map_children(run, inputs)) {
    return failure;
  }
  for (size_t i = 0; i < run.children.size(); ++i) {
    run.children[i].name = uuid_from(run.arn + "#" + std::to_string(i));
  }
  run.items = MapRunCounts{};
  run.executions = MapRunCounts{};
  for (const MapRunChild& child : run.children) run.items.total += child.items;
  run.items.pending = run.items.total;
  run.executions.total = run.executions.pending = static_cast<int64_t>(run.children.size());
  log_map_run(run, "items");
  return std::nullopt;
}

void Engine::State::start_map_children(Id r) {
  MapRun& run = map_runs[r];
  // A run past its tolerance fails before it starts another child (DMAP-6.1).
  if (!run.closed && executions[run.execution].running() && map_run_exceeds_tolerance(run)) {
    settle_map_run(r);
    return;
  }
  const int64_t limit = run.max_concurrency > 0
                            ? std::min(run.max_concurrency, kMaxMapRunChildren)
                            : kMaxMapRunChildren;
  while (!run.closed && run.next_to_start < run.children.size() &&
         run.executions.running < limit) {
    const size_t i = run.next_to_start++;
    if (run.children[i].status != MapChildStatus::pending) continue;
    start_map_child(run, i);
    if (!executions[run.execution].running()) return;
  }
  settle_map_run(r);
}

void Engine::State::start_map_child(MapRun& run, size_t i) {
  MapRunChild& child = run.children[i];
  const bool express = run.type == asl::ChildExecutionType::express;
  if (child.execution != kNone && run.executions.pending_redrive > 0) {
    --run.executions.pending_redrive;
    run.items.pending_redrive = std::max<int64_t>(0, run.items.pending_redrive - child.items);
  }
  if (child.execution != kNone) {
    Execution& old = executions[child.execution];
    if (!express && !old.running() && !redrive_refusal(old)) {
      // DMAP-12.2: a Standard child is redriven in place, from its failed state.
      redrive(old, child.execution, std::nullopt);
      child.redrive_count = old.redrive_count;
      if (options.keep_map_run_child_histories) child.started_in.push_back(run.redrive_count);
      child.stop_date.reset();
      child.error.reset();
      child.cause.reset();
      move_child(run, child, MapChildStatus::running);
      return;
    }
    // An Express child (or one that cannot be redriven) starts afresh under the same ARN.
    release(child.execution);
    child.execution = kNone;
  }
  std::string arn = execution_prefix + run.child_machine_name + ":" + child.name;
  const uint64_t arn_hash = hash_name(arn);
  const Id id = open_execution(std::move(arn), arn_hash, child.name, run.child_machine_arn,
                               run.child_definition,
                               express ? ExecutionType::EXPRESS : ExecutionType::STANDARD,
                               child.input);
  Execution& e = executions[id];
  e.map_run = run.self;
  e.map_run_child = static_cast<uint32_t>(i);
  child.execution = id;
  child.start_date = now;
  if (options.keep_map_run_child_histories) child.started_in.push_back(run.redrive_count);
  child.stop_date.reset();
  child.error.reset();
  child.cause.reset();
  run.children_started = true;
  move_child(run, child, MapChildStatus::running);
}

void Engine::State::move_child(MapRun& run, MapRunChild& child, MapChildStatus to) {
  run.items.of(child.status) -= child.items;
  --run.executions.of(child.status);
  WFSIM_ASSERT(run.items.of(child.status) >= 0 && run.executions.of(child.status) >= 0);
  child.status = to;
  run.items.of(to) += child.items;
  ++run.executions.of(to);
  const int64_t finished_items = run.items.succeeded + run.items.failed + run.items.timed_out +
                                 run.items.aborted;
  WFSIM_ASSERT(run.items.pending + run.items.running + finished_items == run.items.total);
  log_map_run(run, "child");
}

void Engine::State::map_child_closed(Id r, uint32_t index) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(index < run.children.size());
  MapRunChild& child = run.children[index];
  if (child.status != MapChildStatus::running || child.execution == kNone) return;
  Execution& e = executions[child.execution];
  if (e.running()) return;  // Redriven again since the step was queued.
  MapChildStatus to = MapChildStatus::failed;
  switch (e.status) {
    case ExecutionStatus::SUCCEEDED: to = MapChildStatus::succeeded; break;
    case ExecutionStatus::FAILED: to = MapChildStatus::failed; break;
    case ExecutionStatus::TIMED_OUT: to = MapChildStatus::timed_out; break;
    case ExecutionStatus::ABORTED: to = MapChildStatus::aborted; break;
    case ExecutionStatus::RUNNING:
    case ExecutionStatus::PENDING_REDRIVE: WFSIM_UNREACHABLE("a running child closed");
  }
  child.stop_date = e.stop_date;
  child.output = to == MapChildStatus::succeeded ? e.output : nullptr;
  child.error = e.error;
  child.cause = e.cause;
  move_child(run, child, to);
  if (to == MapChildStatus::succeeded && !options.keep_map_run_child_histories) {
    release(child.execution);  // Memory stays bounded per finished child.
    child.execution = kNone;
  }
  if (run.closed && run.results_pending_write && run.executions.running == 0) {
    write_map_results(r);  // The files of a failed or aborted run (sfn_map_run_s3.cpp).
  }
  if (!run.closed) start_map_children(r);  // Then settles.
}

bool Engine::State::map_run_exceeds_tolerance(const MapRun& run) const {
  const double failed = static_cast<double>(run.items.failed + run.items.timed_out);
  if (!run.tolerated_count && !run.tolerated_percentage) return failed > 0;
  const bool count_exceeded =
      run.tolerated_count && failed > static_cast<double>(*run.tolerated_count);
  bool percentage_exceeded = false;
  if (run.tolerated_percentage) {
    const double total = static_cast<double>(run.items.total);
    percentage_exceeded = failed * 100.0 > *run.tolerated_percentage * total;
    if (options.mutants.has(Mutant::tolerated_percentage_wrong_rounding) && total > 0) {
      // Planted: the failed share as a whole percentage (integer division), then compared.
      const int64_t whole = (run.items.failed + run.items.timed_out) * 100 / run.items.total;
      percentage_exceeded = static_cast<double>(whole) > *run.tolerated_percentage;
    }
  }
  return count_exceeded || percentage_exceeded;
}

void Engine::State::settle_map_run(Id r) {
  MapRun& run = map_runs[r];
  if (run.closed || !executions[run.execution].running()) return;
  if (map_run_exceeds_tolerance(run)) {
    fail_map_run(r, Failure{asl::errors::kExceedToleratedFailureThreshold,
                            "The specified tolerated failure threshold was exceeded", false,
                            false});
    return;
  }
  if (run.executions.pending == 0 && run.executions.running == 0) finish_map_run(r);
}

}  // namespace wfsim::sfn
