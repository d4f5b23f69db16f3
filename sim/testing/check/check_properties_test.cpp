// Property: on the faithful Step Functions engine, no invariant is ever violated. RapidCheck draws
// a small definition (a Lambda, callback or activity Task, alone, looped, inside a Parallel or a
// Map; random Retry arrays, Catch, TimeoutSeconds and HeartbeatSeconds) and a script of what each
// invocation does (succeed, fail with a named error, hang; heartbeats; late answers), sometimes a
// stop and redrives, runs it on LocalDriver with the call log written as world.h describes, and
// checks every invariant. A violation here is either an engine bug or a checker that is too
// strict; RapidCheck shrinks it to a minimal case either way.
#include <rapidcheck/boost_test.h>

#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

enum class Kind : int { lambda, callback, activity };
enum class Wrapper : int { none, loop, parallel, map };
enum class Act : int { succeed, fail_e1, fail_e2, hang };

struct Action {
  Act act = Act::succeed;
  int64_t delay_ms = 0;
  int64_t heartbeat_every_ms = 0;  // 0: never.
};

struct Case {
  Kind kind = Kind::lambda;
  Wrapper wrapper = Wrapper::none;
  Json task;
  std::vector<Action> script;
  std::optional<int64_t> stop_after_ms;
  int redrives = 0;
};

Json draw_retrier(bool last) {
  Json r = Json::object();
  if (last && *rc::gen::inRange(0, 3) == 0) {
    r["ErrorEquals"] = Json::array({"States.ALL"});
  } else {
    const std::vector<std::string> pool = {"E1", "E2", "States.Timeout", "States.TaskFailed",
                                           "States.HeartbeatTimeout"};
    Json errors = Json::array();
    for (const std::string& e : pool) {
      if (*rc::gen::inRange(0, 3) == 0) errors.push_back(e);
    }
    if (errors.empty()) errors.push_back(pool[static_cast<size_t>(*rc::gen::inRange(0, 5))]);
    r["ErrorEquals"] = errors;
  }
  r["IntervalSeconds"] = *rc::gen::inRange(1, 4);
  r["MaxAttempts"] = *rc::gen::inRange(0, 4);
  r["BackoffRate"] = *rc::gen::element(1.0, 1.5, 2.0, 3.0);
  if (*rc::gen::arbitrary<bool>()) r["MaxDelaySeconds"] = *rc::gen::inRange(1, 7);
  if (*rc::gen::arbitrary<bool>()) r["JitterStrategy"] = "FULL";
  return r;
}

Json draw_task(Kind kind) {
  Json task = {{"Type", "Task"}};
  switch (kind) {
    case Kind::lambda: task["Resource"] = "arn:aws:states:::lambda:invoke"; break;
    case Kind::callback:
      task["Resource"] = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
      task["Parameters"] = {{"MessageBody.$", "$$.Task.Token"}};
      break;
    case Kind::activity:
      task["Resource"] = "arn:aws:states:us-east-1:123456789012:activity:work";
      break;
  }
  const int64_t timeout = *rc::gen::inRange<int64_t>(2, 15);
  task["TimeoutSeconds"] = timeout;
  if (kind != Kind::lambda && *rc::gen::arbitrary<bool>()) {
    task["HeartbeatSeconds"] = *rc::gen::inRange<int64_t>(1, timeout);
  }
  const int retriers = *rc::gen::inRange(0, 4);
  Json retry = Json::array();
  for (int i = 0; i < retriers; ++i) retry.push_back(draw_retrier(i + 1 == retriers));
  if (!retry.empty()) task["Retry"] = retry;
  if (*rc::gen::arbitrary<bool>()) {
    Json catcher = {
        {"ErrorEquals", *rc::gen::element(Json::array({"E1"}), Json::array({"States.ALL"}),
                                          Json::array({"States.TaskFailed"}))},
        {"Next", "Handle"}};
    if (*rc::gen::arbitrary<bool>()) catcher["ResultPath"] = "$.error";
    task["Catch"] = Json::array({catcher});
  }
  return task;
}

