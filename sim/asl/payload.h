// Payload templates (Parameters, ResultSelector, ItemSelector) and intrinsic functions.
//
// A template is compiled once from the definition: static values are kept as they are, a key
// ending in ".$" becomes a path (into the state's data, "$$" into the context object, "$name"
// into a workflow variable) or an intrinsic function call ("States.Format('{}', $.name)").
// Evaluating it builds the payload.
// MathRandom and UUID draw from the Random they are given, so runs stay reproducible.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/outcome.h"
#include "asl/problem.h"
#include "core/random.h"
#include "record/json.h"

namespace wfsim::asl {

class PayloadTemplate {
 public:
  // Compiles `source` (normally an object; any JSON value is accepted) found at JSON Pointer
  // `pointer`. Reports malformed paths and intrinsic calls into `problems`; returns nullopt if
  // there was any.
  static std::optional<PayloadTemplate> compile(const Json& source, const std::string& pointer,
                                                Problems& problems);

  // Whether evaluation reads "$$" (so the engine can skip building the context object).
  bool uses_context() const;
  // Whether evaluation draws random numbers (States.MathRandom, States.UUID).
  bool uses_random() const;
  // The workflow variables the template reads (paths and intrinsic arguments, filters included),
  // each once, in order of appearance: for validation and variableReferences (VAR-6.4).
  const std::vector<std::string>& variable_references() const;

  // Builds the payload. `context` may be null when !uses_context(). `variables` (an object of
  // name to value, may be null) supplies the variables the template reads. Errors:
  // States.Runtime for a path that matches nothing or a variable that is not defined,
  // States.IntrinsicFailure for a failed intrinsic function.
  Outcome<Json> evaluate(const Json& input, const Json* context, Random& random,
                         const Json* variables = nullptr) const;

  struct Node;  // Defined in payload.cpp.

 private:
  std::shared_ptr<const Node> root_;
  bool uses_context_ = false;
  bool uses_random_ = false;
  std::vector<std::string> variables_;
};

// Evaluates one intrinsic function call expression on its own (used by tests and fuzzers):
// "States.ArrayRange(1, 9, 2)". A malformed expression is a States.IntrinsicFailure carrying the
// compile problem; a null `context` reads as an empty object; `variables` as in evaluate().
Outcome<Json> evaluate_intrinsic(const std::string& expression, const Json& input,
                                 const Json* context, Random& random,
                                 const Json* variables = nullptr);

// The workflow variables one intrinsic call expression reads ("States.Format('{}', $x)" gives
// {"x"}); nullopt when the expression does not compile.
std::optional<std::vector<std::string>> intrinsic_variable_references(
    const std::string& expression);

}  // namespace wfsim::asl
