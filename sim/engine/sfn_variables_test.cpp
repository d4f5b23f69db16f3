// Workflow variables in the engine (sfn_variables.cpp and the states that assign): each VAR fact
// run as a definition to its history. Evaluation order (VAR-2.1 to 2.4), scopes of Parallel and
// Map (VAR-3.1 to 3.4), Catch and Choice (VAR-4.1 to 4.3), size limits (VAR-5.2), the history
// record (VAR-6.1 to 6.3), redrive (VAR-7.1), reads in JSONPath fields (VAR-1.2, 1.3, 1.3b) and
// in JSONata (VAR-1.4, 1.5, 1.7), and a JSONata catcher's Output (JSONATA-3.3, 3.6).
#include <map>

#include "core/random.h"
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

// Fails every task with a Lambda-like error.
void fail_all(LocalDriver& driver, const Delivery& d) {
  driver.engine().complete_integration(driver.now(), d.token,
                                       IntegrationResult::failure("Exception", "{\"m\":\"boom\"}"));
}

History run(const std::string& definition, const Json& input,
            LocalDriver::Responder responder = echo) {
  LocalDriver driver;
  driver.set_responder(std::move(responder));
  const std::string arn = driver.start(definition, input);
  driver.run();
  return history_of(driver, arn);
}

const HistoryEvent& exited(const History& h, std::string_view name) {
  for (const HistoryEvent& e : h.events) {
    if (is_state_exited(e.type) && e.name == name) return e;
  }
  BOOST_FAIL("no Exited event of " << name);
  return h.events.front();
}

// assignedVariables as GetExecutionHistory writes it (each value compact JSON text, VAR-6.2).
Json written_assignments(const HistoryEvent& e) {
  const Json details = event_to_json(e)[std::string(details_key(e.type))];
  return details.contains("assignedVariables") ? details["assignedVariables"] : Json();
}


// A random machine of nested Parallel and Map blocks whose Pass states each assign a fresh
// name; after every block a JSONata Pass outputs, for every name assigned so far anywhere,
// whether it is visible there. Built from a seeded wfsim::Random (the scope property below).
class ScopeMachine {
 public:
  explicit ScopeMachine(uint64_t seed) : random_(seed) {}

  // The definition; `probes` gets, per probe state, the names it must see and must not see.
  Json definition() {
    Json states = Json::object();
    std::vector<std::string> visible;
    sequence(states, visible, 0, "Root");
    return Json{{"StartAt", "Root0"}, {"States", std::move(states)}};
  }

  struct Probe {
    std::vector<std::string> seen;
    std::vector<std::string> hidden;
  };
  std::map<std::string, Probe> probes;

 private:
  Random random_;
  int next_name_ = 0;
  std::vector<std::string> all_names_;

  std::string fresh() {
    all_names_.push_back("v" + std::to_string(next_name_++));
    return all_names_.back();
  }

