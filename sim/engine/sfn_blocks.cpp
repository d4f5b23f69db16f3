// Step Functions engine: Parallel and inline Map. A block runs its branches or iterations as
// child threads; Map honours MaxConcurrency and the tolerated-failure settings. When a child
// fails beyond tolerance the others are aborted and the events are written in the order AWS
// records them (SFN-1.5g, 1.5h; §4.3e): MapIterationFailed, then for each other running child its
// open state's ...Aborted and MapIterationAborted, then the failed child's TaskStateAborted, then
// ParallelStateFailed / MapStateFailed, and the owner state's own Retry and Catch.
// On redrive, only unsuccessful children rerun (SFN-3.6), adopted from the block of the failed run.
#include "asl/intrinsic.h"
#include "asl/data_flow.h"
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

asl::StateError runtime_error(std::string cause) {
  return asl::StateError{asl::errors::kRuntime, std::move(cause)};
}

// A count or percentage from its field or its Path form (nullopt if absent), or the runtime
// error in AWS's words (REC-1.6: recorded for MaxConcurrencyPath; the tolerated-failure paths
// use the same form, unrecorded). `integer`: only whole numbers are valid.
asl::Outcome<std::optional<double>> number_field(const std::optional<double>& value,
                                                 const std::optional<asl::JsonPath>& path,
                                                 const Json& input, double max_value,
                                                 std::string_view field, bool integer,
                                                 const Json* variables) {
  if (!path) return value;
  const Json* found = asl::find_value(*path, input, variables);
  if (found == nullptr) {
    if (!path->variable().empty()) {
      return asl::detail::variable_not_found(*path, field);
    }
    return runtime_error("Invalid path '" + path->text() + "' : " + path->no_results_detail(input));
  }
  // A variable holding a numeric string counts as that number (VAR-1.3b, recorded).
  Json parsed;
  if (found->is_string() && !path->variable().empty()) {
    parsed = Json::parse(found->get<std::string>(), nullptr, false);
    if (parsed.is_number()) found = &parsed;
  }
  const bool number = integer ? found->is_number_integer() : found->is_number();
  if (!number || found->get<double>() < 0 || found->get<double>() > max_value) {
    const std::string shown = found->is_string() ? found->get<std::string>() : found->dump();
    return runtime_error("The " + std::string(field) + " field refers to value \"" + shown +
                         "\" which is not a valid " + (integer ? "integer" : "number") + ": " +
                         path->text());
  }
  return std::optional<double>(found->get<double>());
}

}  // namespace

Advance Engine::State::run_parallel(Thread& t, const asl::State& s) {
  if (s.query_language == asl::QueryLanguage::jsonata) {
    auto in = jsonata_parallel_input(t, s);
    // An evaluation failure is the state's error: Retry and Catch apply (JSONATA-5.6).
    if (auto* failure = std::get_if<Failure>(&in)) {
      return handle_error(t.self, std::move(*failure));
    }
    t.visit.effective_input = std::move(std::get<Document>(in));
  } else {
    auto in = effective_input(t, s, s.parameters ? &*s.parameters : nullptr, nullptr);
    if (!in.ok()) return Advance::fail(Failure::of(in.error()));
    t.visit.effective_input = std::move(in).value();
  }
  const Id b = new_block(t.self, false);
  Block& block = blocks[b];
  const Id old_block = std::exchange(t.visit.redrive_block, kNone);
  t.visit.block = b;
  block.started_event_id = emit(t, EventType::ParallelStateStarted).id;
  block.start_link = block.started_event_id;
  block.last_child_event = block.started_event_id;
  if (!execution_of(t).running()) return Advance::blocked();
  const size_t n = s.parallel->branches.size();
  block.children.assign(n, kNone);
  block.child_status.assign(n, ChildStatus::not_started);
  block.results.assign(n, nullptr);
  if (old_block != kNone) adopt_children(b, old_block);
  for (size_t i = 0; i < n; ++i) {
    if (block.child_status[i] == ChildStatus::not_started) {
      start_child(block, i, t.visit.effective_input);
    }
  }
  block.next_to_start = n;
  if (block.running == 0) enqueue(StepKind::finish_block, b, block.generation);
  return Advance::blocked();
}

