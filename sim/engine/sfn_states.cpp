// Step Functions engine: the interpreter loop of a thread and the states that need no outside
// world (Pass, Choice, Wait, Succeed, Fail), plus the input and output processing every state
// shares. Task is in sfn_tasks.cpp, Parallel and Map in sfn_blocks.cpp, errors in sfn_errors.cpp.
#include "asl/data_flow.h"
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

// Wait delays of 2^31 seconds (about 24855 days) or more fail (REC-1.3).
constexpr int64_t kMaxWaitSeconds = 2'147'483'647;

asl::StateError runtime_error(std::string cause) {
  return asl::StateError{asl::errors::kRuntime, std::move(cause)};
}

// A value as AWS prints it after "<path> == ": strings raw, anything else as compact JSON.
std::string raw_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// SecondsPath and TimestampPath in AWS's words (REC-1.2, REC-1.3): the instant to wait until,
// or the runtime error.
asl::Outcome<Instant> wait_until(const asl::WaitSpec& spec, const Json& input, Instant now,
                                 const Json* variables) {
  const bool seconds = spec.seconds_path.has_value();
  const asl::JsonPath& path = seconds ? *spec.seconds_path : *spec.timestamp_path;
  const std::string field = seconds ? "SecondsPath" : "TimestampPath";
  const Json* value = asl::find_value(path, input, variables);
  if (value == nullptr) {
    return runtime_error("The " + field + " parameter does not reference an input value: " +
                         path.text());
  }
  const std::string shown = path.text() + " == " + raw_text(*value);
  Instant until;
  if (seconds) {
    if (!value->is_number_integer()) {
      return runtime_error("The SecondsPath parameter cannot be parsed as a long value: " + shown);
    }
    if (value->is_number_unsigned() ? false : value->get<int64_t>() < 0) {
      return runtime_error("The SecondsPath parameter references a negative value: " + shown);
    }
    if (value->is_number_unsigned() && value->get<uint64_t>() > uint64_t{kMaxWaitSeconds}) {
      return runtime_error("Wait state delay is too long.");
    }
    until = saturating_add(now, Duration::saturating_seconds(value->get<int64_t>()));
  } else {
    std::optional<Instant> parsed;
    if (value->is_string()) parsed = parse_iso8601(value->get<std::string>());
    if (!parsed) {
      return runtime_error("The TimestampPath parameter does not reference a valid ISO-8601 "
                           "extended offset date-time format string: " + shown);
    }
    until = *parsed;
  }
  if (until > now && until - now > Duration::seconds(kMaxWaitSeconds)) {
    return runtime_error("Wait state delay is too long.");
  }
  return until;
}

}  // namespace

void Engine::State::start_thread(Thread& t, int state, Document input) {
  WFSIM_ASSERT(state >= 0 && static_cast<size_t>(state) < t.machine->states.size());
  t.visit.restart(state, std::move(input));
}

void Engine::State::proceed(Id id, Advance advance) {
  for (;;) {
    Thread& t = thread(id);
    if (!execution_of(t).running() || t.status != ThreadStatus::running) return;
    switch (advance.kind) {
      case Advance::Kind::blocked:
        return;
      case Advance::Kind::go_to:
        if (options.mutants.has(Mutant::retry_counter_not_reset_on_reentry)) {
          if (t.kept_retrier_counts.size() < t.machine->states.size()) {
            t.kept_retrier_counts.resize(t.machine->states.size());
          }
          t.kept_retrier_counts[static_cast<size_t>(t.visit.state)] = t.visit.retrier_counts;
        }
        start_thread(t, advance.next, std::move(advance.output));
        advance = run_visit(id);
        continue;
      case Advance::Kind::done:
        finish_thread(id, std::move(advance.output));
        return;
      case Advance::Kind::failed:
        fail_thread(id, std::move(advance.failure));
        return;
    }
  }
}