  // Appends a sequence of states named <prefix>0, <prefix>1, ... ending with End.
  void sequence(Json& states, std::vector<std::string>& visible, int depth,
                const std::string& prefix) {
    const int length = static_cast<int>(random_.uniform_in(1, 3));
    for (int i = 0; i < length; ++i) {
      const std::string name = prefix + std::to_string(i);
      const bool last = i + 1 == length;
      Json state;
      const bool block = depth < 3 && random_.uniform(2) == 0;
      if (!block) {
        const std::string var = fresh();
        state = {{"Type", "Pass"}, {"Assign", {{var, depth}}}};
        visible.push_back(var);
      } else {
        const bool map = random_.uniform(2) == 0;
        const size_t before = all_names_.size();
        if (map) {
          Json inner = Json::object();
          std::vector<std::string> inner_visible = visible;
          sequence(inner, inner_visible, depth + 1, name + "I");
          state = {{"Type", "Map"}, {"ItemsPath", "$.items"},
                   {"ItemSelector", {{"items", {1, 2}}}},
                   {"ItemProcessor", {{"StartAt", name + "I0"}, {"States", std::move(inner)}}}};
        } else {
          Json branches = Json::array();
          for (int b = 0; b < 2; ++b) {
            Json inner = Json::object();
            std::vector<std::string> inner_visible = visible;
            const std::string branch = name + "B" + std::to_string(b) + "_";
            sequence(inner, inner_visible, depth + 1, branch);
            branches.push_back({{"StartAt", branch + "0"}, {"States", std::move(inner)}});
          }
          state = {{"Type", "Parallel"}, {"Branches", std::move(branches)},
                   {"OutputPath", "$[0]"}};
        }
        // The probe right after the block: every outer name seen, every inner one hidden.
        const std::string probe = name + "Probe";
        Probe expected;
        expected.seen = visible;
        expected.hidden.assign(all_names_.begin() + static_cast<long>(before), all_names_.end());
        std::string list;
        for (const auto* names : {&expected.seen, &expected.hidden}) {
          for (const std::string& var : *names) {
            list += (list.empty() ? "" : ", ") + ("$exists($" + var + ")");
          }
        }
        Json probe_state = {{"Type", "Pass"}, {"QueryLanguage", "JSONata"},
                            {"Output", {{"items", {1, 2}}, {"seen", "{% [" + list + "] %}"}}}};
        if (last) {
          probe_state["End"] = true;
        } else {
          probe_state["Next"] = prefix + std::to_string(i + 1);
        }
        probes[probe] = std::move(expected);
        states[probe] = std::move(probe_state);
        state["Next"] = probe;
        states[name] = std::move(state);
        continue;
      }
      if (last) {
        state["End"] = true;
      } else {
        state["Next"] = prefix + std::to_string(i + 1);
      }
      states[name] = std::move(state);
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_variables)

BOOST_AUTO_TEST_CASE(no_variable_assigned_in_a_branch_or_iteration_is_visible_after_it) {
  // The scope invariant (VAR-3.1, 3.2) over 60 random nestings of Parallel and Map.
  int probes_checked = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    ScopeMachine machine(seed);
    const Json definition = machine.definition();
    const History h = run(definition.dump(), Json{{"items", {1, 2}}});
    BOOST_TEST_REQUIRE(h.events.back().type == EventType::ExecutionSucceeded,
                       "seed " << seed << ": " << definition.dump());
    for (const auto& [name, probe] : machine.probes) {
      for (const HistoryEvent& e : h.events) {
        if (e.type != EventType::PassStateExited || e.name != name) continue;
        Json expected = Json::array();
        for (size_t i = 0; i < probe.seen.size(); ++i) expected.push_back(true);
        for (size_t i = 0; i < probe.hidden.size(); ++i) expected.push_back(false);
        if (expected.empty()) continue;
        BOOST_TEST((*e.output)["seen"] == expected, "seed " << seed << " probe " << name);
        ++probes_checked;
      }
    }
  }
  BOOST_TEST(probes_checked > 30);
}

BOOST_AUTO_TEST_CASE(assignments_see_values_from_before_the_state_var_2_1_ex_3) {
  const History h = run(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{"theAnswer":42},"Next":"B"},
      "B":{"Type":"Pass","QueryLanguage":"JSONata","Next":"C",
           "Assign":{"theAnswer":18,"oldAnswer":"{% $theAnswer %}"}},
      "C":{"Type":"Pass","Assign":{"x.$":"$oldAnswer","oldAnswer.$":"$theAnswer"},"End":true}}})",
                        Json::object());
  BOOST_TEST(written_assignments(exited(h, "B")) ==
             Json({{"theAnswer", "18"}, {"oldAnswer", "42"}}));
  // A swap in the JSONPath form: both entries read the values from before (VAR-2.1).
  BOOST_TEST(written_assignments(exited(h, "C")) == Json({{"x", "42"}, {"oldAnswer", "18"}}));
  BOOST_TEST(*h.events.back().output == Json::object());  // Outputs pass through (EX-3).
}

BOOST_AUTO_TEST_CASE(other_fields_of_the_assigning_state_see_old_values_var_2_2) {
  const History h = run(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{"answer":42},"Next":"B"},
      "B":{"Type":"Pass","Assign":{"answer":"new"},"OutputPath":"$answer","Next":"C"},
      "C":{"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::lambda:invoke",
           "Arguments":{"theAnswer":"{% $answer %}"},"Output":{"a":"{% $answer %}"},
           "Assign":{"answer":"<omitted>","message":"{% $states.result %}"},"End":true}}})",
                        Json::object());
  BOOST_TEST(*exited(h, "B").output == Json(42));
  const HistoryEvent* scheduled = first_of(h, EventType::TaskScheduled);
  BOOST_REQUIRE(scheduled != nullptr);
  BOOST_TEST((*scheduled->input)["theAnswer"] == Json("new"));
  BOOST_TEST(*exited(h, "C").output == Json({{"a", "new"}}));
  BOOST_TEST((*exited(h, "C").assigned_variables)["message"] ==
             Json({{"echo", {{"theAnswer", "new"}}}}));
}

