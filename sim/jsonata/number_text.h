// Numbers as JavaScript writes and reads them: the one place a double becomes text in this
// module (Number.prototype.toString's shortest round trip and exponent rules, and JSONata's
// 15-significant-digit rule for $string), and decimal text becomes a double.
#pragma once

#include <string>
#include <string_view>

namespace wfsim::jsonata::detail {

// Number.prototype.toString(): "1e+21", "1.5e-7", "0.1", "-0" prints "0", "NaN", "Infinity".
std::string js_number_text(double value);
void append_js_number(std::string& out, double value);
// Number(value.toPrecision(15)): the value rounded to 15 significant digits ($string, and every
// number inside $string's JSON).
double round_to_15_digits(double value);
// Number.prototype.toString(radix) for a finite value, radix 2..36 (integers exact; fractions
// to the first 52 bits, as V8 writes them closely enough for $formatBase of rounded values).
std::string js_radix_text(double value, int radix);
// parseFloat of text that already matches JSON number syntax.
double parse_js_double(std::string_view text);

}  // namespace wfsim::jsonata::detail
