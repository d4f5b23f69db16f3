// JSONPath as ASL uses it: Paths ("$.items[*].id"), Reference Paths ("$.order.lines[0]"), and the
// context object ("$$.Task.Token").
//
// Supported syntax: "$" / "$$", ".name", "['name']" (also double-quoted), "[index]" (negative
// indexes count from the end), "[*]" / ".*", "[a:b]" / "[a:b:c]" slices, "[i,j]" unions,
// ".." recursive descent, and "[?(@.x op value)]" filters with ==, !=, <, <=, >, >= and
// existence "[?(@.x)]". Parsing is iterative with bounded depth; evaluation never throws.
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
  // Parses a path. On failure returns a message ("expected ']' at offset 7"), never throws.
  static std::variant<JsonPath, std::string> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // Begins with "$$": evaluated against the context object instead of the state's data.
  bool is_context() const { return context_; }
  // Exactly "$" (or "$$").
  bool is_root() const;
  // A Reference Path: only names and non-negative indexes, so it names at most one node.
  bool is_reference_path() const;
  // Selects at most one node (no wildcard, slice, union, filter or recursive descent).
  bool is_definite() const;

  // For definite paths: the node, or nullptr when the path matches nothing.
  const Json* find(const Json& root) const;
  // General selection. A definite path yields its node (nullopt when absent); an indefinite path
  // yields a JSON array of every match in document order (possibly empty).
  std::optional<Json> select(const Json& root) const;

  // The path in bracket notation ("$['order']['lines'][0]"), as Step Functions quotes a path in
  // its error messages.
  std::string normalized_text() const;

  struct Step;  // Defined in path_step.h (internal to sim/asl).
  // The compiled steps; empty for "$" (and for a default-constructed path, which acts as "$").
  const std::vector<Step>& steps() const;

 private:
  std::string text_;
  bool context_ = false;
  std::shared_ptr<const std::vector<Step>> steps_;
};

}  // namespace wfsim::asl
