// JSONPath forms Jayway accepts beyond the basics of path_test.cpp: a dot before a bracket,
// multi-name selection merged into one object, filters with paths from "$" and workflow
// variables, precedence, negation, in / nin, and "$name" variable paths with their references.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include "asl/path.h"
#include "asl/path_step.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;
using test::path;

const Json kBooks = json(R"({
  "books": [
    {"title": "A", "price": 8, "isbn": "1"},
    {"title": "B", "price": 12},
    {"title": "C", "price": 22.5, "isbn": "3"}
  ],
  "wanted": ["B"],
  "limit": 10,
  "not_a_list": "B"
})");

Json titles(const JsonPath& p, const Json& document, const Json* variables = nullptr) {
  const auto selected = p.select(document, variables);  // Kept alive for the loop.
  Json out = Json::array();
  for (const Json& book : *selected) out.push_back(book["title"]);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_path_forms)

BOOST_AUTO_TEST_CASE(a_dot_before_a_bracket_reads_as_the_bracket_as_in_jayway) {
  const Json list = json(R"([{"b": 1, "x": 2}, {"b": 3}])");
  BOOST_CHECK_EQUAL(*path("$.[0]").select(list), list[0]);
  BOOST_CHECK_EQUAL(*path("$.[*]").select(list), list);
  BOOST_CHECK_EQUAL(*path("$.a.[0].b").select(json(R"({"a": [{"b": 7}]})")), 7);
  BOOST_CHECK_EQUAL(*path("$.['a']").select(json(R"({"a": 5})")), 5);
  BOOST_CHECK_EQUAL(*path("$.[?(@.b > 1)]").select(list), json(R"([{"b": 3}])"));
  BOOST_CHECK_EQUAL(path("$.a.[0].b").normalized_text(), path("$.a[0].b").normalized_text());
  BOOST_CHECK(path("$.a.[0]").is_reference_path());
}

BOOST_AUTO_TEST_CASE(a_last_multi_name_step_merges_those_members_into_one_object) {
  const Json doc = json(R"({"bucket": "b", "key": "k", "x": 1})");
  const JsonPath p = path("$['bucket','key']");
  BOOST_CHECK(p.yields_one_value());
  BOOST_CHECK(!p.is_definite());
  BOOST_CHECK(!p.is_reference_path());
  BOOST_CHECK_EQUAL(*p.select(doc), json(R"({"bucket": "b", "key": "k"})"));
  // Members come in the listed order; a missing one is left out; none present is {}.
  BOOST_CHECK_EQUAL(path("$['key', 'none', 'bucket']").select(doc)->dump(),
                    R"({"key":"k","bucket":"b"})");
  BOOST_CHECK_EQUAL(*path("$['none','other']").select(doc), json("{}"));
  BOOST_CHECK_EQUAL(*path("$['x','x']").select(doc), json(R"({"x": 1})"));
  // A definite path that reaches no object gives no result, as Jayway's "No results".
  BOOST_CHECK(!path("$.x['a','b']").select(doc).has_value());
  BOOST_CHECK(!path("$.none['a','b']").select(doc).has_value());
  BOOST_CHECK(!path("$['a','b']").select(json("[1, 2]")).has_value());
}

BOOST_AUTO_TEST_CASE(a_multi_name_step_after_a_wildcard_merges_each_object) {
  const Json list = json(R"([{"bucket": "b1", "key": "k1", "size": 3}, {"bucket": "b2"}, 7,
                             {"other": true}])");
  const JsonPath p = path("$.[*].['bucket', 'key']");
  BOOST_CHECK(!p.yields_one_value());
  BOOST_CHECK_EQUAL(*p.select(list),
                    json(R"([{"bucket": "b1", "key": "k1"}, {"bucket": "b2"}, {}])"));
  BOOST_CHECK_EQUAL(*path("$..['a','b']").select(json(R"({"a": 1, "c": {"b": 2}})")),
                    json(R"([{"a": 1}, {"b": 2}])"));
}

BOOST_AUTO_TEST_CASE(a_filter_compares_with_a_path_from_the_root_document) {
  const Json doc = json(R"({"agent_id": "w2", "workers": [{"workerId": "w1"},
                                                          {"workerId": "w2"}]})");
  BOOST_CHECK_EQUAL(*path("$.workers[?(@.workerId == $.agent_id)]").select(doc),
                    json(R"([{"workerId": "w2"}])"));
  BOOST_CHECK_EQUAL(*path("$.workers[?($['agent_id'] != @.workerId)].workerId").select(doc),
                    json(R"(["w1"])"));
  BOOST_CHECK_EQUAL(*path("$.workers[?(@.workerId == $.missing)]").select(doc), json("[]"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.price < $.limit)]"), kBooks), json(R"(["A"])"));
}

