// JSONPath: every syntax form of path.h, definite lookups in place, indefinite selection in
// document order, filters, normalized text, classification, and parse errors with offsets.
#include <boost/test/unit_test.hpp>

#include "asl/path.h"
#include "asl/path_step.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;
using test::path;

const Json kStore = json(R"({
  "store": {
    "book": [
      {"title": "A", "price": 8, "isbn": "1"},
      {"title": "B", "price": 12},
      {"title": "C", "price": 22.5, "isbn": "3"}
    ],
    "bicycle": {"color": "red", "price": 19}
  },
  "odd key": {"it's": 1},
  "list": [0, 1, 2, 3, 4, 5]
})");

std::string parse_error(std::string_view text) {
  auto parsed = JsonPath::parse(text);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::string>(parsed),
                        "expected '" << text << "' to be rejected");
  return std::get<std::string>(parsed);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_path)

BOOST_AUTO_TEST_CASE(a_dot_path_finds_the_nested_node_in_place_without_copying) {
  const JsonPath p = path("$.store.bicycle.color");
  const Json* found = p.find(kStore);
  BOOST_REQUIRE(found != nullptr);
  BOOST_CHECK_EQUAL(found, &kStore["store"]["bicycle"]["color"]);
  BOOST_CHECK(p.is_definite());
  BOOST_CHECK(p.is_reference_path());
  BOOST_CHECK(!p.is_context());
  BOOST_CHECK_EQUAL(p.text(), "$.store.bicycle.color");
}

BOOST_AUTO_TEST_CASE(the_root_path_selects_the_whole_document) {
  const JsonPath p = path("$");
  BOOST_CHECK(p.is_root());
  BOOST_CHECK(p.is_definite());
  BOOST_CHECK(p.is_reference_path());
  BOOST_CHECK_EQUAL(p.find(kStore), &kStore);
  BOOST_CHECK_EQUAL(*p.select(kStore), kStore);
}

BOOST_AUTO_TEST_CASE(a_double_dollar_path_is_a_context_path) {
  const JsonPath p = path("$$.Task.Token");
  BOOST_CHECK(p.is_context());
  BOOST_CHECK(!p.is_root());
  const Json context = json(R"({"Task": {"Token": "t-1"}})");
  BOOST_CHECK_EQUAL(*p.find(context), "t-1");
  BOOST_CHECK(path("$$").is_root());
  BOOST_CHECK(path("$$").is_context());
}

BOOST_AUTO_TEST_CASE(bracket_names_accept_single_and_double_quotes) {
  BOOST_CHECK_EQUAL(*path("$['store']['bicycle']['price']").find(kStore), 19);
  BOOST_CHECK_EQUAL(*path("$[\"store\"][\"bicycle\"][\"color\"]").find(kStore), "red");
  BOOST_CHECK_EQUAL(*path("$['odd key'][\"it's\"]").find(kStore), 1);
  BOOST_CHECK(path("$['odd key']").is_reference_path());
}