Advance Engine::State::run_visit(Id id) {
  Thread& t = thread(id);
  const asl::State& s = t.machine->states[static_cast<size_t>(t.visit.state)];
  Visit& v = t.visit;
  v.entered = true;
  v.entered_time = now;
  HistoryEvent& entered = emit(t, events_of(s.type).entered);
  entered.name = s.name;
  entered.input = v.input;
  v.entered_event_id = entered.id;
  if (!execution_of(t).running()) return Advance::blocked();
  v.retrier_counts.assign(s.retry.size(), 0);
  if (options.mutants.has(Mutant::retry_counter_not_reset_on_reentry) &&
      static_cast<size_t>(v.state) < t.kept_retrier_counts.size() &&
      t.kept_retrier_counts[static_cast<size_t>(v.state)].size() == s.retry.size()) {
    v.retrier_counts = t.kept_retrier_counts[static_cast<size_t>(v.state)];
  }
  // JSONata Task, Parallel and Map share their interpreters with JSONPath (sfn_tasks.cpp,
  // sfn_blocks.cpp), which ask sfn_jsonata.cpp for the JSONata fields.
  if (s.query_language == asl::QueryLanguage::jsonata && s.type != asl::StateType::Task &&
      s.type != asl::StateType::Parallel && s.type != asl::StateType::Map) {
    return run_jsonata(t, s);
  }
  switch (s.type) {
    case asl::StateType::Task: return run_task(t, s);
    case asl::StateType::Pass: return run_pass(t, s);
    case asl::StateType::Wait: return run_wait(t, s);
    case asl::StateType::Choice: return run_choice(t, s);
    case asl::StateType::Parallel: return run_parallel(t, s);
    case asl::StateType::Map: return run_map(t, s);
    case asl::StateType::Fail: return run_fail(t, s);
    case asl::StateType::Succeed: {
      auto in = effective_input(t, s, nullptr, nullptr);
      if (!in.ok()) return Advance::fail(Failure::of(in.error()));
      auto out = select_output(s, std::move(in).value(), variables_of(t));
      if (!out.ok()) return Advance::fail(Failure::of(out.error()));
      HistoryEvent& exited = emit(t, EventType::SucceedStateExited);
      exited.name = s.name;
      exited.output = out.value();
      return Advance::done(std::move(out).value());
    }
  }
  WFSIM_UNREACHABLE("state type");
}

asl::Outcome<Document> Engine::State::effective_input(Thread& t, const asl::State& s,
                                                      const asl::PayloadTemplate* parameters,
                                                      const std::string* token) {
  Document in = t.visit.input;
  if (s.input_path.kind != asl::IoPath::Kind::root) {
    auto selected = asl::apply_io_path(s.input_path, *in, variables_of(t));
    if (!selected.ok()) return selected.error();
    in = make_document(std::move(selected).value());
  }
  if (parameters == nullptr) return in;
  Json context;
  if (parameters->uses_context()) context = context_object(execution_of(t), t, token, nullptr, 0);
  auto payload = parameters->evaluate(*in, parameters->uses_context() ? &context : nullptr,
                                      execution_of(t).random, variables_of(t));
  if (!payload.ok()) return payload.error();
  return make_document(std::move(payload).value());
}

asl::Outcome<Document> Engine::State::select_output(const asl::State& s, Document value,
                                                    const Json* variables) {
  if (s.output_path.kind == asl::IoPath::Kind::root) return value;
  auto selected = asl::apply_io_path(s.output_path, *value, variables);
  if (!selected.ok()) return selected.error();
  return make_document(std::move(selected).value());
}

asl::Outcome<Document> Engine::State::apply_output(Thread& t, const asl::State& s,
                                                   Document result) {
  switch (s.result_path.kind) {
    case asl::IoPath::Kind::root:
      return select_output(s, std::move(result), variables_of(t));
    case asl::IoPath::Kind::null:
      return select_output(s, t.visit.input, variables_of(t));
    case asl::IoPath::Kind::path: {
      auto combined = asl::apply_result_path(s.result_path, *t.visit.input, *result);
      if (!combined.ok()) return combined.error();
      return select_output(s, make_document(std::move(combined).value()), variables_of(t));
    }
  }
  WFSIM_UNREACHABLE("ResultPath kind");
}

Advance Engine::State::leave_state(Thread& t, const asl::State& s, EventType exited_type,
                                   Document output) {
  HistoryEvent& exited = emit(t, exited_type);
  exited.name = s.name;
  exited.output = output;
  commit_assign(t, exited);
  if (s.end) return Advance::done(std::move(output));
  return Advance::go_to(s.next, std::move(output));
}

