// libFuzzer target: JSONPath parsing and evaluation (asl/path.h), the paths of InputPath,
// Parameters "x.$", Choice Variable, ItemsPath and the others.
//
// Input: the path text up to the first newline, then a JSON document to evaluate it against
// (read by the strict reader; when that rejects it, a fixed document with objects, arrays,
// numbers and strings stands in, so every input still evaluates).
//
// Promises checked, beyond "no crash, no hang, no escaped exception, no WFSIM_ASSERT":
//   - a parsed path keeps its text; parse failures carry a message;
//   - a definite path's select() is its find(), and its normalized text (the bracket form error
//     messages quote) parses to a path that selects the same node (when no name holds a quote
//     or a backslash, which bracket names keep literally and messages escape, as Jayway does);
//   - a path ending in a multi-name step after definite steps selects one object or nothing;
//   - any other path selects an array; evaluation is deterministic.
#include <string>
#include <variant>

#include "asl/path.h"
#include "fuzz_support.h"
#include "scenario/strict_json.h"

namespace {

using namespace wfsim;

const Json& fallback_document() {
  static const Json document = Json::parse(R"({
    "a": {"b": [1, 2.5, "x", null, true, {"c": [[], {}]}], "": "empty key", "d.e": {"f": 0}},
    "items": [{"id": 1, "price": 10}, {"id": 2, "price": 20.5}, {"id": "3"}],
    "s": "text", "n": -7, "big": 1.0e300, "nested": [[[[1]]]]
  })");
  return document;
}

void check_definite(const asl::JsonPath& path, const Json& document) {
  const Json* found = path.find(document);
  const std::optional<Json> selected = path.select(document);
  WFSIM_FUZZ_CHECK((found == nullptr) == !selected.has_value(), "find and select disagree");
  if (found != nullptr) WFSIM_FUZZ_CHECK(*found == *selected, "find and select disagree");
  const std::string normalized = path.normalized_text();
  if (normalized.find('\\') != std::string::npos) return;  // Escaped for messages only.
  auto again = asl::JsonPath::parse(normalized);
  if (const auto* error = std::get_if<std::string>(&again)) {
    fuzz::oracle_failed("the normalized text " + normalized + " of " + path.text() +
                        " does not parse: " + *error);
  }
  const auto& reparsed = std::get<asl::JsonPath>(again);
  WFSIM_FUZZ_CHECK(reparsed.is_definite() && reparsed.is_context() == path.is_context(),
                   "the normalized text " + normalized + " changed the path's kind");
  WFSIM_FUZZ_CHECK(reparsed.select(document) == selected,
                   "the normalized text " + normalized + " selects something else");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const size_t newline = input.find('\n');
  const std::string_view text = input.substr(0, newline);
  auto parsed = asl::JsonPath::parse(text);
  if (const auto* error = std::get_if<std::string>(&parsed)) {
    WFSIM_FUZZ_CHECK(!error->empty(), "a parse failure without a message");
    fuzz::tally("rejected");
    return 0;
  }
  const asl::JsonPath& path = std::get<asl::JsonPath>(parsed);
  WFSIM_FUZZ_CHECK(path.text() == text, "the path lost its text");
  fuzz::tally("accepted");
  Json own;
  const Json* document = &fallback_document();
  if (newline != std::string_view::npos) {
    auto read = scenario::parse_json_text(input.substr(newline + 1), "fuzz.json");
    if (auto* json = std::get_if<Json>(&read)) {
      own = std::move(*json);
      document = &own;
    }
  }
  if (path.is_definite()) {
    check_definite(path, *document);
    return 0;
  }
  const std::optional<Json> selected = path.select(*document, document);
  if (path.yields_one_value()) {
    WFSIM_FUZZ_CHECK(!selected.has_value() || selected->is_object(),
                     "a multi-name selection did not give one object");
    return 0;
  }
  WFSIM_FUZZ_CHECK(selected.has_value() && selected->is_array(),
                   "an indefinite path did not select an array");
  WFSIM_FUZZ_CHECK(path.select(*document, document) == selected, "two evaluations differ");
  return 0;
}
