// The default scenario of a definition; see default_scenario.h.
//
// The input and the values the default responders return are derived from the JSONPath
// references the definition makes, so that a definition runs past its first Parameters block:
// every "$.a.b" a state reads becomes a field of the input (a Map's ItemsPath an array of three
// items shaped by what the iteration reads; a Choice rule's variable the value its first rule
// compares with, so the first branch is taken), and a Task returns the fields later states read
// at its ResultPath, or what its ResultSelector reads. JSONata states are left as they are.
#include "scenario/default_scenario.h"

#include <optional>
#include <vector>

#include "asl/definition.h"
#include "world/fault_kinds.h"

namespace wfsim::scenario {
namespace {

constexpr const char* kPlaceholder = "example";

// "$.a.b" / "$['a'].b" as field names; stops at the first index, wildcard or filter (the part
// before it is still useful). Empty for "$", "$$..." and anything that is not a path.
std::vector<std::string> path_fields(std::string_view path) {
  std::vector<std::string> fields;
  if (path.size() < 2 || path[0] != '$' || path[1] == '$') return fields;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.' && i + 1 < path.size() && path[i + 1] != '.') {
      size_t end = i + 1;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      const std::string field(path.substr(i + 1, end - i - 1));
      if (field.empty() || field == "*" || field.starts_with("[")) break;
      fields.push_back(field);
      i = end;
    } else if (path[i] == '[' && i + 1 < path.size() && path[i + 1] >= '0' &&
               path[i + 1] <= '9') {
      const size_t close = path.find(']', i);
      if (close == std::string_view::npos || close - i > 6) break;
      const std::string_view digits = path.substr(i + 1, close - i - 1);
      if (digits.find_first_not_of("0123456789") != std::string_view::npos) break;
      fields.push_back("[" + std::string(digits) + "]");
      i = close + 1;
    } else if (path.substr(i).starts_with("['")) {
      const size_t close = path.find("']", i + 2);
      if (close == std::string_view::npos) break;
      const std::string_view name = path.substr(i + 2, close - i - 2);
      if (name.empty() || name.front() == '[') break;  // "[n]" is how indices are kept.
      fields.emplace_back(name);
      i = close + 2;
    } else {
      break;
    }
  }
  return fields;
}

// Every "$.x.y" inside an intrinsic call's text ("States.Format('{}', $.a.b)"), "$$..." excluded.
std::vector<std::string> paths_in_text(std::string_view text) {
  std::vector<std::string> paths;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || (i > 0 && text[i - 1] == '$')) continue;
    if (i + 1 < text.size() && text[i + 1] == '$') {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < text.size() && text[end] != ',' && text[end] != ')' && text[end] != ' ') ++end;
    paths.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return paths;
}

bool is_placeholder(const Json& value) {
  return value.is_null() || (value.is_string() && value.get<std::string>() == kPlaceholder);
}

// The member `field` of `node` ("[n]": element n), made when absent; nullptr when `node` holds a
// value of another kind that is not a placeholder.
Json* member_of(Json& node, const std::string& field) {
  if (field.starts_with("[")) {
    const size_t index = std::stoul(field.substr(1));
    if (!node.is_array()) {
      if (!is_placeholder(node)) return nullptr;
      node = Json::array();
    }
    while (node.size() <= index) node.push_back(nullptr);
    return &node[index];
  }
  if (!node.is_object()) {
    if (!is_placeholder(node)) return nullptr;
    node = Json::object();
  }
  return &node[field];
}

// Puts `leaf` at `fields` under `root`, making objects and arrays on the way. An existing value
// stays unless it is only a placeholder (a typed value from a Choice rule or an ItemsPath says
// more).
void place(Json& root, const std::vector<std::string>& fields, const Json& leaf) {
  if (fields.empty()) return;
  Json* node = &root;
  for (const std::string& field : fields) {
    node = member_of(*node, field);
    if (node == nullptr) return;
  }
  if (is_placeholder(*node)) *node = leaf;
}

void place_path(Json& root, std::string_view path, const Json& leaf) {
  place(root, path_fields(path), leaf);
}

// The references of a payload template ("key.$": "$.path" or an intrinsic call), into `doc`.
void template_references(const Json& value, Json& doc) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (key.size() > 2 && key.ends_with(".$") && member.is_string()) {
        const std::string text = member.get<std::string>();
        if (text.starts_with("$")) {
          place_path(doc, text, kPlaceholder);
        } else {
          for (const std::string& path : paths_in_text(text)) place_path(doc, path, kPlaceholder);
        }
      } else {
        template_references(member, doc);
      }
    }
  } else if (value.is_array()) {
    for (const Json& member : value) template_references(member, doc);
  }
}