Advance Engine::State::run_pass(Thread& t, const asl::State& s) {
  Document result;
  if (s.result && !s.parameters && s.input_path.kind == asl::IoPath::Kind::root) {
    result = s.result_document;  // The input is not needed at all.
  } else {
    auto in = effective_input(t, s, s.parameters ? &*s.parameters : nullptr, nullptr);
    if (!in.ok()) return Advance::fail(Failure::of(in.error()));
    result = s.result ? s.result_document : std::move(in).value();
  }
  // Assign's "$" is the result before ResultPath (VAR-2.3); it and OutputPath read the
  // variables from before the assignment (VAR-2.2).
  if (s.assign) {
    if (auto failure = evaluate_assign(t, s, *s.assign, {result.get(), nullptr, nullptr})) {
      return Advance::fail(std::move(*failure));
    }
  }
  auto out = apply_output(t, s, std::move(result));
  if (!out.ok()) return Advance::fail(Failure::of(out.error()));
  if (!compact_text_fits(*out.value(), kMaxPayloadBytes)) {
    return Advance::fail(data_limit_failure(s));  // REC-2: no PassStateExited.
  }
  return leave_state(t, s, EventType::PassStateExited, std::move(out).value());
}

Advance Engine::State::run_choice(Thread& t, const asl::State& s) {
  auto in = effective_input(t, s, nullptr, nullptr);
  if (!in.ok()) return Advance::fail(Failure::of(in.error()));
  const asl::ChoiceSpec& spec = *s.choice;
  std::optional<Json> context;
  int next = spec.default_next;
  // The matching rule's Assign, or the state's when Default is taken (VAR-4.3).
  const asl::Assign* assign = s.assign ? &*s.assign : nullptr;
  for (const asl::ChoiceBranch& branch : spec.choices) {
    if (branch.rule.uses_context() && !context) {
      context = context_object(execution_of(t), t, nullptr, nullptr, 0);
    }
    auto matched = branch.rule.evaluate(*in.value(), context ? &*context : nullptr,
                                        variables_of(t));
    if (!matched.ok()) return Advance::fail(Failure::of(matched.error()));
    if (matched.value()) {
      next = branch.next;
      assign = branch.assign ? &*branch.assign : nullptr;
      break;
    }
  }
  if (next == asl::kNoState) {
    return Advance::fail(Failure{asl::errors::kNoChoiceMatched,
                                 "No Matches! (state '" + s.name + "')", false});
  }
  if (assign != nullptr) {
    if (auto failure = evaluate_assign(t, s, *assign, {in.value().get(), nullptr, nullptr})) {
      return Advance::fail(std::move(*failure));
    }
  }
  auto out = select_output(s, std::move(in).value(), variables_of(t));
  if (!out.ok()) return Advance::fail(Failure::of(out.error()));
  HistoryEvent& exited = emit(t, EventType::ChoiceStateExited);
  exited.name = s.name;
  exited.output = out.value();
  commit_assign(t, exited);
  return Advance::go_to(next, std::move(out).value());
}

Advance Engine::State::run_wait(Thread& t, const asl::State& s) {
  auto in = effective_input(t, s, nullptr, nullptr);
  if (!in.ok()) return Advance::fail(Failure::of(in.error()));
  const asl::WaitSpec& spec = *s.wait;
  Instant until = now;
  if (spec.seconds) {
    until = saturating_add(now, Duration::saturating_seconds(*spec.seconds));
  } else if (spec.timestamp) {
    until = *spec.timestamp;
  } else if (spec.seconds_path || spec.timestamp_path) {
    auto resolved = wait_until(spec, *in.value(), now, variables_of(t));
    if (!resolved.ok()) return Advance::fail(Failure::of(resolved.error()));
    until = resolved.value();
  }
  t.visit.effective_input = std::move(in).value();
  if (until <= now) return leave_wait(t, s);
  t.visit.timer = arm(TimerKind::wait, t.self, t.epoch, until);
  return Advance::blocked();
}

Advance Engine::State::run_fail(Thread& t, const asl::State& s) {
  const asl::FailSpec& spec = *s.fail;
  Failure failure{spec.error, spec.cause, false};
  for (auto [path, out] : {std::pair{&spec.error_path, &failure.error},
                           std::pair{&spec.cause_path, &failure.cause}}) {
    if (!*path) continue;
    const Json* value = asl::find_value(**path, *t.visit.input, variables_of(t));
    if (value == nullptr) {
      // REC-1.4: the missing-path text of payload templates, naming the ASL field.
      return Advance::fail(Failure::of(runtime_error(
          "The JSONPath '" + (*path)->text() + "' specified for the field '" +
          (path == &spec.error_path ? "ErrorPath" : "CausePath") +
          "' could not be found in the input '" + to_compact_text(*t.visit.input) + "'")));
    }
    if (!value->is_string()) {
      return Advance::fail(Failure::of(runtime_error(
          "The path '" + (*path)->text() + "' of Fail state '" + s.name +
          "' must point to a string in the state input")));
    }
    *out = value->get<std::string>();
  }
  return Advance::fail(std::move(failure));
}