BOOST_AUTO_TEST_CASE(jsonpath_dollar_is_the_result_before_result_path_var_2_3_ex_4) {
  const History h = run(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Result":{"riddle":"?"},"ResultPath":"$.enigma.mystery",
           "Assign":{"answer":42,"inputData.$":"$","literal":"$.x","ctx.$":"$$.State.Name"},
           "End":true}}})",
                        Json{{"functionName", "f"}});
  const Json assigned = *exited(h, "A").assigned_variables;
  BOOST_TEST(assigned["inputData"] == Json({{"riddle", "?"}}));
  BOOST_TEST(assigned["literal"] == Json("$.x"));  // VAR-1.2: no ".$", a literal.
  BOOST_TEST(assigned["ctx"] == Json("A"));
  BOOST_TEST(*exited(h, "A").output ==
             Json::parse(R"({"functionName":"f","enigma":{"mystery":{"riddle":"?"}}})"));
}

BOOST_AUTO_TEST_CASE(history_records_assignments_only_when_there_are_some_var_6_1_6_2) {
  const History h = run(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{},"Next":"B"},
      "B":{"Type":"Pass","Next":"C","Assign":{"s":"foobar","n":42,"f":0.1,"b":true,"z":null,
           "l":[1,2,3],"o":{"a":1}}},
      "C":{"Type":"Pass","End":true}}})",
                        Json::object());
  const Json empty = event_to_json(exited(h, "A"))["stateExitedEventDetails"];
  BOOST_TEST(!empty.contains("assignedVariables"));
  BOOST_TEST(!empty.contains("assignedVariablesDetails"));
  const Json details = event_to_json(exited(h, "B"))["stateExitedEventDetails"];
  BOOST_TEST(details["assignedVariablesDetails"] == Json({{"truncated", false}}));
  BOOST_TEST(details["assignedVariables"] ==
             Json({{"s", "\"foobar\""}, {"n", "42"}, {"f", "0.1"}, {"b", "true"},
                   {"z", "null"}, {"l", "[1,2,3]"}, {"o", "{\"a\":1}"}}));
  // Read back from GetExecutionHistory JSON.
  auto reread = history_from_json(history_to_json(h));
  BOOST_REQUIRE(std::holds_alternative<History>(reread));
  const HistoryEvent& b = std::get<History>(reread).at(exited(h, "B").id);
  BOOST_REQUIRE(b.assigned_variables != nullptr);
  BOOST_TEST(*b.assigned_variables == *exited(h, "B").assigned_variables);
}

BOOST_AUTO_TEST_CASE(parallel_branches_read_outer_variables_and_keep_their_own_var_3_1_ex_10) {
  const History h = run(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{"x":42},"Next":"P"},
      "P":{"Type":"Parallel","Next":"After","Branches":[
        {"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true,
                                        "Assign":{"innerX.$":"$x","value.$":"$"}}}},
        {"StartAt":"B2","States":{"B2":{"Type":"Pass","End":true,
                                        "Assign":{"innerX.$":"$x","value.$":"$"}}}}]},
      "After":{"Type":"Pass","QueryLanguage":"JSONata","End":true,
               "Output":{"x":"{% $x %}","leaked":"{% $exists($innerX) %}"}}}})",
                        Json::object());
  BOOST_TEST(written_assignments(exited(h, "B1")) == Json({{"innerX", "42"}, {"value", "{}"}}));
  BOOST_TEST(written_assignments(exited(h, "B2")) == Json({{"innerX", "42"}, {"value", "{}"}}));
  BOOST_TEST(exited(h, "P").assigned_variables == nullptr);
  BOOST_TEST(*exited(h, "P").output == Json::parse("[{},{}]"));
  // VAR-3.2: nothing assigned inside a branch is visible after the Parallel.
  BOOST_TEST(*h.events.back().output == Json({{"x", 42}, {"leaked", false}}));
}

