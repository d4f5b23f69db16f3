// Step Functions engine: a Map Run's batches and its ends. ItemBatcher partitions the children's
// inputs in order into {"Items": [...], "BatchInput"} objects bounded by MaxItemsPerBatch and
// MaxInputBytesPerBatch (DMAP-4.1, 4.2). A run ends as SUCCEEDED (MapRunSucceeded,
// MapStateSucceeded, the array of child outputs; DMAP-9.1, 10.1), FAILED (MapRunFailed, then
// MapStateFailed unless a retrier takes it, then Retry/Catch; DMAP-9.2, 9.3) or ABORTED
// (MapRunAborted when its parent stops or its state is aborted; DMAP-9.4). Failing or aborting
// a run aborts its running Standard children; Express children cannot be stopped (DMAP-8.3).
//
// Not here: starting the run and its children (sfn_map_run.cpp), redrive.
#include "asl/data_flow.h"
#include "asl/intrinsic.h"
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

// A batch bound from its literal or its Path (DMAP-4.1); nullopt when neither is given.
asl::Outcome<std::optional<int64_t>> batch_bound(const asl::NumberField& field,
                                                 const Json& input, const Json* variables,
                                                 std::string_view name) {
  if (field.literal) return field.literal_count();
  if (!field.path) return std::optional<int64_t>();
  const Json* root = asl::detail::path_root(*field.path, input, nullptr, variables);
  std::optional<Json> found = root != nullptr ? field.path->select(*root, variables)
                                              : std::nullopt;
  if (!found || !found->is_number_integer() || found->get<int64_t>() < 1) {
    return asl::StateError{asl::errors::kRuntime,
                           "The " + std::string(name) + "Path field refers to value \"" +
                               (found ? found->dump() : std::string("null")) +
                               "\" which is not a valid positive integer: " + field.path->text()};
  }
  return std::optional<int64_t>(found->get<int64_t>());
}

}  // namespace

std::optional<Failure> Engine::State::batch_map_children(MapRun& run,
                                                         const std::vector<Document>& inputs) {
  const asl::ItemBatcherSpec& batcher = *run.state->map->distributed->batcher;
  Thread& owner = thread(run.owner);
  const Json& input = *run.effective_input;
  auto max_items = batch_bound(batcher.max_items_per_batch, input, variables_of(owner),
                               "MaxItemsPerBatch");
  if (!max_items.ok()) return Failure::of(max_items.error());
  auto max_bytes = batch_bound(batcher.max_input_bytes_per_batch, input, variables_of(owner),
                               "MaxInputBytesPerBatch");
  if (!max_bytes.ok()) return Failure::of(max_bytes.error());
  std::optional<int64_t> item_bound = max_items.value();
  std::optional<int64_t> byte_bound = max_bytes.value();
  for (auto [field, out] : {std::pair{&batcher.max_items_per_batch, &item_bound},
                            std::pair{&batcher.max_input_bytes_per_batch, &byte_bound}}) {
    if (!field->query) continue;
    auto value = jsonata_batch_bound(owner, *run.state, *field->query);  // JSONata.
    if (auto* failure = std::get_if<Failure>(&value)) return std::move(*failure);
    *out = std::get<int64_t>(value);
  }
  const size_t item_limit = static_cast<size_t>(item_bound.value_or(INT64_MAX));
  const size_t byte_limit = static_cast<size_t>(
      std::min<int64_t>(byte_bound.value_or(kMaxPayloadBytes), kMaxPayloadBytes));
  std::optional<Json> batch_input;
  if (batcher.batch_input_query) {
    auto evaluated = jsonata_batch_input(owner, *run.state);  // sfn_map_run_jsonata.cpp
    if (auto* failure = std::get_if<Failure>(&evaluated)) return std::move(*failure);
    batch_input = std::move(std::get<Json>(evaluated));
  } else if (batcher.batch_input) {
    Json context = context_object(execution_of(owner), owner, nullptr, nullptr, 0);
    auto evaluated = batcher.batch_input->evaluate(input, &context, execution_of(owner).random,
                                                   variables_of(owner));
    if (!evaluated.ok()) return Failure::of(evaluated.error());
    batch_input = std::move(evaluated).value();
  }
  // {"Items":[]} and, when given, ,"BatchInput":<value>.
  const size_t base_bytes =
      12 + (batch_input ? 14 + to_compact_text(*batch_input).size() : size_t{0});
  Json items = Json::array();
  size_t bytes = base_bytes;
  uint32_t first = 0;
  const auto flush = [&](uint32_t end) {
    if (items.empty()) return;
    MapRunChild child;
    child.first_item = first;
    child.items = static_cast<uint32_t>(items.size());
    Json batch = Json::object();
    if (batch_input) batch["BatchInput"] = *batch_input;
    batch["Items"] = std::move(items);
    child.input = make_document(std::move(batch));
    run.children.push_back(std::move(child));
    items = Json::array();
    bytes = base_bytes;
    first = end;
  };
  for (size_t i = 0; i < inputs.size(); ++i) {
    const size_t text_size = to_compact_text(*inputs[i]).size();
    if (!items.empty() && (items.size() >= item_limit ||
                           bytes + text_size + 1 > byte_limit)) {
      flush(static_cast<uint32_t>(i));
    }
    bytes += text_size + (items.empty() ? 0 : 1);
    items.push_back(*inputs[i]);
  }
  // Planted: a last batch short of MaxItemsPerBatch is lost.
  const bool drop_partial = options.mutants.has(Mutant::batcher_drops_last_partial_batch) &&
                            max_items.value().has_value() && items.size() < item_limit;
  if (!drop_partial) flush(static_cast<uint32_t>(inputs.size()));
  return std::nullopt;
}

