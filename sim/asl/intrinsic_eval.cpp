// Evaluating compiled intrinsic calls: the function table, argument resolution (paths are read
// in place, not copied, unless they are indefinite) and the error values shared with templates.
//
// The functions themselves are in intrinsics_string.cpp and intrinsics_array.cpp.
#include <algorithm>
#include <limits>

#include "asl/intrinsic.h"
#include "asl/json_util.h"

namespace wfsim::asl::detail {
namespace {

constexpr size_t kVariadic = std::numeric_limits<size_t>::max();

constexpr IntrinsicFunction kFunctions[] = {
    {"States.Array", 0, kVariadic, false, &intrinsic_array},
    {"States.ArrayContains", 2, 2, false, &intrinsic_array_contains},
    {"States.ArrayGetItem", 2, 2, false, &intrinsic_array_get_item},
    {"States.ArrayLength", 1, 1, false, &intrinsic_array_length},
    {"States.ArrayPartition", 2, 2, false, &intrinsic_array_partition},
    {"States.ArrayRange", 3, 3, false, &intrinsic_array_range},
    {"States.ArrayUnique", 1, 1, false, &intrinsic_array_unique},
    {"States.Base64Decode", 1, 1, false, &intrinsic_base64_decode},
    {"States.Base64Encode", 1, 1, false, &intrinsic_base64_encode},
    {"States.Format", 1, kVariadic, false, &intrinsic_format},
    {"States.Hash", 2, 2, false, &intrinsic_hash},
    {"States.JsonMerge", 3, 3, false, &intrinsic_json_merge},
    {"States.JsonToString", 1, 1, false, &intrinsic_json_to_string},
    {"States.MathAdd", 2, 2, false, &intrinsic_math_add},
    {"States.MathRandom", 2, 3, true, &intrinsic_math_random},
    {"States.StringSplit", 2, 2, false, &intrinsic_string_split},
    {"States.StringToJson", 1, 1, false, &intrinsic_string_to_json},
    {"States.UUID", 0, 0, true, &intrinsic_uuid},
};

// An evaluated argument: a node of the input or context read in place, or a computed value.
struct ArgValue {
  const Json* in_place = nullptr;
  Json owned;
  const Json* get() const { return in_place != nullptr ? in_place : &owned; }
};

const Json& empty_context() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

std::optional<StateError> resolve(const IntrinsicArg& arg, const IntrinsicScope& scope,
                                  ArgValue& value) {
  switch (arg.kind) {
    case IntrinsicArg::Kind::literal:
      value.in_place = &arg.literal;
      return std::nullopt;
    case IntrinsicArg::Kind::path: {
      const JsonPath& path = *arg.path;
      if (path.is_definite()) {
        // Read in place: no copy of a large input for States.ArrayLength($.items).
        const Json* root = path_root(path, scope.input, scope.context, scope.variables);
        if (root == nullptr) return variable_not_found(path, scope.field);
        value.in_place = path.find(*root);
        if (value.in_place == nullptr) return path_not_found(path, scope.field, *root);
        return std::nullopt;
      }
      auto read = read_path(path, scope.field, scope.input, scope.context, scope.variables);
      if (!read.ok()) return read.error();
      value.owned = std::move(read).value();
      return std::nullopt;
    }
    case IntrinsicArg::Kind::call: {
      auto result = evaluate_call(*arg.call, scope);
      if (!result.ok()) return result.error();
      value.owned = std::move(result).value();
      return std::nullopt;
    }
  }
  WFSIM_UNREACHABLE("unknown intrinsic argument kind");
}

void collect_variables(const IntrinsicCall& call, std::vector<std::string>& names) {
  for (const IntrinsicArg& arg : call.args) {
    if (arg.kind == IntrinsicArg::Kind::call) {
      collect_variables(*arg.call, names);  // Depth is bounded by kMaxIntrinsicDepth.
    } else if (arg.kind == IntrinsicArg::Kind::path) {
      for (const std::string& name : arg.path->variable_references()) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
  }
}

}  // namespace

const IntrinsicFunction* find_intrinsic(std::string_view name) {
  const auto it = std::find_if(std::begin(kFunctions), std::end(kFunctions),
                               [&](const IntrinsicFunction& f) { return f.name == name; });
  return it == std::end(kFunctions) ? nullptr : &*it;
}

Outcome<Json> evaluate_call(const IntrinsicCall& call, const IntrinsicScope& scope) {
  WFSIM_ASSERT(call.function != nullptr);
  std::vector<ArgValue> values(call.args.size());
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (auto error = resolve(call.args[i], scope, values[i])) return *error;
  }
  std::vector<const Json*> args;
  args.reserve(values.size());
  for (const ArgValue& value : values) args.push_back(value.get());
  return call.function->apply(call, args, scope.random);
}

std::vector<std::string> variable_references(const IntrinsicCall& call) {
  std::vector<std::string> names;
  collect_variables(call, names);
  return names;
}

const Json* path_root(const JsonPath& path, const Json& input, const Json* context,
                      const Json* variables) {
  if (path.is_context()) return context != nullptr ? context : &empty_context();
  if (path.variable().empty()) return &input;
  if (variables == nullptr || !variables->is_object()) return nullptr;
  const auto it = variables->find(path.variable());
  return it == variables->end() ? nullptr : &*it;
}

Outcome<Json> read_path(const JsonPath& path, std::string_view field, const Json& input,
                        const Json* context, const Json* variables) {
  const Json* root = path_root(path, input, context, variables);
  if (root == nullptr) return variable_not_found(path, field);
  auto selected = path.select(*root, variables);
  if (!selected) return path_not_found(path, field, *root);
  return std::move(*selected);
}

StateError variable_not_found(const JsonPath& path, std::string_view field) {
  std::string cause = "The variable '$" + path.variable() + "' read by the JSONPath '" +
                      path.text() + "'";
  if (!field.empty()) cause += " specified for the field '" + std::string(field) + "'";
  cause += " is not defined";
  return {errors::kRuntime, std::move(cause)};
}

StateError path_not_found(const JsonPath& path, std::string_view field, const Json& document) {
  std::string cause = "The JSONPath '" + path.text() + "'";
  if (!field.empty()) cause += " specified for the field '" + std::string(field) + "'";
  cause += " could not be found in the input '" + compact(document) + "'";
  return {errors::kRuntime, std::move(cause)};
}

StateError intrinsic_failure(std::string_view function, std::string_view detail) {
  return {errors::kIntrinsicFailure,
          "Invalid arguments in " + std::string(function) + ": " + std::string(detail)};
}

}  // namespace wfsim::asl::detail