// The value a Choice rule's variable gets: the one its comparison names, so the rule matches.
std::optional<Json> choice_leaf(const Json& rule) {
  for (const auto& [key, value] : rule.items()) {
    if (key == "Variable" || key == "Next" || key.ends_with("Path")) continue;
    if (key.starts_with("Is")) return std::nullopt;  // IsPresent, IsString...: any value does.
    if (key.starts_with("String") || key.starts_with("Numeric") || key.starts_with("Boolean") ||
        key.starts_with("Timestamp")) {
      if (key.ends_with("Matches")) return Json(kPlaceholder);
      return value;
    }
  }
  return std::nullopt;
}

void choice_references(const Json& rule, Json& doc) {
  if (!rule.is_object()) return;
  for (const char* nested : {"And", "Or"}) {
    if (const auto it = rule.find(nested); it != rule.end() && it->is_array()) {
      for (const Json& inner : *it) choice_references(inner, doc);
    }
  }
  if (const auto it = rule.find("Not"); it != rule.end()) choice_references(*it, doc);
  const auto variable = rule.find("Variable");
  if (variable == rule.end() || !variable->is_string()) return;
  place_path(doc, variable->get<std::string>(), choice_leaf(rule).value_or(Json(kPlaceholder)));
  for (const auto& [key, value] : rule.items()) {
    if (key.ends_with("Path") && value.is_string()) {
      place_path(doc, value.get<std::string>(), kPlaceholder);
    }
  }
}

const Json* states_of(const Json& state, const char* processor) {
  const auto it = state.find(processor);
  if (it == state.end() || !it->is_object()) return nullptr;
  const auto states = it->find("States");
  return states != it->end() && states->is_object() ? &*states : nullptr;
}

const Json* item_states(const Json& state) {
  if (const Json* states = states_of(state, "ItemProcessor")) return states;
  return states_of(state, "Iterator");
}

bool is_jsonata(const Json& state, bool machine_jsonata) {
  const auto it = state.find("QueryLanguage");
  if (it != state.end() && it->is_string()) return it->get<std::string>() == "JSONata";
  return machine_jsonata;
}

