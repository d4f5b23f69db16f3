// Workflow variables and their scopes (VAR-2.1, 2.2, 3.1, 3.2, 4.3, 6.1, 6.3), read from the
// record: the assignedVariables of every ...StateExited event say what each thread (the top
// level, a Parallel branch, a Map iteration) can see at any point: a branch or iteration starts
// with what its Parallel or Map state saw when it was entered, adds its own assignments, and
// what it assigns never reaches the enclosing thread. Against that model the checker evaluates
// again, with sim/jsonata, the JSONata fields of the definition that a state's recorded data
// shows: a JSONata Pass, Wait, Choice or Task state's Assign and Output (the values on its
// ...StateExited event) and a JSONata Task's Arguments (the parameters of each ...Scheduled
// event). Each is evaluated against the variables as the state was entered and its recorded
// input (and, for a Task's Assign and Output, the result of its successful attempt), so an
// Assign entry that reads a value the same Assign writes, a variable leaked out of a block,
// or $states.result read where it is not provided shows as a difference.
//
// What the record cannot tell, and so is not checked (no finding may be a guess): fields that
// read $states.context, call $now, $millis, $random, $uuid or $shuffle (the clock and random
// stream are not in the record); catchers (the error output's exact shape is the engine's);
// JSONPath fields (their `$` is the state result before ResultPath, VAR-2.3, not recorded);
// Parallel and Map states' own fields; and any thread that a redrive resumed or opened (which
// values a redrive restores is VAR-7.1, inferred). The top-level thread keeps its model across
// redrives: nothing but an exited event changes its variables.
#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>
#include <variant>

#include "asl/model.h"
#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/sfn_record.h"
#include "core/random.h"
#include "jsonata/jsonata.h"
#include "record/json.h"
#include "record/state_events.h"

namespace wfsim::check::sfn {
namespace {

// What one thread can see; `known` is false once the record no longer says.
struct Scope {
  bool known = true;
  Json values = Json::object();
};

// Whether every expression of `field` depends only on what the record holds.
bool replayable(const asl::JsonataTemplate& field) {
  static constexpr std::array<std::string_view, 6> kUnrecorded = {
      "$now", "$millis", "$random", "$uuid", "$shuffle", "$states.context"};
  for (const asl::JsonataTemplate::Hole& hole : field.holes()) {
    for (std::string_view name : kUnrecorded) {
      if (hole.text.find(name) != std::string::npos) return false;
    }
    // $states only through the members checked here, never the object itself.
    for (size_t at = hole.text.find("$states"); at != std::string::npos;
         at = hole.text.find("$states", at + 1)) {
      const std::string_view rest = std::string_view(hole.text).substr(at + 7);
      if (!rest.starts_with(".input") && !rest.starts_with(".result") &&
          !rest.starts_with(".errorOutput")) {
        return false;
      }
    }
  }
  return true;
}

struct Inputs {
  const Json* input = nullptr;
  const Json* result = nullptr;
  const Json* variables = nullptr;
};

// The template's value, or why it has none (as AWS would fail the state).
std::variant<Json, std::string> evaluate(const asl::JsonataTemplate& field, const Inputs& in) {
  if (field.holes().empty()) return field.source();
  const std::array<jsonata::Binding::Member, 4> states_members{
      {{"input", in.input}, {"result", in.result}, {"errorOutput", nullptr},
       {"context", nullptr}}};
  std::vector<jsonata::Binding> bindings;
  bindings.push_back(jsonata::Binding{"states", nullptr, states_members});
  for (auto it = in.variables->begin(); it != in.variables->end(); ++it) {
    bindings.push_back(jsonata::Binding{it.key(), &*it, {}});
  }
  Random unused(0);  // replayable() keeps every random draw out.
  jsonata::Environment environment;
  environment.random = &unused;
  environment.bindings = bindings;
  Json out = field.source();
  for (const asl::JsonataTemplate::Hole& hole : field.holes()) {
    jsonata::Outcome outcome = jsonata::evaluate(hole.expression, nullptr, environment);
    if (outcome.kind == jsonata::Outcome::Kind::undefined) {
      return fmt::format("'{}' ({}) is undefined", hole.text, hole.location);
    }
    if (outcome.kind != jsonata::Outcome::Kind::value) {
      return fmt::format("'{}' ({}) fails", hole.text, hole.location);
    }
    Json* node = &out;
    for (const std::string& key : hole.keys) {
      node = node->is_array() ? &(*node)[std::stoul(key)] : &(*node)[key];
    }
    *node = std::move(outcome.value);
  }
  return out;
}

std::string text_of(const std::variant<Json, std::string>& value) {
  if (const auto* json = std::get_if<Json>(&value)) return to_compact_text(*json);
  return std::get<std::string>(value);
}

class VariableChecker {
 public:
  VariableChecker(const Record& r, Findings& findings)
      : r_(r), findings_(findings), scopes_(r.threads.size()) {}

