// The evaluator's internal interface: environments (frames), function values, the error thrown
// inside an evaluation, and the Evaluator that walks the tree with its limits. Shared by the
// eval_*.cpp and functions_*.cpp files; nothing outside sim/jsonata includes it.
//
// Errors travel as C++ exceptions (EvalError) inside one evaluation only; evaluate() in
// jsonata.cpp turns them into the Error value, so none escapes the module.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jsonata/ast.h"
#include "jsonata/jsonata.h"
#include "jsonata/value.h"
#include "jsonata/value_ops.h"

namespace wfsim::jsonata::detail {

// An error raised during evaluation, with the inserts jsonata-js keeps on its error objects.
struct EvalError {
  EvalError() = default;
  explicit EvalError(std::string code_in) : code(std::move(code_in)) {}
  std::string code;
  std::optional<size_t> position;
  std::optional<std::string> token;
  std::optional<std::string> token_json;  // {{token}} when it is not a string (syntax errors)
  std::optional<std::string> value;   // JSON.stringify text of err.value
  std::optional<std::string> value2;
  std::optional<size_t> index;
  std::optional<std::string> type;
  std::optional<std::string> exp;
  std::optional<std::string> message;        // {{{message}}}
  std::optional<std::string> function_name;  // {{{functionName}}}
  bool verbatim = false;  // `message` is the whole message (picture-string failures)
};

[[noreturn]] void fail(std::string code);
[[noreturn]] void fail_value(std::string code, const Value& value);
// With the value's JSON.stringify text.
EvalError error_with_value(std::string code, const Value& value);

// A variable scope. Frames are boxes so that lambdas can keep their defining scope alive.
// A frame's bindings (variable id, value). Most frames bind a few names (the root: $ and the
// host's bindings; a lambda: its parameters), so the first four live in the frame itself.
class FrameBindings {
 public:
  using Entry = std::pair<uint32_t, Value>;
  Entry* begin() { return spill_.empty() ? inline_.data() : spill_.data(); }
  Entry* end() { return begin() + size(); }
  const Entry* begin() const { return spill_.empty() ? inline_.data() : spill_.data(); }
  const Entry* end() const { return begin() + size(); }
  size_t size() const { return spill_.empty() ? inline_size_ : spill_.size(); }
  void emplace_back(uint32_t variable, Value value);
  FrameBindings& operator=(const std::vector<Entry>& entries);
  void clear();

 private:
  std::array<Entry, 4> inline_{};
  size_t inline_size_ = 0;
  std::vector<Entry> spill_;  // All the entries, once there are more than four.
};

struct Frame final : Box {
  void clear() override {
    variables.clear();
    parent_value = Value();
    parent = nullptr;
  }
  Frame* parent = nullptr;  // owned through parent_value
  Value parent_value;
  FrameBindings variables;
  const Value* lookup(uint32_t variable) const;
  void bind(uint32_t variable, Value value);
};
Value new_frame(Frame* parent, Frame** out);

struct Evaluator;
struct Call {
  std::vector<Value>& args;
  const Value& input;  // the context ("this.input")
  Frame* environment;
};
using BuiltinImpl = Value (*)(Evaluator&, Call&);

// A built-in function: static, shared by all evaluations (values point at it without counting).
struct Builtin {
  const char* name;
  const char* signature_text;
  BuiltinImpl implementation;
  size_t arity;  // JavaScript's function.length, for $map/$filter/... argument counts
  Signature signature;
};
const Builtin* find_builtin(std::string_view name);

struct FunctionBox final : Box {
  void clear() override {
    input = Value();
    environment = Value();
    bound.clear();
    first = Value();
    second = Value();
  }
  enum class Kind : uint8_t { lambda, partial_builtin, transform, regex, chain } kind;
  // lambda
  const Node* node = nullptr;  // lambda / transform node
  Value input;
  Value environment;  // a Frame box
  std::vector<uint32_t> parameters;
  const Signature* signature = nullptr;
  // partial_builtin: the built-in and its arguments, holes where the call fills in
  const Builtin* builtin = nullptr;
  std::vector<std::optional<Value>> bound;
  // regex
  const Regex* regex = nullptr;
  // chain: second(first(x))
  Value first;
  Value second;
};

// Stack a segment (or the host thread) may use before the next evaluate() moves on to a new
// segment (eval_stack.cpp); the rest of the 1 MiB segment is the margin for the deepest native
// recursion between two evaluate() calls (value walks bounded by Limits::value_depth).
inline constexpr size_t kSegmentBudget = 512 * 1024;

struct Evaluator {
  const Program& program;
  const Limits& limits;
  int64_t now_millis;
  Random* random;
  uintptr_t stack_base;
  uint64_t steps = 0;
  size_t call_depth = 0;
  size_t segments = 0;  // stack segments in use (eval_stack.cpp)

  Evaluator(const Program& program_in, const Environment& environment);

  Value evaluate(const Node* node, const Value& input, Frame* environment);

