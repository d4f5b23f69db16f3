// JSONPath as ASL uses it: Paths ("$.items[*].id"), Reference Paths ("$.order.lines[0]"), the
// context object ("$$.Task.Token") and workflow variables ("$order.lines[0]").
//
// The syntax is Jayway JsonPath's (which Step Functions runs), as far as Step Functions allows
// it: "$" / "$$" / "$name", ".name", ".[...]" (a dot before a bracket is allowed), "['name']"
// and ["name"] (a backslash keeps the next character from closing the name and is itself kept,
// as AWS does), "['a','b']" (a union, or as the last step one object holding those members),
// "[index]" (negative counts from the end), "[*]" / ".*", "[a:b]" / "[a:b:c]" slices, "[i,j]",
// ".." recursive descent, and filters "[?(...)]" with ==, !=, <, <=, >, >=, in, nin, &&, ||, !,
// parentheses, and operands that are literals or definite paths from "@", "$" or "$name".
// docs/asl-support.md lists what is rejected and why. Parsing is iterative with bounded depth;
// evaluation never throws.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "record/json.h"

namespace wfsim::asl {

class JsonPath {
 public:
  // Parses a path. On failure returns a message naming the whole path and the reason, in
  // Jayway's terms ("Invalid path '$.a[': Could not parse token starting at position 3 ..."),
  // never throws.
  static std::variant<JsonPath, std::string> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // Begins with "$$": evaluated against the context object instead of the state's data.
  bool is_context() const { return context_; }
  // "$name..." reads the workflow variable `name` (VAR-1.3): evaluate it against the variable's
  // value. Empty for "$..." and "$$..." paths.
  const std::string& variable() const { return variable_; }
  // Exactly "$" (or "$$"): the whole document. "$name" alone is not the root.
  bool is_root() const;
  // A Reference Path: only names and non-negative indexes, so it names at most one node.
  bool is_reference_path() const;
  // Selects at most one node of the document (names and indexes only), so find() applies.
  bool is_definite() const;
  // select() gives one value rather than an array of matches: a definite path, or one that ends
  // in a multi-name step ("$.a['x','y']") after definite steps (Jayway merges those members).
  bool yields_one_value() const;
  // The workflow variables the path reads: its root variable and those its filters compare,
  // each once, in order of appearance (for validation and variableReferences, VAR-6.4).
  std::vector<std::string> variable_references() const;

  // For definite paths: the node, or nullptr when the path matches nothing.
  const Json* find(const Json& root) const;
  // General selection. A path that yields_one_value() gives that value (nullopt when absent);
  // any other path gives a JSON array of every match in document order (possibly empty).
  // `root` is the state's data, the context object or the variable's value, as the path says;
  // "$" inside a filter is `root` too. `variables` (an object of name to value, may be null)
  // supplies the variables that filters compare; an unknown one is an absent value.
  std::optional<Json> select(const Json& root, const Json* variables = nullptr) const;

  // The path in bracket notation ("$['order']['lines'][0]"), as Step Functions quotes a path in
  // its error messages.
  std::string normalized_text() const;

  struct Step;  // Defined in path_step.h (internal to sim/asl).
  // The compiled steps; empty for "$" (and for a default-constructed path, which acts as "$").
  const std::vector<Step>& steps() const;

 private:
  std::string text_;
  bool context_ = false;
  std::string variable_;
  std::shared_ptr<const std::vector<Step>> steps_;
};

}  // namespace wfsim::asl
