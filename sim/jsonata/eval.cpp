// The evaluator's dispatch (one case per node type), the operators, frames and the bounded-work
// counters. Paths, predicates, grouping and sorting are in eval_path.cpp; calls, lambdas and
// transforms in eval_call.cpp.
#include "jsonata/eval.h"

#include <cmath>

#include "jsonata/number_text.h"

namespace wfsim::jsonata::detail {

void fail(std::string code) { throw EvalError{std::move(code)}; }

EvalError error_with_value(std::string code, const Value& value) {
  EvalError error{std::move(code)};
  error.value = stringify(value);
  return error;
}

void fail_value(std::string code, const Value& value) {
  throw error_with_value(std::move(code), value);
}

const Value* Frame::lookup(uint32_t variable) const {
  for (const Frame* frame = this; frame; frame = frame->parent) {
    for (const auto& [id, value] : frame->variables)
      if (id == variable) return &value;
  }
  return nullptr;
}

void FrameBindings::emplace_back(uint32_t variable, Value value) {
  if (spill_.empty() && inline_size_ < inline_.size()) {
    inline_[inline_size_++] = Entry(variable, std::move(value));
    return;
  }
  if (spill_.empty()) {
    spill_.reserve(2 * inline_.size());
    for (size_t i = 0; i < inline_size_; ++i) spill_.push_back(std::move(inline_[i]));
    for (size_t i = 0; i < inline_size_; ++i) inline_[i] = Entry();
    inline_size_ = 0;
  }
  spill_.emplace_back(variable, std::move(value));
}

FrameBindings& FrameBindings::operator=(const std::vector<Entry>& entries) {
  clear();
  for (const Entry& entry : entries) emplace_back(entry.first, entry.second);
  return *this;
}

void FrameBindings::clear() {
  for (size_t i = 0; i < inline_size_; ++i) inline_[i] = Entry();
  inline_size_ = 0;
  std::vector<Entry>().swap(spill_);
}

void Frame::bind(uint32_t variable, Value value) {
  for (auto& [id, existing] : variables) {
    if (id == variable) {
      existing = std::move(value);
      return;
    }
  }
  variables.emplace_back(variable, std::move(value));
}

Value new_frame(Frame* parent, Frame** out) {
  auto* frame = new Frame();
  Value value = Value::box(Type::frame, frame);
  if (parent) {
    frame->parent = parent;
    frame->parent_value = Value::box(Type::frame, parent);
  }
  *out = frame;
  return value;
}

Value make_sequence() { return new_array(true).value; }
Value make_sequence(Value item) {
  auto made = new_array(true);
  made.box->items.push_back(std::move(item));
  return made.value;
}

bool is_numeric(const Value& value) {
  if (!value.is_number()) return false;
  const double number = value.as_number();
  if (std::isnan(number)) return false;
  if (!std::isfinite(number)) {
    EvalError error{"D1001"};
    error.value = "null";
    throw error;
  }
  return true;
}

bool all_numbers(const Value& value) {
  if (!value.is_array()) return false;
  const size_t size = value.size();
  for (size_t i = 0; i < size; ++i)
    if (!value.at(i).is_number()) return false;
  return true;
}

bool all_strings(const Value& value) {
  if (!value.is_array()) return false;
  const size_t size = value.size();
  for (size_t i = 0; i < size; ++i)
    if (!value.at(i).is_string()) return false;
  return true;
}

char type_symbol(const Value& value) {
  switch (value.type()) {
    case Type::function: return 'f';
    case Type::string: return 's';
    case Type::number: return 'n';
    case Type::boolean: return 'b';
    case Type::null: return 'l';
    case Type::array: return 'a';
    case Type::object: return 'o';
    default: return 'm';
  }
}

Value append_values(Evaluator& evaluator, const Value& left, const Value& right) {
  if (left.is_undefined()) return right;
  if (right.is_undefined()) return left;
  // JavaScript's concat: the result is a plain array, whatever the operands were.
  auto made = new_array();
  auto& items = made.box->items;
  const size_t left_size = left.is_array() ? left.size() : 1;
  const size_t right_size = right.is_array() ? right.size() : 1;
  evaluator.check_array(left_size + right_size);
  items.reserve(left_size + right_size);
  if (left.is_array()) {
    for (size_t i = 0; i < left_size; ++i) items.push_back(left.at(i));
  } else {
    items.push_back(left);
  }
  if (right.is_array()) {
    for (size_t i = 0; i < right_size; ++i) items.push_back(right.at(i));
  } else {
    items.push_back(right);
  }
  uint32_t depth = 1;
  for (const Value& item : items) depth = std::max(depth, box_depth(item) + 1);
  evaluator.check_depth(depth);
  made.box->depth = depth;
  evaluator.count(items.size());
  return std::move(made.value);
}

Evaluator::Evaluator(const Program& program_in, const Environment& environment)
    : program(program_in),
      limits(environment.limits),
      now_millis(environment.now_millis),
      random(environment.random),
      stack_base(reinterpret_cast<uintptr_t>(__builtin_frame_address(0))),
      bindings(environment.bindings) {}

void Evaluator::step() {
  if (++steps > limits.steps) {
    EvalError error{"U1001"};
    error.message = "Expression evaluation timeout: Check for infinite loop";
    throw error;
  }
}

void Evaluator::count(uint64_t items) {
  steps += items;
  if (steps > limits.steps) step();
}

void Evaluator::check_stack() {
  // Native recursion outside evaluate() (value walks): bounded by value depth, checked anyway.
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (stack_base > here && stack_base - here > (size_t{7} << 17)) {
    EvalError error{"U1001"};
    error.message =
        "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting "
        "as tail-recursive.";
    throw error;
  }
}

void Evaluator::too_large(const char* what) {
  EvalError error{"U1002"};
  error.message = std::string("The ") + what + " built by the expression exceeds its size limit";
  throw error;
}

void Evaluator::check_string(size_t bytes) {
  if (bytes > limits.string_bytes) too_large("string");
}
void Evaluator::check_array(size_t length) {
  if (length > limits.array_length) too_large("array");
}
void Evaluator::check_depth(uint32_t depth) {
  if (depth > limits.value_depth) too_large("nesting of arrays and objects");
}

Value Evaluator::lookup(uint32_t variable, Frame* environment) const {
  if (environment) {
    if (const Value* value = environment->lookup(variable)) return *value;
  }
  if (variable < program.builtins.size() && program.builtins[variable])
    return Value::builtin(program.builtins[variable]);
  return {};
}

namespace {

Value numeric(const Node* node, const Value& left, const Value& right) {
  if (!left.is_undefined() && !is_numeric(left)) fail_value("T2001", left);
  if (!right.is_undefined() && !is_numeric(right)) fail_value("T2002", right);
  if (left.is_undefined() || right.is_undefined()) return {};
  const double a = left.as_number();
  const double b = right.as_number();
  switch (node->value[0]) {
    case '+': return Value::number(a + b);
    case '-': return Value::number(a - b);
    case '*': return Value::number(a * b);
    case '/': return Value::number(a / b);
    default: return Value::number(std::fmod(a, b));
  }
}

Value comparison(const Node* node, const Value& left, const Value& right) {
  auto comparable = [](const Value& v) { return v.is_undefined() || v.is_string() || v.is_number(); };
  auto scalar = [](const Value& v) { return v.is_string() || v.is_number(); };
  if (!comparable(left) || !comparable(right)) fail_value("T2010", !scalar(left) ? left : right);
  if (left.is_undefined() || right.is_undefined()) return {};
  if (left.type() != right.type()) {
    EvalError error = error_with_value("T2009", left);
    error.value2 = stringify(right);
    throw error;
  }
  const std::string& op = node->value;
  bool result;
  if (left.is_number()) {
    const double a = left.as_number();
    const double b = right.as_number();
    result = op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b;
  } else {
    const int c = left.as_string().compare(right.as_string());
    result = op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0;
  }
  return Value::boolean(result);
}

bool strictly_equal(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Type::null: return true;
    case Type::boolean: return a.as_boolean() == b.as_boolean();
    case Type::number: return a.as_number() == b.as_number();
    case Type::string: return a.as_string() == b.as_string();
    default:
      if (a.host() || b.host()) return a.host() == b.host();
      if (a.host_members() || b.host_members()) return a.host_members() == b.host_members();
      return a.raw_box() == b.raw_box() && a.as_builtin() == b.as_builtin();
  }
}

}  // namespace

