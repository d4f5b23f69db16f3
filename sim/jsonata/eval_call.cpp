// Function values and calls: built-in and lambda application (signatures: eval_signature.cpp),
// closures, partial application (?), the ~> operator (application and composition), transforms
// (| pattern | update, delete |), the regex matcher protocol, and the call-depth bound.
#include <cmath>

#include "jsonata/eval.h"
#include "jsonata/regex.h"

namespace wfsim::jsonata::detail {
namespace {

// The name a call's procedure expression gives the function (for T1005/T1007 and {{token}}).
std::optional<std::string> procedure_name(const Node* procedure) {
  if (procedure->type == NodeType::path && !procedure->expressions.empty())
    return procedure->expressions[0]->value;
  if (procedure->type == NodeType::variable) return procedure->value;
  return std::nullopt;
}

// Whether `name` (written without $) names a variable or built-in, for the "Did you mean" hints.
bool names_function(const Evaluator& evaluator, const Node* procedure, Frame* environment) {
  if (procedure->type != NodeType::path || procedure->expressions.empty()) return false;
  const Node* first = procedure->expressions[0];
  if (first->type != NodeType::name) return false;
  auto found = evaluator.program.variable_ids.find(first->value);
  if (found != evaluator.program.variable_ids.end())
    return !evaluator.lookup(found->second, environment).is_undefined();
  return find_builtin(first->value) != nullptr;
}

struct DepthGuard {
  Evaluator& evaluator;
  explicit DepthGuard(Evaluator& e) : evaluator(e) {
    if (++evaluator.call_depth > evaluator.limits.call_depth) {
      --evaluator.call_depth;
      EvalError error{"U1001"};
      error.message =
          "Stack overflow error: Check for non-terminating recursive function.  Consider "
          "rewriting as tail-recursive.";
      throw error;
    }
  }
  ~DepthGuard() { --evaluator.call_depth; }
};

}  // namespace

size_t Evaluator::arity(const Value& function) const {
  if (const Builtin* builtin = function.as_builtin()) return builtin->arity;
  const FunctionBox* box = function.function_box();
  if (!box) return 0;
  switch (box->kind) {
    case FunctionBox::Kind::lambda: return box->parameters.size();
    case FunctionBox::Kind::partial_builtin: {
      size_t holes = 0;
      for (const auto& bound : box->bound)
        if (!bound) ++holes;
      return holes;
    }
    case FunctionBox::Kind::transform: return 1;
    case FunctionBox::Kind::regex: return 2;
    case FunctionBox::Kind::chain: return 1;
  }
  return 0;
}

Value Evaluator::apply(const Value& function, std::vector<Value>& args, const Value& input,
                       Frame* environment) {
  step();
  DepthGuard depth(*this);
  if (const Builtin* builtin = function.as_builtin()) {
    std::vector<Value> validated = validate(builtin->signature, args, input);
    Call call{validated, input, environment};
    Value result = builtin->implementation(*this, call);
    SpareVectors<Value>::give(std::move(validated));
    return result;
  }
  const FunctionBox* box = function.function_box();
  if (!box) fail("T1006");
  switch (box->kind) {
    case FunctionBox::Kind::lambda: {
      std::vector<Value> validated;
      if (box->signature) validated = validate(*box->signature, args, input);
      const std::vector<Value>& values = box->signature ? validated : args;
      Frame* frame = nullptr;
      Value holder = new_frame(static_cast<Frame*>(box->environment.raw_box()), &frame);
      for (size_t i = 0; i < box->parameters.size(); ++i)
        frame->bind(box->parameters[i], i < values.size() ? values[i] : Value());
      return evaluate(box->node->body, box->input, frame);
    }
    case FunctionBox::Kind::partial_builtin: {
      std::vector<Value> filled;
      size_t next = 0;
      for (const auto& bound : box->bound) {
        if (bound) {
          filled.push_back(*bound);
        } else {
          filled.push_back(next < args.size() ? args[next] : Value());
          ++next;
        }
      }
      // jsonata-js binds the built-in's remaining parameters to undefined.
      while (filled.size() < box->builtin->arity) filled.emplace_back();
      std::vector<Value> validated = validate(box->builtin->signature, filled, Value());
      Call call{validated, input, environment};
      return box->builtin->implementation(*this, call);
    }
    case FunctionBox::Kind::transform: {
      static const Signature kTransform = [] {
        SignatureError error;
        return *parse_signature("<(oa):o>", error);
      }();
      std::vector<Value> validated = validate(kTransform, args, input);
      return run_transform(*box, validated[0]);
    }
    case FunctionBox::Kind::regex: {
      if (args.empty() || !args[0].is_string()) return {};
      Matcher matcher(*this, function, args[0].as_string());
      auto match = matcher.next();
      if (!match) return {};
      auto* object = new ObjectBox();
      Value result = Value::box(Type::object, object);
      object->set("match", Value::string(match->match));
      object->set("start", Value::number(static_cast<double>(
                               utf16_length(args[0].as_string().substr(0, match->start_bytes)))));
      object->set("end", Value::number(static_cast<double>(
                             utf16_length(args[0].as_string().substr(0, match->end_bytes)))));
      auto groups = new_array();
      groups.box->items = match->groups;
      object->set("groups", groups.value);
      return result;
    }
    case FunctionBox::Kind::chain: {
      std::vector<Value> first_args{args.empty() ? Value() : args[0]};
      Value middle = apply(box->first, first_args, input, environment);
      std::vector<Value> second_args{middle};
      return apply(box->second, second_args, input, environment);
    }
  }
  fail("T1006");
}

Value Evaluator::apply_hof(const Value& function, const Value& item, const Value& index,
                           const Value& array, Frame* environment) {
  std::vector<Value> args{item};
  const size_t count = arity(function);
  if (count >= 2) args.push_back(index);
  if (count >= 3) args.push_back(array);
  return apply(function, args, Value(), environment);
}

Value Evaluator::evaluate_call(const Node* node, const Value& input, Frame* environment,
                               const Value* apply_to) {
  const Value procedure = evaluate(node->lhs, input, environment);
  if (procedure.is_undefined() && names_function(*this, node->lhs, environment)) {
    EvalError error{"T1005"};
    error.position = node->position;
    error.token = procedure_name(node->lhs);
    throw error;
  }
  std::vector<Value> args = SpareVectors<Value>::take();
  args.reserve(node->expressions.size() + (apply_to ? 1 : 0));
  if (apply_to) args.push_back(*apply_to);
  for (const Node* argument : node->expressions) args.push_back(evaluate(argument, input, environment));
  try {
    Value result = apply(procedure, args, input, environment);
    SpareVectors<Value>::give(std::move(args));  // Moved from by a builtin's validation: empty.
    return result;
  } catch (EvalError& error) {
    const bool callable = procedure.is_function();
    if (callable || !error.position) error.position = node->position;
    if (!error.token) error.token = procedure_name(node->lhs);
    throw;
  }
}

Value Evaluator::evaluate_partial(const Node* node, const Value& input, Frame* environment) {
  std::vector<std::optional<Value>> args;
  for (const Node* argument : node->expressions) {
    if (argument->type == NodeType::placeholder) {
      args.emplace_back(std::nullopt);
    } else {
      args.emplace_back(evaluate(argument, input, environment));
    }
  }
  const Value procedure = evaluate(node->lhs, input, environment);
  if (procedure.is_undefined() && names_function(*this, node->lhs, environment)) {
    EvalError error{"T1007"};
    error.position = node->position;
    error.token = procedure_name(node->lhs);
    throw error;
  }
  auto* result = new FunctionBox();
  Value value = Value::box(Type::function, result);
  if (const Builtin* builtin = procedure.as_builtin()) {
    result->kind = FunctionBox::Kind::partial_builtin;
    result->builtin = builtin;
    result->bound = std::move(args);
    if (builtin->arity > 0 && result->bound.size() > builtin->arity) result->bound.resize(builtin->arity);
    return value;
  }
  const FunctionBox* box = procedure.function_box();
  if (box && box->kind == FunctionBox::Kind::partial_builtin) {
    result->kind = FunctionBox::Kind::partial_builtin;
    result->builtin = box->builtin;
    result->bound = box->bound;
    size_t next = 0;
    for (auto& bound : result->bound) {
      if (bound) continue;
      if (next < args.size()) bound = args[next];
      ++next;
    }
    return value;
  }
  if (box && box->kind == FunctionBox::Kind::lambda) {
    result->kind = FunctionBox::Kind::lambda;
    result->node = box->node;
    result->input = box->input;
    Frame* frame = nullptr;
    result->environment = new_frame(static_cast<Frame*>(box->environment.raw_box()), &frame);
    for (size_t i = 0; i < box->parameters.size(); ++i) {
      if (i < args.size() && !args[i]) {
        result->parameters.push_back(box->parameters[i]);
      } else {
        frame->bind(box->parameters[i], i < args.size() ? *args[i] : Value());
      }
    }
    return value;
  }
  EvalError error{"T1008"};
  error.position = node->position;
  error.token = procedure_name(node->lhs);
  throw error;
}

Value Evaluator::evaluate_apply(const Node* node, const Value& input, Frame* environment) {
  const Value left = evaluate(node->lhs, input, environment);
  if (node->rhs->type == NodeType::call) return evaluate_call(node->rhs, input, environment, &left);
  const Value function = evaluate(node->rhs, input, environment);
  if (!function.is_function()) {
    EvalError error = error_with_value("T2006", function);
    error.position = node->position;
    throw error;
  }
  if (left.is_function()) {
    auto* chain = new FunctionBox();
    chain->kind = FunctionBox::Kind::chain;
    chain->first = left;
    chain->second = function;
    return Value::box(Type::function, chain);
  }
  std::vector<Value> args{left};
  return apply(function, args, Value::null(), environment);
}

Value Evaluator::evaluate_lambda(const Node* node, const Value& input, Frame* environment) {
  auto* function = new FunctionBox();
  Value result = Value::box(Type::function, function);
  function->kind = FunctionBox::Kind::lambda;
  function->node = node;
  function->input = input;
  function->environment = Value::box(Type::frame, environment);
  function->parameters = node->parameters;
  function->signature = node->signature.get();
  return result;
}

Value Evaluator::evaluate_transform(const Node* node, Frame* environment) {
  auto* function = new FunctionBox();
  Value result = Value::box(Type::function, function);
  function->kind = FunctionBox::Kind::transform;
  function->node = node;
  function->environment = Value::box(Type::frame, environment);
  return result;
}

Value Evaluator::run_transform(const FunctionBox& function, const Value& object) {
  if (object.is_undefined()) return {};
  const Node* node = function.node;
  Frame* environment = static_cast<Frame*>(function.environment.raw_box());
  Value result = deep_copy(object);
  Value matches = evaluate(node->lhs, result, environment);
  if (matches.is_undefined()) return result;
  if (!matches.is_array()) matches = make_sequence(matches);
  const size_t size = matches.size();
  for (size_t i = 0; i < size; ++i) {
    const Value match = matches.at(i);
    const Value update = evaluate(node->rhs, match, environment);
    if (!update.is_undefined()) {
      if (!update.is_object()) {
        EvalError error = error_with_value("T2011", update);
        error.position = node->rhs->position;
        throw error;
      }
      if (ObjectBox* target = match.object_box()) {
        update.for_each_member([&](std::string_view key, const Value& value) {
          target->set(key, value);
        });
        check_depth(target->depth);
      }
    }
    if (node->expression) {
      Value deletions = evaluate(node->expression, match, environment);
      if (deletions.is_undefined()) continue;
      const Value original = deletions;
      if (!deletions.is_array()) deletions = make_sequence(deletions);
      if (!all_strings(deletions)) {
        EvalError error = error_with_value("T2012", original);
        error.position = node->expression->position;
        throw error;
      }
      if (ObjectBox* target = match.object_box()) {
        const size_t count = deletions.size();
        for (size_t k = 0; k < count; ++k) target->erase(deletions.at(k).as_string());
      }
    }
  }
  return result;
}

Matcher::Matcher(Evaluator& evaluator, const Value& function, std::string_view subject)
    : evaluator_(evaluator), function_(function.function_box()), subject_(subject) {
  if (!function_ || function_->kind != FunctionBox::Kind::regex) fail("T1010");
}

std::optional<MatchResult> Matcher::next() {
  evaluator_.step();
  const Regex& regex = *function_->regex;
  if (!first_ && last_end_ >= subject_.size()) return std::nullopt;
  RegexMatch match;
  const RegexStatus status = regex_search(regex, subject_, first_ ? 0 : last_end_, match);
  if (status == RegexStatus::limit) {
    EvalError error{"U1003"};
    error.message = "Regular expression matching exceeded its backtracking limit: /" +
                    regex.pattern + "/";
    error.position = regex.position;
    throw error;
  }
  if (status == RegexStatus::no_match) return std::nullopt;
  if (!first_ && match.start == match.end) {
    EvalError error{"D1004"};
    error.position = regex.position;
    error.value = json_quote(regex.pattern);
    throw error;
  }
  first_ = false;
  last_end_ = match.end;
  MatchResult result;
  result.match = std::string(subject_.substr(match.start, match.end - match.start));
  result.start_bytes = match.start;
  result.end_bytes = match.end;
  for (const auto& group : match.groups)
    result.groups.push_back(group ? Value::string(std::string(*group)) : Value());
  return result;
}

size_t utf16_length(std::string_view text) {
  size_t units = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += (c >= 0xF0) ? 2 : 1;
  }
  return units;
}

}  // namespace wfsim::jsonata::detail