  void run() {
    std::vector<bool> opened(r_.threads.size(), false);
    opened[0] = true;
    for (const HistoryEvent& e : r_.history.events) {
      if (e.type == EventType::ExecutionStarted || e.type == EventType::ExecutionRedriven ||
          is_execution_terminal(e.type)) {
        continue;
      }
      const auto thread = static_cast<size_t>(r_.thread_of(e.id));
      if (!opened[thread]) {
        opened[thread] = true;
        open(thread);
      }
      Scope& scope = scopes_[thread];
      if (thread != 0 && r_.segment_of(e.id) > 0) scope.known = false;
      if (!scope.known) continue;
      const int v = r_.visit_of(e.id);
      const Visit* visit = v < 0 ? nullptr : &r_.visits[static_cast<size_t>(v)];
      if (visit != nullptr && is_attempt_scheduled(e.type)) check_arguments(*visit, e, scope);
      if (!is_state_exited(e.type)) continue;
      current_ = &scope;
      if (visit != nullptr) check_exit(*visit, e, scope);
      if (e.assigned_variables && e.assigned_variables->is_object()) {
        for (auto it = e.assigned_variables->begin(); it != e.assigned_variables->end(); ++it) {
          scope.values[it.key()] = *it;
        }
      }
    }
  }

 private:
  const Record& r_;
  Findings& findings_;
  std::vector<Scope> scopes_;
  const Scope* current_ = nullptr;  // The scope of the exit being checked.

  // A branch or iteration sees what its block's thread saw (VAR-3.1), which cannot change
  // while the block runs: that thread assigns only when the block's state exits.
  void open(size_t thread) {
    const Thread& t = r_.threads[thread];
    const int owner = r_.owner_visit(t);
    if (owner < 0 || t.segment > 0) {
      scopes_[thread].known = false;
      return;
    }
    scopes_[thread] = scopes_[static_cast<size_t>(r_.visits[static_cast<size_t>(owner)].thread)];
  }

  static bool jsonata_state(const Visit& visit) {
    return visit.state != nullptr &&
           visit.state->query_language == asl::QueryLanguage::jsonata;
  }

  void check_arguments(const Visit& visit, const HistoryEvent& scheduled, const Scope& scope) {
    if (!jsonata_state(visit) || !visit.state->task || !scheduled.input) return;
    const HistoryEvent& entered = r_.event(visit.entered);
    if (!entered.input) return;
    std::variant<Json, std::string> expected = *entered.input;
    const auto& arguments = visit.state->task->arguments;
    if (arguments) {
      if (!replayable(*arguments)) return;
      expected = evaluate(*arguments, {entered.input.get(), nullptr, &scope.values});
    }
    const auto* json = std::get_if<Json>(&expected);
    if (json != nullptr && *json == *scheduled.input) return;
    findings_.add(
        scheduled.id, 0,
        fmt::format("'{}' scheduled its task with {}, but its Arguments, evaluated against its "
                    "input and the variables visible when it was entered ({}), give {}",
                    visit.name, to_compact_text(*scheduled.input), names(scope),
                    text_of(expected)));
  }

  // One way the state may have exited: an Assign and the Output it pairs with.
  struct Candidate {
    const asl::Assign* assign = nullptr;
    const asl::JsonataTemplate* output = nullptr;
  };

  // The Assign and Output pairs AWS may have applied at this exit (VAR-4.3; JSONATA-3.7), and
  // the task result they see; empty when the exit is one this checker does not judge.
  std::vector<Candidate> candidates(const Visit& visit, const Json*& result) const {
    const asl::State& s = *visit.state;
    const asl::JsonataTemplate* output = s.output ? &*s.output : nullptr;
    const asl::Assign* assign = s.assign ? &*s.assign : nullptr;
    switch (s.type) {
      case asl::StateType::Pass:
      case asl::StateType::Wait: return {{assign, output}};
      case asl::StateType::Choice: {
        auto rule_candidate = [&](const asl::ChoiceBranch& rule) {
          return Candidate{rule.assign ? &*rule.assign : nullptr,
                           rule.output ? &*rule.output : output};
        };
        if (auto matched = matched_rule(visit)) {
          if (*matched < 0) return {{assign, output}};
          return {rule_candidate(s.choice->choices[static_cast<size_t>(*matched)])};
        }
        std::vector<Candidate> out = {{assign, output}};
        for (const asl::ChoiceBranch& rule : s.choice->choices) out.push_back(rule_candidate(rule));
        return out;
      }
      case asl::StateType::Task: {
        result = succeeded_result(visit);
        if (result == nullptr) return {};  // Caught: a catcher's fields applied.
        return {{assign, output}};
      }
      default: return {};
    }
  }