std::string string_of(Evaluator& evaluator, const Value& value);  // functions_string.cpp
Value lookup_name(Evaluator& evaluator, const Value& input, std::string_view name);  // eval_path

Value evaluate_range(Evaluator& evaluator, const Value& left, const Value& right) {
  auto integer = [](const Value& v) {
    return v.is_number() && std::isfinite(v.as_number()) && v.as_number() == std::trunc(v.as_number());
  };
  if (!left.is_undefined() && !integer(left)) fail_value("T2003", left);
  if (!right.is_undefined() && !integer(right)) fail_value("T2004", right);
  if (left.is_undefined() || right.is_undefined()) return {};
  const double low = left.as_number();
  const double high = right.as_number();
  if (low > high) return {};
  const double size = high - low + 1;
  if (size > 1e7) fail_value("D2014", Value::number(size));
  evaluator.check_array(static_cast<size_t>(size));
  evaluator.count(static_cast<uint64_t>(size));
  auto made = new_array(true);
  made.box->items.reserve(static_cast<size_t>(size));
  for (double item = low; item <= high; item += 1) made.box->items.push_back(Value::number(item));
  return made.value;
}

namespace {

bool is_concatenation(const Node* node) {
  return node->type == NodeType::binary && node->value.size() == 1 && node->value[0] == '&';
}

// A chain a & b & c ... (left-nested '&' nodes) appends into one string instead of building each
// intermediate one; every operand is still evaluated and converted in order, and a conversion
// error carries the position of the '&' it belongs to.
void concatenate_into(Evaluator& evaluator, const Node* node, const Value& input,
                      Frame* environment, std::string& out) {
  auto append = [&](const Node* operand) {
    const Value value = evaluator.evaluate(operand, input, environment);
    if (value.is_undefined()) return;
    try {
      if (value.is_string()) {
        out += value.as_string();
      } else {
        out += string_of(evaluator, value);
      }
    } catch (EvalError& error) {
      error.position = node->position;
      error.token = node->value;
      throw;
    }
    evaluator.check_string(out.size());
  };
  evaluator.step();
  if (is_concatenation(node->lhs) && node->lhs->predicate.empty() && !node->lhs->group &&
      !node->lhs->keep_array) {
    concatenate_into(evaluator, node->lhs, input, environment, out);
  } else {
    append(node->lhs);
  }
  append(node->rhs);
}

Value binary(Evaluator& evaluator, const Node* node, const Value& input, Frame* environment) {
  if (is_concatenation(node)) {
    std::string text;
    concatenate_into(evaluator, node, input, environment, text);
    return Value::string(std::move(text));
  }
  Value left = evaluator.evaluate(node->lhs, input, environment);
  const std::string& op = node->value;
  const bool logical = op[0] == 'a' || op[0] == 'o';  // "and", "or"
  try {
    if (logical) {
      const bool left_true = truthy(left).value_or(false);
      if (op[0] == 'a' ? !left_true : left_true) return Value::boolean(left_true);
      return Value::boolean(truthy(evaluator.evaluate(node->rhs, input, environment)).value_or(false));
    }
  } catch (EvalError& error) {
    error.position = node->position;
    error.token = op;
    throw;
  }
  Value right = evaluator.evaluate(node->rhs, input, environment);
  try {
    switch (op[0]) {
      case '+': case '-': case '*': case '/': case '%':
        return numeric(node, left, right);
      case '=':
        if (left.is_undefined() || right.is_undefined()) return Value::boolean(false);
        return Value::boolean(deep_equal(left, right));
      case '!':
        if (left.is_undefined() || right.is_undefined()) return Value::boolean(false);
        return Value::boolean(!deep_equal(left, right));
      case '<': case '>':
        return comparison(node, left, right);
      case '.':
        return evaluate_range(evaluator, left, right);
      case 'i': {
        if (left.is_undefined() || right.is_undefined()) return Value::boolean(false);
        if (!right.is_array()) return Value::boolean(strictly_equal(right, left));
        const size_t size = right.size();
        for (size_t i = 0; i < size; ++i)
          if (strictly_equal(right.at(i), left)) return Value::boolean(true);
        return Value::boolean(false);
      }
      default:
        WFSIM_UNREACHABLE("unknown binary operator " + op);
    }
  } catch (EvalError& error) {
    error.position = node->position;
    error.token = op;
    throw;
  }
}

Value array_constructor(Evaluator& evaluator, const Node* node, const Value& input,
                        Frame* environment) {
  auto made = new_array();
  made.box->items.reserve(node->expressions.size());
  for (const Node* item : node->expressions) {
    Value value = evaluator.evaluate(item, input, environment);
    if (value.is_undefined()) continue;
    if (item->type == NodeType::array || !value.is_array()) {
      made.box->items.push_back(std::move(value));
    } else {
      const size_t size = value.size();
      evaluator.check_array(made.box->items.size() + size);
      for (size_t i = 0; i < size; ++i) made.box->items.push_back(value.at(i));
    }
  }
  uint32_t depth = 1;
  for (const Value& item : made.box->items) depth = std::max(depth, box_depth(item) + 1);
  evaluator.check_depth(depth);
  made.box->depth = depth;
  evaluator.check_array(made.box->items.size());
  if (node->consarray) made.box->cons = true;
  return std::move(made.value);
}

Value block(Evaluator& evaluator, const Node* node, const Value& input, Frame* environment) {
  Frame* frame = nullptr;
  Value holder = new_frame(environment, &frame);
  Value result;
  for (const Node* item : node->expressions) result = evaluator.evaluate(item, input, frame);
  return result;
}

}  // namespace

