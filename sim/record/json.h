// The JSON value type of wfsim: insertion-ordered, as Step Functions keeps object keys.
//
// State data (inputs, outputs, parameters) is passed around as Document, an immutable shared JSON
// value, so history events and states can hold the same document without copying it.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace wfsim {

using Json = nlohmann::ordered_json;
using Document = std::shared_ptr<const Json>;

inline Document make_document(Json value) { return std::make_shared<const Json>(std::move(value)); }

// Compact JSON text, as Step Functions prints inputs and outputs inside history events. Invalid
// UTF-8 in strings is replaced rather than thrown on.
std::string to_compact_text(const Json& value);

// Whether to_compact_text(value).size() <= limit, without serialising in the common case: a cheap
// upper bound on the text size is computed first (with an explicit stack, never recursing), and
// only a value whose bound exceeds the limit is serialised to be measured exactly.
bool compact_text_fits(const Json& value, size_t limit);

}  // namespace wfsim