  // Bounded work.
  void step();
  void count(uint64_t items);
  void check_stack();
  // Called for every node: inline, reading this frame's address (eval_stack.cpp moves on to a
  // new stack segment when it is true).
  bool stack_exhausted() const {
    const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    return stack_base > here && stack_base - here > kSegmentBudget;
  }
  Value evaluate_on_new_segment(const Node* node, const Value& input, Frame* environment);
  void check_string(size_t bytes);
  void check_array(size_t length);
  void check_depth(uint32_t depth);
  [[noreturn]] void too_large(const char* what);

  // eval_path.cpp
  Value evaluate_path(const Node* node, const Value& input, Frame* environment);
  Value evaluate_filter(const Node* predicate, const Value& input, Frame* environment);
  Value evaluate_group(const Group& group, const Value& input, Frame* environment,
                       const TupleBox* tuples);
  Value evaluate_object(const Node* node, const Value& input, Frame* environment);
  Value evaluate_wildcard(const Value& input);
  Value evaluate_descendants(const Value& input);

  // eval_call.cpp
  Value evaluate_call(const Node* node, const Value& input, Frame* environment,
                      const Value* apply_to);
  Value evaluate_partial(const Node* node, const Value& input, Frame* environment);
  Value evaluate_apply(const Node* node, const Value& input, Frame* environment);
  Value evaluate_lambda(const Node* node, const Value& input, Frame* environment);
  Value evaluate_transform(const Node* node, Frame* environment);
  Value apply(const Value& function, std::vector<Value>& args, const Value& input,
              Frame* environment);
  // Calls a function given to a higher-order built-in, with as many of (value, index, array)
  // as its arity asks for.
  Value apply_hof(const Value& function, const Value& item, const Value& index,
                  const Value& array, Frame* environment);
  size_t arity(const Value& function) const;
  // The arguments as the signature passes them (context inserted, singletons wrapped in arrays);
  // `args` itself when nothing changes, so the caller must not use `args` afterwards.
  std::vector<Value> validate(const Signature& signature, std::vector<Value>& args,
                              const Value& context);
  Value run_transform(const FunctionBox& function, const Value& object);

  // Comparisons of the sort/order-by machinery (eval_path.cpp).
  template <class Less>
  void merge_sort(std::vector<Value>& items, Less&& swap_needed);

  // Lookups.
  Value lookup(uint32_t variable, Frame* environment) const;

  std::span<const Binding> bindings;
  Value root_frame_value;
  Frame* root_frame = nullptr;
};

// Sequence helpers (jsonata's createSequence, fn.append, isArrayOfNumbers...).
Value make_sequence();
Value make_sequence(Value item);
Value append_values(Evaluator& evaluator, const Value& left, const Value& right);
bool is_numeric(const Value& value);  // throws D1001 for non-finite numbers
bool all_numbers(const Value& value);
bool all_strings(const Value& value);
const char* type_symbol_name(const Value& value);
char type_symbol(const Value& value);

// Builtins registration tables (functions_*.cpp).
std::span<const Builtin> string_builtins();
std::span<const Builtin> numeric_builtins();
std::span<const Builtin> collection_builtins();
std::span<const Builtin> misc_builtins();
std::span<const Builtin> picture_builtins();

// Text helpers shared by the function files (functions_string.cpp).
std::string string_of(Evaluator& evaluator, const Value& value);  // $string without prettify
std::vector<uint32_t> code_points(std::string_view text);
std::string from_code_points(const std::vector<uint32_t>& points, size_t begin, size_t end);
size_t code_point_count(std::string_view text);
Value lookup_name(Evaluator& evaluator, const Value& input, std::string_view name);
Value evaluate_range(Evaluator& evaluator, const Value& left, const Value& right);
void sort_values(Evaluator& evaluator, std::vector<Value>& items,
                 const std::function<bool(const Value&, const Value&)>& after);
// A frame binding a tuple's variables (eval_path.cpp); the returned value keeps it alive.
Value frame_from_tuple(Frame* environment, const Tuple& tuple, Frame** frame);
// Deep conversion of host JSON into boxes ($parse's result has no host to point into).
Value boxed_from_json(Evaluator& evaluator, const Json& json, size_t depth = 0);

// Iterates a regex (or custom matcher) over a string as jsonata-js's evaluateMatcher does.
struct MatchResult {
  std::string match;
  size_t start_bytes = 0;
  size_t end_bytes = 0;
  std::vector<Value> groups;
};
class Matcher {
 public:
  Matcher(Evaluator& evaluator, const Value& function, std::string_view subject);
  // The next match, or nullopt. D1004 for an empty match after the first.
  std::optional<MatchResult> next();

 private:
  Evaluator& evaluator_;
  const FunctionBox* function_;
  std::string_view subject_;
  size_t last_end_ = 0;
  bool first_ = true;
};

// Number of UTF-16 code units in UTF-8 text (JavaScript string indices and lengths).
size_t utf16_length(std::string_view text);

}  // namespace wfsim::jsonata::detail
