// Numeric and aggregation functions: $number, $abs, $floor, $ceil, $round (half to even, via the
// decimal-exponent shift jsonata-js uses), $power, $sqrt, $random (seeded form added by AWS),
// $formatBase, $sum, $max, $min, $average, $count, and AWS's $range.
//
// Not here: picture-string formatting ($formatNumber etc.: functions_picture.cpp).
#include <cmath>
#include <cstdlib>

#include "jsonata/eval.h"
#include "jsonata/number_text.h"

namespace wfsim::jsonata::detail {
namespace {

Value fn_sum(Evaluator& evaluator, Call& call) {
  const Value& numbers = call.args[0];
  if (numbers.is_undefined()) return {};
  double total = 0;
  const size_t size = numbers.size();
  for (size_t i = 0; i < size; ++i) total += numbers.at(i).as_number();
  evaluator.count(size);
  return Value::number(total);
}

Value fn_count(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return Value::number(0);
  return Value::number(static_cast<double>(call.args[0].size()));
}

Value extreme(Evaluator& evaluator, Call& call, bool maximum) {
  const Value& numbers = call.args[0];
  if (numbers.is_undefined() || numbers.size() == 0) return {};
  double best = maximum ? -INFINITY : INFINITY;
  const size_t size = numbers.size();
  for (size_t i = 0; i < size; ++i) {
    const double n = numbers.at(i).as_number();
    if (std::isnan(n)) return Value::number(NAN);
    best = maximum ? std::max(best, n) : std::min(best, n);
  }
  evaluator.count(size);
  return Value::number(best);
}
Value fn_max(Evaluator& evaluator, Call& call) { return extreme(evaluator, call, true); }
Value fn_min(Evaluator& evaluator, Call& call) { return extreme(evaluator, call, false); }

Value fn_average(Evaluator& evaluator, Call& call) {
  const Value& numbers = call.args[0];
  if (numbers.is_undefined() || numbers.size() == 0) return {};
  double total = 0;
  const size_t size = numbers.size();
  for (size_t i = 0; i < size; ++i) total += numbers.at(i).as_number();
  evaluator.count(size);
  return Value::number(total / static_cast<double>(size));
}

bool full_match(std::string_view text, bool (*accept)(char), size_t from) {
  if (from >= text.size()) return false;
  for (size_t i = from; i < text.size(); ++i)
    if (!accept(text[i])) return false;
  return true;
}

// Number() of a string that JSONata's $number accepts as hex/octal/binary.
std::optional<double> radix_literal(std::string_view text) {
  if (text.size() < 3 || text[0] != '0') return std::nullopt;
  const char kind = static_cast<char>(text[1] | 0x20);
  int base = kind == 'x' ? 16 : kind == 'o' ? 8 : kind == 'b' ? 2 : 0;
  if (base == 0) return std::nullopt;
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  auto oct = [](char c) { return c >= '0' && c <= '7'; };
  auto bin = [](char c) { return c == '0' || c == '1'; };
  const bool ok = base == 16 ? full_match(text, hex, 2) : base == 8 ? full_match(text, oct, 2)
                                                                     : full_match(text, bin, 2);
  if (!ok) return std::nullopt;
  double value = 0;
  for (size_t i = 2; i < text.size(); ++i) {
    const char c = text[i];
    const int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    value = value * base + digit;
  }
  return value;
}

bool decimal_syntax(std::string_view text) {
  size_t i = 0;
  auto digit = [&](size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  if (i < text.size() && text[i] == '-') ++i;
  if (!digit(i)) return false;
  while (digit(i)) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == text.size();
}

Value fn_number(Evaluator&, Call& call) {
  const Value& arg = call.args[0];
  if (arg.is_undefined()) return {};
  if (arg.is_number()) return arg;
  if (arg.is_boolean()) return Value::number(arg.as_boolean() ? 1 : 0);
  if (arg.is_string()) {
    const std::string_view text = arg.as_string();
    if (decimal_syntax(text)) {
      const double value = parse_js_double(text);
      if (std::isfinite(value)) return Value::number(value);
    } else if (auto value = radix_literal(text)) {
      return Value::number(*value);
    }
  }
  EvalError error = error_with_value("D3030", arg);
  error.index = 1;
  throw error;
}

Value unary_math(Call& call, double (*f)(double)) {
  if (call.args[0].is_undefined()) return {};
  return Value::number(f(call.args[0].as_number()));
}
Value fn_abs(Evaluator&, Call& call) { return unary_math(call, [](double x) { return std::fabs(x); }); }
Value fn_floor(Evaluator&, Call& call) { return unary_math(call, [](double x) { return std::floor(x); }); }
Value fn_ceil(Evaluator&, Call& call) { return unary_math(call, [](double x) { return std::ceil(x); }); }

// x * 10^shift computed through decimal text, as jsonata-js does to avoid binary artefacts.
double shift_decimal(double value, double shift) {
  const std::string text = js_number_text(value);
  const size_t e = text.find('e');
  std::string shifted;
  if (e == std::string::npos) {
    shifted = text + "e" + js_number_text(shift);
  } else {
    shifted = text.substr(0, e) + "e" + js_number_text(std::atof(text.c_str() + e + 1) + shift);
  }
  return std::strtod(shifted.c_str(), nullptr);
}

double js_round(double x) {
  if (!std::isfinite(x)) return x;
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1;
  return r;
}

Value fn_round(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  double value = call.args[0].as_number();
  const double precision =
      call.args.size() > 1 && call.args[1].is_number() ? call.args[1].as_number() : 0;
  const bool shifted = precision != 0 && !std::isnan(precision);
  if (shifted) value = shift_decimal(value, precision);
  double result = js_round(value);
  const double difference = result - value;
  if (std::fabs(difference) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (shifted) result = shift_decimal(result, -precision);
  if (result == 0) result = 0;  // -0 becomes 0
  return Value::number(result);
}

Value fn_sqrt(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const double value = call.args[0].as_number();
  if (value < 0) {
    EvalError error = error_with_value("D3060", call.args[0]);
    error.index = 1;
    throw error;
  }
  return Value::number(std::sqrt(value));
}

Value fn_power(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const double base = call.args[0].as_number();
  const double exponent = call.args[1].as_number();
  double result = std::pow(base, exponent);
  // JavaScript: 1 ** ±Infinity and 1 ** NaN are NaN (C gives 1).
  if ((base == 1 || base == -1) && !std::isfinite(exponent)) result = NAN;
  if (!std::isfinite(result)) {
    EvalError error = error_with_value("D3061", call.args[0]);
    error.index = 1;
    error.exp = stringify(call.args[1]);
    throw error;
  }
  return Value::number(result);
}

double unit_interval(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

Value fn_random(Evaluator& evaluator, Call& call) {
  if (!call.args.empty() && !call.args[0].is_undefined()) {
    // A pure function of the seed: mix64 of the FNV-1a hash of the seed's JSON text.
    return Value::number(unit_interval(mix64(hash_name(stringify(call.args[0])))));
  }
  if (!evaluator.random) {
    EvalError error{"U1004"};
    error.message = "No random source was provided for $random()";
    throw error;
  }
  return Value::number(unit_interval(evaluator.random->next_u64()));
}

Value fn_format_base(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  auto round_value = [](double x) {
    double r = js_round(x);
    if (std::fabs(r - x) == 0.5 && std::fabs(std::fmod(r, 2)) == 1) r -= 1;
    return r;
  };
  const double value = round_value(call.args[0].as_number());
  double radix = 10;
  if (call.args.size() > 1 && !call.args[1].is_undefined()) radix = round_value(call.args[1].as_number());
  if (radix < 2 || radix > 36 || std::isnan(radix)) fail_value("D3100", Value::number(radix));
  return Value::string(js_radix_text(value, static_cast<int>(radix)));
}

// AWS's $range(start, end, step): start, start+step, ... while not past end (inclusive).
Value fn_range(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined() || call.args[1].is_undefined()) return {};
  const double start = call.args[0].as_number();
  const double end = call.args[1].as_number();
  const double step = call.args.size() > 2 && !call.args[2].is_undefined() ? call.args[2].as_number() : 1;
  auto made = new_array(true);
  if (step == 0 || std::isnan(step)) return new_array().value;
  const double count = std::floor((end - start) / step) + 1;
  if (count > 1e7) fail_value("D2014", Value::number(count));
  if (count > 0) evaluator.check_array(static_cast<size_t>(count));
  for (double k = 0; k < count; ++k) made.box->items.push_back(Value::number(start + k * step));
  evaluator.count(made.box->items.size());
  if (made.box->items.empty()) {
    auto empty = new_array();
    return std::move(empty.value);
  }
  return std::move(made.value);
}

const Builtin kNumericBuiltins[] = {
    {"sum", "<a<n>:n>", fn_sum, 1, {}},
    {"count", "<a:n>", fn_count, 1, {}},
    {"max", "<a<n>:n>", fn_max, 1, {}},
    {"min", "<a<n>:n>", fn_min, 1, {}},
    {"average", "<a<n>:n>", fn_average, 1, {}},
    {"number", "<(nsb)-:n>", fn_number, 1, {}},
    {"abs", "<n-:n>", fn_abs, 1, {}},
    {"floor", "<n-:n>", fn_floor, 1, {}},
    {"ceil", "<n-:n>", fn_ceil, 1, {}},
    {"round", "<n-n?:n>", fn_round, 2, {}},
    {"sqrt", "<n-:n>", fn_sqrt, 1, {}},
    {"power", "<n-n:n>", fn_power, 2, {}},
    {"random", "<j?:n>", fn_random, 0, {}},
    {"formatBase", "<n-n?:s>", fn_format_base, 2, {}},
    {"range", "<nnn?:a<n>>", fn_range, 3, {}},
};

}  // namespace

std::span<const Builtin> numeric_builtins() { return kNumericBuiltins; }

}  // namespace wfsim::jsonata::detail
