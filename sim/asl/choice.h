// Choice rules, compiled: every comparison operator (String/Numeric/Boolean/Timestamp Equals,
// LessThan, GreaterThan, ...Equals, and each "...Path" form), And/Or/Not, IsPresent, IsNull,
// IsNumeric, IsString, IsBoolean, IsTimestamp and StringMatches (with "*" wildcards and "\"
// escapes).
#pragma once

#include <memory>
#include <optional>

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
  Outcome<bool> evaluate(const Json& input, const Json* context) const;
  bool uses_context() const;

  struct Node;  // Defined in choice.cpp.

 private:
  std::shared_ptr<const Node> root_;
  bool uses_context_ = false;
};

}  // namespace wfsim::asl
