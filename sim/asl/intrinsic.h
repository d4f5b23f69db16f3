// Internal: compiled intrinsic function calls ("States.Format('{}', $.name)") and the table of
// functions. intrinsic_parse.cpp turns text into an IntrinsicCall tree once, at definition parse
// time; intrinsic_eval.cpp evaluates the tree; intrinsics_*.cpp implement the functions.
//
// Not a public header: the engine reaches intrinsics only through PayloadTemplate.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asl/outcome.h"
#include "asl/path.h"
#include "asl/problem.h"
#include "core/random.h"
#include "record/json.h"

namespace wfsim::asl::detail {

// AWS allows up to 10 nested intrinsic functions in a field.
inline constexpr size_t kMaxIntrinsicDepth = 10;
// Input size limit of the string intrinsics (Base64, Hash), in characters.
inline constexpr size_t kMaxIntrinsicStringLength = 10'000;
// Largest array States.ArrayRange may build.
inline constexpr int64_t kMaxArrayRangeItems = 1'000;

struct IntrinsicCall;
struct IntrinsicFunction;

struct IntrinsicArg {
  enum class Kind : uint8_t { literal, path, call };
  Kind kind = Kind::literal;
  Json literal;
  std::string raw;  // A string literal as written between its quotes, escapes kept (for Format).
  std::optional<JsonPath> path;
  std::shared_ptr<const IntrinsicCall> call;
};

struct IntrinsicCall {
  const IntrinsicFunction* function = nullptr;
  std::vector<IntrinsicArg> args;
  // States.Format with a string literal template: the text between its "{}" placeholders.
  std::optional<std::vector<std::string>> format_pieces;
};

// What a call is evaluated against. `field` ("greeting.$") names the template field in errors.
// `variables` (an object of name to value, may be null) holds the workflow variables that
// "$name" arguments read.
struct IntrinsicScope {
  const Json& input;
  const Json* context;
  Random& random;
  std::string_view field;
  const Json* variables = nullptr;
};

using IntrinsicArgs = std::span<const Json* const>;

struct IntrinsicFunction {
  std::string_view name;
  size_t min_args;
  size_t max_args;
  bool uses_random;
  Outcome<Json> (*apply)(const IntrinsicCall& call, IntrinsicArgs args, Random& random);
};

// The function called `name` ("States.Format"), or nullptr.
const IntrinsicFunction* find_intrinsic(std::string_view name);

// Compiles one call expression. Problems go to `pointer` (the template field); returns nullptr
// if there was any. Sets the flags when the call reads "$$" or draws random numbers. Arguments
// may read workflow variables ("$name"); variable_references() lists them.
std::shared_ptr<const IntrinsicCall> compile_intrinsic(std::string_view text,
                                                       const std::string& pointer,
                                                       Problems& problems, bool& uses_context,
                                                       bool& uses_random);

Outcome<Json> evaluate_call(const IntrinsicCall& call, const IntrinsicScope& scope);

// The workflow variables a call's arguments read, nested calls included, each once, in order.
std::vector<std::string> variable_references(const IntrinsicCall& call);

// Where a path reads from: the input, the context object ("$$", an empty object when `context`
// is null) or a variable's value; nullptr when the variable is not defined.
const Json* path_root(const JsonPath& path, const Json& input, const Json* context,
                      const Json* variables);

// Reads a path for a template field or an intrinsic argument: the value, or States.Runtime when
// the path (or the variable it starts from) selects nothing.
Outcome<Json> read_path(const JsonPath& path, std::string_view field, const Json& input,
                        const Json* context, const Json* variables);

// States.Runtime: "The JSONPath '$.x' specified for the field 'y.$' could not be found in the
// input '{...}'" (the field part is left out when `field` is empty).
StateError path_not_found(const JsonPath& path, std::string_view field, const Json& document);

// States.Runtime for a path whose workflow variable is not defined. AWS's text for this is not
// recorded (OQ-12): "The variable '$x' read by the JSONPath '$x.a' specified for the field 'y.$'
// is not defined".
StateError variable_not_found(const JsonPath& path, std::string_view field);

// States.IntrinsicFailure: "Invalid arguments in States.X: <detail>".
StateError intrinsic_failure(std::string_view function, std::string_view detail);

// Splits a Format template at its "{}" placeholders. With `escapes` (a template written as a
// literal), "\{", "\}", "\'" and "\\" stand for the character itself and "\{}" is no placeholder.
std::vector<std::string> split_format(std::string_view text, bool escapes);

// The functions (intrinsics_string.cpp and intrinsics_array.cpp). Argument counts are checked
// at compile time; types and values here, at run time.
Outcome<Json> intrinsic_format(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_string_to_json(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_json_to_string(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_string_split(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_base64_encode(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_base64_decode(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_hash(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_uuid(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array_partition(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array_contains(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array_range(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array_get_item(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array_length(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_array_unique(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_json_merge(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_math_random(const IntrinsicCall&, IntrinsicArgs, Random&);
Outcome<Json> intrinsic_math_add(const IntrinsicCall&, IntrinsicArgs, Random&);

}  // namespace wfsim::asl::detail
