// Internal: the compiled form of a JSONPath (JsonPath::Step and filter expressions), shared by
// the path parser, the evaluator and ResultPath placement (data_flow.cpp).
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

// One step of a filter operand ("@.price", "@['a'][0]"): a name or an index.
struct RelativeStep {
  bool is_index = false;
  std::string name;
  int64_t index = 0;
};

struct FilterTerm {
  enum class Op : uint8_t { exists, eq, ne, lt, le, gt, ge };
  std::vector<RelativeStep> operand;  // Relative to "@"; empty means "@" itself.
  Op op = Op::exists;
  Json literal;  // The right-hand side; unused for exists.
};

// "[?(a && b || c)]": a disjunction of conjunctions, without parentheses.
struct Filter {
  std::vector<std::vector<FilterTerm>> any_of;
};

}  // namespace detail

struct JsonPath::Step {
  enum class Kind : uint8_t {
    name,         // .name or ['name']
    index,        // [3] or [-1]
    wildcard,     // .* or [*]
    slice,        // [a:b:c]
    names,        // ['a','b']
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