BOOST_AUTO_TEST_CASE(map_iterations_are_isolated_and_nested_maps_see_both_scopes_ex_9) {
  std::string definition = R"j({"StartAt":"A","States":{
      "A":{"Type":"Pass","Result":[[9,44,6],[82,25,76],[18,42,2]],"Assign":{"bias":4.3},
           "Next":"Outer"},
      "Outer":{"Type":"Map","Next":"After","Assign":{"first.$":"$[0]"},"ItemProcessor":{
        "StartAt":"X","States":{
          "X":{"Type":"Pass","Parameters":{"one.$":"States.Array($[0])","all.$":"$"},
               "Assign":{"xCurrent.$":"$.all[0]","yCurrent.$":"$.all[1]",
                         "zCurrent.$":"$.all[2]"},"Next":"Inner"},
          "Inner":{"Type":"Map","ItemsPath":"$.one","End":true,"ItemProcessor":{
            "StartAt":"Sum","States":{"Sum":{"Type":"Pass","End":true,"Assign":{
              "Sum.$":"SUM"}}}}}}}},
      "After":{"Type":"Pass","QueryLanguage":"JSONata","End":true,
               "Output":{"first":"{% $first %}",
                         "leaked":"{% $exists($xCurrent) or $exists($Sum) %}"}}}})j";
  const std::string sum =
      "States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)";
  definition.replace(definition.find("SUM"), 3, sum);
  const History h = run(definition, Json::object());
  std::vector<std::string> sums;
  for (const HistoryEvent* e : all_of(h, EventType::PassStateExited)) {
    if (e->name == "Sum") sums.push_back(written_assignments(*e)["Sum"].get<std::string>());
  }
  BOOST_TEST(sums == (std::vector<std::string>{"63", "187", "66"}));  // EX-9.
  // VAR-3.4: the Map's own Assign runs in the outer scope, "$" being the iterations' outputs.
  BOOST_TEST(written_assignments(exited(h, "Outer")) == Json({{"first", "[9]"}}));
  BOOST_TEST(*h.events.back().output == Json::parse(R"({"first":[9],"leaked":false})"));
}

BOOST_AUTO_TEST_CASE(a_catcher_assign_replaces_the_state_assign_var_4_1_4_2_ex_5) {
  const History h = run(R"({"QueryLanguage":"JSONata","StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Done",
           "Assign":{"result":"SUCCESS"},
           "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Fallback",
                     "Assign":{"result":"{% $states.errorOutput %}"}}]},
      "Fallback":{"Type":"Pass","Output":{"r":"{% $result %}","in":"{% $states.input %}"},
                  "End":true},
      "Done":{"Type":"Succeed"}}})",
                        Json::object(), fail_all);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskFailed "
             "TaskStateExited PassStateEntered PassStateExited ExecutionSucceeded");
  const Json error = Json({{"Error", "Exception"}, {"Cause", "{\"m\":\"boom\"}"}});
  BOOST_TEST(written_assignments(exited(h, "T")) ==
             Json({{"result", to_compact_text(error)}}));
  BOOST_TEST(*exited(h, "T").output == error);  // JSONATA-3.5: the error output.
  BOOST_TEST(*h.events.back().output == Json({{"r", error}, {"in", error}}));
}

BOOST_AUTO_TEST_CASE(a_jsonata_catcher_output_sees_error_output_and_input_ex_6) {
  const History h = run(R"({"QueryLanguage":"JSONata","StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
           "Output":{"stateInput":"{% $states.input %}","stateResult":"{% $states.result %}"},
           "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F",
                     "Output":{"stateInput":"{% $states.input %}",
                               "stateError":"{% $states.errorOutput %}"}}]},
      "F":{"Type":"Succeed"}}})",
                        Json{{"inputData", "dummy"}}, fail_all);
  BOOST_TEST(*exited(h, "T").output ==
             Json::parse(R"({"stateInput":{"inputData":"dummy"},
                             "stateError":{"Error":"Exception","Cause":"{\"m\":\"boom\"}"}})"));
}

