// Compiling Choice rules: checks each rule's shape (exactly one operator, Variable where needed,
// operand types, Next only on top-level rules, nesting depth) and builds ChoiceRule::Node trees.
//
// Evaluation is in choice_eval.cpp. Whether a top-level rule's Next names a state is checked by
// the definition compiler, which knows the state names.
#include <algorithm>

#include "asl/choice.h"
#include "asl/choice_node.h"

namespace wfsim::asl {
namespace detail {
namespace {

using F = ChoiceFamily;
using R = ChoiceRelation;

constexpr ChoiceOperator kOperators[] = {
    {"And", F::logic_and, R::eq, false},
    {"Or", F::logic_or, R::eq, false},
    {"Not", F::logic_not, R::eq, false},
    {"StringEquals", F::string, R::eq, false},
    {"StringEqualsPath", F::string, R::eq, true},
    {"StringLessThan", F::string, R::lt, false},
    {"StringLessThanPath", F::string, R::lt, true},
    {"StringGreaterThan", F::string, R::gt, false},
    {"StringGreaterThanPath", F::string, R::gt, true},
    {"StringLessThanEquals", F::string, R::le, false},
    {"StringLessThanEqualsPath", F::string, R::le, true},
    {"StringGreaterThanEquals", F::string, R::ge, false},
    {"StringGreaterThanEqualsPath", F::string, R::ge, true},
    {"StringMatches", F::string_matches, R::eq, false},
    {"NumericEquals", F::numeric, R::eq, false},
    {"NumericEqualsPath", F::numeric, R::eq, true},
    {"NumericLessThan", F::numeric, R::lt, false},
    {"NumericLessThanPath", F::numeric, R::lt, true},
    {"NumericGreaterThan", F::numeric, R::gt, false},
    {"NumericGreaterThanPath", F::numeric, R::gt, true},
    {"NumericLessThanEquals", F::numeric, R::le, false},
    {"NumericLessThanEqualsPath", F::numeric, R::le, true},
    {"NumericGreaterThanEquals", F::numeric, R::ge, false},
    {"NumericGreaterThanEqualsPath", F::numeric, R::ge, true},
    {"BooleanEquals", F::boolean, R::eq, false},
    {"BooleanEqualsPath", F::boolean, R::eq, true},
    {"TimestampEquals", F::timestamp, R::eq, false},
    {"TimestampEqualsPath", F::timestamp, R::eq, true},
    {"TimestampLessThan", F::timestamp, R::lt, false},
    {"TimestampLessThanPath", F::timestamp, R::lt, true},
    {"TimestampGreaterThan", F::timestamp, R::gt, false},
    {"TimestampGreaterThanPath", F::timestamp, R::gt, true},
    {"TimestampLessThanEquals", F::timestamp, R::le, false},
    {"TimestampLessThanEqualsPath", F::timestamp, R::le, true},
    {"TimestampGreaterThanEquals", F::timestamp, R::ge, false},
    {"TimestampGreaterThanEqualsPath", F::timestamp, R::ge, true},
    {"IsNull", F::is_null, R::eq, false},
    {"IsPresent", F::is_present, R::eq, false},
    {"IsNumeric", F::is_numeric, R::eq, false},
    {"IsString", F::is_string, R::eq, false},
    {"IsBoolean", F::is_boolean, R::eq, false},
    {"IsTimestamp", F::is_timestamp, R::eq, false},
};

// "a*b\*c" -> {"a", "b*c"}: the literal text between unescaped stars.
std::vector<std::string> compile_pattern(const std::string& text) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      pieces.back() += text[++i];
    } else if (text[i] == '*') {
      pieces.emplace_back();
    } else {
      pieces.back() += text[i];
    }
  }
  return pieces;
}

struct RuleCompiler {
  Problems& problems;
  bool uses_context = false;
  std::vector<std::string> variables;