BOOST_AUTO_TEST_CASE(filter_literals_of_every_type_compare_on_either_side) {
  const Json items = json(R"([{"v": true}, {"v": false}, {"v": null}, {"v": "s"}, {"v": 1.0},
                              {"v": 1}, {}])");
  const auto count = [&](std::string_view text) { return path(text).select(items)->size(); };
  BOOST_CHECK_EQUAL(count("$[?(@.v == true)]"), 1u);
  BOOST_CHECK_EQUAL(count("$[?(false == @.v)]"), 1u);
  BOOST_CHECK_EQUAL(count("$[?(null == @.v)]"), 1u);
  BOOST_CHECK_EQUAL(count("$[?(@.v == \"s\")]"), 1u);
  BOOST_CHECK_EQUAL(count("$[?(@.v == 1)]"), 2u);
  BOOST_CHECK_EQUAL(count("$[?(@.v != 'x')]"), 6u);  // The element without v is not counted.
  BOOST_CHECK_EQUAL(count("$[?(1 <= @.v)]"), 2u);
  BOOST_CHECK_EQUAL(count("$[?(1 == 1)]"), 7u);
  BOOST_CHECK_EQUAL(count("$[?(@.v > 'a')]"), 1u);
  BOOST_CHECK_EQUAL(count("$[?( @.v>0&&@.v<2 )]"), 2u);
}

BOOST_AUTO_TEST_CASE(and_binds_tighter_than_or_and_parentheses_group) {
  const Json items = json(R"([{"id": 1, "a": 1}, {"id": 2, "b": 1}, {"id": 3, "b": 1, "c": 1},
                              {"id": 4, "c": 1}])");
  const auto ids = [&](std::string_view text) {
    const auto selected = path(text).select(items);
    Json out = Json::array();
    for (const Json& item : *selected) out.push_back(item["id"]);
    return out;
  };
  BOOST_CHECK_EQUAL(ids("$[?(@.a || @.b && @.c)]"), json("[1, 3]"));
  BOOST_CHECK_EQUAL(ids("$[?(@.a || (@.b && @.c))]"), json("[1, 3]"));
  BOOST_CHECK_EQUAL(ids("$[?((@.a || @.b) && @.c)]"), json("[3]"));
  BOOST_CHECK_EQUAL(ids("$[?(@.b && @.c || @.a)]"), json("[1, 3]"));
}

BOOST_AUTO_TEST_CASE(negation_applies_to_an_existence_test_or_a_group) {
  BOOST_CHECK_EQUAL(titles(path("$.books[?(!@.isbn)]"), kBooks), json(R"(["B"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(!(@.price > 10))]"), kBooks), json(R"(["A"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(!!@.isbn)]"), kBooks), json(R"(["A","C"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(!(@.isbn && @.price > 10) && @.isbn)]"), kBooks),
                    json(R"(["A"])"));
}

BOOST_AUTO_TEST_CASE(in_and_nin_test_membership_in_a_list_or_a_selected_array) {
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title in ['A', \"C\"])]"), kBooks),
                    json(R"(["A","C"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title nin ['A','C'])]"), kBooks), json(R"(["B"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title in $.wanted)]"), kBooks), json(R"(["B"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.price in [8, 22.50])]"), kBooks),
                    json(R"(["A","C"])"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title in [])]"), kBooks), json("[]"));
  // A right-hand side that is not an array, or an absent left-hand side, never matches.
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title in $.not_a_list)]"), kBooks), json("[]"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title nin $.not_a_list)]"), kBooks), json("[]"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.isbn nin ['1'])]"), kBooks), json(R"(["C"])"));
}

BOOST_AUTO_TEST_CASE(a_filter_reads_workflow_variables_from_the_values_given) {
  const Json doc = json(R"({"workers": [{"workerId": "w1"}, {"workerId": "w2"}]})");
  const JsonPath p = path("$.workers[?(@.workerId == $agent.id)].workerId");
  const Json variables = json(R"({"agent": {"id": "w1"}})");
  BOOST_CHECK_EQUAL(*p.select(doc, &variables), json(R"(["w1"])"));
  BOOST_CHECK_EQUAL(*p.select(doc), json("[]"));  // No variables: the operand is absent.
  const Json other = json(R"({"someone": 1})");
  BOOST_CHECK_EQUAL(*p.select(doc, &other), json("[]"));
  BOOST_CHECK_EQUAL(titles(path("$.books[?(@.title in $wanted)]"), kBooks, &kBooks["books"]),
                    json("[]"));
}