std::string text_field(const Json& state, const char* key) {
  const auto it = state.find(key);
  return it != state.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void collect_references(const Json& states, Json& doc, bool jsonata);

// One iteration's item: what the item processor (or the ItemSelector) reads of it.
Json item_of(const Json& map_state, bool jsonata) {
  Json item = Json::object();
  for (const char* selector : {"ItemSelector", "Parameters"}) {
    const auto it = map_state.find(selector);
    if (it == map_state.end()) continue;
    for (const auto& [key, member] : it->items()) {
      if (!member.is_string()) continue;
      const std::string text = member.get<std::string>();
      constexpr std::string_view kItem = "$$.Map.Item.Value";
      if (!text.starts_with(kItem)) continue;
      std::string path = "$";  // Built in two steps: GCC 12 warns (-Wrestrict) on "$" + ...
      path.append(text, kItem.size());
      place_path(item, path, kPlaceholder);
    }
    return item;
  }
  if (const Json* states = item_states(map_state)) collect_references(*states, item, jsonata);
  return item;
}

void state_references(const Json& state, Json& doc, bool jsonata) {
  const std::string type = text_field(state, "Type");
  if (const std::string input = text_field(state, "InputPath"); !input.empty()) {
    place_path(doc, input, Json::object());
  }
  for (const char* key : {"Parameters", "ItemSelector"}) {
    if (const auto it = state.find(key); it != state.end()) template_references(*it, doc);
  }
  if (type == "Choice") {
    if (const auto it = state.find("Choices"); it != state.end() && it->is_array()) {
      for (const Json& rule : *it) choice_references(rule, doc);
    }
  } else if (type == "Wait") {
    place_path(doc, text_field(state, "SecondsPath"), 1);
    place_path(doc, text_field(state, "TimestampPath"), "2026-01-01T00:00:00Z");
  } else if (type == "Task") {
    place_path(doc, text_field(state, "TimeoutSecondsPath"), 3600);
    place_path(doc, text_field(state, "HeartbeatSecondsPath"), 600);
  } else if (type == "Parallel") {
    if (const auto it = state.find("Branches"); it != state.end() && it->is_array()) {
      for (const Json& branch : *it) {
        if (const auto states = branch.find("States"); states != branch.end()) {
          collect_references(*states, doc, jsonata);
        }
      }
    }
  } else if (type == "Map") {
    const Json item = item_of(state, jsonata);
    const std::string items_path = text_field(state, "ItemsPath");
    place_path(doc, items_path.empty() ? "$" : items_path, Json::array({item, item, item}));
  }
}

void collect_references(const Json& states, Json& doc, bool jsonata) {
  if (!states.is_object()) return;
  for (const auto& [name, state] : states.items()) {
    if (state.is_object() && !is_jsonata(state, jsonata)) state_references(state, doc, jsonata);
  }
}

// Adds the fields of `from` that `into` lacks, recursively.
void merge_missing(Json& into, const Json& from) {
  if (!into.is_object() || !from.is_object()) return;
  for (const auto& [key, value] : from.items()) {
    if (!into.contains(key)) {
      into[key] = value;
    } else {
      merge_missing(into[key], value);
    }
  }
}

const Json* value_at(const Json& doc, const std::vector<std::string>& fields) {
  const Json* node = &doc;
  for (const std::string& field : fields) {
    if (field.starts_with("[")) {
      const size_t index = std::stoul(field.substr(1));
      if (!node->is_array() || node->size() <= index) return nullptr;
      node = &(*node)[index];
      continue;
    }
    if (!node->is_object()) return nullptr;
    const auto it = node->find(field);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

// The result fields a ResultSelector reads, each with the value later states read from the
// field it fills (`wanted`: what they read at the Task's ResultPath), else a placeholder.
void selector_references(const Json& selector, const Json* wanted, Json& result) {
  if (!selector.is_object()) return;
  for (const auto& [key, member] : selector.items()) {
    const bool is_path = key.size() > 2 && key.ends_with(".$");
    const std::string field = is_path ? key.substr(0, key.size() - 2) : key;
    const Json* want = wanted != nullptr && wanted->is_object() && wanted->contains(field)
                           ? &(*wanted)[field]
                           : nullptr;
    if (!is_path) {
      selector_references(member, want, result);
      continue;
    }
    if (!member.is_string()) continue;
    const std::string text = member.get<std::string>();
    if (text.starts_with("$")) {
      place_path(result, text, want != nullptr ? *want : Json(kPlaceholder));
    } else {
      for (const std::string& inner : paths_in_text(text)) place_path(result, inner, kPlaceholder);
    }
  }
}

// What the integration returns before any shaping: the fields AWS's answer always has.
Json base_result(const std::string& resource) {
  if (resource.find(":::lambda:invoke") != std::string::npos) {
    return Json{{"ExecutedVersion", "$LATEST"}, {"Payload", Json::object()}, {"StatusCode", 200}};
  }
  if (resource.find(":::states:startExecution.sync") != std::string::npos) {
    const bool typed = resource.ends_with(":2");
    return Json{{"ExecutionArn", "arn:aws:states:us-east-1:123456789012:execution:child:1"},
                {"Output", typed ? Json::object() : Json("{}")},
                {"Status", "SUCCEEDED"}};
  }
  return Json::object();
}

// The value a Task's default responder returns, given what its scope's states read (`doc`).
Json task_result(const Json& state, const Json& doc) {
  const std::string resource = text_field(state, "Resource");
  Json result = base_result(resource);
  const auto result_path = state.find("ResultPath");
  const bool discarded = result_path != state.end() && result_path->is_null();
  const std::string path = result_path != state.end() && result_path->is_string()
                               ? result_path->get<std::string>()
                               : std::string("$");
  const Json* read = discarded ? nullptr : path == "$" ? &doc : value_at(doc, path_fields(path));
  if (const auto selector = state.find("ResultSelector"); selector != state.end()) {
    Json shaped = Json::object();
    selector_references(*selector, read, shaped);
    merge_missing(result, shaped);
    return result;
  }
  if (read == nullptr || !read->is_object()) return result;
  if (text_field(state, "OutputPath") == "$.Payload" && result.contains("Payload")) {
    merge_missing(result["Payload"], *read);
  } else {
    merge_missing(result, *read);
  }
  return result;
}

struct TaskDefault {
  std::string name;
  const Json* state = nullptr;
  Json result;
};

void collect_tasks(const Json& states, const Json& doc, bool jsonata,
                   std::vector<TaskDefault>& tasks) {
  if (!states.is_object()) return;
  for (const auto& [name, state] : states.items()) {
    if (!state.is_object()) continue;
    const bool state_jsonata = is_jsonata(state, jsonata);
    const std::string type = text_field(state, "Type");
    if (type == "Task") {
      tasks.push_back({name, &state, state_jsonata ? Json::object() : task_result(state, doc)});
    } else if (type == "Parallel") {
      if (const auto it = state.find("Branches"); it != state.end() && it->is_array()) {
        for (const Json& branch : *it) {
          if (const auto inner = branch.find("States"); inner != branch.end()) {
            collect_tasks(*inner, doc, jsonata, tasks);
          }
        }
      }
    } else if (type == "Map") {
      if (const Json* inner = item_states(state)) {
        Json item = Json::object();
        collect_references(*inner, item, jsonata);
        collect_tasks(*inner, item, jsonata, tasks);
      }
    }
  }
}

std::optional<double> number_field(const Json& state, const char* key) {
  const auto it = state.find(key);
  if (it == state.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

Json resource_entry(const TaskDefault& task, world::PatternSet patterns, bool annotate) {
  Json entry = Json::object();
  const Json& state = *task.state;
  const auto timeout = number_field(state, "TimeoutSeconds");
  const auto heartbeat = number_field(state, "HeartbeatSeconds");
  const bool holder = patterns.has(world::Pattern::activity) ||
                      patterns.has(world::Pattern::callback);
  if (annotate) {
    Json comment = Json::array();
    comment.push_back("pattern: " + world::to_string(patterns) + " (" +
                      text_field(state, "Resource") + ")");
    comment.push_back("fault kinds that apply: " + world::applicable_kind_list(patterns));
    comment.push_back(
        "change: workers, duration_seconds (timeout: " +
        (timeout ? std::to_string(static_cast<int64_t>(*timeout)) + " s" : std::string("none")) +
        "), what it returns (otherwise) or per attempt (attempts: {\"0\": {\"Throw\": "
        "{\"Error\": \"...\"}}, \"1-2\": {\"Return\": {...}}}), faults.rates per resource");
    if (holder) {
      comment.push_back("heartbeat_every_seconds: " +
                        std::string(heartbeat ? "a third of HeartbeatSeconds"
                                              : "none, the state has no HeartbeatSeconds"));
    }
    entry["comment"] = std::move(comment);
  }
  entry["workers"] = 1;
  entry["duration_seconds"] = timeout && *timeout < 2 ? *timeout / 2 : 1;
  if (holder && heartbeat && *heartbeat > 0) {
    entry["heartbeat_every_seconds"] = static_cast<double>(
        static_cast<int64_t>(*heartbeat * 1'000'000 / 3)) / 1'000'000;
  }
  if (!task.result.empty() || annotate) entry["otherwise"] = Json{{"Return", task.result}};
  return entry;
}

}  // namespace

std::variant<Json, FileProblems> default_scenario_document(const Json& asl, const Json& definition,
                                                           const std::string& name,
                                                           const std::string& label,
                                                           bool annotate) {
  auto parsed = asl::parse_definition(asl);
  if (auto* found = std::get_if<asl::Problems>(&parsed)) {
    FileProblems problems;
    append_problems(problems, label, "", *found);
    return problems;
  }
  const auto& machine = *std::get<std::shared_ptr<const asl::Definition>>(parsed);
  const bool jsonata = text_field(asl, "QueryLanguage") == "JSONata";
  Json input = Json::object();
  collect_references(asl["States"], input, jsonata);
  std::vector<TaskDefault> tasks;
  collect_tasks(asl["States"], input, jsonata, tasks);

  Json document = Json::object();
  document["name"] = name;
  if (annotate) {
    document["comment"] = Json::array(
        {"A starting point written by `wfsim scaffold`: the scenario `wfsim explore` uses when "
         "given the definition alone. Every \"comment\" key is ignored by the loader.",
         "input: derived from the paths the definition reads; put a real input here.",
         "resources: one entry per Task state (keyed by state name); each returns what later "
         "states read. Edit them to model your services.",
         "faults.rates: ratios per fault kind (\"1/50\"); `explore --swarm` draws a mix per "
         "seed. expect: allowed final statuses (any: the execution ends), max_duration_seconds, "
         "states_reached, states_not_reached, events.",
         "See docs/scenario-format.md."});
  }
  document["definition"] = definition;
  document["input"] = std::move(input);
  Json resources = Json::object();
  world::PatternSet all_patterns;
  for (const TaskDefault& task : tasks) {
    const world::PatternSet patterns = world::patterns_of_key(machine, task.name);
    for (size_t p = 0; p < world::kPatternCount; ++p) {
      if (patterns.has(static_cast<world::Pattern>(p))) {
        all_patterns.add(static_cast<world::Pattern>(p));
      }
    }
    resources[task.name] = resource_entry(task, patterns, annotate);
  }
  document["resources"] = std::move(resources);
  if (annotate) {
    document["faults"] = Json{
        {"comment", Json::array({"fault kinds that apply to this definition: " +
                                 world::applicable_kind_list(all_patterns),
                                 "e.g. \"rates\": {\"worker_crash\": \"1/50\"}; or a \"script\" "
                                 "of faults at fixed times"})},
        {"rates", Json::object()}};
  }
  document["expect"] = Json{{"status", Json::array({"SUCCEEDED", "FAILED", "TIMED_OUT",
                                                    "ABORTED"})}};
  if (annotate) {
    document["expect"]["comment"] =
        "any final status: the only expectation is that the execution ends; narrow it, e.g. "
        "[\"SUCCEEDED\"]";
  }
  return document;
}

}  // namespace wfsim::scenario
