// Internal: the compiled form of a JSONPath (JsonPath::Step and filter expressions), shared by
// the path parser (path.cpp, path_filter.cpp), the evaluator (path_eval.cpp) and ResultPath
// placement (data_flow.cpp).
//
// Not a public header: the engine uses JsonPath's methods, never the steps.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/path.h"
#include "record/json.h"

namespace wfsim::asl {
namespace detail {

// Bounds that keep parsing and evaluation linear in the text and the document.
inline constexpr size_t kMaxPathLength = 10'000;
inline constexpr size_t kMaxFiltersPerPath = 8;
inline constexpr size_t kMaxFilterTerms = 16;
inline constexpr size_t kMaxDescentsPerPath = 8;
// Parentheses and "!" inside one filter; evaluation recurses this deep at most.
inline constexpr size_t kMaxFilterNesting = 8;
// Items of an array literal ("[?(@.a in ['x', 'y'])]").
inline constexpr size_t kMaxFilterListItems = 64;

// One step of a filter operand ("@.price", "$['a'][0]"): a name or an index.
struct RelativeStep {
  bool is_index = false;
  std::string name;
  int64_t index = 0;
};

// A value a filter compares: a literal, or a definite path from "@" (the element being tested),
// "$" (the document the whole path is evaluated against) or "$name" (a workflow variable).
struct FilterOperand {
  enum class Kind : uint8_t { literal, current, root, variable };
  Kind kind = Kind::literal;
  Json literal;
  std::string variable;
  std::vector<RelativeStep> steps;
};

// A node of a filter expression. Nodes live in Filter::nodes; children are indexes into it.
struct FilterNode {
  enum class Kind : uint8_t { compare, exists, all_of, any_of, negate };
  enum class Op : uint8_t { eq, ne, lt, le, gt, ge, in, nin };
  Kind kind = Kind::exists;
  Op op = Op::eq;
  FilterOperand left;   // compare, exists (the operand that must be present)
  FilterOperand right;  // compare
  std::vector<uint32_t> children;  // all_of, any_of (two or more), negate (one)
};

// "[?(a && (b || !c))]": an expression tree with `root` at the top.
struct Filter {
  std::vector<FilterNode> nodes;
  uint32_t root = 0;
};

}  // namespace detail

struct JsonPath::Step {
  enum class Kind : uint8_t {
    name,         // .name or ['name']
    index,        // [3] or [-1]
    wildcard,     // .* or [*]
    slice,        // [a:b:c]
    names,        // ['a','b']: a union, or (as the last step) a merge into one object
    indexes,      // [1,2]
    filter,       // [?(...)]
    descendants,  // .. (followed by the step applied to every descendant)
  };
  Kind kind = Kind::name;
  std::string name;
  int64_t index = 0;
  std::optional<int64_t> start;
  std::optional<int64_t> end;
  int64_t step = 1;
  std::vector<std::string> names;
  std::vector<int64_t> indexes;
  std::shared_ptr<const detail::Filter> filter;
};

}  // namespace wfsim::asl