  // The JSONata Choice rule the record's data selects (-1: Default), evaluated against the
  // input and the visible variables; nullopt when a Condition cannot be replayed or fails.
  std::optional<int> matched_rule(const Visit& visit) const {
    const HistoryEvent& entered = r_.event(visit.entered);
    const Inputs in{entered.input.get(), nullptr, &current_->values};
    const auto& rules = visit.state->choice->choices;
    for (size_t i = 0; i < rules.size(); ++i) {
      if (!rules[i].condition || !replayable(*rules[i].condition)) return std::nullopt;
      const auto value = evaluate(*rules[i].condition, in);
      const auto* json = std::get_if<Json>(&value);
      if (json == nullptr || !json->is_boolean()) return std::nullopt;
      if (json->get<bool>()) return static_cast<int>(i);
    }
    return -1;
  }

  // A Choice goes where the rule it matched says (VAR-3.2: a leaked variable can turn it).
  void check_choice_next(const Visit& visit, const HistoryEvent& exited) {
    const auto matched = matched_rule(visit);
    if (!matched) return;
    const asl::ChoiceSpec& spec = *visit.state->choice;
    const int next = *matched < 0 ? spec.default_next
                                  : spec.choices[static_cast<size_t>(*matched)].next;
    const StateInfo* info = r_.state_info(visit.name);
    if (next == asl::kNoState || info == nullptr || info->machine == nullptr) return;
    const std::string& expected = info->machine->states[static_cast<size_t>(next)].name;
    const Thread& thread = r_.threads[static_cast<size_t>(visit.thread)];
    for (const int64_t id : thread.events) {
      if (id <= exited.id) continue;
      const HistoryEvent& e = r_.event(id);
      if (!is_state_entered(e.type) || e.name == expected) return;
      findings_.add(id, 0,
                    fmt::format("Choice '{}' went to '{}', but its rules, evaluated against its "
                                "input and the variables visible when it was entered ({}), "
                                "select '{}'",
                                visit.name, e.name, names(*current_), expected));
      return;
    }
  }

  // The output of the visit's successful attempt, when the state then left normally (no
  // failure after it: an Output or Assign that failed hands the error to the catchers).
  const Json* succeeded_result(const Visit& visit) const {
    const Json* result = nullptr;
    for (const int64_t id : visit.events) {
      const HistoryEvent& e = r_.event(id);
      if (e.type == EventType::TaskSucceeded || e.type == EventType::ActivitySucceeded ||
          e.type == EventType::LambdaFunctionSucceeded) {
        result = e.output.get();
      } else if (e.type == EventType::EvaluationFailed || is_attempt_outcome(e.type)) {
        result = nullptr;
      }
    }
    return result;
  }

  void check_exit(const Visit& visit, const HistoryEvent& exited, const Scope& scope) {
    if (!jsonata_state(visit) || visit.exited != exited.id) return;
    const HistoryEvent& entered = r_.event(visit.entered);
    if (!entered.input || !exited.output) return;
    const Json* result = nullptr;
    if (visit.state->type == asl::StateType::Choice) check_choice_next(visit, exited);
    const std::vector<Candidate> options = candidates(visit, result);
    if (options.empty()) return;
    const Json recorded =
        exited.assigned_variables ? *exited.assigned_variables : Json::object();
    const Inputs in{entered.input.get(), result, &scope.values};
    std::string first_difference;
    for (const Candidate& c : options) {
      const bool assign_replayable = c.assign == nullptr || !c.assign->jsonata ||
                                     replayable(*c.assign->jsonata);
      if (!assign_replayable || (c.output != nullptr && !replayable(*c.output))) return;
      if (c.assign != nullptr && !c.assign->jsonata) return;  // A JSONPath Assign: not judged.
      std::variant<Json, std::string> assigned = Json::object();
      if (c.assign != nullptr) assigned = evaluate(*c.assign->jsonata, in);
      std::variant<Json, std::string> output =
          c.output != nullptr ? evaluate(*c.output, in)
                              : std::variant<Json, std::string>(result ? *result : *in.input);
      const auto* a = std::get_if<Json>(&assigned);
      const auto* o = std::get_if<Json>(&output);
      if (a != nullptr && o != nullptr && *a == recorded && *o == *exited.output) return;
      if (first_difference.empty()) {
        first_difference = fmt::format("assigned {} and output {}, where its fields give {} "
                                       "and {}",
                                       to_compact_text(recorded),
                                       to_compact_text(*exited.output), text_of(assigned),
                                       text_of(output));
      }
    }
    findings_.add(exited.id, 0,
                  fmt::format("'{}' {}, evaluated against its input and the variables visible "
                              "when it was entered ({}) (VAR-2.1, 2.2, 3.2)",
                              visit.name, first_difference, names(scope)));
  }

  static std::string names(const Scope& scope) {
    std::string out;
    for (auto it = scope.values.begin(); it != scope.values.end(); ++it) {
      out += (out.empty() ? "$" : ", $") + it.key();
    }
    return out.empty() ? "none" : out;
  }
};

}  // namespace

void check_variable_scopes(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnVariableScopes,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  if (!r.usable || r.definition == nullptr) return;
  VariableChecker(r, findings).run();
}

}  // namespace wfsim::check::sfn
