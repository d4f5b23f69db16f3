// Threads recovered from AWS's previousEventId links (record/sfn_threads.h, REC-3, REC-7) on the
// histories the engine writes: every event lands on the branch or iteration it belongs to, above
// all the Aborted events of a failing block, which all link to the failure that decided it, and
// the runs of a retried block, which AWS closes with no ...StateFailed.
#include <set>

// First: the harness names wfsim::sfn (the engine) as sfn, before check::sfn exists.
#include "testing/check_harness.h"

#include "check/sfn_record.h"
#include "record/sfn_threads.h"

namespace wfsim::check {
using namespace testing;

namespace {

// A Map over `items`; Work is a Lambda call whose payload is the item.
std::string map_of_work(const std::string& map_fields) {
  return R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",)" +
         map_fields + R"("ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"item.$":"$"},"End":true}}},
      "End":true}}})";
}

// Items say what their call does: fail after 1 s, hang, or succeed after 5 s.
void by_item(SfnRun& run, const wfsim::sfn::Delivery& d) {
  const Json item = d.payload.value("item", Json::object());
  if (item.value("hang", false)) return;
  if (item.value("fail", false)) {
    run.after(Duration::seconds(1), [&run, t = d.token] {
      run.complete(t, wfsim::sfn::IntegrationResult::failure("Bad", "marked"));
    });
    return;
  }
  run.after(Duration::seconds(5), [&run, t = d.token] {
    run.complete(t, wfsim::sfn::IntegrationResult::success(Json::object()));
  });
}

Json items(std::initializer_list<const char*> kinds) {
  Json list = Json::array();
  for (const char* kind : kinds) {
    list.push_back(std::string(kind).empty() ? Json::object() : Json{{kind, true}});
  }
  return Json{{"items", list}};
}

// The thread key of every event of `type`, in history order.
std::vector<std::string> keys_of(const sfn::Record& record, EventType type) {
  std::vector<std::string> keys;
  for (const HistoryEvent* e : events_of(record.history, type)) {
    keys.push_back(record.threads[static_cast<size_t>(record.thread_of(e->id))].key);
  }
  return keys;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_threads_from_links)

BOOST_AUTO_TEST_CASE(a_failing_maps_aborts_land_on_their_own_iterations_rec_7) {
  SfnRun run;
  run.on_delivery(by_item);
  run.start(map_of_work(""), items({"hang", "fail", "hang"}));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  const Observation obs = run.observation();
  const sfn::Record record(obs);
  // Iterations 0 and 2 are aborted first, each before its MapIterationAborted; iteration 1's
  // own TaskStateAborted comes last. All link to iteration 1's TaskFailed.
  const int64_t failed = events_of(record.history, EventType::TaskFailed).front()->id;
  for (const HistoryEvent* e : events_of(record.history, EventType::TaskStateAborted)) {
    BOOST_TEST(e->previous_event_id == failed);
  }
  BOOST_TEST(keys_of(record, EventType::TaskStateAborted) ==
                 (std::vector<std::string>{"/Fan[0]", "/Fan[2]", "/Fan[1]"}),
             boost::test_tools::per_element());
  BOOST_TEST(keys_of(record, EventType::MapStateFailed) == std::vector<std::string>{""},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_tolerated_failure_aborts_only_its_own_iteration_rec_7) {
  SfnRun run;
  run.on_delivery(by_item);
  run.start(map_of_work(R"("ToleratedFailureCount":1,)"), items({"", "fail", ""}));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  const Observation obs = run.observation();
  const sfn::Record record(obs);
  BOOST_TEST(keys_of(record, EventType::TaskStateAborted) == std::vector<std::string>{"/Fan[1]"},
             boost::test_tools::per_element());
  BOOST_TEST(keys_of(record, EventType::TaskSucceeded) ==
                 (std::vector<std::string>{"/Fan[0]", "/Fan[2]"}),
             boost::test_tools::per_element());
  BOOST_TEST(events_of(record.history, EventType::MapStateSucceeded).size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_retried_map_has_two_runs_and_no_map_state_failed_rec_3) {
  SfnRun run;
  int calls = 0;
  run.on_delivery([&calls](SfnRun& r, const wfsim::sfn::Delivery& d) {
    const bool fail = ++calls == 1;
    r.after(Duration::seconds(1), [&r, fail, t = d.token] {
      r.complete(t, fail ? wfsim::sfn::IntegrationResult::failure("Bad", "first")
                         : wfsim::sfn::IntegrationResult::success(Json::object()));
    });
  });
  run.start(map_of_work(R"("MaxConcurrency":1,"Retry":[{"ErrorEquals":["Bad"],
      "IntervalSeconds":2}],)"),
            items({"", ""}));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  const Observation obs = run.observation();
  const sfn::Record record(obs);
  BOOST_TEST(events_of(record.history, EventType::MapStateFailed).empty());
  BOOST_REQUIRE_EQUAL(record.runs.size(), 2U);
  BOOST_TEST(record.runs[0].retried);
  BOOST_TEST(record.end_type(record.runs[0]) == EventType::MapStateFailed);
  BOOST_TEST(record.end_type(record.runs[1]) == EventType::MapStateSucceeded);
  BOOST_TEST(record.runs[1].children.size() == 2U);
}

