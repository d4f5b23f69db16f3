// The module's public face (jsonata.h): compile(), evaluate(), the built-in registry and the
// error catalogue with jsonata-js 2.0.6's message texts and insert rules.
#include "jsonata/jsonata.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

#include "jsonata/eval.h"
#include "jsonata/parse_internal.h"
#include "jsonata/regex.h"

namespace wfsim::jsonata {
namespace detail {

Program::~Program() = default;

Node* parse_tree(Program& program, std::string_view text);  // parse.cpp

namespace {

struct Registry {
  std::vector<Builtin> builtins;
  std::unordered_map<std::string_view, const Builtin*> by_name;
  Registry() {
    for (auto table : {string_builtins(), numeric_builtins(), collection_builtins(), misc_builtins(),
                       picture_builtins()}) {
      for (const Builtin& builtin : table) builtins.push_back(builtin);
    }
    for (Builtin& builtin : builtins) {
      SignatureError error;
      auto signature = parse_signature(builtin.signature_text, error);
      WFSIM_ASSERT_MSG(signature.has_value(), std::string("bad signature of $") + builtin.name);
      builtin.signature = std::move(*signature);
    }
    for (const Builtin& builtin : builtins) by_name.emplace(builtin.name, &builtin);
  }
};

const Registry& registry() {
  static const Registry instance;
  return instance;
}

const std::unordered_map<std::string_view, std::string_view>& catalogue() {
  static const std::unordered_map<std::string_view, std::string_view> messages = {
      {"S0101", "String literal must be terminated by a matching quote"},
      {"S0102", "Number out of range: {{token}}"},
      {"S0103", "Unsupported escape sequence: \\{{token}}"},
      {"S0104", "The escape sequence \\u must be followed by 4 hex digits"},
      {"S0105", "Quoted property name must be terminated with a backquote (`)"},
      {"S0106", "Comment has no closing tag"},
      {"S0201", "Syntax error: {{token}}"},
      {"S0202", "Expected {{value}}, got {{token}}"},
      {"S0203", "Expected {{value}} before end of expression"},
      {"S0204", "Unknown operator: {{token}}"},
      {"S0205", "Unexpected token: {{token}}"},
      {"S0206", "Unknown expression type: {{token}}"},
      {"S0207", "Unexpected end of expression"},
      {"S0208", "Parameter {{value}} of function definition must be a variable name (start with $)"},
      {"S0209", "A predicate cannot follow a grouping expression in a step"},
      {"S0210", "Each step can only have one grouping expression"},
      {"S0211", "The symbol {{token}} cannot be used as a unary operator"},
      {"S0212", "The left side of := must be a variable name (start with $)"},
      {"S0213", "The literal value {{value}} cannot be used as a step within a path expression"},
      {"S0214", "The right side of {{token}} must be a variable name (start with $)"},
      {"S0215", "A context variable binding must precede any predicates on a step"},
      {"S0216", "A context variable binding must precede the 'order-by' clause on a step"},
      {"S0217", "The object representing the 'parent' cannot be derived from this expression"},
      {"S0301", "Empty regular expressions are not allowed"},
      {"S0302", "No terminating / in regular expression"},
      {"S0303", "{{{message}}}"},
      {"S0402", "Choice groups containing parameterized types are not supported"},
      {"S0401", "Type parameters can only be applied to functions and arrays"},
      {"S0500", "Attempted to evaluate an expression containing syntax error(s)"},
      {"S0800", "The expression is nested too deeply (the limit is 400 levels)"},
      {"T0410", "Argument {{index}} of function {{token}} does not match function signature"},
      {"T0411", "Context value is not a compatible type with argument {{index}} of function {{token}}"},
      {"T0412", "Argument {{index}} of function {{token}} must be an array of {{type}}"},
      {"D1001", "Number out of range: {{value}}"},
      {"D1002", "Cannot negate a non-numeric value: {{value}}"},
      {"T1003", "Key in object structure must evaluate to a string; got: {{value}}"},
      {"D1004", "Regular expression matches zero length string"},
      {"T1005", "Attempted to invoke a non-function. Did you mean ${{{token}}}?"},
      {"T1006", "Attempted to invoke a non-function"},
      {"T1007", "Attempted to partially apply a non-function. Did you mean ${{{token}}}?"},
      {"T1008", "Attempted to partially apply a non-function"},
      {"D1009", "Multiple key definitions evaluate to same key: {{value}}"},
      {"T1010", "The matcher function argument passed to function {{token}} does not return the correct object structure"},
      {"T2001", "The left side of the {{token}} operator must evaluate to a number"},
      {"T2002", "The right side of the {{token}} operator must evaluate to a number"},
      {"T2003", "The left side of the range operator (..) must evaluate to an integer"},
      {"T2004", "The right side of the range operator (..) must evaluate to an integer"},
      {"T2006", "The right side of the function application operator ~> must be a function"},
      {"T2007", "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause"},
      {"T2008", "The expressions within an order-by clause must evaluate to numeric or string values"},
      {"T2009", "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type"},
      {"T2010", "The expressions either side of operator {{token}} must evaluate to numeric or string values"},
      {"T2011", "The insert/update clause of the transform expression must evaluate to an object: {{value}}"},
      {"T2012", "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}"},
      {"T2013", "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function."},
      {"D2014", "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {{value}}."},
      {"D3001", "Attempting to invoke string function on Infinity or NaN"},
      {"D3010", "Second argument of replace function cannot be an empty string"},
      {"D3011", "Fourth argument of replace function must evaluate to a positive number"},
      {"D3012", "Attempted to replace a matched string with a non-string value"},
      {"D3020", "Third argument of split function must evaluate to a positive number"},
      {"D3030", "Unable to cast value to a number: {{value}}"},
      {"D3040", "Third argument of match function must evaluate to a positive number"},
      {"D3050", "The second argument of reduce function must be a function with at least two arguments"},
      {"D3060", "The sqrt function cannot be applied to a negative number: {{value}}"},
      {"D3061", "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}"},
      {"D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function"},
      {"D3100", "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}"},
      {"D3110", "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}"},
      {"D3137", "{{{message}}}"},
      {"D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more."},
      {"D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0."},
      {"D3140", "Malformed URL passed to ${{{functionName}}}(): {{value}}"},
      {"D3141", "{{{message}}}"},
      {"D3200", "The size argument of the partition function must be a positive integer: {{value}}"},
      {"D3201", "The hash function does not support the algorithm {{value}}; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"},
      {"D3202", "The argument of the parse function is not valid JSON text: {{value}}"},
  };
  return messages;
}

std::string quoted(const std::optional<std::string>& text) {
  return text ? json_quote(*text) : "undefined";
}

// Fills a template: {{{x}}} takes the raw field, {{x}} its JSON text.
std::string populate(std::string_view code, const EvalError& error) {
  if (error.verbatim && error.message) return *error.message;
  const auto& messages = catalogue();
  auto found = messages.find(code);
  if (found == messages.end()) return error.message.value_or("");
  std::string_view text = found->second;
  std::string out;
  auto field = [&](std::string_view name, bool raw) -> std::string {
    if (name == "token") {
      if (error.token_json) return *error.token_json;
      return raw ? error.token.value_or("undefined") : quoted(error.token);
    }
    if (name == "value") return error.value.value_or("undefined");
    if (name == "value2") return error.value2.value_or("undefined");
    if (name == "index") return error.index ? std::to_string(*error.index) : "undefined";
    if (name == "type") return error.type.value_or("undefined");
    if (name == "exp") return error.exp.value_or("undefined");
    if (name == "message") return error.message.value_or("undefined");
    if (name == "functionName") return error.function_name.value_or("undefined");
    return "undefined";
  };
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "{{{") == 0) {
      const size_t end = text.find("}}}", i + 3);
      std::string value = field(text.substr(i + 3, end - i - 3), true);
      out += value;
      i = end + 3;
    } else if (text.compare(i, 2, "{{") == 0) {
      const size_t end = text.find("}}", i + 2);
      out += field(text.substr(i + 2, end - i - 2), false);
      i = end + 2;
    } else {
      out += text[i++];
    }
  }
  return out;
}

