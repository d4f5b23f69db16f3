// Definition entry points (validate, parse_definition, parse_definition_text) and the parts of
// the compiler that see whole state machines: top-level fields, state names (unique across the
// whole definition, nested machines included), StartAt, the state count and nesting limits, and
// reachability.
//
// Per-state rules are in states.cpp, states_work.cpp and retry_catch.cpp.
#include <algorithm>
#include <deque>

#include "asl/compiler.h"
#include "asl/definition.h"
#include "asl/json_util.h"

namespace wfsim::asl {
namespace detail {
namespace {

std::vector<int> successors(const State& state) {
  std::vector<int> out;
  if (state.next != kNoState) out.push_back(state.next);
  if (state.choice) {
    for (const auto& branch : state.choice->choices) out.push_back(branch.next);
    out.push_back(state.choice->default_next);
  }
  for (const auto& catcher : state.catch_) out.push_back(catcher.next);
  return out;
}

// Problems quote keys and text from the input, which may hold invalid UTF-8 when the JSON was
// built in memory (or in parser messages); tools print problems as JSON, so repair them.
Problems printable(Problems problems) {
  for (Problem& problem : problems) {
    problem.path = repair_utf8(problem.path);
    problem.message = repair_utf8(problem.message);
  }
  return problems;
}

}  // namespace

Definition DefinitionCompiler::definition(const Json& source) {
  Definition out;
  // Each Parallel/Map level takes about five JSON levels; allow those plus room for templates.
  const size_t json_limit =
      std::max(kMaxJsonDepth, std::min<size_t>(limits_.max_depth, 100'000) * 8 + 256);
  if (json_depth(source, json_limit) > json_limit) {
    problem("", "the definition nests deeper than " + std::to_string(json_limit) +
                    " levels of JSON");
    return out;
  }
  if (!source.is_object()) {
    problem("", "a state machine definition must be a JSON object");
    return out;
  }
  if (const auto it = source.find("Version"); it != source.end()) {
    if (it->is_string()) {
      out.version = it->get<std::string>();
    } else {
      problem("/Version", "must be a string");
    }
  }
  if (const auto it = source.find("TimeoutSeconds"); it != source.end()) {
    out.timeout_seconds = integer_value(*it, "/TimeoutSeconds", 1, kMaxSeconds);
  }
  if (const auto it = source.find("QueryLanguage"); it != source.end()) {
    if (auto language = query_language(*it, "/QueryLanguage")) top_language_ = *language;
  }
  if (const auto it = source.find("Comment"); it != source.end() && it->is_string()) {
    out.comment = it->get<std::string>();
  }
  auto root = machine(source, "", 0, "",
                      {"Version", "TimeoutSeconds", "QueryLanguage"});
  if (root) {
    check_variable_scopes(*root, {});
    out.root = std::move(*root);
  }
  return out;
}

std::optional<QueryLanguage> DefinitionCompiler::query_language(const Json& value,
                                                               const std::string& pointer) {
  if (value == "JSONPath") return QueryLanguage::jsonpath;
  if (value == "JSONata") return QueryLanguage::jsonata;
  problem(pointer, "must be \"JSONPath\" or \"JSONata\"");
  return std::nullopt;
}

void DefinitionCompiler::check_state_name(const std::string& name, const std::string& pointer) {
  if (name.empty()) problem(pointer, "a state name must not be empty");
  if (code_point_count(name) > kMaxStateNameLength) {
    problem(pointer, "a state name must be at most " + std::to_string(kMaxStateNameLength) +
                         " characters");
  }
  const auto [it, inserted] = first_pointer_of_name_.emplace(name, pointer);
  if (!inserted) {
    problem(pointer, "duplicate state name '" + name + "' (also at " + it->second +
                         "); names must be unique across the whole state machine");
  }
}

std::shared_ptr<StateMachine> DefinitionCompiler::machine(
    const Json& source, const std::string& pointer, size_t depth, std::string_view what,
    std::initializer_list<std::string_view> extra_fields) {
  if (!source.is_object()) {
    problem(pointer, "must be an object with StartAt and States");
    return nullptr;
  }
  for (auto it = source.begin(); it != source.end(); ++it) {
    const std::string& key = it.key();
    const bool known = key == "StartAt" || key == "States" || key == "Comment" ||
                       std::find(extra_fields.begin(), extra_fields.end(), key) !=
                           extra_fields.end();
    if (known) continue;
    problem(pointer + "/" + pointer_segment(key),
            what.empty() ? "unknown top-level field '" + key + "'"
                         : "unknown field '" + key + "' in " + std::string(what));
  }
  if (const auto it = source.find("Comment"); it != source.end() && !it->is_string()) {
    problem(pointer + "/Comment", "must be a string");
  }
  auto out = std::make_shared<StateMachine>();
  const auto states = source.find("States");
  const std::string states_pointer = pointer + "/States";
  if (states == source.end()) {
    problem(pointer, "must have States");
  } else if (!states->is_object()) {
    problem(states_pointer, "must be an object");
  } else if (states->empty()) {
    problem(states_pointer, "must have at least one state");
  }
  std::vector<std::pair<const Json*, std::string>> sources;
  StateIndex names;
  if (states != source.end() && states->is_object()) {
    for (auto it = states->begin(); it != states->end(); ++it) {
      std::string at = states_pointer + "/" + pointer_segment(it.key());
      if (++state_count_ > limits_.max_states) {
        if (!state_limit_reported_) {
          problem(at, "the definition has more than " + std::to_string(limits_.max_states) +
                          " states");
        }
        state_limit_reported_ = true;
        break;
      }
      check_state_name(it.key(), at);
      names.emplace(it.key(), static_cast<int>(out->states.size()));
      out->states.emplace_back();
      out->states.back().name = it.key();
      sources.emplace_back(&*it, std::move(at));
    }
  }
  // Past the state limit the definition is rejected already; checking the states that were
  // registered would only add noise (Next naming the states that were not).
  if (state_limit_reported_) return out;
  for (size_t i = 0; i < sources.size(); ++i) {
    state(out->states[i], StateSource{*sources[i].first, sources[i].second, names, depth});
  }
  const auto start = source.find("StartAt");
  if (start == source.end()) {
    problem(pointer, "must have StartAt");
  } else {
    out->start_at = resolve_next(*start, pointer + "/StartAt", names);
  }
  if (out->start_at != kNoState && !state_limit_reported_) check_reachability(*out, pointer);
  return out;
}

void DefinitionCompiler::check_reachability(const StateMachine& machine,
                                            const std::string& pointer) {
  std::vector<bool> reached(machine.states.size(), false);
  std::deque<int> pending{machine.start_at};
  reached[static_cast<size_t>(machine.start_at)] = true;
  while (!pending.empty()) {
    const State& state = machine.states[static_cast<size_t>(pending.front())];
    pending.pop_front();
    for (const int next : successors(state)) {
      if (next == kNoState || reached[static_cast<size_t>(next)]) continue;
      reached[static_cast<size_t>(next)] = true;
      pending.push_back(next);
    }
  }
  for (size_t i = 0; i < machine.states.size(); ++i) {
    if (reached[i]) continue;
    const std::string& name = machine.states[i].name;
    problem(pointer + "/States/" + pointer_segment(name),
            "state '" + name + "' is not reachable from StartAt");
  }
}

}  // namespace detail

Problems validate(const Json& definition, const ParseLimits& limits) {
  Problems problems;
  detail::DefinitionCompiler compiler(limits, problems);
  compiler.definition(definition);
  return detail::printable(std::move(problems));
}

std::variant<std::shared_ptr<const Definition>, Problems> parse_definition(
    const Json& definition, const ParseLimits& limits) {
  Problems problems;
  detail::DefinitionCompiler compiler(limits, problems);
  Definition out = compiler.definition(definition);
  if (!problems.empty()) return detail::printable(std::move(problems));
  out.source = definition;
  return std::make_shared<const Definition>(std::move(out));
}

std::variant<std::shared_ptr<const Definition>, Problems> parse_definition_text(
    const std::string& text, const ParseLimits& limits) {
  Json parsed;
  try {
    parsed = Json::parse(text);
  } catch (const Json::parse_error& error) {
    return detail::printable(
        {{"", "invalid JSON at byte " + std::to_string(error.byte) + ": " + error.what()}});
  } catch (const Json::exception& error) {
    return detail::printable({{"", std::string("invalid JSON: ") + error.what()}});
  }
  return parse_definition(parsed, limits);
}

}  // namespace wfsim::asl
