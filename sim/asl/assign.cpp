// Compiling workflow variable assignments (Assign on states, Choice rules and catchers) and the
// scope rule between nested state machines (VAR-1.1 to 1.6, 3.2, 5.1 to 5.3).
//
// Owns: the variable name rules ([A-Za-z_][A-Za-z0-9_]*, at most 80 characters, not the reserved
// "states"), the JSONPath form (a payload template whose "name.$" keys are evaluated) and the
// JSONata form (a template with "{% %}" leaves), and the check that no state inside a Parallel
// branch or Map iteration assigns a name an enclosing machine assigns. Deliberately absent:
// evaluation and the size limits (the engine, which holds the values).
#include <algorithm>
#include <set>

#include "asl/compiler.h"
#include "asl/path_parse.h"

namespace wfsim::asl::detail {
namespace {

// VAR-5.2: names of up to 80 characters (ATK, TK; the names are ASCII here, so bytes).
constexpr size_t kMaxVariableNameLength = 80;

bool ends_with_dollar(const std::string& key) {
  return key.size() >= 2 && key.compare(key.size() - 2, 2, ".$") == 0;
}

bool valid_name(const std::string& name) {
  if (name.empty() || !starts_variable_name(name.front())) return false;
  return std::all_of(name.begin(), name.end(), continues_variable_name);
}

// Every name a machine's states assign directly (not inside their own branches or iterations),
// with the pointer of the Assign that assigns it first.
void collect_names(const StateMachine& machine, std::map<std::string, std::string>& out) {
  auto note = [&](const std::optional<Assign>& assign) {
    if (!assign) return;
    for (const std::string& name : assign->names) out.emplace(name, assign->pointer);
  };
  for (const State& state : machine.states) {
    note(state.assign);
    for (const Catcher& catcher : state.catch_) note(catcher.assign);
    if (state.choice) {
      for (const ChoiceBranch& branch : state.choice->choices) note(branch.assign);
    }
  }
}

}  // namespace

std::optional<Assign> DefinitionCompiler::assign_value(const Json& value,
                                                       const std::string& pointer,
                                                       QueryLanguage language) {
  if (!value.is_object()) {
    problem(pointer, "must be an object of variable names to values");
    return std::nullopt;
  }
  Assign out;
  out.pointer = pointer;
  bool ok = true;
  std::set<std::string> seen;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    const std::string at = pointer + "/" + pointer_segment(key);
    const bool evaluated = language == QueryLanguage::jsonpath && ends_with_dollar(key);
    const std::string name = evaluated ? key.substr(0, key.size() - 2) : key;
    if (!valid_name(name)) {
      problem(at, "'" + name + "' is not a valid variable name: a name starts with a letter or "
                  "'_' and goes on with letters, digits and '_'");
      ok = false;
    } else if (name.size() > kMaxVariableNameLength) {
      problem(at, "the variable name '" + name + "' is longer than 80 characters");
      ok = false;
    } else if (name == "states") {
      problem(at, "'states' is reserved ($states) and cannot be assigned");
      ok = false;
    } else if (!seen.insert(name).second) {
      problem(at, "assigns the variable '" + name + "' a second time");
      ok = false;
    }
    out.names.push_back(name);
  }
  if (language == QueryLanguage::jsonpath) {
    out.jsonpath = PayloadTemplate::compile(value, pointer, problems_);
    ok = ok && out.jsonpath.has_value();
  } else {
    out.jsonata = JsonataTemplate::compile(value, "Assign", pointer, problems_);
    ok = ok && out.jsonata.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Assign> DefinitionCompiler::assign_field(const StateSource& source,
                                                       QueryLanguage language) {
  const Json* value = source.field("Assign");
  if (value == nullptr) return std::nullopt;
  return assign_value(*value, source.at("Assign"), language);
}

void DefinitionCompiler::check_variable_scopes(const StateMachine& machine,
                                               const std::map<std::string, std::string>& outer) {
  std::map<std::string, std::string> here;
  collect_names(machine, here);
  for (const auto& [name, pointer] : here) {
    const auto clash = outer.find(name);
    if (clash == outer.end()) continue;
    // VAR-3.2, OQ-14: inner states cannot assign an outer name; AWS's diagnostic is not
    // recorded, and a definition-time check (names unique across nested scopes, as ATK says)
    // keeps the rule independent of the order states run in.
    problem(pointer, "assigns the variable '" + name + "', which an enclosing state machine "
                     "assigns (at " + clash->second + "); a Parallel branch or Map iteration "
                     "can read outer variables but not assign them");
  }
  std::map<std::string, std::string> inner = outer;
  inner.insert(here.begin(), here.end());
  for (const State& state : machine.states) {
    if (state.parallel) {
      for (const auto& branch : state.parallel->branches) {
        if (branch) check_variable_scopes(*branch, inner);
      }
    }
    if (state.map && state.map->processor) check_variable_scopes(*state.map->processor, inner);
  }
}

}  // namespace wfsim::asl::detail
