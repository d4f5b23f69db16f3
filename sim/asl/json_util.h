// Internal helpers over JSON values shared by paths, Choice rules and intrinsic functions:
// exact numeric comparison across int64/uint64/double, value equality that ignores object key
// order, a hash consistent with that equality, integer reading, and UTF-8 measuring and repair.
//
// Deliberately not here: anything that parses definitions or reports Problems.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "record/json.h"

namespace wfsim::asl::detail {

// Orders two JSON numbers by value, exactly (no rounding of int64 through double):
// -1, 0 or 1; nullopt when either is not a number or is NaN.
std::optional<int> compare_numbers(const Json& a, const Json& b);

// JSON value equality as Step Functions means it: numbers by value (1 == 1.0), objects by their
// key/value set whatever the key order, arrays element-wise. Iterative: never deep recursion.
bool json_equal(const Json& a, const Json& b);

// A hash consistent with json_equal (equal values hash equally).
uint64_t json_hash(const Json& value);

// The value of an integer JSON number (signed, or unsigned that fits int64); nullopt otherwise.
// Floating-point numbers are not integers here, even 30.0, as in statelint.
std::optional<int64_t> as_int64(const Json& value);

// An integer argument as AWS intrinsics read it: integers as they are, other numbers rounded to
// the nearest integer half up (Java Math.round). nullopt for non-numbers and out-of-range values.
std::optional<int64_t> rounded_int64(const Json& value);

// Length in UTF-16 code units, the "characters" AWS counts (Java String.length()). Each invalid
// UTF-8 byte counts as one.
size_t utf16_length(std::string_view text);
// Number of Unicode code points; each invalid UTF-8 byte counts as one.
size_t code_point_count(std::string_view text);
// Length (1..4) of the valid UTF-8 sequence starting at text[pos]; 0 when none starts there.
size_t utf8_sequence_length(std::string_view text, size_t pos);
// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

// json_depth and kMaxJsonDepth live in record/json.h (the engine checks API inputs with them).
using wfsim::json_depth;
using wfsim::kMaxJsonDepth;

// Appends key/value to an object without looking for the key first (ordered_json's operator[]
// searches linearly). The caller guarantees the key is not there yet.
void append_new_key(Json& object, const std::string& key, Json value);

// Compact JSON text (invalid UTF-8 replaced, never throws).
std::string compact(const Json& value);

}  // namespace wfsim::asl::detail
