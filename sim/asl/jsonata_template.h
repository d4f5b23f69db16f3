// JSONata templates of Step Functions (QueryLanguage: JSONata): a JSON value of a definition field
// whose string leaves may be "{% expression %}" (JSONATA-2.1 to 2.3), compiled once at load.
//
// Owns: recognising a template string, compiling each expression (a syntax error is a Problem
// at the field's JSON Pointer with JSONata's code and position), and the AWS location of each
// expression ("Output/result"; JSONATA-5.4). Deliberately absent: evaluation, which needs the
// execution's clock, random stream and $states (the engine's query service, engine/sfn_query.h),
// and the rules of which field may hold what (the state compilers).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/problem.h"
#include "jsonata/jsonata.h"
#include "record/json.h"

namespace wfsim::asl {

// The two query languages of a state (JSONATA-1.1).
enum class QueryLanguage : uint8_t { jsonpath, jsonata };

// The expression of a template string: the text between "{%" and "%}", trimmed, when `text` is
// one (first two characters "{%", last two "%}"); nullopt for a literal (JSONATA-2.1, 2.2).
std::optional<std::string_view> template_expression(std::string_view text);

class JsonataTemplate {
 public:
  // One expression of the template: where it sits in the value (object keys and array indexes
  // from the root), its AWS location and its trimmed text (both quoted in failure causes).
  struct Hole {
    std::vector<std::string> keys;  // Object keys; an array index is its decimal text.
    std::string location;           // "Output/result": the field, then the keys, joined by '/'.
    std::string text;
    jsonata::Expression expression;
  };

  // Compiles `source`, the value of field `field` (its AWS name, "Output", "Arguments",
  // "Condition"...) found at JSON Pointer `pointer`. Reports each syntax error into `problems`
  // and returns nullopt if there was any.
  static std::optional<JsonataTemplate> compile(const Json& source, std::string field,
                                                const std::string& pointer, Problems& problems);

  // The value as written (template strings included).
  const Json& source() const { return source_; }
  const std::string& field() const { return field_; }
  // Expressions in document order (object keys in the order Json keeps them: as written).
  const std::vector<Hole>& holes() const { return holes_; }
  // Whether the whole value is one expression (then holes() has exactly one, with no keys).
  bool is_expression() const { return holes_.size() == 1 && holes_.front().keys.empty(); }
  // Whether any expression reads $states (so the engine can skip building the context object).
  bool reads_states() const { return reads_states_; }
  // Whether any expression may read $states.context (the engine builds it only then).
  bool reads_states_context() const { return reads_states_context_; }

 private:
  Json source_;
  std::string field_;
  std::vector<Hole> holes_;
  bool reads_states_ = false;
  bool reads_states_context_ = false;
};

}  // namespace wfsim::asl