void Engine::State::fail_map_run(Id r, Failure failure) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(!run.closed);
  run.closed = true;
  run.status = MapRunStatus::FAILED;
  run.stop_date = now;
  run.error = failure.error;
  run.cause = failure.cause;
  run.items.pending_redrive = run.executions.pending_redrive = 0;  // DMAP-11.4.
  if (failure.name() == asl::errors::kDataLimitExceeded) run.data_limit_exceeded = true;
  for (MapRunChild& child : run.children) {
    if (child.status != MapChildStatus::running || run.type == asl::ChildExecutionType::express) {
      continue;
    }
    close_execution(executions[child.execution], ExecutionStatus::ABORTED,
                    EventType::ExecutionAborted, std::nullopt, std::nullopt);
  }
  map_run_closed_s3(r);  // Its ResultWriter still writes what the children did (DMAP-10.4).
  Thread& owner = thread(run.owner);
  WFSIM_ASSERT(owner.epoch == run.owner_epoch && owner.visit.map_run == r);
  HistoryEvent& failed = emit(owner, EventType::MapRunFailed);
  failed.error = failure.error;
  failed.cause = failure.cause;
  log_map_run(run, "MapRunFailed", failed.id);
  // A retried Map writes no MapStateFailed between its attempts (REC-3); a retry is a new Map
  // Run (DMAP-1.6).
  if (!will_retry(owner, failure)) emit(owner, EventType::MapStateFailed);
  if (!execution_of(owner).running()) return;
  proceed(run.owner, handle_error(run.owner, std::move(failure)));
}

void Engine::State::finish_map_run(Id r) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(!run.closed && run.executions.pending == 0 && run.executions.running == 0);
  if (run.s3 != MapRunS3::idle) return;  // Its ResultWriter is writing already.
  if (end_with_result_writer(r)) return;  // DMAP-10.2 to 10.4 (sfn_map_run_s3.cpp).
  Json result = Json::array();
  for (const MapRunChild& child : run.children) {
    if (child.status == MapChildStatus::succeeded) {
      result.push_back(child.output ? *child.output : Json());
    } else {
      result.push_back(asl::error_output(child.error, child.cause));
    }
  }
  if (!compact_text_fits(result, kMaxPayloadBytes)) {  // DMAP-10.1.
    fail_map_run(r, data_limit_failure(*run.state));
    return;
  }
  finish_map_run_with(r, make_document(std::move(result)));
}

void Engine::State::finish_map_run_with(Id r, Document result) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(!run.closed && run.s3 == MapRunS3::idle);
  run.closed = true;
  run.status = MapRunStatus::SUCCEEDED;
  run.items.pending_redrive = run.executions.pending_redrive = 0;
  run.stop_date = now;
  // DMAP-10.5: results collected into the state output count as written.
  run.items.results_written = run.items.succeeded;
  run.executions.results_written = run.executions.succeeded;
  Thread& owner = thread(run.owner);
  WFSIM_ASSERT(owner.epoch == run.owner_epoch && owner.visit.map_run == r);
  log_map_run(run, "MapRunSucceeded", emit(owner, EventType::MapRunSucceeded).id);
  emit(owner, EventType::MapStateSucceeded);
  if (!execution_of(owner).running()) return;
  proceed(run.owner, exit_with_result(owner, *run.state, std::move(result),
                                      EventType::MapStateExited));
}

void Engine::State::abort_map_run(Id r) {
  MapRun& run = map_runs[r];
  if (run.closed) return;
  run.closed = true;
  run.status = MapRunStatus::ABORTED;
  run.stop_date = now;
  run.items.pending_redrive = run.executions.pending_redrive = 0;
  for (MapRunChild& child : run.children) {
    if (child.status != MapChildStatus::running || run.type == asl::ChildExecutionType::express) {
      continue;
    }
    close_execution(executions[child.execution], ExecutionStatus::ABORTED,
                    EventType::ExecutionAborted, std::nullopt, std::nullopt);
  }
  map_run_closed_s3(r);
  log_map_run(run, "MapRunAborted", emit(thread(run.owner), EventType::MapRunAborted).id);
}

void Engine::State::abort_open_map_runs(Execution& e) {
  for (const Id t : e.threads) {
    const Thread& th = thread(t);
    if (th.visit.map_run == kNone || map_runs[th.visit.map_run].closed) continue;
    if (th.status != ThreadStatus::running && th.status != ThreadStatus::pending) continue;
    abort_map_run(th.visit.map_run);
  }
}

void Engine::State::release_map_run_records(MapRun& run) {
  WFSIM_ASSERT_MSG(run.closed, "release of an open Map Run's records");
  std::vector<MapRunChild>().swap(run.children);
  std::vector<std::string>().swap(run.item_keys);
  std::vector<std::string>().swap(run.item_sources);
  std::vector<MapRunLogEntry>().swap(run.log);
  run.items_read.reset();
  run.effective_input.reset();
  run.child_definition.reset();
  run.write_request.reset();
}

}  // namespace wfsim::sfn