  std::optional<ChoiceRule::Node> compile(const Json& source, const std::string& pointer,
                                          bool top_level, size_t depth);
  const ChoiceOperator* find_operator(const Json& source, const std::string& pointer,
                                      bool top_level);
  bool compile_logic(ChoiceRule::Node& node, const Json& operand, const std::string& pointer,
                     size_t depth);
  bool compile_comparison(ChoiceRule::Node& node, const Json& source, const Json& operand,
                          const std::string& pointer);
  bool compile_literal(ChoiceRule::Node& node, const Json& operand, const std::string& pointer);
  std::optional<JsonPath> path_field(const Json& value, const std::string& pointer);
  void problem(const std::string& pointer, std::string message) {
    problems.push_back({pointer, std::move(message)});
  }
};

// The rule's one operator; reports unknown fields, missing or extra operators, misplaced Next.
const ChoiceOperator* RuleCompiler::find_operator(const Json& source, const std::string& pointer,
                                                  bool top_level) {
  const ChoiceOperator* found = nullptr;
  std::string names;
  size_t count = 0;
  for (auto it = source.begin(); it != source.end(); ++it) {
    const std::string& key = it.key();
    const std::string at = pointer + "/" + pointer_segment(key);
    if (const ChoiceOperator* op = find_choice_operator(key)) {
      found = op;
      if (count++ > 0) names += ", ";
      names += key;
    } else if (key == "Next") {
      if (!top_level) problem(at, "a nested Choice rule must not have Next");
      else if (!it->is_string()) problem(at, "must be a string");
    } else if (key == "Assign") {
      // A top-level rule's Assign is the state compiler's (VAR-4.3).
      if (!top_level) problem(at, "a nested Choice rule must not have Assign");
    } else if (key == "Condition" || key == "Output") {
      problem(at, "'" + key + "' exists only in JSONata Choice rules (QueryLanguage \"JSONata\")");
    } else if (key != "Variable" && key != "Comment") {
      problem(at, "unknown field '" + key + "' in a Choice rule");
    } else if (key == "Comment" && !it->is_string()) {
      problem(at, "must be a string");
    }
  }
  if (top_level && !source.contains("Next")) problem(pointer, "a Choice rule must have Next");
  if (count == 0) {
    problem(pointer, "a Choice rule needs one comparison operator, And, Or or Not");
    return nullptr;
  }
  if (count > 1) {
    problem(pointer, "a Choice rule must have exactly one operator, not " + names);
    return nullptr;
  }
  return found;
}

std::optional<ChoiceRule::Node> RuleCompiler::compile(const Json& source,
                                                      const std::string& pointer,
                                                      bool top_level, size_t depth) {
  if (!source.is_object()) {
    problem(pointer, "a Choice rule must be an object");
    return std::nullopt;
  }
  if (depth > kMaxChoiceDepth) {
    problem(pointer, "Choice rules nest deeper than " + std::to_string(kMaxChoiceDepth) +
                         " levels");
    return std::nullopt;
  }
  const size_t before = problems.size();
  ChoiceRule::Node node;
  node.op = find_operator(source, pointer, top_level);
  if (node.op == nullptr) return std::nullopt;
  const std::string operand_pointer = pointer + "/" + std::string(node.op->name);
  const Json& operand = *source.find(node.op->name);
  if (is_logic(node.op->family)) {
    if (source.contains("Variable")) {
      problem(pointer + "/Variable", "Variable is not allowed with " + std::string(node.op->name));
    }
    compile_logic(node, operand, operand_pointer, depth);
  } else {
    compile_comparison(node, source, operand, operand_pointer);
  }
  if (problems.size() != before) return std::nullopt;
  return node;
}

bool RuleCompiler::compile_logic(ChoiceRule::Node& node, const Json& operand,
                                 const std::string& pointer, size_t depth) {
  if (node.op->family == F::logic_not) {
    auto child = compile(operand, pointer, false, depth + 1);
    if (child) node.children.push_back(std::move(*child));
    return child.has_value();
  }
  if (!operand.is_array() || operand.empty()) {
    problem(pointer, "must be a non-empty array of Choice rules");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < operand.size(); ++i) {
    auto child = compile(operand[i], pointer + "/" + std::to_string(i), false, depth + 1);
    ok = ok && child.has_value();
    if (child) node.children.push_back(std::move(*child));
  }
  return ok;
}

