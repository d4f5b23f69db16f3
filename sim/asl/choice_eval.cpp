// Evaluating compiled Choice rules. A definite Variable is read in place (JsonPath::find) and
// compared with the pre-decoded operand, so simple comparisons allocate nothing; only an
// indefinite Variable (a wildcard or filter) builds its array of matches.
//
// Semantics (Step Functions): a missing Variable (or undefined workflow variable) is
// States.Runtime except for IsPresent; values
// of the wrong type compare false; numbers compare exactly by value; timestamps compare as
// instants and a string that is not a timestamp makes every Timestamp operator false.
#include <algorithm>
#include <string_view>

#include "asl/choice.h"
#include "asl/choice_node.h"
#include "asl/intrinsic.h"
#include "asl/json_util.h"

namespace wfsim::asl {
namespace {

using detail::ChoiceFamily;
using detail::ChoiceRelation;
using Node = ChoiceRule::Node;
using detail::path_root;

bool holds(ChoiceRelation relation, int order) {
  switch (relation) {
    case ChoiceRelation::eq: return order == 0;
    case ChoiceRelation::lt: return order < 0;
    case ChoiceRelation::gt: return order > 0;
    case ChoiceRelation::le: return order <= 0;
    case ChoiceRelation::ge: return order >= 0;
  }
  return false;
}

// "*" matches any text (also empty); the pieces between stars must appear in order.
bool matches(std::string_view text, const std::vector<std::string>& pattern) {
  if (pattern.size() == 1) return text == pattern.front();
  const std::string& first = pattern.front();
  const std::string& last = pattern.back();
  if (text.size() < first.size() + last.size()) return false;
  if (!text.starts_with(first) || !text.ends_with(last)) return false;
  size_t pos = first.size();
  const size_t limit = text.size() - last.size();
  for (size_t i = 1; i + 1 < pattern.size(); ++i) {
    const std::string_view window = text.substr(0, limit);
    const size_t found = window.find(pattern[i], pos);
    if (found == std::string_view::npos) return false;
    pos = found + pattern[i].size();
  }
  return true;
}

std::optional<Instant> as_timestamp(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  return parse_iso8601(value.get_ref<const std::string&>());
}

StateError invalid_path(const JsonPath& path) {
  return {errors::kRuntime, "Invalid path '" + path.text() +
                                "': The choice state's condition path references an invalid "
                                "value."};
}

// What a rule reads: the state's data, the context object ("$$") and workflow variables.
struct Scope {
  const Json& input;
  const Json* context;
  const Json* variables;
};

// A value read by a path: in place for definite paths, else the selected value (one value, or
// the array of matches).
struct Lookup {
  const Json* value = nullptr;
  Json selected;
};

void look_up(const JsonPath& path, const Scope& scope, Lookup& out) {
  WFSIM_ASSERT_MSG(scope.context != nullptr || !path.is_context(),
                   "a Choice rule that reads $$ was evaluated without a context object");
  const Json* root = path_root(path, scope.input, scope.context, scope.variables);
  if (root == nullptr) return;  // An undefined variable reads as absent.
  if (path.is_definite()) {
    out.value = path.find(*root);
    return;
  }
  auto selected = path.select(*root, scope.variables);
  if (!selected) return;
  out.selected = std::move(*selected);
  out.value = &out.selected;
}

bool type_test(ChoiceFamily family, const Json& value) {
  switch (family) {
    case ChoiceFamily::is_null: return value.is_null();
    case ChoiceFamily::is_numeric: return value.is_number();
    case ChoiceFamily::is_string: return value.is_string();
    case ChoiceFamily::is_boolean: return value.is_boolean();
    case ChoiceFamily::is_timestamp: return as_timestamp(value).has_value();
    default: WFSIM_UNREACHABLE("not a type test");
  }
}

// `operand` is the literal or the value the "...Path" operand selected.
bool compare(const Node& node, const Json& value, const Json& operand) {
  const ChoiceRelation relation = node.op->relation;
  switch (node.op->family) {
    case ChoiceFamily::string: {
      if (!value.is_string() || !operand.is_string()) return false;
      const int c = value.get_ref<const std::string&>().compare(
          operand.get_ref<const std::string&>());
      return holds(relation, c < 0 ? -1 : (c > 0 ? 1 : 0));
    }
    case ChoiceFamily::string_matches:
      return value.is_string() && matches(value.get_ref<const std::string&>(), node.pattern);
    case ChoiceFamily::numeric: {
      const auto order = detail::compare_numbers(value, operand);
      return order.has_value() && holds(relation, *order);
    }
    case ChoiceFamily::boolean:
      return value.is_boolean() && operand.is_boolean() && value.get<bool>() == operand.get<bool>();
    case ChoiceFamily::timestamp: {
      const auto left = as_timestamp(value);
      const auto right = node.operand_path ? as_timestamp(operand) : node.timestamp;
      if (!left || !right) return false;
      return holds(relation, *left < *right ? -1 : (*left > *right ? 1 : 0));
    }
    default: WFSIM_UNREACHABLE("not a comparison");
  }
}

Outcome<bool> evaluate_node(const Node& node, const Scope& scope) {
  const ChoiceFamily family = node.op->family;
  if (family == ChoiceFamily::logic_not) {
    auto inner = evaluate_node(node.children.front(), scope);
    if (!inner.ok()) return inner;
    return !inner.value();
  }
  if (detail::is_logic(family)) {
    const bool is_and = family == ChoiceFamily::logic_and;
    for (const Node& child : node.children) {
      auto result = evaluate_node(child, scope);
      if (!result.ok()) return result;
      if (result.value() != is_and) return !is_and;  // Short-circuit as AWS does.
    }
    return is_and;
  }
  Lookup variable;
  look_up(node.variable, scope, variable);
  if (family == ChoiceFamily::is_present) {
    const bool present = variable.value != nullptr &&
                         (node.variable.yields_one_value() || !variable.value->empty());
    return present == node.literal.get<bool>();
  }
  if (variable.value == nullptr) return invalid_path(node.variable);
  if (detail::is_type_test(family)) {
    return type_test(family, *variable.value) == node.literal.get<bool>();
  }
  if (!node.operand_path) return compare(node, *variable.value, node.literal);
  Lookup operand;
  look_up(*node.operand_path, scope, operand);
  if (operand.value == nullptr) return invalid_path(*node.operand_path);
  return compare(node, *variable.value, *operand.value);
}

}  // namespace

Outcome<bool> ChoiceRule::evaluate(const Json& input, const Json* context,
                                   const Json* variables) const {
  WFSIM_ASSERT(root_ != nullptr);
  return evaluate_node(*root_, Scope{input, context, variables});
}

}  // namespace wfsim::asl