std::variant<MapPlan, Failure> Engine::State::jsonpath_map_plan(Thread& t, const asl::State& s) {
  const asl::MapSpec& spec = *s.map;
  auto in_doc = effective_input(t, s, nullptr, nullptr);
  if (!in_doc.ok()) return Failure::of(in_doc.error());
  const Document in = std::move(in_doc).value();
  MapPlan plan;
  if (spec.items_path) {
    // ItemsPath may read a workflow variable (VAR-1.3).
    const Json* root = asl::detail::path_root(*spec.items_path, *in, nullptr, variables_of(t));
    if (root != nullptr) {
      auto selected = spec.items_path->select(*root, variables_of(t));
      if (selected) plan.items = std::move(*selected);
    }
  } else {
    plan.items = *in;
  }
  if (!plan.items.is_array()) {
    return Failure::of(runtime_error("The ItemsPath of Map state '" + s.name +
                                     "' must select a JSON array"));
  }
  auto concurrency = number_field(static_cast<double>(spec.max_concurrency),
                                  spec.max_concurrency_path, *in, 1e9, "MaxConcurrencyPath", true,
                                  variables_of(t));
  if (!concurrency.ok()) return Failure::of(concurrency.error());
  std::optional<double> count_value;
  if (spec.tolerated_failure_count) {
    count_value = static_cast<double>(*spec.tolerated_failure_count);
  }
  auto count = number_field(count_value, spec.tolerated_failure_count_path, *in, 1e18,
                            "ToleratedFailureCountPath", true, variables_of(t));
  if (!count.ok()) return Failure::of(count.error());
  auto percentage =
      number_field(spec.tolerated_failure_percentage, spec.tolerated_failure_percentage_path, *in,
                   100, "ToleratedFailurePercentagePath", false, variables_of(t));
  if (!percentage.ok()) return Failure::of(percentage.error());
  plan.max_concurrency = static_cast<int64_t>(concurrency.value().value_or(0));
  plan.tolerated_count = count.value();
  plan.tolerated_percentage = percentage.value();
  t.visit.effective_input = in;
  return plan;
}

Advance Engine::State::run_map(Thread& t, const asl::State& s) {
  if (s.map->distributed) return run_distributed_map(t, s);  // sfn_map_run.cpp
  auto planned = s.map->jsonata ? jsonata_map_plan(t, s) : jsonpath_map_plan(t, s);
  if (auto* failure = std::get_if<Failure>(&planned)) {
    // A JSONata evaluation failure is the state's error: Retry and Catch apply (JSONATA-5.6).
    // The JSONPath failures here are States.Runtime, which neither retries nor catches.
    if (s.map->jsonata) return handle_error(t.self, std::move(*failure));
    return Advance::fail(std::move(*failure));
  }
  MapPlan& plan = std::get<MapPlan>(planned);
  const Id b = new_block(t.self, true);
  Block& block = blocks[b];
  const Id old_block = std::exchange(t.visit.redrive_block, kNone);
  t.visit.block = b;
  const size_t n = plan.items.size();
  block.items = make_document(std::move(plan.items));
  block.max_concurrency = plan.max_concurrency;
  if (plan.tolerated_count) block.tolerated_count = static_cast<int64_t>(*plan.tolerated_count);
  block.tolerated_percentage = plan.tolerated_percentage;
  block.tolerance_set = plan.tolerated_count.has_value() || plan.tolerated_percentage.has_value();
  block.children.assign(n, kNone);
  block.child_status.assign(n, ChildStatus::not_started);
  block.results.assign(n, nullptr);
  HistoryEvent& started = emit(t, EventType::MapStateStarted);
  started.length = static_cast<int64_t>(n);
  block.started_event_id = started.id;
  block.start_link = started.id;
  block.last_child_event = started.id;
  if (!execution_of(t).running()) return Advance::blocked();
  if (old_block != kNone) adopt_children(b, old_block);
  start_iterations(b);
  return Advance::blocked();
}

