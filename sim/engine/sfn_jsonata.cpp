// Step Functions engine: the states of QueryLanguage JSONata (JSONATA-1.8): Pass, Succeed,
// Choice, Wait and Fail; a Task's Arguments and Output; a Parallel's Arguments; a Map's Items,
// ItemSelector, MaxConcurrency and tolerated failures; and the Output of Task, Parallel and Map.
// Every expression goes through the query service (sfn_query.h); a failure writes EvaluationFailed
// and raises States.QueryEvaluationError (JSONATA-5.1 to 5.3), which Retry and Catch see like any
// other error (JSONATA-5.6). Assign goes through sfn_variables.cpp. The blocks themselves (their
// branches and iterations) are sfn_blocks.cpp's, whatever the language.
#include <algorithm>
#include <tuple>

#include "engine/sfn_core.h"
#include "engine/sfn_query.h"

namespace wfsim::sfn {

std::variant<Json, QueryFailure> Engine::State::query(Thread& t, const asl::JsonataTemplate& field,
                                                      ExpectedType expected, const Json* result,
                                                      const std::string* token,
                                                      const Json* error_output) {
  std::optional<Json> context;
  // The context object is built only for an expression that may read $states.context.
  if (field.reads_states_context()) {
    context = context_object(execution_of(t), t, token, nullptr, 0);
  }
  const StatesView states{t.visit.input.get(), result, error_output,
                          context ? &*context : nullptr, variables_of(t)};
  return evaluate_query(field, states, now, execution_of(t).random, expected);
}

Failure Engine::State::query_failed(Thread& t, const asl::State& s, const QueryFailure& failure) {
  WFSIM_ASSERT(s.query_language == asl::QueryLanguage::jsonata);
  std::string cause = query_failure_cause(s.name, t.visit.entered_event_id, failure);
  Execution& e = execution_of(t);
  HistoryEvent& event = emit(t, EventType::EvaluationFailed);
  event.name = s.name;
  if (!failure.location.empty()) event.location = e.history.keep(failure.location);
  event.error = asl::errors::kQueryEvaluationError;
  event.cause = cause;
  return Failure{asl::errors::kQueryEvaluationError, std::move(cause), false};
}

std::variant<Document, Failure> Engine::State::jsonata_output(Thread& t, const asl::State& s,
                                                              const asl::JsonataTemplate* output,
                                                              Document fallback,
                                                              const Json* result) {
  if (output == nullptr) return fallback;
  auto value = query(t, *output, ExpectedType::any, result, nullptr);
  if (auto* failure = std::get_if<QueryFailure>(&value)) return query_failed(t, s, *failure);
  return make_document(std::move(std::get<Json>(value)));
}

Advance Engine::State::run_jsonata(Thread& t, const asl::State& s) {
  WFSIM_ASSERT(s.query_language == asl::QueryLanguage::jsonata);
  switch (s.type) {
    case asl::StateType::Pass:
    case asl::StateType::Succeed: {
      // Output and Assign see the same values: those from before the assignment (VAR-2.2).
      if (s.assign) {
        if (auto failure = evaluate_assign(t, s, *s.assign, {})) {
          return Advance::fail(std::move(*failure));
        }
      }
      auto out = jsonata_output(t, s, s.output ? &*s.output : nullptr, t.visit.input, nullptr);
      if (auto* failure = std::get_if<Failure>(&out)) return Advance::fail(std::move(*failure));
      Document output = std::move(std::get<Document>(out));
      if (s.type == asl::StateType::Pass) {
        return leave_state(t, s, EventType::PassStateExited, std::move(output));
      }
      HistoryEvent& exited = emit(t, EventType::SucceedStateExited);
      exited.name = s.name;
      exited.output = output;
      return Advance::done(std::move(output));
    }
    case asl::StateType::Choice: return run_choice_jsonata(t, s);
    case asl::StateType::Wait: return run_wait_jsonata(t, s);
    case asl::StateType::Fail: return run_fail_jsonata(t, s);
    case asl::StateType::Task:
    case asl::StateType::Parallel:
    case asl::StateType::Map: break;
  }
  WFSIM_UNREACHABLE("a JSONata state type run_jsonata does not own");
}

Advance Engine::State::run_choice_jsonata(Thread& t, const asl::State& s) {
  const asl::ChoiceSpec& spec = *s.choice;
  int next = spec.default_next;
  const asl::JsonataTemplate* output = s.output ? &*s.output : nullptr;
  // The matching rule's Assign, or the state's when Default is taken (VAR-4.3).
  const asl::Assign* assign = s.assign ? &*s.assign : nullptr;
  for (const asl::ChoiceBranch& branch : spec.choices) {
    WFSIM_ASSERT(branch.condition.has_value());
    auto matched = query(t, *branch.condition, ExpectedType::boolean, nullptr, nullptr);
    if (auto* failure = std::get_if<QueryFailure>(&matched)) {
      return Advance::fail(query_failed(t, s, *failure));
    }
    if (!std::get<Json>(matched).get<bool>()) continue;
    next = branch.next;
    // The matching rule's Output replaces the state's (JSONATA-3.7).
    if (branch.output) output = &*branch.output;
    assign = branch.assign ? &*branch.assign : nullptr;
    break;
  }
  if (next == asl::kNoState) {
    return Advance::fail(Failure{asl::errors::kNoChoiceMatched,
                                 "No Matches! (state '" + s.name + "')", false});
  }
  if (assign != nullptr) {
    if (auto failure = evaluate_assign(t, s, *assign, {})) {
      return Advance::fail(std::move(*failure));
    }
  }
  auto out = jsonata_output(t, s, output, t.visit.input, nullptr);
  if (auto* failure = std::get_if<Failure>(&out)) return Advance::fail(std::move(*failure));
  HistoryEvent& exited = emit(t, EventType::ChoiceStateExited);
  exited.name = s.name;
  exited.output = std::get<Document>(out);
  commit_assign(t, exited);
  return Advance::go_to(next, std::move(std::get<Document>(out)));
}

Advance Engine::State::run_wait_jsonata(Thread& t, const asl::State& s) {
  const asl::WaitSpec& spec = *s.wait;
  Instant until = now;
  if (spec.seconds) {
    until = saturating_add(now, Duration::saturating_seconds(*spec.seconds));
  } else if (spec.timestamp) {
    until = *spec.timestamp;
  } else if (spec.seconds_query || spec.timestamp_query) {
    const bool seconds = spec.seconds_query.has_value();
    auto value = query(t, seconds ? *spec.seconds_query : *spec.timestamp_query,
                       seconds ? ExpectedType::non_negative_integer : ExpectedType::timestamp,
                       nullptr, nullptr);
    if (auto* failure = std::get_if<QueryFailure>(&value)) {
      return Advance::fail(query_failed(t, s, *failure));
    }
    const Json& json = std::get<Json>(value);
    if (seconds) {
      const auto whole = json.is_number_float() ? static_cast<int64_t>(json.get<double>())
                                                : json.get<int64_t>();
      until = saturating_add(now, Duration::saturating_seconds(whole));
    } else {
      const auto parsed = parse_iso8601(json.get<std::string>());
      WFSIM_ASSERT_MSG(parsed.has_value(), "the query service checked the timestamp");
      until = *parsed;
    }
  }
  t.visit.effective_input = t.visit.input;
  if (until <= now) return leave_wait_jsonata(t, s);
  t.visit.timer = arm(TimerKind::wait, t.self, t.epoch, until);
  return Advance::blocked();
}

Advance Engine::State::leave_wait_jsonata(Thread& t, const asl::State& s) {
  if (s.assign) {
    if (auto failure = evaluate_assign(t, s, *s.assign, {})) {
      return Advance::fail(std::move(*failure));
    }
  }
  auto out = jsonata_output(t, s, s.output ? &*s.output : nullptr, t.visit.input, nullptr);
  if (auto* failure = std::get_if<Failure>(&out)) return Advance::fail(std::move(*failure));
  return leave_state(t, s, EventType::WaitStateExited, std::move(std::get<Document>(out)));
}

Advance Engine::State::run_fail_jsonata(Thread& t, const asl::State& s) {
  const asl::FailSpec& spec = *s.fail;
  Failure failure{spec.error, spec.cause, false};
  for (auto [field, out] : {std::pair{&spec.error_query, &failure.error},
                            std::pair{&spec.cause_query, &failure.cause}}) {
    if (!*field) continue;
    auto value = query(t, **field, ExpectedType::string, nullptr, nullptr);
    if (auto* query_failure = std::get_if<QueryFailure>(&value)) {
      return Advance::fail(query_failed(t, s, *query_failure));
    }
    *out = std::get<Json>(value).get<std::string>();
  }
  return Advance::fail(std::move(failure));
}

asl::Outcome<Document> Engine::State::jsonata_arguments(Thread& t, const asl::State& s,
                                                       const std::string* token) {
  const asl::TaskSpec& task = *s.task;
  // Without Arguments the task gets the state input (OQ-19: not recorded; our choice).
  if (!task.arguments) return t.visit.input;
  // $states.result is not provided in Arguments (JSONATA-3.8); the planted defect binds it.
  const Json* result =
      options.mutants.has(Mutant::states_result_in_arguments) ? t.visit.input.get() : nullptr;
  auto value = query(t, *task.arguments, ExpectedType::any, result, token);
  if (auto* failure = std::get_if<QueryFailure>(&value)) {
    Failure raised = query_failed(t, s, *failure);
    return asl::StateError{*raised.error, *raised.cause};
  }
  return make_document(std::move(std::get<Json>(value)));
}

Advance Engine::State::exit_jsonata(Thread& t, const asl::State& s, Document result,
                                    EventType exited) {
  WFSIM_ASSERT(s.type == asl::StateType::Task || s.type == asl::StateType::Parallel ||
               s.type == asl::StateType::Map);
  // Assign and Output both see $states.result and the variables from before (VAR-2.2, 2.4);
  // a Parallel's or Map's result is the array of its branches' or iterations' outputs (VAR-3.4).
  if (s.assign) {
    if (auto failure = evaluate_assign(t, s, *s.assign, {nullptr, result.get(), nullptr})) {
      return handle_error(t.self, std::move(*failure));
    }
  }
  // Without Output the output is the result, not merged with the input (JSONATA-3.5).
  auto out = jsonata_output(t, s, s.output ? &*s.output : nullptr, result, result.get());
  if (auto* failure = std::get_if<Failure>(&out)) return handle_error(t.self, std::move(*failure));
  return leave_state(t, s, exited, std::move(std::get<Document>(out)));
}

Failure Engine::State::block_query_failed(Thread& t, const asl::State& s,
                                          const QueryFailure& failure) {
  WFSIM_ASSERT(s.type == asl::StateType::Parallel || s.type == asl::StateType::Map);
  Failure raised = query_failed(t, s, failure);
  // Recorded for a Map's Items (JSONATA-5.2); Parallel's Arguments follow it (our choice).
  if (!will_retry(t, raised)) {
    emit(t, s.type == asl::StateType::Map ? EventType::MapStateFailed
                                          : EventType::ParallelStateFailed);
  }
  return raised;
}

std::variant<Document, Failure> Engine::State::jsonata_parallel_input(Thread& t,
                                                                      const asl::State& s) {
  if (!s.parallel->arguments) return t.visit.input;
  auto value = query(t, *s.parallel->arguments, ExpectedType::any, nullptr, nullptr);
  if (auto* failure = std::get_if<QueryFailure>(&value)) return block_query_failed(t, s, *failure);
  return make_document(std::move(std::get<Json>(value)));
}

std::variant<MapPlan, Failure> Engine::State::jsonata_map_plan(Thread& t, const asl::State& s,
                                                              bool with_items) {
  const asl::JsonataMapFields& fields = *s.map->jsonata;
  MapPlan plan;
  if (!with_items) {
    plan.items = Json::array();
  } else if (fields.items) {
    auto items = query(t, *fields.items, ExpectedType::array, nullptr, nullptr);
    if (auto* failure = std::get_if<QueryFailure>(&items)) {
      return block_query_failed(t, s, *failure);
    }
    plan.items = std::move(std::get<Json>(items));
  } else if (t.visit.input->is_array()) {
    plan.items = *t.visit.input;
  } else {
    return block_query_failed(t, s, map_input_not_array(*t.visit.input));
  }
  // A literal, or the expression's value of the expected type.
  const auto resolve = [&](const asl::NumberField& field, ExpectedType expected,
                           std::optional<double>& out) -> std::optional<Failure> {
    WFSIM_ASSERT_MSG(!field.path, "a JSONata Map's number field has no path form");
    out = field.literal;
    if (!field.query) return std::nullopt;
    auto value = query(t, *field.query, expected, nullptr, nullptr);
    if (auto* failure = std::get_if<QueryFailure>(&value)) {
      return block_query_failed(t, s, *failure);
    }
    out = std::get<Json>(value).get<double>();
    return std::nullopt;
  };
  std::optional<double> concurrency;
  for (auto [field, expected, out] :
       {std::tuple{&fields.max_concurrency, ExpectedType::non_negative_integer, &concurrency},
        std::tuple{&fields.tolerated_failure_count, ExpectedType::non_negative_integer,
                   &plan.tolerated_count},
        std::tuple{&fields.tolerated_failure_percentage, ExpectedType::percentage,
                   &plan.tolerated_percentage}}) {
    if (auto failure = resolve(*field, expected, *out)) return std::move(*failure);
  }
  plan.max_concurrency = static_cast<int64_t>(std::min(concurrency.value_or(0), 1e9));
  t.visit.effective_input = t.visit.input;
  return plan;
}

std::variant<Document, Failure> Engine::State::jsonata_item_input(Thread& owner,
                                                                  const asl::State& s,
                                                                  const Json& item, size_t index) {
  auto value = select_jsonata_item(owner, s, item, index);
  if (auto* failure = std::get_if<QueryFailure>(&value)) {
    return block_query_failed(owner, s, *failure);
  }
  return make_document(std::move(std::get<Json>(value)));
}

std::variant<Json, QueryFailure> Engine::State::select_jsonata_item(Thread& owner,
                                                                   const asl::State& s,
                                                                   const Json& item,
                                                                   size_t index) {
  const asl::JsonataTemplate& selector = *s.map->jsonata->item_selector;
  std::optional<Json> context;
  if (selector.reads_states_context()) {
    context = context_object(execution_of(owner), owner, nullptr, &item,
                             static_cast<int64_t>(index));
  }
  const StatesView states{owner.visit.input.get(), nullptr, nullptr,
                          context ? &*context : nullptr, variables_of(owner)};
  return evaluate_query(selector, states, now, execution_of(owner).random);
}

}  // namespace wfsim::sfn