BOOST_AUTO_TEST_CASE(a_variable_path_has_the_variable_as_its_root) {
  const JsonPath p = path("$order.lines[0].sku");
  BOOST_CHECK_EQUAL(p.variable(), "order");
  BOOST_CHECK(!p.is_context());
  BOOST_CHECK(!p.is_root());
  BOOST_CHECK(p.is_reference_path());
  BOOST_REQUIRE_EQUAL(p.steps().size(), 3u);
  BOOST_CHECK_EQUAL(p.steps()[0].name, "lines");
  const Json order = json(R"({"lines": [{"sku": "x-1"}]})");
  BOOST_CHECK_EQUAL(*p.find(order), "x-1");  // The caller passes the variable's value.
  const JsonPath whole = path("$x");
  BOOST_CHECK_EQUAL(whole.variable(), "x");
  BOOST_CHECK(!whole.is_root());
  BOOST_CHECK(whole.yields_one_value());
  BOOST_CHECK_EQUAL(whole.find(order), &order);
  BOOST_CHECK_EQUAL(path("$_a1['b']").variable(), "_a1");
  BOOST_CHECK_EQUAL(path("$states2").variable(), "states2");
  BOOST_CHECK(path("$").variable().empty());
  BOOST_CHECK(path("$$.Execution.Id").variable().empty());
  BOOST_CHECK(path("$.x").variable().empty());
}

BOOST_AUTO_TEST_CASE(variable_names_follow_the_identifier_grammar_and_states_is_reserved) {
  const auto error = [](std::string_view text) {
    auto parsed = JsonPath::parse(text);
    BOOST_REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
  };
  BOOST_CHECK_EQUAL(error("$states.input"), "Invalid path '$states.input': '$states' is "
                                            "reserved (it exists only in JSONata states) at "
                                            "position 1");
  BOOST_CHECK_EQUAL(error("$a-b"),
                    "Invalid path '$a-b': Illegal character at position 2 expected '.' or '['");
  BOOST_CHECK(error("$é").find("position 1") != std::string::npos);
  BOOST_CHECK(error("$.a[?(@.b == $states)]").find("'$states' is reserved") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(variable_references_list_each_variable_once_in_order) {
  using Names = std::vector<std::string>;
  BOOST_CHECK(path("$a[?(@.x == $b && @.y == $a.z || $c)]").variable_references() ==
              (Names{"a", "b", "c"}));
  BOOST_CHECK(path("$.x[?(@.y == $.z)]").variable_references().empty());
  BOOST_CHECK(path("$$.Map.Item.Value").variable_references().empty());
  BOOST_CHECK(path("$v").variable_references() == Names{"v"});
}

RC_BOOST_PROP(a_merge_keeps_exactly_the_listed_members_that_exist_in_listed_order, ()) {
  const std::vector<std::string> keys = {"a", "b", "c", "d"};
  Json object = Json::object();
  for (const auto& key : *rc::gen::container<std::vector<std::string>>(
           rc::gen::elementOf(keys))) {
    object[key] = *rc::gen::inRange(0, 9);
  }
  const auto listed = *rc::gen::suchThat(
      rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(keys)),
      [](const auto& names) { return names.size() >= 2; });
  std::string text = "$[";
  Json expected = Json::object();
  for (size_t i = 0; i < listed.size(); ++i) {
    text += (i > 0 ? ",'" : "'") + listed[i] + "'";
    if (object.contains(listed[i]) && !expected.contains(listed[i])) {
      expected[listed[i]] = object[listed[i]];
    }
  }
  text += "]";
  const auto selected = path(text).select(object);
  RC_ASSERT(selected.has_value());
  RC_ASSERT(selected->dump() == expected.dump());
}

RC_BOOST_PROP(a_variable_path_selects_from_the_value_as_the_same_path_from_dollar, ()) {
  const std::vector<std::string> tokens = {
      ".a", ".b", "[0]", "[-1]", "[*]", ".*", "..a", "['a','b']", "[1:]", "[?(@.a)]",
      "[?(@.a > $.b)]", "[?(@ == 'x' || !(@.b))]", "[?(@.a in [1, 'x'])]"};
  std::string steps;
  const int count = *rc::gen::inRange(0, 4);
  for (int i = 0; i < count; ++i) steps += *rc::gen::elementOf(tokens);
  const std::vector<Json> documents = {
      json(R"({"a": [1, {"a": 2, "b": 1}], "b": {"a": "x"}})"),
      json(R"([{"a": 1, "b": 0}, "x", {"b": [3]}])"), json("7")};
  const Json& document = *rc::gen::elementOf(documents);
  const JsonPath from_dollar = path("$" + steps);
  const JsonPath from_variable = path("$v" + steps);
  RC_ASSERT(from_variable.variable() == "v");
  RC_ASSERT(from_dollar.select(document) == from_variable.select(document));
}

RC_BOOST_PROP(a_filter_evaluates_and_before_or, ()) {
  Json items = Json::array();
  const int count = *rc::gen::inRange(0, 8);
  for (int i = 0; i < count; ++i) {
    Json item = Json::object();
    for (const char* key : {"a", "b", "c"}) {
      if (*rc::gen::arbitrary<bool>()) item[key] = true;
    }
    items.push_back(std::move(item));
  }
  Json expected = Json::array();
  for (const Json& item : items) {
    if ((item.contains("a") && item.contains("b")) || !item.contains("c")) expected.push_back(item);
  }
  RC_ASSERT(*path("$[?(@.a && @.b || !@.c)]").select(items) == expected);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
