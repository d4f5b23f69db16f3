// libFuzzer target: JSONata expressions. Input: the expression up to the first "\n\n" (or the
// whole input), then optionally a JSON input document (read leniently by nlohmann; when that
// fails, a fixed input with nested arrays, objects, strings and numbers stands in).
//
// Promises checked, beyond "no crash, no hang, no escaped exception, no WFSIM_ASSERT":
//   - compile() gives an Expression or an Error with a code, never both and never neither;
//   - evaluation ends (the step budget is small here) and is deterministic for one seed;
//   - every error has a code and a message, and every value can be written as JSON text.
#include <string>

#include "fuzz_support.h"
#include "jsonata/jsonata.h"

namespace {

using namespace wfsim;

const Json& fallback_input() {
  static const Json input = Json::parse(R"({
    "a": [1, 2, {"b": [3, "x", null]}, [4, [5]]], "s": "Hello, World", "n": -2.5,
    "o": {"k": "v", "nested": {"deep": [true, false]}, "10": "ten"},
    "orders": [{"id": 1, "total": 10.5, "tags": ["a"]}, {"id": 2, "total": 3, "tags": []}]
  })");
  return input;
}

std::string written(const jsonata::Outcome& outcome) {
  switch (outcome.kind) {
    case jsonata::Outcome::Kind::value:
      return outcome.value.dump(-1, ' ', false, Json::error_handler_t::replace);
    case jsonata::Outcome::Kind::undefined: return "undefined";
    case jsonata::Outcome::Kind::function: return "function";
    case jsonata::Outcome::Kind::error:
      WFSIM_FUZZ_CHECK(!outcome.error.code.empty(), "an error without a code");
      WFSIM_FUZZ_CHECK(!outcome.error.message.empty(), "an error without a message: " + outcome.error.code);
      return "error " + outcome.error.code + " " + std::to_string(outcome.error.position);
  }
  return "";
}

jsonata::Outcome run(const jsonata::Expression& expression, const Json* input) {
  Random random(11);
  jsonata::Environment environment;
  environment.now_millis = 1700000000000;
  environment.random = &random;
  environment.limits.steps = 200'000;
  environment.limits.string_bytes = 1 << 20;
  environment.limits.array_length = 100'000;
  return jsonata::evaluate(expression, input, environment);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = fuzz::as_text(data, size);
  const size_t split = bytes.find("\n\n");
  const std::string_view text = bytes.substr(0, split);
  Json own;
  const Json* input = &fallback_input();
  if (split != std::string_view::npos) {
    const std::string_view json = bytes.substr(split + 2);
    own = Json::parse(json.begin(), json.end(), nullptr, false);
    if (!own.is_discarded() && json_depth(own, kMaxJsonDepth) <= kMaxJsonDepth) input = &own;
  }
  auto compiled = jsonata::compile(text);
  if (auto* error = std::get_if<jsonata::Error>(&compiled)) {
    WFSIM_FUZZ_CHECK(!error->code.empty() && !error->message.empty(), "a syntax error without text");
    fuzz::tally("rejected");
    return 0;
  }
  const auto& expression = std::get<jsonata::Expression>(compiled);
  const std::string once = written(run(expression, input));
  const std::string twice = written(run(expression, input));
  WFSIM_FUZZ_CHECK(once == twice, "two evaluations with one seed differ: " + once + " / " + twice);
  fuzz::tally("accepted");
  return 0;
}
