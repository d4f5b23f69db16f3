// InputPath / OutputPath selection, ResultPath placement and the Catch error output.
//
// Not here: Parameters and ResultSelector (payload.cpp), or deciding which step runs when (the
// engine). The validator guarantees a ResultPath is a Reference Path (names and non-negative
// indexes), which placement relies on.
#include "asl/data_flow.h"

#include "asl/intrinsic.h"
#include "asl/json_util.h"
#include "asl/path_step.h"

namespace wfsim::asl {
namespace {

using Kind = JsonPath::Step::Kind;

StateError result_path_failure(const JsonPath& path, const Json& input) {
  return {errors::kResultPathMatchFailure, "Unable to apply ReferencePath " + path.text() +
                                               " to input '" + detail::compact(input) + "'"};
}

}  // namespace

Outcome<Json> apply_io_path(const IoPath& path, const Json& value, const Json* variables) {
  switch (path.kind) {
    case IoPath::Kind::root: return value;
    case IoPath::Kind::null: return Json::object();
    case IoPath::Kind::path: break;
  }
  WFSIM_ASSERT(path.path.has_value());
  // "$name..." reads the workflow variable (VAR-1.3).
  const Json* root = detail::path_root(*path.path, value, nullptr, variables);
  if (root == nullptr) return detail::variable_not_found(*path.path, "");
  auto selected = path.path->select(*root, variables);
  if (!selected) {
    return StateError{errors::kRuntime, "Invalid path '" + path.path->text() +
                                            "' : " + path.path->no_results_detail(*root)};
  }
  return std::move(*selected);
}

const Json* find_value(const JsonPath& path, const Json& input, const Json* variables) {
  const Json* root = detail::path_root(path, input, nullptr, variables);
  return root == nullptr ? nullptr : path.find(*root);
}

Outcome<Json> apply_result_path(const IoPath& path, const Json& state_input, Json result) {
  switch (path.kind) {
    case IoPath::Kind::root: return result;
    case IoPath::Kind::null: return state_input;
    case IoPath::Kind::path: break;
  }
  WFSIM_ASSERT(path.path.has_value());
  const JsonPath& reference = *path.path;
  WFSIM_ASSERT_MSG(reference.is_reference_path(), "ResultPath " + reference.text() +
                                                      " is not a Reference Path");
  const auto& steps = reference.steps();
  if (steps.empty()) return result;
  // The common case, "$.name" adding a key the input lacks: copy the members into a list sized
  // for one more, instead of copying and then growing (which would copy every key again).
  if (steps.size() == 1 && steps[0].kind == Kind::name && state_input.is_object() &&
      state_input.find(steps[0].name) == state_input.end()) {
    const auto& members = state_input.get_ref<const Json::object_t&>();
    Json output(Json::value_t::object);
    auto& list = static_cast<Json::object_t::Container&>(output.get_ref<Json::object_t&>());
    list.reserve(members.size() + 1);
    for (const auto& member : members) list.emplace_back(member.first, member.second);
    list.emplace_back(steps[0].name, std::move(result));
    return output;
  }
  Json output = state_input;
  Json* at = &output;
  for (size_t i = 0; i < steps.size(); ++i) {
    const bool last = i + 1 == steps.size();
    const JsonPath::Step& step = steps[i];
    if (step.kind == Kind::name) {
      if (!at->is_object()) return result_path_failure(reference, state_input);
      auto found = at->find(step.name);
      if (found == at->end()) {
        // Intermediate objects are created on the way, as Step Functions does.
        detail::append_new_key(*at, step.name, last ? std::move(result) : Json::object());
        if (last) return output;
        at = &at->back();
        continue;
      }
      at = &*found;
    } else {
      WFSIM_ASSERT(step.kind == Kind::index && step.index >= 0);
      if (!at->is_array() || static_cast<uint64_t>(step.index) >= at->size()) {
        return result_path_failure(reference, state_input);
      }
      at = &(*at)[static_cast<size_t>(step.index)];
    }
    if (last) *at = std::move(result);
  }
  return output;
}

Json error_output(const std::optional<std::string>& error,
                  const std::optional<std::string>& cause) {
  Json out = Json::object();
  detail::append_new_key(out, "Error", error ? Json(*error) : Json(nullptr));
  detail::append_new_key(out, "Cause", cause ? Json(*cause) : Json(nullptr));
  return out;
}

}  // namespace wfsim::asl