Case draw_case() {
  Case c;
  c.kind = static_cast<Kind>(*rc::gen::inRange(0, 3));
  c.wrapper = static_cast<Wrapper>(*rc::gen::inRange(0, 4));
  c.task = draw_task(c.kind);
  c.script.resize(static_cast<size_t>(*rc::gen::inRange(1, 12)));
  for (Action& a : c.script) {
    a.act = *rc::gen::weightedElement<Act>(
        {{3, Act::succeed}, {3, Act::fail_e1}, {2, Act::fail_e2}, {1, Act::hang}});
    a.delay_ms = *rc::gen::inRange<int64_t>(0, 6000);
    if (c.kind != Kind::lambda && *rc::gen::arbitrary<bool>()) {
      a.heartbeat_every_ms = *rc::gen::inRange<int64_t>(300, 3000);
    }
  }
  if (*rc::gen::inRange(0, 5) == 0) c.stop_after_ms = *rc::gen::inRange<int64_t>(0, 20'000);
  c.redrives = *rc::gen::inRange(0, 3);
  return c;
}

// The definition around the Task "Work"; a catcher goes to the Pass state "Handle".
std::string definition(const Case& c) {
  Json work = c.task;
  const bool catches = work.contains("Catch");
  Json inner = Json::object();
  if (c.wrapper == Wrapper::loop) {
    work["ResultPath"] = nullptr;
    work["Next"] = "Again";
    inner["Count"] = {
        {"Type", "Pass"}, {"Parameters", {{"n.$", "States.MathAdd($.n, 1)"}}}, {"Next", "Work"}};
    inner["Work"] = work;
    inner["Again"] = {
        {"Type", "Choice"},
        {"Choices",
         Json::array({{{"Variable", "$.n"}, {"NumericLessThan", 2}, {"Next", "Count"}}})},
        {"Default", "Done"}};
    inner["Done"] = {{"Type", "Succeed"}};
    if (catches) inner["Handle"] = {{"Type", "Pass"}, {"Next", "Again"}};
    return Json{{"StartAt", "Count"}, {"States", inner}}.dump();
  }
  work["End"] = true;
  inner["Work"] = work;
  if (catches) inner["Handle"] = {{"Type", "Pass"}, {"End", true}};
  if (c.wrapper == Wrapper::none) return Json{{"StartAt", "Work"}, {"States", inner}}.dump();
  Json block = {{"End", true}};
  if (c.wrapper == Wrapper::parallel) {
    block["Type"] = "Parallel";
    block["Branches"] = Json::array({{{"StartAt", "Work"}, {"States", inner}}});
  } else {
    block["Type"] = "Map";
    block["ItemsPath"] = "$.items";
    block["ItemProcessor"] = {{"StartAt", "Work"}, {"States", inner}};
  }
  return Json{{"StartAt", "Block"}, {"States", {{"Block", block}}}}.dump();
}

// Plays one scripted action on a delivered task (its token known).
void play(SfnRun& run, Kind kind, const std::string& token, const Action& a) {
  if (a.heartbeat_every_ms > 0) {
    for (int64_t t = a.heartbeat_every_ms; t < a.delay_ms + 4000; t += a.heartbeat_every_ms) {
      run.after(Duration::milliseconds(t), [&run, token] { run.heartbeat(token); });
    }
  }
  if (a.act == Act::hang) return;
  run.after(Duration::milliseconds(a.delay_ms), [&run, kind, token, act = a.act] {
    const std::optional<std::string> error =
        act == Act::succeed ? std::nullopt
                            : std::optional<std::string>(act == Act::fail_e1 ? "E1" : "E2");
    if (kind == Kind::lambda) {
      run.complete(token, error ? sfn::IntegrationResult::failure(*error, "scripted")
                                : sfn::IntegrationResult::success(Json{{"ok", true}}));
    } else if (error) {
      run.fail(token, *error, "scripted");
    } else {
      run.succeed(token, R"({"ok":true})");
    }
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_properties)

RC_BOOST_PROP(random_retry_runs_on_the_faithful_engine_violate_no_invariant, ()) {
  const Case c = draw_case();
  const uint64_t seed = *rc::gen::inRange<uint64_t>(1, 1'000'000);
  SfnRun run({}, seed);
  auto next = std::make_shared<size_t>(0);
  run.on_delivery([&c, next](SfnRun& r, const sfn::Delivery& d) {
    const size_t n = (*next)++;
    const Action a = n < c.script.size() ? c.script[n] : Action{};
    if (d.kind != sfn::DispatchKind::activity) {
      play(r, c.kind, d.token, a);
      return;
    }
    r.after(Duration::milliseconds(a.delay_ms / 2), [&r, &c, a, arn = d.resource] {
      if (const auto token = r.poll(arn))
        play(r, c.kind, *token, Action{a.act, a.delay_ms / 2, a.heartbeat_every_ms});
    });
  });
  run.start(definition(c), Json{{"n", 0}, {"items", {1, 2}}});
  if (c.stop_after_ms) run.after(Duration::milliseconds(*c.stop_after_ms), [&run] { run.stop(); });
  run.run();
  for (int i = 0; i < c.redrives; ++i) {
    run.after(Duration::seconds(30), [&run] { run.redrive(); });
    run.run();
  }
  const auto found = check_invariants(run.observation());
  RC_TAG(run.history().events.back().type == EventType::ExecutionSucceeded ? "succeeded" : "not");
  if (!found.empty()) RC_FAIL(definition(c) + describe(found));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
