// The JSONata functions whose work is an XPath picture string: $formatNumber, $formatInteger,
// $parseInteger, $fromMillis, $toMillis and $now. This file checks arguments, applies defaults and
// maps $formatNumber's options object onto picture::DecimalFormat; the algorithms are picture.h's.
#include <cmath>

#include "jsonata/eval.h"
#include "jsonata/picture.h"

namespace wfsim::jsonata::detail {
namespace {

// Where jsonata-js lets a JavaScript error escape (a RangeError or TypeError, no JSONata code),
// the picture layer reports an empty code; every wfsim error has one, so those carry U1005 with
// JavaScript's message.
constexpr const char* kJavaScriptErrorCode = "U1005";

template <class T>
const T& unwrap(const picture::Result<T>& result) {
  if (const auto* failure = std::get_if<picture::Failure>(&result)) {
    EvalError error{failure->code.empty() ? kJavaScriptErrorCode : failure->code};
    error.message = failure->message;
    error.verbatim = true;
    throw error;
  }
  return std::get<T>(result);
}

// An optional string argument: nullopt when absent (undefined), as picture.h distinguishes.
std::optional<std::string_view> optional_string(const Call& call, size_t index) {
  if (call.args.size() > index && call.args[index].is_string()) return call.args[index].as_string();
  return std::nullopt;
}

Value fn_format_number(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  picture::DecimalFormat format = picture::default_decimal_format();
  if (call.args.size() > 2 && call.args[2].is_object()) {
    call.args[2].for_each_member([&](std::string_view key, const Value& value) {
      if (!value.is_string()) return;
      const std::string text(value.as_string());
      if (key == "decimal-separator") format.decimal_separator = text;
      else if (key == "grouping-separator") format.grouping_separator = text;
      else if (key == "exponent-separator") format.exponent_separator = text;
      else if (key == "minus-sign") format.minus_sign = text;
      else if (key == "infinity") format.infinity = text;
      else if (key == "NaN") format.not_a_number = text;
      else if (key == "percent") format.percent = text;
      else if (key == "per-mille") format.per_mille = text;
      else if (key == "zero-digit") format.zero_digit = text;
      else if (key == "digit") format.digit = text;
      else if (key == "pattern-separator") format.pattern_separator = text;
    });
  }
  std::string text = unwrap(picture::format_number(call.args[0].as_number(),
                                                   call.args[1].as_string(), format));
  evaluator.check_string(text.size());
  return Value::string(std::move(text));
}

Value fn_format_integer(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  std::string text = unwrap(picture::format_integer(call.args[0].as_number(), call.args[1].as_string()));
  evaluator.check_string(text.size());
  return Value::string(std::move(text));
}

Value fn_parse_integer(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  return Value::number(unwrap(picture::parse_integer(call.args[0].as_string(), call.args[1].as_string())));
}

Value format_millis(Evaluator& evaluator, double millis, const Call& call, size_t picture_index) {
  std::string text = unwrap(picture::from_millis(millis, optional_string(call, picture_index),
                                                 optional_string(call, picture_index + 1)));
  evaluator.check_string(text.size());
  return Value::string(std::move(text));
}

Value fn_from_millis(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  return format_millis(evaluator, call.args[0].as_number(), call, 1);
}

Value fn_now(Evaluator& evaluator, Call& call) {
  return format_millis(evaluator, static_cast<double>(evaluator.now_millis), call, 0);
}

Value fn_to_millis(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const auto millis = unwrap(picture::to_millis(call.args[0].as_string(), optional_string(call, 1),
                                                evaluator.now_millis));
  if (!millis) return {};
  return Value::number(*millis);
}

const Builtin kPictureBuiltins[] = {
    {"formatNumber", "<n-so?:s>", fn_format_number, 3, {}},
    {"formatInteger", "<n-s:s>", fn_format_integer, 2, {}},
    {"parseInteger", "<s-s:n>", fn_parse_integer, 2, {}},
    {"fromMillis", "<n-s?s?:s>", fn_from_millis, 3, {}},
    {"toMillis", "<s-s?:n>", fn_to_millis, 2, {}},
    {"now", "<s?s?:s>", fn_now, 2, {}},
};

}  // namespace

std::span<const Builtin> picture_builtins() { return kPictureBuiltins; }

}  // namespace wfsim::jsonata::detail
