// Typed readers for definition fields: strings, bounded integers, paths, IoPaths, templates,
// "X" / "XPath" exclusivity and Next resolution. Each reports its own Problems at the field's
// JSON Pointer, so the state compilers stay declarative.
#include <cmath>

#include "asl/compiler.h"
#include "asl/json_util.h"
#include "asl/path_parse.h"

namespace wfsim::asl::detail {

const Json* StateSource::field(std::string_view key) const {
  const auto it = json.find(key);
  return it == json.end() ? nullptr : &*it;
}

std::string StateSource::at(std::string_view key) const {
  return pointer + "/" + pointer_segment(std::string(key));
}

void DefinitionCompiler::problem(std::string pointer, std::string message) {
  problems_.push_back({std::move(pointer), std::move(message)});
}

std::optional<std::string> DefinitionCompiler::string_field(const StateSource& source,
                                                            std::string_view key) {
  const Json* value = source.field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    problem(source.at(key), "must be a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<int64_t> DefinitionCompiler::integer_value(const Json& value,
                                                         const std::string& pointer, int64_t min,
                                                         int64_t max) {
  // The message gives the accepted range, so "1e20" or "2.5" tells what would have been valid.
  const std::string expected =
      std::string(min > 0 ? "a positive integer" : "a non-negative integer") + " from " +
      std::to_string(min) + " to " + std::to_string(max);
  const std::string too_large = "must be at most " + std::to_string(max);
  if (value.is_number_float()) {
    // A JSON number with a fraction or an exponent ("30.0", "1e20") is not an integer; a
    // whole one past the maximum is reported as too large, which is what the user needs to hear.
    const double real = value.get<double>();
    const bool whole = std::isfinite(real) && real == std::floor(real);
    problem(pointer, whole && real > static_cast<double>(max) ? too_large : "must be " + expected);
    return std::nullopt;
  }
  const auto integer = as_int64(value);
  if (!value.is_number() || (!integer && !value.is_number_unsigned())) {
    problem(pointer, "must be " + expected);
    return std::nullopt;
  }
  if (!integer || *integer > max) {  // Unsigned beyond int64 is past every maximum.
    problem(pointer, too_large);
    return std::nullopt;
  }
  if (*integer < min) {
    problem(pointer, "must be " + expected);
    return std::nullopt;
  }
  return integer;
}

std::optional<int64_t> DefinitionCompiler::integer_field(const StateSource& source,
                                                         std::string_view key, int64_t min,
                                                         int64_t max) {
  const Json* value = source.field(key);
  if (value == nullptr) return std::nullopt;
  return integer_value(*value, source.at(key), min, max);
}

std::optional<JsonPath> DefinitionCompiler::path_value(const Json& value,
                                                       const std::string& pointer,
                                                       bool reference, bool allow_context) {
  if (!value.is_string()) {
    problem(pointer, reference ? "must be a Reference Path string" : "must be a path string");
    return std::nullopt;
  }
  auto parsed = JsonPath::parse(value.get_ref<const std::string&>());
  if (auto* message = std::get_if<std::string>(&parsed)) {
    problem(pointer, *message);
    return std::nullopt;
  }
  JsonPath path = std::move(std::get<JsonPath>(parsed));
  if (path.is_context() && !allow_context) {
    problem(pointer, "a context path ('$$') is not supported here");
    return std::nullopt;
  }
  if (reference && !path.is_reference_path()) {
    problem(pointer, "must be a Reference Path (names and non-negative indexes only, no "
                     "wildcards, slices, filters or '..')");
    return std::nullopt;
  }
  return path;
}

std::optional<JsonPath> DefinitionCompiler::reference_path_field(const StateSource& source,
                                                                 std::string_view key) {
  const Json* value = source.field(key);
  if (value == nullptr) return std::nullopt;
  // The engine reads these from the state's input; "$$" would silently read the wrong document.
  return path_value(*value, source.at(key), true, false);
}

IoPath DefinitionCompiler::io_path_value(const Json* value, const std::string& pointer,
                                         bool reference) {
  IoPath out;
  if (value == nullptr) return out;  // Absent: "$".
  if (value->is_null()) {
    out.kind = IoPath::Kind::null;
    return out;
  }
  // ResultPath writes into the state's output; a variable is never a place to write to.
  if (reference && value->is_string() && value->get_ref<const std::string&>().size() > 1 &&
      starts_variable_name(value->get_ref<const std::string&>()[1])) {
    problem(pointer, "a ResultPath cannot refer to a workflow variable");
    return out;
  }
  auto path = path_value(*value, pointer, reference, false);
  if (path && !path->is_root()) {
    out.kind = IoPath::Kind::path;
    out.path = std::move(path);
  }
  return out;
}

IoPath DefinitionCompiler::io_path_field(const StateSource& source, std::string_view key,
                                         bool reference) {
  return io_path_value(source.field(key), source.at(key), reference);
}

std::optional<PayloadTemplate> DefinitionCompiler::template_field(const StateSource& source,
                                                                  std::string_view key) {
  const Json* value = source.field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    problem(source.at(key), "must be an object");
    return std::nullopt;
  }
  return PayloadTemplate::compile(*value, source.at(key), problems_);
}

bool DefinitionCompiler::exclusive_pair(const StateSource& source, std::string_view field,
                                        std::string_view path_field) {
  if (source.field(field) == nullptr || source.field(path_field) == nullptr) return false;
  problem(source.pointer, "cannot have both " + std::string(field) + " and " +
                              std::string(path_field));
  return true;
}

int DefinitionCompiler::resolve_next(const Json& value, const std::string& pointer,
                                     const StateIndex& names) {
  if (!value.is_string()) {
    problem(pointer, "must be a string naming a state");
    return kNoState;
  }
  const auto& name = value.get_ref<const std::string&>();
  const auto it = names.find(name);
  if (it == names.end()) {
    problem(pointer, "no state named '" + name + "' in this state machine");
    return kNoState;
  }
  return it->second;
}

}  // namespace wfsim::asl::detail