size_t utf16_position(std::string_view source, size_t byte_position) {
  return utf16_length(source.substr(0, std::min(byte_position, source.size())));
}

Error make_error(const Program& program, const EvalError& error) {
  Error out;
  out.code = error.code;
  out.message = populate(error.code, error);
  out.position = utf16_position(program.source, error.position.value_or(0));
  return out;
}

void collect_free_variables(Program& program) {
  std::set<std::string> reads;
  std::set<uint32_t> bound;
  for (const Node& node : program.nodes) {
    if (node.type == NodeType::bind) bound.insert(node.variable);
    if (node.type == NodeType::lambda) bound.insert(node.parameters.begin(), node.parameters.end());
    if (node.has_focus) bound.insert(node.focus);
    if (node.has_index) bound.insert(node.index);
    for (const Stage& stage : node.stages)
      if (stage.kind == Stage::Kind::index) bound.insert(stage.variable);
  }
  for (const Node& node : program.nodes) {
    if (node.type != NodeType::variable || node.value.empty() || node.value == "$") continue;
    if (bound.count(node.variable) || find_builtin(node.value)) continue;
    reads.insert(node.value);
  }
  program.free_variables.assign(reads.begin(), reads.end());
}

}  // namespace

const Builtin* find_builtin(std::string_view name) {
  const auto& by_name = registry().by_name;
  auto found = by_name.find(name);
  return found == by_name.end() ? nullptr : found->second;
}

}  // namespace detail

using namespace detail;

std::string Error::describe() const { return code + ": " + message; }

const std::string& Expression::source() const { return program_->source; }
const std::vector<std::string>& Expression::free_variables() const {
  return program_->free_variables;
}

