// wfsim_jsonata_cli: evaluates JSON lines {"expr": ..., "input": ..., "bindings": {...}} and
// prints one JSON line per case ({"kind": "value", "value": ...} / "undefined" / "function" /
// {"kind": "error", "code", "message", "position"}), the same shape scripts/jsonata-compare's
// node side prints, so the two can be diffed. A development tool, not part of wfsim's CLI.
//
// $now()/$millis() read 1700000000000; $random()/$uuid() draw from Random(1).
#include <iostream>
#include <string>

#include "jsonata/jsonata.h"

int main() {
  using namespace wfsim;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const Json test = Json::parse(line, nullptr, false);
    Json out;
    if (test.is_discarded() || !test.contains("expr")) {
      std::cout << R"({"kind":"bad-case"})" << "\n";
      continue;
    }
    auto compiled = jsonata::compile(test["expr"].get<std::string>());
    if (auto* error = std::get_if<jsonata::Error>(&compiled)) {
      out = {{"kind", "error"}, {"code", error->code}, {"message", error->message},
             {"position", error->position}};
    } else {
      const auto& expression = std::get<jsonata::Expression>(compiled);
      std::vector<jsonata::Binding> bindings;
      if (test.contains("bindings")) {
        for (const auto& [name, value] : test["bindings"].items())
          bindings.push_back(jsonata::Binding{name, &value, {}});
      }
      Random random(1);
      jsonata::Environment environment;
      environment.now_millis = 1700000000000;
      environment.random = &random;
      environment.bindings = bindings;
      const Json* input = test.contains("input") ? &test["input"] : nullptr;
      const auto outcome = jsonata::evaluate(expression, input, environment);
      switch (outcome.kind) {
        case jsonata::Outcome::Kind::value: out = {{"kind", "value"}, {"value", outcome.value}}; break;
        case jsonata::Outcome::Kind::undefined: out = {{"kind", "undefined"}}; break;
        case jsonata::Outcome::Kind::function: out = {{"kind", "function"}}; break;
        case jsonata::Outcome::Kind::error:
          out = {{"kind", "error"}, {"code", outcome.error.code},
                 {"message", outcome.error.message}, {"position", outcome.error.position}};
          break;
      }
    }
    std::cout << out.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  }
  return 0;
}
