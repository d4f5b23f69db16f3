// wfsim's JSONata 2.0.6, as AWS Step Functions runs it (QueryLanguage: JSONata): compile an
// expression once, evaluate it many times against host JSON without copying that JSON.
//
// Owns the public face of the module: compile(), evaluate(), the error value and the limits.
// Deliberately absent: $eval (AWS leaves it out, so calling it is T1006 like any unknown
// function), the 2.1 operators ?: and ??, asynchronous host functions, and any clock or random
// source of its own (the host passes a virtual clock and a wfsim::Random). docs/jsonata.md lists
// every departure from jsonata-js 2.0.6.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/random.h"
#include "record/json.h"

namespace wfsim::jsonata {

// A JSONata error: the jsonata-js code ("T1006"), its message with the {{token}}/{{value}}
// inserts filled in as jsonata-js fills them, and the character offset jsonata-js reports (the
// offset just after the token the error belongs to).
struct Error {
  std::string code;
  std::string message;
  size_t position = 0;
  // "T1006: Attempted to invoke a non-function", as AWS appends it to a history cause.
  std::string describe() const;
};

namespace detail {
struct Program;
}

// A compiled expression. Immutable once built; evaluate() may run on several threads at once.
class Expression {
 public:
  const std::string& source() const;
  // The $names the expression reads without binding them itself (sorted, distinct, without the
  // '$'): host variables such as "states". "$" itself ($$, the root) is not listed.
  const std::vector<std::string>& free_variables() const;
  // The members the expression reads from the free variable `name` (without the '$') when every
  // use of it is a path `$name.member...` (sorted, distinct); nullopt when it is used some other
  // way ($name alone, $name[0], $keys($name)), i.e. as a whole. Empty when it is not read. Lets
  // a host skip building members nobody reads ($states.context).
  std::optional<std::vector<std::string>> members_read(std::string_view name) const;

  const detail::Program& program() const { return *program_; }
  explicit Expression(std::shared_ptr<const detail::Program> program)
      : program_(std::move(program)) {}

 private:
  std::shared_ptr<const detail::Program> program_;
};

// Parses `text`. A syntax error is an S0xxx Error; nesting deeper than kMaxNesting is S0800.
std::variant<Expression, Error> compile(std::string_view text);

// Bounds on one evaluation. Each one ends the evaluation with an error instead of exhausting the
// stack, the CPU or memory (docs/jsonata.md has the codes).
struct Limits {
  // Stack one evaluation may use for recursion, in 1 MiB segments of its own beyond the first
  // 512 KiB of the calling thread's stack (U1001 when exhausted). About 4 KiB per level of a
  // recursive JSONata function, so the default allows some 16,000 levels.
  size_t stack_bytes = size_t{64} << 20;
  // Nested function calls (lambda or built-in) at once (U1001).
  size_t call_depth = 10000;
  // Evaluation steps: expression nodes entered plus items visited by built-ins (U1001).
  uint64_t steps = 50'000'000;
  // Longest string a function or operator may build, in bytes (U1002).
  size_t string_bytes = size_t{16} << 20;
  // Longest array or sequence a function or operator may build (U1002). Ranges larger than 1e7
  // are D2014 first, as in jsonata-js.
  size_t array_length = 10'000'000;
  // Deepest array/object nesting a constructed value may reach (U1002).
  size_t value_depth = 1000;
};

// One host binding: either a JSON value by pointer (never copied) or an object whose members are
// host-owned JSON values by pointer ($states = {input, result, errorOutput, context}). A member
// with a null pointer is absent (undefined). The pointed-to JSON must outlive the evaluation.
struct Binding {
  using Member = std::pair<std::string_view, const Json*>;
  std::string_view name;
  const Json* value = nullptr;
  std::span<const Member> members;  // Host-owned, like the JSON they point to.
};

struct Environment {
  int64_t now_millis = 0;     // What $now() and $millis() report, for the whole evaluation.
  Random* random = nullptr;   // $random() and $uuid() draw from it (and $shuffle); may be null
                              // when the expression uses none of them.
  std::span<const Binding> bindings;
  Limits limits;
};

struct Outcome {
  enum class Kind { value, undefined, function, error } kind = Kind::undefined;
  Json value;   // Kind::value only.
  Error error;  // Kind::error only.
};

// Evaluates `expression` with `input` as the context ($), nullptr meaning undefined. Never
// throws: every failure, including running out of a limit or of memory, is Kind::error.
Outcome evaluate(const Expression& expression, const Json* input, const Environment& environment);

// Parse nesting limit (brackets, operators and path steps nested inside each other).
inline constexpr size_t kMaxNesting = 400;

}  // namespace wfsim::jsonata
