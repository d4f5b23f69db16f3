// sfn.variable_scopes (invariant 26, VAR-2.1, 2.2, 3.1, 3.2, 4.3; JSONATA-3.8): faithful runs of
// JSONata states with variables across scopes are clean; records edited by hand to show an
// Assign that read its own new values, a variable visible after its block, a Choice that went the
// wrong way or Arguments that saw $states.result are violations; what the record cannot tell
// (a catcher's exit, an expression that reads the clock) is left unjudged.
#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

constexpr std::string_view kScopes = "sfn.variable_scopes";

// Init assigns; a Map iteration (a JSONata Pass in a JSONPath Map) reads the outer variable and
// assigns its own; after the Map a Choice and a swapping Pass read both, and a Task's Arguments
// probe $states.result.
const char* kJsonPathMap = R"({"StartAt":"Init","States":{
    "Init":{"Type":"Pass","QueryLanguage":"JSONata","Assign":{"a":1,"b":2},"Next":"Fan"},
    "Fan":{"Type":"Map","ItemsPath":"$.items","ResultPath":null,
      "ItemProcessor":{"StartAt":"Mark","States":{
        "Mark":{"Type":"Pass","QueryLanguage":"JSONata",
                "Assign":{"inner":"{% $a + $states.input %}"},"Output":"{% $a %}","End":true}}},
      "Next":"Audit"},
    "Audit":{"Type":"Choice","QueryLanguage":"JSONata",
             "Choices":[{"Condition":"{% $exists($inner) %}","Next":"Leak"}],"Default":"Swap"},
    "Leak":{"Type":"Fail","Error":"Leaked"},
    "Swap":{"Type":"Pass","QueryLanguage":"JSONata",
            "Assign":{"a":"{% $b %}","b":"{% $a %}","seen":"{% $exists($inner) %}"},
            "Next":"Work"},
    "Work":{"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::lambda:invoke",
      "Arguments":{"FunctionName":"f","Payload":{"a":"{% $a %}",
                                                 "had":"{% $exists($states.result) %}"}},
      "Assign":{"got":"{% $states.result %}"},"Output":"{% $b %}","End":true}}})";

const Json kItems = {{"items", {1, 2}}};

// A run of kJsonPathMap with every task answered.
struct ScopesRun {
  SfnRun run;
  ScopesRun() {
    run.on_delivery(succeed_integrations());
    run.start(kJsonPathMap, kItems);
    run.run();
  }
};

HistoryEvent& exited(History& h, std::string_view name) {
  for (HistoryEvent& e : h.events) {
    if (is_state_exited(e.type) && e.name == name) return e;
  }
  BOOST_FAIL("no exit of " << name);
  return h.events.front();
}

void set_assigned(HistoryEvent& e, Json assigned) {
  e.assigned_variables = std::make_shared<const Json>(std::move(assigned));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_variable_checks)

BOOST_AUTO_TEST_CASE(faithful_scopes_swaps_and_arguments_are_clean) {
  ScopesRun s;
  const History& h = s.run.history();
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(check_invariant(kScopes, s.run.observation()).empty(),
             describe(check_invariant(kScopes, s.run.observation())));
  WFSIM_CHECK_CLEAN(s.run.observation());
}

BOOST_AUTO_TEST_CASE(an_assign_that_read_its_own_new_values_is_a_violation_2_1) {
  ScopesRun s;
  History h = s.run.history();
  // The swap as an in-place store would write it: b reads the new a.
  set_assigned(exited(h, "Swap"), Json{{"a", 2}, {"b", 2}, {"seen", false}});
  WFSIM_CHECK_VIOLATES(s.run.observation_with(&h, &s.run.calls), kScopes);
}

BOOST_AUTO_TEST_CASE(an_iteration_variable_seen_after_the_map_is_a_violation_3_2) {
  ScopesRun s;
  History h = s.run.history();
  set_assigned(exited(h, "Swap"), Json{{"a", 2}, {"b", 1}, {"seen", true}});
  WFSIM_CHECK_VIOLATES(s.run.observation_with(&h, &s.run.calls), kScopes);
}

BOOST_AUTO_TEST_CASE(an_iteration_that_missed_the_outer_variable_is_a_violation_3_1) {
  ScopesRun s;
  History h = s.run.history();
  set_assigned(exited(h, "Mark"), Json{{"inner", 7}});
  WFSIM_CHECK_VIOLATES(s.run.observation_with(&h, &s.run.calls), kScopes);
}

BOOST_AUTO_TEST_CASE(a_choice_turned_by_a_leaked_variable_is_a_violation) {
  ScopesRun s;
  History h = s.run.history();
  // The Choice's exit is followed by the Default's Swap; make it enter Leak instead.
  for (HistoryEvent& e : h.events) {
    if (e.type == EventType::PassStateEntered && e.name == "Swap") e.name = "Leak";
  }
  const auto found = check_invariant(kScopes, s.run.observation_with(&h, &s.run.calls));
  BOOST_TEST(!found.empty());
}

BOOST_AUTO_TEST_CASE(arguments_that_saw_the_result_are_a_violation_jsonata_3_8) {
  ScopesRun s;
  History h = s.run.history();
  for (HistoryEvent& e : h.events) {
    if (e.type != EventType::TaskScheduled) continue;
    Json parameters = *e.input;
    parameters["Payload"]["had"] = true;
    e.input = std::make_shared<const Json>(std::move(parameters));
  }
  WFSIM_CHECK_VIOLATES(s.run.observation_with(&h, &s.run.calls), kScopes);
}

BOOST_AUTO_TEST_CASE(what_the_record_cannot_tell_is_not_judged) {
  // The clock and a catcher's exit: any assignment is accepted.
  SfnRun run;
  run.on_delivery(integration_script({"E"}));
  run.start(R"({"QueryLanguage":"JSONata","StartAt":"Clock","States":{
      "Clock":{"Type":"Pass","Assign":{"at":"{% $millis() %}"},"Next":"Work"},
      "Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done",
                        "Assign":{"why":"{% $states.errorOutput.Error %}"}}],
              "End":true},
      "Done":{"Type":"Succeed"}}})");
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  History h = run.history();
  set_assigned(exited(h, "Clock"), Json{{"at", 12}});
  set_assigned(exited(h, "Work"), Json{{"why", "anything"}});
  BOOST_TEST(check_invariant(kScopes, run.observation_with(&h, &run.calls)).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
