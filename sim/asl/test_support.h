// Helpers shared by the sim/asl tests: JSON literals, problem matching with readable failure
// messages, and small definition builders. Test-only; never linked into wfsim_asl.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "asl/definition.h"
#include "asl/outcome.h"
#include "asl/path.h"
#include "asl/problem.h"
#include "record/json.h"

namespace wfsim::asl::test {

inline Json json(std::string_view text) { return Json::parse(text); }

inline std::string describe(const Problems& problems) {
  std::string out;
  for (const Problem& problem : problems) out += "  " + to_string(problem) + "\n";
  return out.empty() ? "  (no problems)\n" : out;
}

// A problem at exactly `path` whose message contains `fragment`.
inline bool has_problem(const Problems& problems, std::string_view path,
                        std::string_view fragment) {
  for (const Problem& problem : problems) {
    if (problem.path == path && problem.message.find(fragment) != std::string::npos) return true;
  }
  return false;
}

inline JsonPath path(std::string_view text) {
  auto parsed = JsonPath::parse(text);
  // Boost builds the message even when the check passes, so it must not assume failure.
  const auto* error = std::get_if<std::string>(&parsed);
  BOOST_REQUIRE_MESSAGE(error == nullptr,
                        "path '" << text << "' did not parse: " << (error ? *error : ""));
  return std::get<JsonPath>(std::move(parsed));
}

// A definition whose only state is `state`, named "S".
inline Json single_state(const Json& state) {
  Json out = {{"StartAt", "S"}, {"States", {{"S", state}}}};
  return out;
}

inline std::shared_ptr<const Definition> parse_ok(const Json& definition) {
  auto parsed = parse_definition(definition);
  if (auto* problems = std::get_if<Problems>(&parsed)) {
    BOOST_FAIL("expected a valid definition, got:\n" << describe(*problems));
  }
  return std::get<std::shared_ptr<const Definition>>(parsed);
}

}  // namespace wfsim::asl::test

#define WFSIM_CHECK_PROBLEM(problems, path, fragment)                                        \
  BOOST_CHECK_MESSAGE(::wfsim::asl::test::has_problem((problems), (path), (fragment)),       \
                      "expected a problem at '" << (path) << "' containing '" << (fragment)  \
                                                << "', got:\n"                               \
                                                << ::wfsim::asl::test::describe(problems))

#define WFSIM_CHECK_NO_PROBLEMS(problems)                                                    \
  BOOST_CHECK_MESSAGE((problems).empty(),                                                    \
                      "expected no problems, got:\n" << ::wfsim::asl::test::describe(problems))