Advance Engine::State::exit_with_result(Thread& t, const asl::State& s, Document result,
                                        EventType exited) {
  if (s.query_language == asl::QueryLanguage::jsonata) {
    return exit_jsonata(t, s, std::move(result), exited);
  }
  // Assign's "$" is the raw result, before ResultSelector (VAR-2.3, OQ-13: as LocalStack).
  if (s.assign) {
    if (auto failure = evaluate_assign(t, s, *s.assign, {result.get(), nullptr, nullptr})) {
      return handle_error(t.self, std::move(*failure));
    }
  }
  if (s.result_selector) {
    Json context;
    if (s.result_selector->uses_context()) {
      context = context_object(execution_of(t), t, nullptr, nullptr, 0);
    }
    auto selected = s.result_selector->evaluate(
        *result, s.result_selector->uses_context() ? &context : nullptr, execution_of(t).random,
        variables_of(t));
    if (!selected.ok()) return handle_error(t.self, Failure::of(selected.error()));
    result = make_document(std::move(selected).value());
  }
  auto out = apply_output(t, s, std::move(result));
  if (!out.ok()) return handle_error(t.self, Failure::of(out.error()));
  return leave_state(t, s, exited, std::move(out).value());
}

void Engine::State::on_wait_elapsed(Id id) {
  Thread& t = thread(id);
  const asl::State& s = t.machine->states[static_cast<size_t>(t.visit.state)];
  if (s.query_language == asl::QueryLanguage::jsonata) {
    proceed(id, leave_wait_jsonata(t, s));
    return;
  }
  proceed(id, leave_wait(t, s));
}

Advance Engine::State::leave_wait(Thread& t, const asl::State& s) {
  if (s.assign) {
    const AssignSources sources{t.visit.effective_input.get(), nullptr, nullptr};
    if (auto failure = evaluate_assign(t, s, *s.assign, sources)) {
      return Advance::fail(std::move(*failure));
    }
  }
  auto out = select_output(s, t.visit.effective_input, variables_of(t));
  if (!out.ok()) return Advance::fail(Failure::of(out.error()));
  return leave_state(t, s, EventType::WaitStateExited, std::move(out).value());
}

void Engine::State::finish_thread(Id id, Document output) {
  Thread& t = thread(id);
  t.status = ThreadStatus::succeeded;
  t.output = output;
  if (t.parent_block == kNone) {
    Execution& e = execution_of(t);
    e.output = std::move(output);
    close_execution(e, ExecutionStatus::SUCCEEDED, EventType::ExecutionSucceeded, std::nullopt,
                    std::nullopt);
    return;
  }
  child_finished(id);
}

void Engine::State::fail_thread(Id id, Failure failure) {
  Thread& t = thread(id);
  t.status = ThreadStatus::failed;
  t.failure = failure;
  if (failure.runtime) {
    // A runtime error ends the execution from wherever it happens: no Exited or Failed event of
    // the state or of an enclosing Parallel or Map; ExecutionFailed links to the failing thread's
    // latest event and the cause names the state and its Entered event (REC-1.1).
    const int64_t latest = t.last_event_id;
    const std::string cause = "An error occurred while executing the state '" + state_of(t).name +
                              "' (entered at the event id #" +
                              std::to_string(t.visit.entered_event_id) + "). " +
                              failure.cause.value_or("");
    close_execution(execution_of(t), ExecutionStatus::FAILED, EventType::ExecutionFailed,
                    failure.error, cause, latest);
    return;
  }
  if (t.parent_block == kNone) {
    // A timeout carries an empty cause for the error output (SFN-1.6f); the recorded
    // ExecutionFailed has none (SFN-1.2c).
    std::optional<std::string> cause = failure.cause;
    if (cause && cause->empty() && failure.name() == asl::errors::kTimeout) cause.reset();
    close_execution(execution_of(t), ExecutionStatus::FAILED, EventType::ExecutionFailed,
                    failure.error, std::move(cause));
    return;
  }
  child_finished(id);
}

}  // namespace wfsim::sfn
