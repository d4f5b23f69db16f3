// $formatNumber, $formatInteger, $parseInteger, $fromMillis, $toMillis and $now through the
// JSONata layer (argument checks, defaults, the options object, the virtual clock), with results
// produced by jsonata-js 2.0.6. The algorithms behind picture.h have their own tests
// (picture_test.cpp, picture_datetime_test.cpp, picture_properties_test.cpp) in the same binary.
#include <boost/test/unit_test.hpp>

#include "jsonata/jsonata.h"

namespace wfsim::jsonata {
namespace {

struct Row {
  const char* expression;
  const char* expected;  // JSON, "undefined", or "error:CODE:message@position"
};

const Row kRows[] = {
    {R"~($formatNumber(1234.5678, '#,##0.00'))~", R"~("1,234.57")~"},
    {R"~($formatNumber(0.14, '01%'))~", R"~("14%")~"},
    {R"~($formatNumber(1234.5678, '#.##0,00', {'decimal-separator': ',', 'grouping-separator': '.'}))~", R"~("1.234,57")~"},
    {R"~($formatNumber(-6, '#0;(#0)'))~", R"~("(6)")~"},
    {R"~($formatNumber(1, '#,##0.00;#;#'))~", R"~(error:D3080:The picture string must only contain a maximum of two sub-pictures@14)~"},
    {R"~($formatInteger(123, 'w'))~", R"~("one hundred and twenty-three")~"},
    {R"~($formatInteger(1999, 'I'))~", R"~("MCMXCIX")~"},
    {R"~($formatInteger(7, '001'))~", R"~("007")~"},
    {R"~($parseInteger('twelve', 'w'))~", R"~(12)~"},
    {R"~($parseInteger('012', '000'))~", R"~(12)~"},
    {R"~($fromMillis(1510067557121))~", R"~("2017-11-07T15:12:37.121Z")~"},
    {R"~($fromMillis(1510067557121, '[Y0001]-[M01]-[D01]'))~", R"~("2017-11-07")~"},
    {R"~($fromMillis(1510067557121, '[H01]:[m01]', '-0500'))~", R"~("10:12")~"},
    {R"~($fromMillis(1510067557121, '[FNn], [D1o] [MNn] [Y]'))~", R"~("Tuesday, 7th November 2017")~"},
    {R"~($toMillis('2017-11-07T15:07:37.121Z'))~", R"~(1510067257121)~"},
    {R"~($toMillis('2017-11-07'))~", R"~(1510012800000)~"},
    {R"~($toMillis('nonsense'))~", R"~(error:D3110:The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given "nonsense"@10)~"},
    {R"~($toMillis('07/11/2017', '[D01]/[M01]/[Y0001]'))~", R"~(1510012800000)~"},
    {R"~($fromMillis(undefined))~", R"~(undefined)~"},
    {R"~($formatNumber(undefined, '#'))~", R"~(undefined)~"},
    {R"~($formatInteger('a', 'w'))~", R"~(error:T0410:Argument 2 of function "formatInteger" does not match function signature@15)~"},
    {R"~($fromMillis(1510067557121, '[Q]'))~", R"~(error:D3132:Unknown component specifier "Q" in date/time picture string@12)~"},
    // jsonata-js throws a bare JavaScript RangeError here (same message and position, no code);
    // wfsim gives it the code U1005.
    {R"~($formatInteger(1e7, 'I'))~", R"~(error:U1005:Maximum call stack size exceeded@15)~"},
    {R"~($formatNumber(1, $pad('0.', 103, '0')))~", R"~(error:U1005:toFixed() digits argument must be between 0 and 100@14)~"},
};

std::string outcome_text(std::string_view text, int64_t now) {
  auto compiled = compile(text);
  if (auto* error = std::get_if<Error>(&compiled))
    return "error:" + error->code + ":" + error->message + "@" + std::to_string(error->position);
  Environment environment;
  environment.now_millis = now;
  const Outcome outcome = evaluate(std::get<Expression>(compiled), nullptr, environment);
  switch (outcome.kind) {
    case Outcome::Kind::value: return outcome.value.dump();
    case Outcome::Kind::undefined: return "undefined";
    case Outcome::Kind::function: return "function";
    case Outcome::Kind::error:
      return "error:" + outcome.error.code + ":" + outcome.error.message + "@" +
             std::to_string(outcome.error.position);
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonata_picture_functions)

BOOST_AUTO_TEST_CASE(picture_functions_match_jsonata_js) {
  for (const Row& row : kRows) {
    const std::string actual = outcome_text(row.expression, 0);
    const std::string expected = row.expected;
    const bool same = expected.rfind("error:", 0) == 0 || expected == "undefined"
                          ? actual == expected
                          : actual.rfind("error:", 0) != 0 && actual != "undefined" &&
                                Json::parse(actual) == Json::parse(expected);
    BOOST_CHECK_MESSAGE(same, row.expression << "\n  expected " << expected << "\n  actual   "
                                             << actual);
  }
}

// jsonata-js loops until it runs out of memory here; the picture layer fails at once.
BOOST_AUTO_TEST_CASE(letters_of_infinity_fail_with_a_code) {
  BOOST_CHECK_EQUAL(outcome_text("$formatInteger(1/0, 'A')", 0),
                    "error:U1005:Invalid array length@15");
}

BOOST_AUTO_TEST_CASE(now_formats_the_virtual_clock) {
  BOOST_CHECK_EQUAL(outcome_text("$now()", 1510067557121), R"("2017-11-07T15:12:37.121Z")");
  BOOST_CHECK_EQUAL(outcome_text("$now('[Y0001]')", 1510067557121), R"("2017")");
  BOOST_CHECK_EQUAL(outcome_text("$now('[H01]', '+0100')", 1510067557121), R"("16")");
  BOOST_CHECK_EQUAL(outcome_text("[$now(), $now()] ~> $distinct() ~> $count()", 5), "1");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::jsonata