Value Evaluator::evaluate(const Node* node, const Value& input, Frame* environment) {
  step();
  if (stack_exhausted()) return evaluate_on_new_segment(node, input, environment);
  Value result;
  switch (node->type) {
    case NodeType::path: result = evaluate_path(node, input, environment); break;
    case NodeType::binary: result = binary(*this, node, input, environment); break;
    case NodeType::negate: {
      result = evaluate(node->expression, input, environment);
      if (result.is_undefined()) break;
      if (is_numeric(result)) {
        result = Value::number(-result.as_number());
      } else {
        EvalError error = error_with_value("D1002", result);
        error.position = node->position;
        error.token = std::string(1, '-');
        throw error;
      }
      break;
    }
    case NodeType::array: result = array_constructor(*this, node, input, environment); break;
    case NodeType::object: result = evaluate_object(node, input, environment); break;
    case NodeType::name: result = lookup_name(*this, input, node->value); break;
    case NodeType::literal: result = Value::json(node->literal); break;
    case NodeType::wildcard: result = evaluate_wildcard(input); break;
    case NodeType::descendant: result = evaluate_descendants(input); break;
    case NodeType::parent: result = lookup(node->slot->label, environment); break;
    case NodeType::condition: {
      const Value condition = evaluate(node->expression, input, environment);
      if (truthy(condition).value_or(false)) {
        result = evaluate(node->then, input, environment);
      } else if (node->otherwise) {
        result = evaluate(node->otherwise, input, environment);
      }
      break;
    }
    case NodeType::block: result = block(*this, node, input, environment); break;
    case NodeType::bind: {
      result = evaluate(node->rhs, input, environment);
      environment->bind(node->variable, result);
      break;
    }
    case NodeType::regex: {
      auto* function = new FunctionBox();
      function->kind = FunctionBox::Kind::regex;
      function->regex = node->regex;
      result = Value::box(Type::function, function);
      break;
    }
    case NodeType::call: result = evaluate_call(node, input, environment, nullptr); break;
    case NodeType::partial: result = evaluate_partial(node, input, environment); break;
    case NodeType::variable:
      if (node->value.empty()) {
        result = input.outer_wrapper() ? input.at(0) : input;
      } else {
        result = lookup(node->variable, environment);
      }
      break;
    case NodeType::lambda: result = evaluate_lambda(node, input, environment); break;
    case NodeType::apply: result = evaluate_apply(node, input, environment); break;
    case NodeType::transform: result = evaluate_transform(node, environment); break;
    default:
      WFSIM_UNREACHABLE("unexpected node type in evaluation");
  }

  for (const Stage& stage : node->predicate) result = evaluate_filter(stage.expression, result, environment);
  if (node->type != NodeType::path && node->group)
    result = evaluate_group(*node->group, result, environment, nullptr);

  if (result.is_sequence()) {
    ArrayBox* box = result.array_box();
    if (node->keep_array) box->keep_singleton = true;
    if (box->items.empty()) {
      result = Value();
    } else if (box->items.size() == 1 && !box->keep_singleton) {
      Value only = box->items[0];
      result = std::move(only);
    }
  }
  return result;
}

}  // namespace wfsim::jsonata::detail