// Redrive: keep what succeeded, rerun the rest from where each stopped (SFN-3.6).
void Engine::State::adopt_children(Id b, Id old_b) {
  Block& block = blocks[b];
  const Block& old = blocks[old_b];
  if (old.data_limit_exceeded || old.children.size() != block.children.size()) return;
  const bool rerun_succeeded =
      block.is_map && options.mutants.has(Mutant::map_redrive_reruns_succeeded_iterations);
  for (size_t i = 0; i < old.children.size(); ++i) {
    block.children[i] = old.children[i];
    if (old.child_status[i] == ChildStatus::succeeded && !rerun_succeeded) {
      block.child_status[i] = ChildStatus::succeeded;
      block.results[i] = old.results[i];
      ++block.succeeded;
    }
  }
}

void Engine::State::start_child(Block& block, size_t i, Document input) {
  Thread& owner = thread(block.owner);
  const asl::State& s = state_of(owner);
  const Id b = owner.visit.block;
  Id c = block.children[i];
  if (c == kNone || (block.is_map && options.mutants.has(
                                         Mutant::map_redrive_reruns_succeeded_iterations) &&
                     thread(c).status == ThreadStatus::succeeded)) {
    const asl::StateMachine* machine =
        block.is_map ? s.map->processor.get() : s.parallel->branches[i].get();
    c = new_thread(owner.execution, machine, b, static_cast<uint32_t>(i));
    // A branch or iteration reads the variables its Parallel or Map state sees (VAR-3.1).
    thread(c).variables = thread(block.owner).variables;
    start_thread(thread(c), machine->start_at, std::move(input));
    block.children[i] = c;
  } else {
    redrive_thread(c, false);  // A child of the failed run: resume where it stopped.
    thread(c).parent_block = b;
  }
  Thread& child = thread(c);
  child.status = ThreadStatus::running;
  child.last_event_id = block.start_link;
  block.child_status[i] = ChildStatus::running;
  ++block.running;
  if (block.is_map) {
    HistoryEvent& started = emit(child, EventType::MapIterationStarted);
    started.name = s.name;
    started.index = static_cast<int64_t>(i);
  }
  enqueue(StepKind::run_thread, c, child.epoch);
}

void Engine::State::start_iterations(Id b) {
  Block& block = blocks[b];
  Thread& owner = thread(block.owner);
  const asl::State& s = state_of(owner);
  const size_t n = block.children.size();
  while (block.next_to_start < n &&
         (block.max_concurrency == 0 ||
          block.running < static_cast<size_t>(block.max_concurrency))) {
    const size_t i = block.next_to_start++;
    if (block.child_status[i] != ChildStatus::not_started) continue;
    const Json& item = (*block.items)[i];
    Document input;
    if (s.map->jsonata && s.map->jsonata->item_selector) {
      auto selected = jsonata_item_input(owner, s, item, i);
      if (auto* failure = std::get_if<Failure>(&selected)) {
        block.closed = true;
        proceed(block.owner, handle_error(block.owner, std::move(*failure)));
        return;
      }
      input = std::move(std::get<Document>(selected));
    } else if (s.map->item_selector) {
      Json context = context_object(execution_of(owner), owner, nullptr, &item,
                                    static_cast<int64_t>(i));
      auto selected = s.map->item_selector->evaluate(*owner.visit.effective_input, &context,
                                                     execution_of(owner).random,
                                                     variables_of(owner));
      if (!selected.ok()) {
        block.closed = true;
        proceed(block.owner, handle_error(block.owner, Failure::of(selected.error())));
        return;
      }
      input = make_document(std::move(selected).value());
    } else {
      input = make_document(item);
    }
    start_child(block, i, std::move(input));
    if (!execution_of(owner).running()) return;
  }
  if (block.running == 0 && block.next_to_start == n) {
    enqueue(StepKind::finish_block, b, block.generation);
  }
}