// AWS does not unescape bracket names: a backslash only keeps the next character from closing
// the name, and stays in it (LocalStack's AWS recording test_base_scenarios::
// test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONPATH], template escape_sequences_jsonpath).
BOOST_AUTO_TEST_CASE(a_backslash_in_a_bracket_name_is_kept_as_aws_keeps_it) {
  const Json doc = json(R"({"Test\\\"\"Name\"": "with", "Test\"\"Name\"": "without",
                            "it\\'s": 2, "it's": 1})");
  // The path text $['Test\""Name"'] selects the key written with the backslash.
  BOOST_CHECK_EQUAL(*path(R"($['Test\""Name"'])").find(doc), "with");
  BOOST_CHECK_EQUAL(*path(R"($['it\'s'])").find(doc), 2);
  BOOST_CHECK_EQUAL(path(R"($['it\'s'])").steps()[0].name, R"(it\'s)");
  BOOST_CHECK_EQUAL(*path(R"($["it's"])").find(doc), 1);
}

BOOST_AUTO_TEST_CASE(dot_names_may_hold_dashes_colons_and_non_ascii_characters) {
  const Json doc = json(R"({"a-b": {"c:d": {"é": 1}}})");
  BOOST_CHECK_EQUAL(*path("$.a-b.c:d.é").find(doc), 1);
}

BOOST_AUTO_TEST_CASE(an_index_selects_an_element_and_a_negative_index_counts_from_the_end) {
  BOOST_CHECK_EQUAL(*path("$.list[2]").find(kStore), 2);
  BOOST_CHECK_EQUAL(*path("$.list[-1]").find(kStore), 5);
  BOOST_CHECK_EQUAL(*path("$.list[-1]").select(kStore), 5);
  BOOST_CHECK(path("$.list[-1]").is_definite());
  BOOST_CHECK(!path("$.list[-1]").is_reference_path());
  BOOST_CHECK(path("$.list[-7]").find(kStore) == nullptr);
  BOOST_CHECK(path("$.list[6]").find(kStore) == nullptr);
}

BOOST_AUTO_TEST_CASE(find_returns_null_when_a_name_is_missing_or_the_type_does_not_fit) {
  BOOST_CHECK(path("$.store.car").find(kStore) == nullptr);
  BOOST_CHECK(path("$.store[0]").find(kStore) == nullptr);
  BOOST_CHECK(path("$.list.length").find(kStore) == nullptr);
  BOOST_CHECK(path("$.store.bicycle.color.x").find(kStore) == nullptr);
  BOOST_CHECK(!path("$.store.car").select(kStore).has_value());
}

BOOST_AUTO_TEST_CASE(a_wildcard_selects_every_child_of_an_array_or_object_in_order) {
  BOOST_CHECK_EQUAL(*path("$.store.book[*].title").select(kStore), json(R"(["A","B","C"])"));
  BOOST_CHECK_EQUAL(*path("$.store.bicycle.*").select(kStore), json(R"(["red",19])"));
  BOOST_CHECK_EQUAL(*path("$.list[*]").select(kStore), kStore["list"]);
  BOOST_CHECK(!path("$.list[*]").is_definite());
}

BOOST_AUTO_TEST_CASE(slices_follow_python_semantics_with_any_bound_left_out) {
  const auto slice = [](std::string_view text) { return *path(text).select(kStore); };
  BOOST_CHECK_EQUAL(slice("$.list[1:3]"), json("[1,2]"));
  BOOST_CHECK_EQUAL(slice("$.list[:2]"), json("[0,1]"));
  BOOST_CHECK_EQUAL(slice("$.list[-2:]"), json("[4,5]"));
  BOOST_CHECK_EQUAL(slice("$.list[::2]"), json("[0,2,4]"));
  BOOST_CHECK_EQUAL(slice("$.list[4:1:-1]"), json("[4,3,2]"));
  BOOST_CHECK_EQUAL(slice("$.list[::-2]"), json("[5,3,1]"));
  BOOST_CHECK_EQUAL(slice("$.list[10:20]"), json("[]"));
  BOOST_CHECK_EQUAL(slice("$.list[-100:1]"), json("[0]"));
  BOOST_CHECK_EQUAL(slice("$.list[-9223372036854775808:9223372036854775807:9223372036854775807]"),
                    json("[0]"));
}

BOOST_AUTO_TEST_CASE(unions_of_indexes_and_of_names_keep_the_listed_order) {
  BOOST_CHECK_EQUAL(*path("$.list[4,0,-1]").select(kStore), json("[4,0,5]"));
  BOOST_CHECK_EQUAL(*path("$.store['bicycle','none','bicycle'].color").select(kStore),
                    json(R"(["red","red"])"));
}

BOOST_AUTO_TEST_CASE(recursive_descent_finds_every_match_in_document_order) {
  BOOST_CHECK_EQUAL(*path("$..price").select(kStore), json("[8,12,22.5,19]"));
  BOOST_CHECK_EQUAL(*path("$.store..isbn").select(kStore), json(R"(["1","3"])"));
  BOOST_CHECK_EQUAL(*path("$..book[0].title").select(kStore), json(R"(["A"])"));
  BOOST_CHECK_EQUAL(path("$..*").select(json(R"({"a":[1]})"))->size(), 2u);
}

BOOST_AUTO_TEST_CASE(chained_recursive_descents_visit_each_node_once_and_stay_linear) {
  Json chain = 1;
  for (int i = 0; i < 2000; ++i) chain = Json{{"a", std::move(chain)}};
  const auto matches = path("$..a..a..a..a..a..a..a..a").select(chain);
  BOOST_REQUIRE(matches.has_value());
  BOOST_CHECK_EQUAL(matches->size(), 1993u);  // Each "a" below the eighth level, once.
  const Json nested = json(R"({"a": {"a": {"b": 1}}})");
  BOOST_CHECK_EQUAL(*path("$..a..b").select(nested), json("[1]"));
}

BOOST_AUTO_TEST_CASE(a_comparison_filter_keeps_the_array_elements_that_satisfy_it) {
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.price > 10)].title").select(kStore),
                    json(R"(["B","C"])"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.price <= 12)].title").select(kStore),
                    json(R"(["A","B"])"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.title == 'C')].price").select(kStore),
                    json("[22.5]"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.title != \"C\")].price").select(kStore),
                    json("[8,12]"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.title >= 'B')].price").select(kStore),
                    json("[12,22.5]"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.price == 8.0)].title").select(kStore),
                    json(R"(["A"])"));
}