std::optional<std::vector<std::string>> Expression::members_read(std::string_view name) const {
  std::set<std::string> members;
  std::set<const Node*> accounted;
  for (const Node& node : program_->nodes) {
    if (node.type != NodeType::path || node.expressions.size() < 2) continue;
    const Node* head = node.expressions[0];
    const Node* member = node.expressions[1];
    if (head->type != NodeType::variable || head->value != name) continue;
    if (member->type != NodeType::name || !head->stages.empty() || !head->predicate.empty() ||
        head->group != nullptr) {
      continue;  // Counted as a use of the whole below.
    }
    members.insert(member->value);
    accounted.insert(head);
  }
  for (const Node& node : program_->nodes) {
    if (node.type == NodeType::variable && node.value == name && accounted.count(&node) == 0) {
      return std::nullopt;
    }
  }
  return std::vector<std::string>(members.begin(), members.end());
}

std::variant<Expression, Error> compile(std::string_view text) {
  auto program = std::make_shared<Program>();
  program->source = std::string(text);
  try {
    Node* raw = parse_tree(*program, program->source);
    program->root = process_tree(*program, raw);
  } catch (const SyntaxError& syntax) {
    EvalError error{syntax.code};
    error.position = syntax.position;
    if (syntax.has_token) error.token_json = syntax.token;
    if (!syntax.value_json.empty()) error.value = syntax.value_json;
    if (!syntax.message.empty()) error.message = syntax.message;
    return make_error(*program, error);
  } catch (const std::bad_alloc&) {
    return Error{"U1002", "The expression is too large to compile", 0};
  }
  program->root_variable = program->intern("$");
  program->builtins.resize(program->variable_names.size(), nullptr);
  for (size_t id = 0; id < program->variable_names.size(); ++id)
    program->builtins[id] = find_builtin(program->variable_names[id]);
  collect_free_variables(*program);
  return Expression(std::move(program));
}

namespace {

// A binding's value: its host JSON, or its members read in place through `members` (which
// lives as long as the evaluation).
Value binding_value(const Binding& binding, HostMembers& members) {
  if (binding.value) return Value::json(*binding.value);
  if (binding.members.empty()) return {};
  for (const auto& [key, member] : binding.members) {
    WFSIM_ASSERT_MSG(!is_array_index(key), "a host member named like an array index");
  }
  members = HostMembers{binding.members.data(), binding.members.size()};
  return Value::members(&members);
}

}  // namespace

Outcome evaluate(const Expression& expression, const Json* input, const Environment& environment) {
  const Program& program = expression.program();
  Outcome outcome;
  // Declared before every value of the evaluation, so it sweeps after they are all gone.
  // The host members of object bindings ($states), read in place by the values that refer to
  // them: declared before the boxes, so they outlive every value.
  std::array<HostMembers, 8> inline_members{};
  std::vector<HostMembers> more_members;
  std::span<HostMembers> members(inline_members.data(),
                                 std::min(inline_members.size(), environment.bindings.size()));
  if (environment.bindings.size() > inline_members.size()) {
    more_members.resize(environment.bindings.size());
    members = more_members;
  }
  BoxList boxes;
  BoxScope scope(boxes);
  try {
    Evaluator evaluator(program, environment);
    Frame* frame = nullptr;
    Value holder = new_frame(nullptr, &frame);
    const Value root = input ? Value::json(*input) : Value();
    frame->bind(program.root_variable, root);
    for (size_t i = 0; i < environment.bindings.size(); ++i) {
      const Binding& binding = environment.bindings[i];
      auto found = program.variable_ids.find(std::string(binding.name));
      if (found == program.variable_ids.end()) continue;
      frame->bind(found->second, binding_value(binding, members[i]));
    }
    Value context = root;
    if (root.is_array()) {
      auto wrapper = new_array(true);
      wrapper.box->outer_wrapper = true;
      wrapper.box->items.push_back(root);
      context = std::move(wrapper.value);
    }
    const Value result = evaluator.evaluate(program.root, context, frame);
    if (result.is_undefined() || result.is_tuples()) {
      outcome.kind = Outcome::Kind::undefined;
    } else if (result.is_function()) {
      outcome.kind = Outcome::Kind::function;
    } else {
      try {
        outcome.value = to_json(result);
        outcome.kind = Outcome::Kind::value;
      } catch (const NonFinite&) {
        EvalError error{"D1001"};
        error.value = "null";
        outcome.kind = Outcome::Kind::error;
        outcome.error = make_error(program, error);
      }
    }
  } catch (const EvalError& error) {
    outcome = Outcome{};
    outcome.kind = Outcome::Kind::error;
    outcome.error = make_error(program, error);
  } catch (const std::bad_alloc&) {
    outcome = Outcome{};
    outcome.kind = Outcome::Kind::error;
    outcome.error = Error{"U1002", "The evaluation ran out of memory", 0};
  } catch (const std::length_error&) {
    outcome = Outcome{};
    outcome.kind = Outcome::Kind::error;
    outcome.error = Error{"U1002", "The evaluation ran out of memory", 0};
  }
  return outcome;
}

}  // namespace wfsim::jsonata
