// Step Functions engine: workflow variables. Evaluates a state's (or a Choice rule's, or a
// catcher's) Assign in either query language against the variables as the state was entered,
// checks the size limits, and on the state's exit writes assignedVariables and makes the new
// values the thread's (VAR-2.1, 2.2, 5.2, 6.1 to 6.3).
//
// Deliberately absent: which Assign applies (the state interpreters and handle_error decide:
// a matched rule's or catcher's instead of the state's, VAR-4.1, 4.3) and the scope rule that
// no branch or iteration assigns an outer name (checked at validation, asl/assign.cpp).
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

// VAR-5.2 [doc][3p]: 256 KiB for a variable and for one Assign, 10 MiB for all of a thread's
// variables (AWS counts per execution; a thread sees its own and its parents', see docs).
constexpr size_t kMaxVariableBytes = 262'144;
constexpr size_t kMaxAssignBytes = 262'144;
constexpr size_t kMaxStoredVariableBytes = 10'485'760;

Failure data_limit(std::string cause) {
  return Failure{asl::errors::kDataLimitExceeded, std::move(cause), false, false};
}

}  // namespace

std::optional<Failure> Engine::State::evaluate_assign(Thread& t, const asl::State& s,
                                                      const asl::Assign& assign,
                                                      const AssignSources& in) {
  // Every entry sees the variables as the state was entered (VAR-2.1).
  auto evaluate = [&](Json& assigned) -> std::optional<Failure> {
    if (assign.jsonata) {
      auto value = query(t, *assign.jsonata, ExpectedType::any, in.result, nullptr,
                         in.error_output);
      if (auto* failure = std::get_if<QueryFailure>(&value)) return query_failed(t, s, *failure);
      assigned = std::move(std::get<Json>(value));
      return std::nullopt;
    }
    WFSIM_ASSERT(assign.jsonpath.has_value() && in.value != nullptr);
    const asl::PayloadTemplate& form = *assign.jsonpath;
    Json context;
    if (form.uses_context()) context = context_object(execution_of(t), t, nullptr, nullptr, 0);
    auto value = form.evaluate(*in.value, form.uses_context() ? &context : nullptr,
                               execution_of(t).random, variables_of(t));
    if (!value.ok()) return Failure::of(value.error());
    assigned = std::move(value).value();
    return std::nullopt;
  };
  Json assigned;
  if (auto failure = evaluate(assigned)) return failure;
  if (options.mutants.has(Mutant::assign_sees_new_values) && assigned.is_object()) {
    // The planted defect: the new values are written before the entries are evaluated, as a
    // store updated in place would do, so an entry reads what its neighbours assign.
    Document entered = t.variables;
    Json written = entered ? *entered : Json::object();
    for (auto it = assigned.begin(); it != assigned.end(); ++it) written[it.key()] = *it;
    t.variables = make_document(std::move(written));
    auto failure = evaluate(assigned);
    t.variables = std::move(entered);
    if (failure) return failure;
  }
  WFSIM_ASSERT_MSG(assigned.is_object(), "an Assign evaluates to an object of variables");
  for (auto it = assigned.begin(); it != assigned.end(); ++it) {
    if (!compact_text_fits(*it, kMaxVariableBytes)) {
      return data_limit("The value assigned to the variable '" + it.key() + "' by the state '" +
                        s.name + "' exceeds the maximum size of 262144 bytes for a variable.");
    }
  }
  if (!compact_text_fits(assigned, kMaxAssignBytes)) {
    return data_limit("The variables assigned by the state '" + s.name +
                      "' exceed the maximum size of 262144 bytes for one Assign.");
  }
  Json after = t.variables ? *t.variables : Json::object();
  for (auto it = assigned.begin(); it != assigned.end(); ++it) after[it.key()] = *it;
  if (!compact_text_fits(after, kMaxStoredVariableBytes)) {
    return data_limit("The variables stored after the state '" + s.name +
                      "' exceed the maximum size of 10485760 bytes for an execution.");
  }
  t.visit.assigned = make_document(std::move(assigned));
  t.visit.variables_after = make_document(std::move(after));
  return std::nullopt;
}

void Engine::State::commit_assign(Thread& t, HistoryEvent& exited) {
  if (!t.visit.assigned) return;
  WFSIM_ASSERT(t.visit.variables_after != nullptr);
  // "Assign": {} writes nothing (VAR-6.1).
  if (!t.visit.assigned->empty()) exited.assigned_variables = t.visit.assigned;
  t.variables = std::move(t.visit.variables_after);
  t.visit.assigned.reset();
  t.visit.variables_after.reset();
}

}  // namespace wfsim::sfn