bool Engine::State::within_tolerance(const Block& block) const {
  if (!block.tolerance_set) return block.failed == 0;
  const double n = static_cast<double>(block.children.size());
  const double failed = static_cast<double>(block.failed);
  const bool count_ok = !block.tolerated_count || failed <= static_cast<double>(*block.tolerated_count);
  const bool percentage_ok =
      !block.tolerated_percentage || failed * 100.0 <= *block.tolerated_percentage * n;
  return count_ok && percentage_ok;
}

void Engine::State::child_finished(Id c) {
  Thread& child = thread(c);
  const Id b = child.parent_block;
  Block& block = blocks[b];
  WFSIM_ASSERT(!block.closed);
  const size_t i = child.child_index;
  const asl::State& s = state_of(thread(block.owner));
  WFSIM_ASSERT(block.running > 0);
  --block.running;
  // The last event of the child's states: the next iteration to start links to it (REC-7).
  const int64_t state_event = child.last_event_id;
  if (child.status == ThreadStatus::succeeded) {
    block.child_status[i] = ChildStatus::succeeded;
    block.results[i] = child.output;
    ++block.succeeded;
    if (options.mutants.has(Mutant::block_assignment_leaks) && child.variables) {
      // The planted defect: the child's variables are written through to the enclosing scope
      // (VAR-3.2 says they disappear with the branch or iteration).
      Thread& owner = thread(block.owner);
      Json merged = owner.variables ? *owner.variables : Json::object();
      for (auto it = child.variables->begin(); it != child.variables->end(); ++it) {
        merged[it.key()] = *it;
      }
      owner.variables = make_document(std::move(merged));
    }
    if (block.is_map) {
      HistoryEvent& done = emit(child, EventType::MapIterationSucceeded);
      done.name = s.name;
      done.index = static_cast<int64_t>(i);
    }
    block.last_child_event = child.last_event_id;
    block.start_link = state_event;
  } else {
    WFSIM_ASSERT(child.status == ThreadStatus::failed && child.failure.has_value());
    block.child_status[i] = ChildStatus::failed;
    ++block.failed;
    if (!block.is_map || !block.tolerance_set || !within_tolerance(block)) {
      proceed(block.owner, fail_block(b, c, *child.failure));
      return;
    }
    // A tolerated failure: the iteration fails, the Map goes on.
    HistoryEvent& failed = emit(child, EventType::MapIterationFailed);
    failed.name = s.name;
    failed.index = static_cast<int64_t>(i);
    if (child.visit.entered && state_of(child).type == asl::StateType::Task) {
      relink(child, state_event);
      emit(child, EventType::TaskStateAborted);
    }
    block.last_child_event = child.last_event_id;
    block.start_link = state_event;
    block.results[i] = make_document(asl::error_output(child.failure->error, child.failure->cause));
  }
  if (block.succeeded + block.failed == block.children.size()) {
    enqueue(StepKind::finish_block, b, block.generation);
  } else if (block.is_map) {
    start_iterations(b);
  }
}