std::optional<JsonPath> RuleCompiler::path_field(const Json& value, const std::string& pointer) {
  if (!value.is_string()) {
    problem(pointer, "must be a path string");
    return std::nullopt;
  }
  auto parsed = JsonPath::parse(value.get_ref<const std::string&>());
  if (auto* message = std::get_if<std::string>(&parsed)) {
    problem(pointer, *message);
    return std::nullopt;
  }
  JsonPath path = std::move(std::get<JsonPath>(parsed));
  uses_context = uses_context || path.is_context();
  for (const std::string& name : path.variable_references()) {
    if (std::find(variables.begin(), variables.end(), name) == variables.end()) {
      variables.push_back(name);
    }
  }
  return path;
}

bool RuleCompiler::compile_comparison(ChoiceRule::Node& node, const Json& source,
                                      const Json& operand, const std::string& pointer) {
  const auto variable = source.find("Variable");
  const std::string rule_pointer = pointer.substr(0, pointer.rfind('/'));
  if (variable == source.end()) {
    problem(rule_pointer, "a comparison needs a Variable");
    return false;
  }
  auto path = path_field(*variable, rule_pointer + "/Variable");
  if (path) node.variable = std::move(*path);
  if (node.op->path_operand) {
    node.operand_path = path_field(operand, pointer);
    return path.has_value() && node.operand_path.has_value();
  }
  return compile_literal(node, operand, pointer) && path.has_value();
}

bool RuleCompiler::compile_literal(ChoiceRule::Node& node, const Json& operand,
                                   const std::string& pointer) {
  switch (node.op->family) {
    case F::string:
    case F::string_matches:
      if (!operand.is_string()) break;
      node.literal = operand;
      if (node.op->family == F::string_matches) {
        node.pattern = compile_pattern(operand.get_ref<const std::string&>());
      }
      return true;
    case F::numeric:
      if (!operand.is_number()) break;
      node.literal = operand;
      return true;
    case F::timestamp: {
      const auto instant =
          operand.is_string() ? parse_iso8601(operand.get_ref<const std::string&>()) : std::nullopt;
      if (!instant) {
        problem(pointer, "must be an RFC 3339 timestamp string such as \"2016-03-14T01:59:00Z\"");
        return false;
      }
      node.timestamp = *instant;
      return true;
    }
    default:  // boolean and the type tests.
      if (!operand.is_boolean()) break;
      node.literal = operand;
      return true;
  }
  const bool numeric = node.op->family == F::numeric;
  const bool text = node.op->family == F::string || node.op->family == F::string_matches;
  problem(pointer,
          numeric ? "must be a number" : (text ? "must be a string" : "must be a boolean"));
  return false;
}

}  // namespace

const ChoiceOperator* find_choice_operator(std::string_view name) {
  const auto it = std::find_if(std::begin(kOperators), std::end(kOperators),
                               [&](const ChoiceOperator& op) { return op.name == name; });
  return it == std::end(kOperators) ? nullptr : &*it;
}

bool is_logic(ChoiceFamily family) {
  return family == F::logic_and || family == F::logic_or || family == F::logic_not;
}

bool is_type_test(ChoiceFamily family) {
  return family >= F::is_null && family <= F::is_timestamp;
}

}  // namespace detail

std::optional<ChoiceRule> ChoiceRule::compile(const Json& source, const std::string& pointer,
                                              bool top_level, Problems& problems) {
  detail::RuleCompiler compiler{problems, false, {}};
  auto root = compiler.compile(source, pointer, top_level, 0);
  if (!root) return std::nullopt;
  ChoiceRule rule;
  rule.root_ = std::make_shared<const Node>(std::move(*root));
  rule.uses_context_ = compiler.uses_context;
  rule.variables_ = std::move(compiler.variables);
  return rule;
}

bool ChoiceRule::uses_context() const { return uses_context_; }
const std::vector<std::string>& ChoiceRule::variable_references() const { return variables_; }

}  // namespace wfsim::asl
