// Choice rules, compiled: every comparison operator (String/Numeric/Boolean/Timestamp Equals,
// LessThan, GreaterThan, ...Equals, and each "...Path" form), And/Or/Not, IsPresent, IsNull,
// IsNumeric, IsString, IsBoolean, IsTimestamp and StringMatches (with "*" wildcards and "\"
// escapes).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/outcome.h"
#include "asl/problem.h"
#include "record/json.h"

namespace wfsim::asl {

class ChoiceRule {
 public:
  // Compiles one rule (a top-level Choices element without its "Next", or a nested rule).
  // `top_level` rules must have "Next"; nested ones must not. Problems go into `problems`.
  static std::optional<ChoiceRule> compile(const Json& source, const std::string& pointer,
                                           bool top_level, Problems& problems);

  // True when the rule matches. A comparison whose Variable is absent is an error
  // (States.Runtime), as in Step Functions; IsPresent is the way to test for absence.
  // A comparison of mismatched types (StringEquals on a number) is false, not an error.
  // `variables` (an object of name to value, may be null) supplies the workflow variables that
  // "$name" paths read; an undefined one reads as absent.
  Outcome<bool> evaluate(const Json& input, const Json* context,
                         const Json* variables = nullptr) const;
  bool uses_context() const;
  // The workflow variables the rule reads (Variable and ...Path operands, nested rules
  // included), each once, in order of appearance.
  const std::vector<std::string>& variable_references() const;

  struct Node;  // Defined in choice.cpp.

 private:
  std::shared_ptr<const Node> root_;
  bool uses_context_ = false;
  std::vector<std::string> variables_;
};

}  // namespace wfsim::asl
