// JSONata templates (jsonata_template.h): which strings are expressions (JSONATA-2.1, 2.2),
// expressions at any depth with their AWS locations (JSONATA-2.3, 5.4), syntax errors as
// problems with the field's pointer and JSONata's code and position, and the $states flag.
#include <boost/test/unit_test.hpp>

#include "asl/jsonata_template.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

JsonataTemplate compile_ok(const Json& source, const std::string& field = "Output") {
  Problems problems;
  auto compiled = JsonataTemplate::compile(source, field, "/States/S/" + field, problems);
  BOOST_REQUIRE_MESSAGE(compiled.has_value() && problems.empty(),
                        "template did not compile:\n" << test::describe(problems));
  return std::move(*compiled);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonata_templates)

BOOST_AUTO_TEST_CASE(only_a_string_opening_with_the_markers_and_closing_with_them_is_one) {
  BOOST_TEST(template_expression("{% $states.input %}").value() == "$states.input");
  BOOST_TEST(template_expression("{%1%}").value() == "1");
  BOOST_TEST(template_expression("{%\n\t 1 + 2 \r\n%}").value() == "1 + 2");
  // JSONATA-2.2: every other string is a literal.
  for (const char* literal : {" {% $states.input %} ", "{% 1 %} ", "$states.input", "$", "$$",
                              "{%}", "{% 1", "1 %}", "States.Format('{}', 1)", ""}) {
    BOOST_TEST_INFO(literal);
    BOOST_TEST(!template_expression(literal).has_value());
  }
}

BOOST_AUTO_TEST_CASE(a_value_without_expressions_has_no_holes_and_keeps_its_literals) {
  const Json source = json(R"({"a": "$.x", "b.$": "$", "c": [1, null, true, {}, []],
                               "d": " {% 1 %}"})");
  const JsonataTemplate compiled = compile_ok(source);
  BOOST_TEST(compiled.holes().empty());
  BOOST_TEST(!compiled.is_expression());
  BOOST_TEST(compiled.source() == source);
  BOOST_TEST(!compiled.reads_states());
}

BOOST_AUTO_TEST_CASE(a_whole_value_expression_is_located_at_the_field) {
  const JsonataTemplate compiled = compile_ok(Json("{% $states.input.a %}"), "Items");
  BOOST_TEST(compiled.is_expression());
  BOOST_REQUIRE(compiled.holes().size() == 1u);
  BOOST_TEST(compiled.holes()[0].location == "Items");
  BOOST_TEST(compiled.holes()[0].text == "$states.input.a");
  BOOST_TEST(compiled.reads_states());
}

// The engine builds the context object only when an expression may read $states.context.
BOOST_AUTO_TEST_CASE(reading_states_context_is_told_apart_from_other_members) {
  BOOST_TEST(!compile_ok(Json("{% $states.input.a + $states.result.v %}")).reads_states_context());
  BOOST_TEST(compile_ok(Json("{% $states.context.Execution.Id %}")).reads_states_context());
  // Any other use of $states may reach the context: counted as reading it.
  BOOST_TEST(compile_ok(Json("{% $keys($states) %}")).reads_states_context());
  BOOST_TEST(compile_ok(Json("{% ($s := $states; $s.context) %}")).reads_states_context());
  BOOST_TEST(compile_ok(json(R"({"a": "{% $states.input %}", "b": "{% $states %}"})"))
                 .reads_states_context());
  BOOST_TEST(!compile_ok(Json("{% 1 %}")).reads_states_context());
}

BOOST_AUTO_TEST_CASE(expressions_at_any_depth_are_located_by_their_keys) {
  const JsonataTemplate compiled = compile_ok(
      json(R"({"result": "{% $x %}", "nested": {"deep": ["lit", "{% 1 %}"]}})"), "Arguments");
  BOOST_TEST(!compiled.is_expression());
  BOOST_REQUIRE(compiled.holes().size() == 2u);
  std::vector<std::string> locations;
  for (const auto& hole : compiled.holes()) locations.push_back(hole.location);
  // Json keeps the keys in the order written.
  BOOST_TEST(locations[0] == "Arguments/result");
  BOOST_TEST(locations[1] == "Arguments/nested/deep/1");  // Array indexes: OQ-8, our choice.
  BOOST_TEST(!compiled.reads_states());
}

BOOST_AUTO_TEST_CASE(a_syntax_error_is_a_problem_at_the_leaf_with_code_and_position) {
  Problems problems;
  auto compiled = JsonataTemplate::compile(json(R"({"a/b": {"c": "{% 1 + %}"}, "d": "{% ok %}"})"),
                                           "Output", "/States/S/Output", problems);
  BOOST_TEST(!compiled.has_value());
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].path == "/States/S/Output/a~1b/c");
  BOOST_TEST(problems[0].message.starts_with("JSONata syntax error at position "));
  BOOST_TEST(problems[0].message.find("of '1 +': S0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_syntax_error_of_a_template_is_reported) {
  Problems problems;
  auto compiled = JsonataTemplate::compile(json(R"(["{% ( %}", "{% ] %}", "{% 1 %}"])"), "Items",
                                           "/States/M/Items", problems);
  BOOST_TEST(!compiled.has_value());
  BOOST_REQUIRE(problems.size() == 2u);
  BOOST_TEST(problems[0].path == "/States/M/Items/0");
  BOOST_TEST(problems[1].path == "/States/M/Items/1");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
