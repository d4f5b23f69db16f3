// A call's arguments against the function's signature (jsonata-js validateArguments): which
// argument fills which parameter, the context inserted for a missing '-' parameter, singletons
// wrapped for array parameters, and the T0410/T0411/T0412 errors.
#include <array>
#include <span>

#include "jsonata/eval.h"

namespace wfsim::jsonata::detail {
namespace {

const char* plural(char symbol) {
  switch (symbol) {
    case 'a': return "arrays";
    case 'b': return "booleans";
    case 'f': return "functions";
    case 'n': return "numbers";
    case 'o': return "objects";
    case 's': return "strings";
    default: return nullptr;
  }
}

// A call's validated arguments, built lazily: most calls pass every argument unchanged (no
// context inserted, nothing wrapped in an array), and then the call's own vector is used as it is.
class ValidatedArgs {
 public:
  explicit ValidatedArgs(std::vector<Value>& args) : args_(args) {}
  // The argument at `index`, unchanged.
  void keep(size_t index) {
    if (changed_) {
      out_.push_back(args_[index]);
      return;
    }
    WFSIM_ASSERT(index == kept_);
    ++kept_;
  }
  // A value that is not the next argument as given.
  void put(Value value) {
    if (!changed_) {
      changed_ = true;
      out_.reserve(args_.size() + 1);
      out_.assign(args_.begin(), args_.begin() + static_cast<ptrdiff_t>(kept_));
    }
    out_.push_back(std::move(value));
  }
  std::vector<Value> finish() {
    if (changed_) return std::move(out_);
    args_.resize(kept_);
    return std::move(args_);
  }

 private:
  std::vector<Value>& args_;
  std::vector<Value> out_;
  size_t kept_ = 0;
  bool changed_ = false;
};

}  // namespace

std::vector<Value> Evaluator::validate(const Signature& signature, std::vector<Value>& args,
                                       const Value& context) {
  std::string symbols;
  symbols.reserve(args.size());
  for (const Value& arg : args) symbols += type_symbol(arg);
  size_t good_to = 0;
  // One count per parameter; built-ins have a handful, so no allocation for them.
  std::array<size_t, 8> inline_counts{};
  std::vector<size_t> more_counts;
  std::span<size_t> counts(inline_counts.data(), signature.params.size());
  if (signature.params.size() > inline_counts.size()) {
    more_counts.resize(signature.params.size());
    counts = more_counts;
  }
  if (!match_signature(signature, symbols, good_to, counts)) {
    EvalError error = error_with_value("T0410", good_to < args.size() ? args[good_to] : Value());
    error.index = good_to + 1;
    throw error;
  }
  ValidatedArgs validated(args);
  size_t at = 0;
  for (size_t index = 0; index < signature.params.size(); ++index) {
    const SignatureParam& param = signature.params[index];
    const size_t count = counts[index];
    if (count == 0) {
      if (param.context) {
        if (param.context_symbols.find(type_symbol(context)) == std::string::npos) {
          EvalError error = error_with_value("T0411", context);
          error.index = at + 1;
          throw error;
        }
        validated.put(context);
      } else {
        if (at < args.size()) {
          validated.keep(at);
        } else {
          validated.put(Value());
        }
        ++at;
      }
      continue;
    }
    const std::string_view matched(symbols.data() + at, count);
    for (char single : matched) {
      if (param.type != 'a') {
        validated.keep(at++);
        continue;
      }
      if (single == 'm') {  // Undefined (or an internal value, which becomes undefined).
        if (args[at].is_undefined()) {
          validated.keep(at);
        } else {
          validated.put(Value());
        }
        ++at;
        continue;
      }
      Value arg = args[at];
      bool ok = true;
      if (!param.subtype.empty()) {
        if (single != 'a' && matched != param.subtype) {
          ok = false;
        } else if (single == 'a' && arg.size() > 0) {
          const char item_type = type_symbol(arg.at(0));
          if (item_type != param.subtype[0]) {
            ok = false;
          } else {
            const size_t size = arg.size();
            for (size_t i = 0; i < size && ok; ++i)
              if (type_symbol(arg.at(i)) != item_type) ok = false;
          }
        }
      }
      if (!ok) {
        EvalError error = error_with_value("T0412", arg);
        error.index = at + 1;
        if (const char* name = plural(param.subtype.empty() ? 'x' : param.subtype[0]))
          error.type = json_quote(name);
        throw error;
      }
      if (single != 'a') {
        auto made = new_array();
        made.box->items.push_back(std::move(arg));
        validated.put(std::move(made.value));
      } else {
        validated.keep(at);
      }
      ++at;
    }
  }
  return validated.finish();
}

}  // namespace wfsim::jsonata::detail