BOOST_AUTO_TEST_CASE(a_failure_in_a_nested_map_aborts_the_other_outer_iteration_rec_7) {
  const std::string definition = R"({"StartAt":"Outer","States":{"Outer":{"Type":"Map",
      "ItemsPath":"$.groups","ItemProcessor":{"StartAt":"Inner","States":{"Inner":{"Type":"Map",
      "ItemsPath":"$.items","ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"item.$":"$"},"End":true}}},
      "End":true}}},"End":true}}})";
  SfnRun run;
  run.on_delivery(by_item);
  run.start(definition, Json{{"groups", Json::array({items({"hang", "fail"}),
                                                      items({"hang", "hang"})})}});
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  const Observation obs = run.observation();
  const sfn::Record record(obs);
  const std::vector<std::string> aborted = keys_of(record, EventType::TaskStateAborted);
  BOOST_TEST(std::set<std::string>(aborted.begin(), aborted.end()) ==
             (std::set<std::string>{"/Outer[0]/Inner[0]", "/Outer[0]/Inner[1]",
                                    "/Outer[1]/Inner[0]", "/Outer[1]/Inner[1]"}));
  BOOST_TEST(aborted.size() == 4U);
  BOOST_TEST(keys_of(record, EventType::MapStateAborted) == std::vector<std::string>{"/Outer[1]"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(serial_iterations_linked_to_the_previous_one_are_siblings_rec_7) {
  SfnRun run;
  run.on_delivery(by_item);
  run.start(map_of_work(R"("MaxConcurrency":1,)"), items({"", "", ""}));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  const Observation obs = run.observation();
  const sfn::Record record(obs);
  const auto started = events_of(record.history, EventType::MapIterationStarted);
  BOOST_REQUIRE_EQUAL(started.size(), 3U);
  // The second and third link into the iteration before them, not to MapStateStarted.
  BOOST_TEST(record.event(started[1]->previous_event_id).type == EventType::TaskStateExited);
  BOOST_TEST(keys_of(record, EventType::TaskSucceeded) ==
                 (std::vector<std::string>{"/Fan[0]", "/Fan[1]", "/Fan[2]"}),
             boost::test_tools::per_element());
  BOOST_TEST(keys_of(record, EventType::MapStateExited) == std::vector<std::string>{""},
             boost::test_tools::per_element());
  // The same placement, read alone.
  std::vector<std::string> complaints;
  const std::vector<int> threads = SfnThreads::place_all(record.history, &complaints);
  BOOST_TEST(complaints.empty());
  BOOST_TEST(threads.size() == record.history.size());
}

// A redrive reruns the branch that did not finish; when it then fails, its own TaskStateAborted
// lands on the rerun, not on the branch the stopped execution left open.
BOOST_AUTO_TEST_CASE(a_redriven_branch_that_fails_aborts_itself_not_the_stopped_one) {
  SfnRun run;
  run.on_delivery([](SfnRun& r, const wfsim::sfn::Delivery& d) {
    if (d.payload.value("kind", "") != "ok") return;  // "hang": times out after 20 s.
    r.complete(d.token, wfsim::sfn::IntegrationResult::success(Json::object()));
  });
  run.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"kind":"ok"},"End":true}}},
      {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"kind":"hang"},"TimeoutSeconds":20,"End":true}}}]}}})");
  run.run_until(kDefaultEpoch + Duration::seconds(1));
  BOOST_TEST_REQUIRE(run.stop().ok());
  BOOST_TEST_REQUIRE(run.redrive().ok());
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  const Observation obs = run.observation();
  const sfn::Record record(obs);
  const auto aborted = events_of(record.history, EventType::TaskStateAborted);
  BOOST_REQUIRE_EQUAL(aborted.size(), 1U);
  const int thread = record.thread_of(aborted.front()->id);
  BOOST_TEST(thread == record.thread_of(events_of(record.history, EventType::TaskTimedOut)
                                            .front()->id));
}

BOOST_AUTO_TEST_CASE(an_iteration_event_naming_no_running_map_is_a_complaint) {
  SfnRun run;
  run.on_delivery(by_item);
  run.start(map_of_work(""), items({""}));
  run.run();
  History edited = run.history();
  for (HistoryEvent& e : edited.events) {
    if (e.type == EventType::MapIterationStarted) e.name = "Elsewhere";
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &run.calls), "sfn.history_well_formed");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
