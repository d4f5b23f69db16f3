// Reading JSON text that may be hostile into a Json document without throwing or unbounded
// work: nlohmann's SAX interface drives a builder here, so the nesting limit acts while parsing
// (a file of a million '[' stops at the limit without building anything deep, so no recursive
// destructor or dump() ever sees such a document), and repeated object keys follow the caller's
// policy. Syntax errors keep nlohmann's "parse error at line L, column C: ..." wording.
//
// This file owns the parse. It does not read files, check sizes or word the caller's problems:
// the scenario loader (scenario/strict_json.h) and the S3 item reader (s3/json_reader.cpp) do,
// each with its own limits and wording.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "record/json.h"

namespace wfsim {

enum class DuplicateKeys : uint8_t {
  // A repeated key fails the parse ("duplicate key \"k\""); nlohmann would keep one silently.
  reject,
  // The key stays where it first was and takes the last value given (as Jackson-based readers
  // do).
  keep_first_place_last_value,
};

struct JsonReadFailure {
  std::string message;  // "nested deeper than N levels", "duplicate key ...", "parse error ...".
  std::string pointer;  // JSON Pointer of the value being read (limit and key failures only).
};

// RFC 6901 escaping of an object key as one JSON Pointer reference token: '~' is "~0", '/' is
// "~1". Every pointer wfsim prints escapes its keys with this (asl::pointer_segment too).
std::string json_pointer_token(std::string_view key);

// Parses `text` as one JSON document nested at most `max_depth` arrays and objects deep.
std::variant<Json, JsonReadFailure> parse_json_document(std::string_view text,
                                                        size_t max_depth,
                                                        DuplicateKeys duplicate_keys);

}  // namespace wfsim
