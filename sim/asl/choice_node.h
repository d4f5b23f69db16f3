// Internal: the compiled form of a Choice rule (ChoiceRule::Node), shared by the compiler
// (choice.cpp) and the evaluator (choice_eval.cpp).
//
// A node holds everything evaluation needs already decoded: the Variable as a JsonPath, the
// literal operand as JSON (or an Instant for timestamps, or the pieces of a StringMatches
// pattern), so evaluating a simple comparison allocates nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asl/choice.h"
#include "asl/path.h"
#include "core/time.h"
#include "record/json.h"

namespace wfsim::asl {
namespace detail {

// Nesting of And / Or / Not is bounded so that compiling and evaluating cannot recurse without
// limit.
inline constexpr size_t kMaxChoiceDepth = 32;

enum class ChoiceFamily : uint8_t {
  logic_and,
  logic_or,
  logic_not,
  string,
  string_matches,
  numeric,
  boolean,
  timestamp,
  is_null,
  is_present,
  is_numeric,
  is_string,
  is_boolean,
  is_timestamp,
};

enum class ChoiceRelation : uint8_t { eq, lt, gt, le, ge };

struct ChoiceOperator {
  std::string_view name;  // "NumericGreaterThanEqualsPath"
  ChoiceFamily family;
  ChoiceRelation relation;
  bool path_operand;  // The "...Path" form: the operand is a path, not a literal.
};

// The operator called `name`, or nullptr.
const ChoiceOperator* find_choice_operator(std::string_view name);

bool is_logic(ChoiceFamily family);
bool is_type_test(ChoiceFamily family);

}  // namespace detail

struct ChoiceRule::Node {
  const detail::ChoiceOperator* op = nullptr;
  JsonPath variable;                  // Comparisons and type tests.
  std::optional<JsonPath> operand_path;  // "...Path" forms.
  Json literal;                       // String, numeric, boolean operands; type tests' flag.
  Instant timestamp;                  // Timestamp operands.
  std::vector<std::string> pattern;   // StringMatches: the text between unescaped '*'.
  std::vector<Node> children;         // And / Or / Not.
};

}  // namespace wfsim::asl
