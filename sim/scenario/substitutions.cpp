// Definition substitutions; see substitutions.h.
#include "scenario/substitutions.h"

#include <optional>
#include <set>

namespace wfsim::scenario {
namespace {

// The first `${Name}` in `text` at or after `from`: its position and name.
std::optional<std::pair<size_t, std::string>> next_placeholder(const std::string& text,
                                                               size_t from) {
  const size_t open = text.find("${", from);
  if (open == std::string::npos) return std::nullopt;
  const size_t close = text.find('}', open + 2);
  if (close == std::string::npos) return std::nullopt;
  return std::pair{open, text.substr(open + 2, close - open - 2)};
}

std::string replaced(const std::string& text, const Substitutions& values) {
  std::string out;
  size_t at = 0;
  while (const auto found = next_placeholder(text, at)) {
    const auto& [open, name] = *found;
    const auto value = values.find(name);
    const size_t end = open + name.size() + 3;
    out += text.substr(at, open - at);
    out += value != values.end() ? value->second : text.substr(open, end - open);
    at = end;
  }
  return out + text.substr(at);
}

}  // namespace

void substitute(Json& definition, const Substitutions& values) {
  if (definition.is_string()) {
    definition = replaced(definition.get<std::string>(), values);
  } else if (definition.is_object() || definition.is_array()) {
    for (Json& member : definition) substitute(member, values);
  }
}

namespace {

void collect_names(const Json& value, std::set<std::string>& names) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    for (auto found = next_placeholder(text, 0); found;
         found = next_placeholder(text, found->first + found->second.size() + 3)) {
      names.insert(found->second);
    }
  } else if (value.is_object() || value.is_array()) {
    for (const Json& member : value) collect_names(member, names);
  }
}

}  // namespace

std::vector<std::string> placeholder_names(const Json& definition) {
  std::set<std::string> names;
  collect_names(definition, names);
  return {names.begin(), names.end()};
}

bool check_no_placeholders(const Json& definition, Reader& reader, const std::string& prefix,
                           const std::string& hint) {
  bool clean = true;
  if (definition.is_string()) {
    const std::string& text = definition.get_ref<const std::string&>();
    if (const auto found = next_placeholder(text, 0)) {
      reader.problem(prefix, "unreplaced placeholder ${" + found->second + "} in \"" + text +
                                 "\": " + hint);
      clean = false;
    }
  } else if (definition.is_object()) {
    for (const auto& [key, member] : definition.items()) {
      clean = check_no_placeholders(member, reader, Reader::child(prefix, key), hint) && clean;
    }
  } else if (definition.is_array()) {
    for (size_t i = 0; i < definition.size(); ++i) {
      clean = check_no_placeholders(definition[i], reader, Reader::child(prefix, i), hint) && clean;
    }
  }
  return clean;
}

}  // namespace wfsim::scenario
