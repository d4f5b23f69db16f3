// Compiling JSONata templates (jsonata_template.h): finding the "{% %}" strings at any depth,
// compiling each once, and naming each with the location AWS reports. Evaluation is the engine's.
#include "asl/jsonata_template.h"

#include <algorithm>

#include "core/assert.h"

namespace wfsim::asl {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Walk {
  const std::string& field;
  const std::string& pointer;
  Problems& problems;
  std::vector<JsonataTemplate::Hole> holes;
  std::vector<std::string> keys;
  bool failed = false;

  std::string location() const {
    std::string out = field;
    for (const std::string& key : keys) out += "/" + key;
    return out;
  }

  std::string key_pointer() const {
    std::string out = pointer;
    for (const std::string& key : keys) out += "/" + pointer_segment(key);
    return out;
  }

  void string_leaf(const std::string& text) {
    const auto expression = template_expression(text);
    if (!expression) return;
    auto compiled = jsonata::compile(*expression);
    if (const auto* error = std::get_if<jsonata::Error>(&compiled)) {
      problems.push_back({key_pointer(), "JSONata syntax error at position " +
                                             std::to_string(error->position) + " of '" +
                                             std::string(*expression) +
                                             "': " + error->describe()});
      failed = true;
      return;
    }
    holes.push_back({keys, location(), std::string(*expression),
                     std::get<jsonata::Expression>(std::move(compiled))});
  }

  // Depth is bounded by the definition reader (kMaxJsonDepth), so recursion is safe here.
  void value(const Json& node) {
    if (node.is_string()) {
      string_leaf(node.get_ref<const std::string&>());
    } else if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        keys.push_back(it.key());
        value(it.value());
        keys.pop_back();
      }
    } else if (node.is_array()) {
      for (size_t i = 0; i < node.size(); ++i) {
        keys.push_back(std::to_string(i));
        value(node[i]);
        keys.pop_back();
      }
    }
  }
};

}  // namespace

std::optional<std::string_view> template_expression(std::string_view text) {
  if (text.size() < 4 || !text.starts_with("{%") || !text.ends_with("%}")) return std::nullopt;
  std::string_view inner = text.substr(2, text.size() - 4);
  while (!inner.empty() && is_space(inner.front())) inner.remove_prefix(1);
  while (!inner.empty() && is_space(inner.back())) inner.remove_suffix(1);
  return inner;
}

std::optional<JsonataTemplate> JsonataTemplate::compile(const Json& source, std::string field,
                                                        const std::string& pointer,
                                                        Problems& problems) {
  Walk walk{field, pointer, problems, {}, {}, false};
  walk.value(source);
  if (walk.failed) return std::nullopt;
  JsonataTemplate out;
  out.source_ = source;
  out.field_ = std::move(field);
  out.holes_ = std::move(walk.holes);
  out.reads_states_ = std::any_of(out.holes_.begin(), out.holes_.end(), [](const Hole& hole) {
    const auto& names = hole.expression.free_variables();
    return std::binary_search(names.begin(), names.end(), std::string("states"));
  });
  out.reads_states_context_ =
      std::any_of(out.holes_.begin(), out.holes_.end(), [](const Hole& hole) {
        const auto members = hole.expression.members_read("states");
        return !members || std::binary_search(members->begin(), members->end(), "context");
      });
  WFSIM_ASSERT(!out.is_expression() || source.is_string());
  return out;
}

}  // namespace wfsim::asl
