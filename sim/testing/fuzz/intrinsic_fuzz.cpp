// libFuzzer target: intrinsic functions ("States.Format('{}', $.name)", States.ArrayRange,
// States.Base64Decode, States.Hash, States.JsonMerge, ... nested up to ten deep), compiled and
// evaluated the two ways the engine and tools reach them: asl::evaluate_intrinsic and a payload
// template field {"value.$": <expression>}.
//
// Input: the expression up to the first newline, then the state input as JSON (read by the
// strict reader; when that rejects it, a fixed input with strings, numbers and arrays stands in).
//
// Promises checked, beyond "no crash, no hang, no escaped exception, no WFSIM_ASSERT":
//   - evaluation is deterministic for a given random stream (States.UUID, States.MathRandom);
//   - the template field gives the same value as the standalone call when both succeed;
//   - every result and error message can be written as JSON (invalid UTF-8 from
//     States.Base64Decode is replaced, never thrown on).
#include <string>

#include "asl/payload.h"
#include "fuzz_support.h"
#include "scenario/strict_json.h"

namespace {

using namespace wfsim;

const Json& fallback_input() {
  static const Json input = Json::parse(R"({
    "name": "Ada", "n": 3, "x": -2.5, "big": 9007199254740993, "list": [1, 2, 2, "3", [4]],
    "text": "a,b,,c", "b64": "aGVsbG8=", "obj": {"a": 1, "b": {"c": 2}}, "empty": "",
    "nested": {"list": [{"k": "v"}], "s": "{\"j\": [1, 2]}"}
  })");
  return input;
}

const Json& context_object() {
  static const Json context = Json::parse(R"({
    "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:m:e", "Input": {},
                  "Name": "e", "StartTime": "2024-01-01T00:00:00.000Z"},
    "State": {"Name": "S", "EnteredTime": "2024-01-01T00:00:00.000Z", "RetryCount": 0},
    "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:m", "Name": "m"},
    "Task": {"Token": "token-1"}, "Map": {"Item": {"Index": 0, "Value": "v"}}
  })");
  return context;
}

std::string written(const asl::Outcome<Json>& outcome) {
  if (!outcome.ok()) {
    WFSIM_FUZZ_CHECK(!outcome.error().error.empty(), "an error without a name");
    Json error = {{"error", outcome.error().error}, {"cause", outcome.error().cause}};
    return error.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return outcome.value().dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = fuzz::as_text(data, size);
  const size_t newline = bytes.find('\n');
  const std::string expression(bytes.substr(0, newline));
  Json own;
  const Json* input = &fallback_input();
  if (newline != std::string_view::npos) {
    auto read = scenario::parse_json_text(bytes.substr(newline + 1), "fuzz.json");
    if (auto* json = std::get_if<Json>(&read)) {
      own = std::move(*json);
      input = &own;
    }
  }
  Random first(7);
  Random second(7);
  const auto once = asl::evaluate_intrinsic(expression, *input, &context_object(), first);
  const auto twice = asl::evaluate_intrinsic(expression, *input, &context_object(), second);
  const std::string text = written(once);
  WFSIM_FUZZ_CHECK(text == written(twice), "two evaluations with one seed differ: " + text);
  // A malformed call and a call failing on its arguments are both States.IntrinsicFailure.
  fuzz::tally(once.ok() ? "accepted" : "rejected");

  asl::Problems problems;
  const Json field = {{"value.$", expression}};
  const auto compiled = asl::PayloadTemplate::compile(field, "/Parameters", problems);
  WFSIM_FUZZ_CHECK(compiled.has_value() == problems.empty(), "compile and its problems disagree");
  if (!compiled) return 0;
  Random third(7);
  const auto payload = compiled->evaluate(*input, &context_object(), third);
  written(payload);
  if (payload.ok() && once.ok() && expression.starts_with("States.")) {
    const auto value = payload.value().find("value");
    WFSIM_FUZZ_CHECK(value != payload.value().end(), "the template dropped its field");
    WFSIM_FUZZ_CHECK(*value == once.value(),
                     "the template and the standalone call differ on " + expression);
  }
  return 0;
}