BOOST_AUTO_TEST_CASE(a_jsonpath_catcher_assigns_from_the_error_output_into_the_outer_scope) {
  // VAR-3.3: a Parallel's catcher writes into the scope that holds the Parallel.
  const History h = run(R"({"StartAt":"P","States":{
      "P":{"Type":"Parallel","Next":"Done","Branches":[
        {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Bad","Cause":"why"}}}],
       "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Read","ResultPath":"$.err",
                 "Assign":{"errorVar.$":"$.Error","inputVar":"fixed"}}]},
      "Read":{"Type":"Pass","Parameters":{"e.$":"$errorVar","i.$":"$inputVar"},"End":true},
      "Done":{"Type":"Succeed"}}})",
                        Json::object());
  // Literal entries first, then the ".$" ones (the order of payload templates, REC-9).
  BOOST_TEST(written_assignments(exited(h, "P")) ==
             Json({{"inputVar", "\"fixed\""}, {"errorVar", "\"Bad\""}}));
  BOOST_TEST(*h.events.back().output == Json({{"e", "Bad"}, {"i", "fixed"}}));
}

BOOST_AUTO_TEST_CASE(choice_applies_the_matching_rule_or_the_state_assign_var_4_3_ex_7) {
  const std::string jsonpath = R"({"StartAt":"C","States":{
      "C":{"Type":"Choice","Assign":{"Assignment":"Default Assignment"},"Default":"E",
           "Choices":[{"Variable":"$.condition","BooleanEquals":true,"Next":"E",
                       "Assign":{"Assignment":"Condition assignment","v.$":"$.condition"}}]},
      "E":{"Type":"Succeed"}}})";
  const std::string jsonata = R"({"QueryLanguage":"JSONata","StartAt":"C","States":{
      "C":{"Type":"Choice","Assign":{"Assignment":"Default Assignment"},"Default":"E",
           "Choices":[{"Condition":"{% $states.input.condition %}","Next":"E",
                       "Assign":{"Assignment":"Condition assignment"}}]},
      "E":{"Type":"Succeed"}}})";
  for (const std::string* text : {&jsonpath, &jsonata}) {
    const History yes = run(*text, Json{{"condition", true}});
    BOOST_TEST(written_assignments(exited(yes, "C"))["Assignment"] ==
               Json("\"Condition assignment\""));
    const History no = run(*text, Json{{"condition", false}});
    BOOST_TEST(written_assignments(exited(no, "C")) ==
               Json({{"Assignment", "\"Default Assignment\""}}));
  }
}

BOOST_AUTO_TEST_CASE(wait_assigns_on_exit_and_variables_drive_path_fields_var_1_3) {
  const History h = run(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{"delay":5,"items":[1,2,3],"maxConcurrency":"1",
                                   "tolerated":"1","error":"E","sel":{"k":"v"}},"Next":"W"},
      "W":{"Type":"Wait","SecondsPath":"$delay","Assign":{"waited.$":"$delay"},"Next":"M"},
      "M":{"Type":"Map","ItemsPath":"$items","MaxConcurrencyPath":"$maxConcurrency",
           "ToleratedFailureCountPath":"$tolerated","Next":"In",
           "ItemSelector":{"item.$":"$$.Map.Item.Value","k.$":"$sel.k"},
           "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}},
      "In":{"Type":"Pass","InputPath":"$sel","Next":"Ch"},
      "Ch":{"Type":"Choice","Default":"Bad","Choices":[
        {"Variable":"$waited","NumericEqualsPath":"$delay","Next":"F"}]},
      "Bad":{"Type":"Succeed"},
      "F":{"Type":"Fail","ErrorPath":"$error","Cause":"c"}}})",
                        Json::object());
  BOOST_TEST(seconds_at(h, exited(h, "W").id) == 5.0);
  BOOST_TEST(written_assignments(exited(h, "W")) == Json({{"waited", "5"}}));
  BOOST_TEST(*exited(h, "M").output ==
             Json::parse(R"([{"item":1,"k":"v"},{"item":2,"k":"v"},{"item":3,"k":"v"}])"));
  BOOST_TEST(*exited(h, "In").output == Json({{"k", "v"}}));
  BOOST_TEST(*h.events.back().error == "E");  // Fail ErrorPath from a variable.
}