Advance Engine::State::fail_block(Id b, Id failed_child, Failure failure) {
  Block& block = blocks[b];
  block.closed = true;
  Thread& owner = thread(block.owner);
  const asl::State& s = state_of(owner);
  Thread& failed = thread(failed_child);
  // Every event the failure causes links to the event that decided it (REC-7, §11).
  const int64_t deciding = failed.last_event_id;
  if (block.is_map) {
    HistoryEvent& event = emit(failed, EventType::MapIterationFailed);
    event.name = s.name;
    event.index = static_cast<int64_t>(failed.child_index);
  }
  for (size_t j = 0; j < block.children.size(); ++j) {
    const Id c = block.children[j];
    if (c == failed_child || block.child_status[j] != ChildStatus::running) continue;
    abort_thread(c, deciding);
    block.child_status[j] = ChildStatus::aborted;
    if (block.is_map) {
      relink(thread(c), deciding);
      HistoryEvent& event = emit(thread(c), EventType::MapIterationAborted);
      event.name = s.name;
      event.index = static_cast<int64_t>(j);
    }
  }
  if (failed.visit.entered && state_of(failed).type == asl::StateType::Task) {
    relink(failed, deciding);
    emit(failed, EventType::TaskStateAborted);
  }
  if (failure.name() == asl::errors::kDataLimitExceeded) block.data_limit_exceeded = true;
  if (block.is_map && block.tolerance_set) {
    failure = Failure{asl::errors::kExceedToleratedFailureThreshold,
                      "The specified tolerated failure threshold was exceeded in Map state '" +
                          s.name + "'",
                      false, false};
  }
  relink(owner, deciding);
  // A retried Map or Parallel writes no ...StateFailed between its attempts (REC-3).
  if (!will_retry(owner, failure)) {
    emit(owner, block.is_map ? EventType::MapStateFailed : EventType::ParallelStateFailed);
  }
  if (!execution_of(owner).running()) return Advance::blocked();
  return handle_error(block.owner, std::move(failure));
}

void Engine::State::finish_block(Id b) {
  Block& block = blocks[b];
  block.closed = true;
  Thread& owner = thread(block.owner);
  const asl::State& s = state_of(owner);
  // Succeeded and Exited are siblings: both link to the last event a child wrote (REC-7).
  relink(owner, block.last_child_event);
  emit(owner, block.is_map ? EventType::MapStateSucceeded : EventType::ParallelStateSucceeded);
  if (execution_of(owner).running()) relink(owner, block.last_child_event);
  Json result = Json::array();
  for (const Document& r : block.results) result.push_back(r ? *r : Json());
  proceed(block.owner,
          exit_with_result(owner, s, make_document(std::move(result)),
                           block.is_map ? EventType::MapStateExited : EventType::ParallelStateExited));
}

void Engine::State::abort_thread(Id id, int64_t link) {
  Thread& t = thread(id);
  if (t.status != ThreadStatus::running && t.status != ThreadStatus::pending) return;
  relink(t, link);
  if (t.visit.entered) {
    const asl::State& s = state_of(t);
    disarm(t.visit.timer);
    switch (s.type) {
      case asl::StateType::Task:
        if (t.visit.attempt != kNone && attempts[t.visit.attempt].status != AttemptStatus::closed) {
          close_attempt(attempts[t.visit.attempt]);
        }
        emit(t, EventType::TaskStateAborted);
        break;
      case asl::StateType::Wait:
        emit(t, EventType::WaitStateAborted);
        break;
      case asl::StateType::Parallel:
      case asl::StateType::Map: {
        const bool is_map = s.type == asl::StateType::Map;
        if (t.visit.map_run != kNone) abort_map_run(t.visit.map_run);  // DMAP-9.4
        if (t.visit.block != kNone && !blocks[t.visit.block].closed) {
          Block& block = blocks[t.visit.block];
          block.closed = true;
          for (size_t j = 0; j < block.children.size(); ++j) {
            if (block.child_status[j] != ChildStatus::running) continue;
            abort_thread(block.children[j], link);
            block.child_status[j] = ChildStatus::aborted;
            if (is_map) {
              relink(thread(block.children[j]), link);
              HistoryEvent& event = emit(thread(block.children[j]), EventType::MapIterationAborted);
              event.name = s.name;
              event.index = static_cast<int64_t>(j);
            }
          }
        }
        relink(t, link);
        emit(t, is_map ? EventType::MapStateAborted : EventType::ParallelStateAborted);
        break;
      }
      case asl::StateType::Pass:
      case asl::StateType::Choice:
      case asl::StateType::Succeed:
      case asl::StateType::Fail:
        break;  // They run to completion within an instant: nothing is open to abort.
    }
  }
  t.status = ThreadStatus::aborted;
  ++t.epoch;
}

}  // namespace wfsim::sfn
