// Step Functions engine: the JSONata fields of a Distributed Map (DMAP-1.4, JSONATA-1.8, 1.10,
// 3.9). Items (a literal array or an expression that must return one), MaxConcurrency and the
// tolerated failures are evaluated when the state starts, exactly as for a JSONata inline Map
// (jsonata_map_plan, sfn_jsonata.cpp): a failure writes EvaluationFailed, then MapStateFailed,
// and is the state's error for Retry and Catch (JSONATA-5.2, 5.6); no Map Run starts. The fields
// the Map Run evaluates once the items are known (ItemSelector per item, ItemBatcher's
// MaxItemsPerBatch, MaxInputBytesPerBatch and BatchInput) write EvaluationFailed and fail the Map
// Run with States.QueryEvaluationError (MapRunFailed, then MapStateFailed): AWS's sequence for
// these is not recorded, ours keeps the Map Run's own rule that a run which cannot build its
// children fails (DMAP-2.4, 9.2). Output and Assign see $states.result (exit_jsonata).
//
// Not here: the Map Run itself (sfn_map_run.cpp), batching (sfn_map_run_close.cpp), the item
// reader and result writer and their Arguments (the S3 side), the child executions' states
// (ordinary executions; their QueryLanguage is the top-level one, JSONATA-1.1, 1.4).
#include "engine/sfn_core.h"

namespace wfsim::sfn {

Advance Engine::State::run_jsonata_distributed_map(Thread& t, const asl::State& s,
                                                   Document input) {
  WFSIM_ASSERT(s.map->jsonata.has_value() && s.map->distributed.has_value());
  // With an ItemReader the items are read by the Map Run; Items is not evaluated, as ItemsPath
  // is ignored beside a reader (DMAP-2.5; for Items our inference).
  const bool reads = s.map->distributed->reader.has_value();
  auto planned = jsonata_map_plan(t, s, !reads);
  if (auto* failure = std::get_if<Failure>(&planned)) {
    return handle_error(t.self, std::move(*failure));
  }
  MapPlan& plan = std::get<MapPlan>(planned);
  WFSIM_ASSERT(plan.items.is_array());
  t.visit.effective_input = input;
  HistoryEvent& started = emit(t, EventType::MapStateStarted);
  started.length = reads ? 0 : static_cast<int64_t>(plan.items.size());  // DMAP-2.2.
  if (!execution_of(t).running()) return Advance::blocked();
  MapRunLimits limits{static_cast<double>(plan.max_concurrency), plan.tolerated_count,
                      plan.tolerated_percentage};
  std::optional<Json> items;
  if (!reads) items = std::move(plan.items);
  return open_map_run(t, s, std::move(input), std::move(items), limits);
}

std::variant<Json, Failure> Engine::State::jsonata_map_run_item(Thread& owner,
                                                                const asl::State& s,
                                                                const Json& item, size_t index) {
  auto value = select_jsonata_item(owner, s, item, index);
  if (auto* failure = std::get_if<QueryFailure>(&value)) return query_failed(owner, s, *failure);
  return std::move(std::get<Json>(value));
}

std::variant<int64_t, Failure> Engine::State::jsonata_batch_bound(
    Thread& owner, const asl::State& s, const asl::JsonataTemplate& bound) {
  auto value = query(owner, bound, ExpectedType::positive_integer, nullptr, nullptr);
  if (auto* failure = std::get_if<QueryFailure>(&value)) return query_failed(owner, s, *failure);
  const double number = std::get<Json>(value).get<double>();
  WFSIM_ASSERT_MSG(number >= 1, "the query service checked the bound");
  return static_cast<int64_t>(std::min(number, 9.0e15));
}

std::variant<Json, Failure> Engine::State::jsonata_batch_input(Thread& owner,
                                                               const asl::State& s) {
  const asl::ItemBatcherSpec& batcher = *s.map->distributed->batcher;
  WFSIM_ASSERT(batcher.batch_input_query.has_value());
  // $states.context.State.EnteredTime is the Map state's (DMAP-4.2, E9).
  auto value = query(owner, *batcher.batch_input_query, ExpectedType::any, nullptr, nullptr);
  if (auto* failure = std::get_if<QueryFailure>(&value)) return query_failed(owner, s, *failure);
  return std::move(std::get<Json>(value));
}

}  // namespace wfsim::sfn