BOOST_AUTO_TEST_CASE(an_existence_filter_keeps_elements_that_have_the_member) {
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.isbn)].title").select(kStore),
                    json(R"(["A","C"])"));
  BOOST_CHECK_EQUAL(*path("$.list[?(@)]").select(kStore), kStore["list"]);
}

BOOST_AUTO_TEST_CASE(filters_combine_terms_with_and_and_or) {
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.price > 5 && @.isbn)].title").select(kStore),
                    json(R"(["A","C"])"));
  BOOST_CHECK_EQUAL(
      *path("$.store.book[?(@.price < 10 || @.title == 'C')].title").select(kStore),
      json(R"(["A","C"])"));
}

BOOST_AUTO_TEST_CASE(a_filter_compares_mismatched_types_as_false_and_skips_absent_members) {
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.title > 5)]").select(kStore), json("[]"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.missing == 1)]").select(kStore), json("[]"));
  BOOST_CHECK_EQUAL(*path("$.store.book[?(@.isbn != '1')].title").select(kStore),
                    json(R"(["C"])"));
}

BOOST_AUTO_TEST_CASE(a_filter_on_an_object_tests_the_object_itself_as_jayway_does) {
  BOOST_CHECK_EQUAL(*path("$.store.bicycle[?(@.color == 'red')].price").select(kStore),
                    json("[19]"));
  BOOST_CHECK_EQUAL(*path("$.store.bicycle[?(@.color == 'blue')]").select(kStore), json("[]"));
}

BOOST_AUTO_TEST_CASE(an_indefinite_path_with_no_match_selects_an_empty_array) {
  BOOST_CHECK_EQUAL(*path("$.nothing[*]").select(kStore), json("[]"));
  BOOST_CHECK_EQUAL(*path("$..nothing").select(kStore), json("[]"));
}

BOOST_AUTO_TEST_CASE(only_names_and_indexes_make_a_path_definite) {
  for (const char* text : {"$.a[*]", "$.a.*", "$.a[0:1]", "$.a[0,1]", "$.a['x','y']",
                           "$..a", "$.a[?(@.b)]"}) {
    BOOST_CHECK_MESSAGE(!path(text).is_definite(), text);
    BOOST_CHECK_MESSAGE(!path(text).is_reference_path(), text);
  }
}

BOOST_AUTO_TEST_CASE(find_on_an_indefinite_path_is_a_caller_bug_and_asserts) {
  BOOST_CHECK_THROW(path("$.list[*]").find(kStore), AssertionFailure);
}

BOOST_AUTO_TEST_CASE(the_normalized_text_uses_bracket_notation_as_aws_messages_do) {
  BOOST_CHECK_EQUAL(path("$.x").normalized_text(), "$['x']");
  BOOST_CHECK_EQUAL(path("$.a['b c'][3]").normalized_text(), "$['a']['b c'][3]");
  BOOST_CHECK_EQUAL(path("$$.Task.Token").normalized_text(), "$$['Task']['Token']");
  BOOST_CHECK_EQUAL(path("$..a[*][1:2][?(@.b)]").normalized_text(), "$..['a'][*][1:2][?]");
  // Names are quoted as Jayway quotes them in messages: backslash and quote escaped.
  BOOST_CHECK_EQUAL(path(R"($["it's"])").normalized_text(), R"($['it\'s'])");
  BOOST_CHECK_EQUAL(path(R"($['a\'b'])").normalized_text(), R"($['a\\\'b'])");
  BOOST_CHECK_EQUAL(path("$order.lines[0]").normalized_text(), "$order['lines'][0]");
}