BOOST_AUTO_TEST_CASE(an_unassigned_variable_fails_as_aws_records_var_1_7_oq_12) {
  const History jsonata = run(R"({"QueryLanguage":"JSONata","StartAt":"S","States":{
      "S":{"Type":"Pass","Output":"{% $never %}","End":true}}})",
                              Json::object());
  BOOST_TEST(joined(types(jsonata)) ==
             "ExecutionStarted PassStateEntered EvaluationFailed ExecutionFailed");
  BOOST_TEST(jsonata.at(3).cause->ends_with(
      "The JSONata expression '$never' specified for the field 'Output' returned nothing "
      "(undefined)."));
  const History jsonpath = run(R"({"StartAt":"S","States":{
      "S":{"Type":"Pass","Parameters":{"x.$":"$never"},"End":true}}})",
                               Json::object());
  BOOST_TEST(*jsonpath.events.back().error == "States.Runtime");
  BOOST_TEST(jsonpath.events.back().cause->find("The variable '$never'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_assign_evaluation_failure_is_recorded_and_nothing_is_assigned) {
  const History h = run(R"({"QueryLanguage":"JSONata","StartAt":"S","States":{
      "S":{"Type":"Pass","Assign":{"ok":1,"bad":"{% $missing %}"},"End":true}}})",
                        Json::object());
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted PassStateEntered EvaluationFailed ExecutionFailed");
  BOOST_TEST(h.at(3).location == "Assign/bad");
}

BOOST_AUTO_TEST_CASE(oversized_assignments_fail_with_data_limit_exceeded_var_5_2) {
  const std::string big(300'000, 'x');
  const History one = run(R"({"StartAt":"S","States":{
      "S":{"Type":"Pass","Assign":{"v.$":"$.big"},"End":true}}})",
                          Json{{"big", big.substr(0, 200'000)}, {"other", 1}});
  BOOST_TEST(joined(types(one)) ==
             "ExecutionStarted PassStateEntered PassStateExited ExecutionSucceeded");
  // Over 256 KiB for one Assign (two values of 200,000 bytes each).
  const History two = run(R"({"StartAt":"S","States":{
      "S":{"Type":"Pass","Assign":{"v.$":"$.big","w.$":"$.big"},"End":true}}})",
                          Json{{"big", big.substr(0, 200'000)}});
  BOOST_TEST(*two.events.back().error == "States.DataLimitExceeded");
  BOOST_TEST(two.events.back().cause->find("for one Assign") != std::string::npos);
  // Caught like any other States.DataLimitExceeded (REC-2).
  const History caught = run(R"({"StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
           "Assign":{"v.$":"$.echo","w.$":"$.echo"},
           "Catch":[{"ErrorEquals":["States.DataLimitExceeded"],"Next":"C","ResultPath":null}]},
      "C":{"Type":"Pass","End":true}}})",
                             Json{{"big", big.substr(0, 200'000)}});
  BOOST_TEST(joined(types(caught)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSucceeded "
             "TaskStateExited PassStateEntered PassStateExited ExecutionSucceeded");
  BOOST_TEST(exited(caught, "T").assigned_variables == nullptr);
}

BOOST_AUTO_TEST_CASE(redrive_restores_the_variables_the_failed_state_was_entered_with_var_7_1) {
  LocalDriver driver;
  uint32_t calls = 0;
  driver.set_responder([&](LocalDriver& d, const Delivery& delivery) {
    const bool fail = calls++ == 0;
    d.engine().complete_integration(
        d.now(), delivery.token,
        fail ? IntegrationResult::failure("Down", "try later")
             : IntegrationResult::success(Json{{"got", delivery.payload}}));
  });
  const std::string arn = driver.start(R"({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{"count":1},"Next":"B"},
      "B":{"Type":"Pass","Assign":{"count":"{% $count + 1 %}"},"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
           "Arguments":{"count":"{% $count %}"},"Assign":{"count":"{% $count + 10 %}"},
           "Output":"{% $states.result.got.count %}","End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::FAILED));
  BOOST_TEST_REQUIRE(driver.engine().redrive_execution(driver.now(), arn, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::SUCCEEDED));
  BOOST_TEST(*h.events.back().output == Json(2));
  BOOST_TEST(written_assignments(h.events[h.events.size() - 2]) == Json({{"count", "12"}}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