BOOST_AUTO_TEST_CASE(a_default_constructed_path_behaves_as_the_root) {
  const JsonPath p;
  BOOST_CHECK(p.is_root());
  BOOST_CHECK_EQUAL(p.find(kStore), &kStore);
}

BOOST_AUTO_TEST_CASE(malformed_paths_are_rejected_naming_the_whole_path_and_the_position) {
  BOOST_CHECK_EQUAL(parse_error(""), "Invalid path '': Path must start with '$'");
  BOOST_CHECK_EQUAL(parse_error("store"), "Invalid path 'store': Path must start with '$'");
  BOOST_CHECK_EQUAL(parse_error("$1"),
                    "Invalid path '$1': Illegal character at position 1 expected '.' or '['");
  BOOST_CHECK_EQUAL(parse_error("$."), "Invalid path '$.': Path must not end with a '.' or '..'");
  BOOST_CHECK_EQUAL(parse_error("$.a."),
                    "Invalid path '$.a.': Path must not end with a '.' or '..'");
  BOOST_CHECK_EQUAL(parse_error("$.."), "Invalid path '$..': Path must not end with a '.' or '..'");
  BOOST_CHECK_EQUAL(parse_error("$...a"),
                    "Invalid path '$...a': Character '.' on position 3 is not valid.");
  BOOST_CHECK_EQUAL(parse_error("$[1"),
                    "Invalid path '$[1': Property has not been closed - missing closing ]");
  BOOST_CHECK_EQUAL(parse_error("$.a["), "Invalid path '$.a[': Could not parse token starting "
                                         "at position 3. Expected ?, ', 0-9, *");
  BOOST_CHECK_EQUAL(parse_error("$$x"),
                    "Invalid path '$$x': Illegal character at position 2 expected '.' or '['");
  BOOST_CHECK_EQUAL(parse_error("$['a"), "Invalid path '$['a': Property has not been closed - "
                                         "missing closing ' at position 2");
  BOOST_CHECK_EQUAL(parse_error("$.a b"), "Invalid path '$.a b': Use bracket notation ['my "
                                          "prop'] if your property contains blank characters. "
                                          "position: 3");
  BOOST_CHECK_EQUAL(parse_error("$.a.length()"), "Invalid path '$.a.length()': Path functions "
                                                 "such as 'length()' are not supported at "
                                                 "position 10");
  BOOST_CHECK(parse_error("$[]").find("position 1. Expected ?") != std::string::npos);
  BOOST_CHECK(parse_error("$[1:2:0]").find("Slice step must not be 0") != std::string::npos);
  BOOST_CHECK(parse_error("$[99999999999999999999]").find("Index out of range") !=
              std::string::npos);
  BOOST_CHECK_EQUAL(*path("$.a*").find(json(R"({"a*": 2})")), 2);
  BOOST_CHECK(parse_error("$.*a").find("after the wildcard") != std::string::npos);
  BOOST_CHECK(parse_error("$[*").find("Expected wildcard token to end with ']'") !=
              std::string::npos);
  BOOST_CHECK(parse_error("$[1,]").find("Expected an integer at position 4") !=
              std::string::npos);
  BOOST_CHECK(parse_error("$['a',]").find("Found empty property at index 6") !=
              std::string::npos);
  BOOST_CHECK(parse_error("$['a' 'b']").find("Property must be separated by comma") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_filters_are_rejected_with_the_reason) {
  const auto reason = [](std::string_view text) {
    const std::string error = parse_error(text);
    const std::string prefix = "Invalid path '" + std::string(text) + "': ";
    BOOST_REQUIRE(error.starts_with(prefix));
    return error.substr(prefix.size());
  };
  BOOST_CHECK_EQUAL(reason("$[?(@.a ==)]"),
                    "Expected a value (a path from '@' or '$', a quoted string, a number, true, "
                    "false, null or a list) at position 10");
  BOOST_CHECK_EQUAL(reason("$[?(@.a == 1e999)]"), "Invalid number at position 11");
  BOOST_CHECK_EQUAL(reason("$[?(a)]"), "Expected a value (a path from '@' or '$', a quoted "
                                       "string, a number, true, false, null or a list) at "
                                       "position 4");
  BOOST_CHECK_EQUAL(reason("$[?(@.a == 1]"), "Expected ')' to close the filter at position 12");
  BOOST_CHECK_EQUAL(reason("$[?(@.a == 1)"), "Expected ']' after the filter's ')' at position 13");
  BOOST_CHECK_EQUAL(reason("$[?@.a]"),
                    "Expected '(' after '[?' (a filter is written [?(...)]) at position 3");
  BOOST_CHECK_EQUAL(reason("$[?(@.a =~ /x/)]"), "Filter operator '=~' is not supported: Step "
                                                "Functions does not filter by regular "
                                                "expression at position 8");
  BOOST_CHECK_EQUAL(reason("$[?(@.a subsetof [1])]"),
                    "Filter operator 'subsetof' is not supported at position 8");
  BOOST_CHECK_EQUAL(reason("$[?(@.a === 1)]"), "Filter operator '===' is not supported at "
                                               "position 8");
  BOOST_CHECK_EQUAL(reason("$[?(@..a)]"), "A filter operand must be a definite path (names and "
                                          "indexes only) at position 6");
  BOOST_CHECK_EQUAL(reason("$[?(@.a[*])]"), "A filter operand must be a definite path (names "
                                            "and indexes only) at position 8");
  BOOST_CHECK_EQUAL(reason("$[?(@.a.length() > 1)]"),
                    "Path functions such as 'length()' are not supported at position 14");
  BOOST_CHECK_EQUAL(reason("$[?(1)]"),
                    "Expected a path or a comparison, not a lone literal at position 4");
  BOOST_CHECK_EQUAL(reason("$[?(!@.a == 1)]"), "'!' applies to a path or a parenthesized "
                                               "expression, not to a comparison; write !(...) "
                                               "at position 13");
  BOOST_CHECK_EQUAL(reason("$[?(@.a == $$.x)]"),
                    "The context object ('$$') cannot be read inside a filter at position 12");
  BOOST_CHECK_EQUAL(reason("$[?((@.a)]"), "Expected ')' to close the filter at position 9");
  BOOST_CHECK_EQUAL(reason("$[?((@.a]"),
                    "Expected ')' to close a parenthesized expression at position 8");
  BOOST_CHECK_EQUAL(reason("$[?(@.a in [[1]])]"),
                    "A filter list holds strings, numbers, booleans and null only at position 12");
  BOOST_CHECK_EQUAL(reason("$[?(@.a == trueish)]"),
                    "Expected a value (a path from '@' or '$', a quoted string, a number, true, "
                    "false, null or a list) at position 11");
  BOOST_CHECK_EQUAL(reason("$[?(@.a == 'x)]"),
                    "Property has not been closed - missing closing ' at position 11");
}

BOOST_AUTO_TEST_CASE(paths_longer_than_ten_thousand_characters_are_rejected) {
  std::string text = "$";
  while (text.size() <= 10'000) text += ".a";
  BOOST_CHECK_EQUAL(parse_error(text), "Invalid path: a path is longer than 10000 characters");
}

BOOST_AUTO_TEST_CASE(filters_and_recursive_descents_per_path_are_bounded) {
  std::string filters = "$";
  for (int i = 0; i < 9; ++i) filters += "[?(@.a)]";
  BOOST_CHECK(parse_error(filters).find("Too many filters") != std::string::npos);
  std::string terms = "$[?(@.a";
  for (int i = 0; i < 16; ++i) terms += " && @.a";
  terms += ")]";
  BOOST_CHECK(parse_error(terms).find("Too many terms") != std::string::npos);
  std::string descents = "$";
  for (int i = 0; i < 9; ++i) descents += "..a";
  BOOST_CHECK(parse_error(descents).find("Too many '..'") != std::string::npos);
  std::string nested = "$[?(";
  for (int i = 0; i < 9; ++i) nested += "(";
  nested += "@.a";
  for (int i = 0; i < 9; ++i) nested += ")";
  nested += ")]";
  BOOST_CHECK(parse_error(nested).find("more than 8 deep") != std::string::npos);
  std::string list = "$[?(@.a in [";
  for (int i = 0; i < 65; ++i) list += "1,";
  list += "1])]";
  BOOST_CHECK(parse_error(list).find("more than 64 items") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
