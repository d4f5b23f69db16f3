// The stateful property of the Step Functions API (see api_model.h and api_state_test.cpp): the
// commands RapidCheck strings together, each checking the engine's answer against the model, and
// the final check of every execution's record by sim/check.
#include "properties/api_model_property.h"

#include <rapidcheck/state.h>

#include "check/check.h"
#include "properties/api_model.h"

namespace wfsim::properties::api {
namespace {

using Command = rc::state::Command<Model, System>;

// Known finding (reported; docs/testing.md): Engine::describe_execution judges the 14-day redrive
// window at the engine's last event rather than at the time of the call, so an execution that
// closed 15 days ago, with nothing happening since, is described as REDRIVABLE while
// RedriveExecution refuses it. Until the engine is fixed, a DescribeExecution whose verdict
// hangs on the window alone is not compared; switch this on to see the finding.
constexpr bool kDescribeJudgesTheWindowAtTheCallsTime = false;

// A client makes its calls a millisecond apart, as a real one does: two calls at one instant
// would leave the record unable to say which saw the other (the history orders events, the call
// log orders calls, and only time relates the two).
constexpr Duration kCallGap = Duration::milliseconds(1);

// An API call: time moves on by kCallGap, then the call is made. Subclasses give the call's
// effect on the model and make the call, checking the answer against the model at that time.
struct ApiCall : Command {
  void apply(Model& m) const final {
    m.advance(kCallGap);
    effect(m);
  }
  void run(const Model& before, System& sut) const final {
    Model m = before;
    m.advance(kCallGap);
    sut.advance(kCallGap);
    call(m, sut);
  }
  virtual void effect(Model&) const {}
  virtual void call(const Model& m, System& sut) const = 0;
};

void expect_ok(const sfn::ApiAnswer& answer, const char* call) {
  RC_ASSERT_FALSE(answer.error.has_value());
  RC_ASSERT(answer.ok());
  (void)call;
}

void expect_error(const sfn::ApiAnswer& answer, const std::string& code) {
  RC_ASSERT(answer.error.has_value());
  RC_ASSERT(answer.error->code == code);
}

// A token call is accepted while its attempt is open and gets TaskTimedOut after it closed.
void expect_token_answer(const Model& m, size_t token, const sfn::ApiAnswer& answer) {
  if (m.token_open.at(token)) {
    expect_ok(answer, "token call");
  } else {
    expect_error(answer, "TaskTimedOut");
  }
}

size_t any_execution(const Model& m) {
  RC_PRE(!m.executions.empty());
  return *rc::gen::inRange<size_t>(0, m.executions.size());
}

size_t any_token(const Model& m) {
  RC_PRE(!m.token_open.empty());
  return *rc::gen::inRange<size_t>(0, m.token_open.size());
}

// Commands check their arguments again in checkPreconditions: while shrinking, RapidCheck drops
// earlier commands and replays the rest against a model that may no longer have that token or
// execution.
struct StartExecution : ApiCall {
  explicit StartExecution(const Model& m) { checkPreconditions(m); }
  void checkPreconditions(const Model& m) const override { RC_PRE(m.executions.size() < 4u); }
  void effect(Model& m) const override { m.start(); }
  void call(const Model&, System& sut) const override { expect_ok(sut.start(), "start"); }
  void show(std::ostream& out) const override { out << ::wfsim::ApiCall::StartExecution; }
};

struct GetActivityTask : ApiCall {
  size_t k;
  explicit GetActivityTask(const Model& m) : k(any_execution(m)) {}
  void checkPreconditions(const Model& m) const override { RC_PRE(k < m.executions.size()); }
  static bool hands_out(const Model& m, size_t k) {
    const ExecutionModel& e = m.executions[k];
    return e.status == Status::RUNNING && e.phase == ExecutionModel::Phase::waiting;
  }
  void effect(Model& m) const override {
    if (hands_out(m, k)) m.hand_out(k);
  }
  void call(const Model& m, System& sut) const override {
    const sfn::ApiAnswer answer = sut.poll(k);
    expect_ok(answer, "poll");
    RC_ASSERT(answer.response->contains("taskToken") == hands_out(m, k));
  }
  void show(std::ostream& out) const override { out << "GetActivityTask(run" << k << ")"; }
};

struct SendTaskHeartbeat : ApiCall {
  size_t token;
  explicit SendTaskHeartbeat(const Model& m) : token(any_token(m)) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(token < m.token_open.size());
  }
  void effect(Model& m) const override {
    if (m.token_open[token]) m.heartbeat(token);
  }
  void call(const Model& m, System& sut) const override {
    expect_token_answer(m, token, sut.heartbeat(sut.tokens.at(token), m.token_execution[token]));
  }
  void show(std::ostream& out) const override { out << "SendTaskHeartbeat(token " << token << ")"; }
};

struct SendTaskSuccess : ApiCall {
  size_t token;
  explicit SendTaskSuccess(const Model& m) : token(any_token(m)) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(token < m.token_open.size());
  }
  void effect(Model& m) const override {
    if (m.token_open[token]) m.succeed(token);
  }
  void call(const Model& m, System& sut) const override {
    expect_token_answer(m, token, sut.succeed(sut.tokens.at(token), m.token_execution[token]));
  }
  void show(std::ostream& out) const override { out << "SendTaskSuccess(token " << token << ")"; }
};

struct SendTaskFailure : ApiCall {
  size_t token;
  std::string error;
  explicit SendTaskFailure(const Model& m)
      : token(any_token(m)), error(*rc::gen::element<std::string>("Flaky", "Fatal", "Broken")) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(token < m.token_open.size());
  }
  void effect(Model& m) const override {
    if (m.token_open[token]) m.fail(token, error);
  }
  void call(const Model& m, System& sut) const override {
    expect_token_answer(m, token,
                        sut.fail(sut.tokens.at(token), error, m.token_execution[token]));
  }
  void show(std::ostream& out) const override {
    out << "SendTaskFailure(token " << token << ", " << error << ")";
  }
};

// A token no GetActivityTask handed out gets InvalidToken and changes nothing.
struct CallWithUnknownToken : ApiCall {
  int which;
  explicit CallWithUnknownToken(const Model& m) : which(*rc::gen::inRange(0, 3)) {
    checkPreconditions(m);
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(!m.executions.empty()); }
  void call(const Model&, System& sut) const override {
    const std::string token = "not-a-token-" + std::to_string(which);
    const sfn::ApiAnswer answer = which == 0   ? sut.heartbeat(token, 0)
                                  : which == 1 ? sut.succeed(token, 0)
                                              : sut.fail(token, "Flaky", 0);
    expect_error(answer, "InvalidToken");
  }
  void show(std::ostream& out) const override { out << "CallWithUnknownToken(" << which << ")"; }
};

struct StopExecution : ApiCall {
  size_t k;
  explicit StopExecution(const Model& m) : k(any_execution(m)) {}
  void checkPreconditions(const Model& m) const override { RC_PRE(k < m.executions.size()); }
  void effect(Model& m) const override { m.stop(k); }
  // Stopping a closed execution changes nothing and still answers with its stop date.
  void call(const Model&, System& sut) const override { expect_ok(sut.stop(k), "stop"); }
  void show(std::ostream& out) const override { out << "StopExecution(run" << k << ")"; }
};

struct RedriveExecution : ApiCall {
  size_t k;
  explicit RedriveExecution(const Model& m) : k(any_execution(m)) {}
  void checkPreconditions(const Model& m) const override { RC_PRE(k < m.executions.size()); }
  void effect(Model& m) const override {
    if (m.redrivable(k)) m.redrive(k);
  }
  void call(const Model& m, System& sut) const override {
    const sfn::ApiAnswer answer = sut.redrive(k);
    if (m.redrivable(k)) {
      expect_ok(answer, "redrive");
    } else {
      expect_error(answer, "ExecutionNotRedrivable");
    }
  }
  void show(std::ostream& out) const override { out << "RedriveExecution(run" << k << ")"; }
};

struct DescribeExecution : ApiCall {
  size_t k;
  explicit DescribeExecution(const Model& m) : k(any_execution(m)) {}
  void checkPreconditions(const Model& m) const override { RC_PRE(k < m.executions.size()); }
  void call(const Model& m, System& sut) const override {
    const sfn::ApiAnswer answer = sut.describe(k);
    expect_ok(answer, "describe");
    const ExecutionModel& e = m.executions[k];
    RC_ASSERT(answer.response->at("status").get<std::string>() == to_string(e.status));
    RC_ASSERT(answer.response->at("redriveCount").get<int>() == e.redrive_count);
    // Only the 14-day window decides the verdict: the known engine finding below.
    const bool window_decides = m.redrivable(k, false) && !m.redrivable(k);
    if (kDescribeJudgesTheWindowAtTheCallsTime || !window_decides) {
      RC_ASSERT(answer.response->at("redriveStatus").get<std::string>() ==
                (m.redrivable(k) ? "REDRIVABLE" : "NOT_REDRIVABLE"));
    }
  }
  void show(std::ostream& out) const override { out << "DescribeExecution(run" << k << ")"; }
};

struct AdvanceTime : Command {
  Duration by;
  explicit AdvanceTime(const Model& m)
      : by(*rc::gen::inRange(0, 10) != 0
               ? Duration::milliseconds(*rc::gen::inRange(1, 60'001))
               : Duration::seconds(int64_t{86'400} * *rc::gen::inRange(1, 21))) {
    checkPreconditions(m);
  }
  // Well inside the 1-year limit of an open execution, which the model leaves out.
  void checkPreconditions(const Model& m) const override {
    RC_PRE(m.now + by < Duration::seconds(int64_t{200} * 86'400));
  }
  void apply(Model& m) const override { m.advance(by); }
  void run(const Model&, System& sut) const override { sut.advance(by); }
  void show(std::ostream& out) const override { out << "AdvanceTime(" << by << ")"; }
};

MachineConfig any_config() {
  MachineConfig c;
  c.timeout_seconds = *rc::gen::inRange(2, 31);
  c.heartbeat_seconds = *rc::gen::inRange(1, c.timeout_seconds);
  c.interval_seconds = *rc::gen::inRange(1, 6);
  c.max_attempts = *rc::gen::inRange(0, 4);
  c.execution_timeout_seconds = *rc::gen::inRange(5, 301);
  return c;
}

}  // namespace

void check_api_model(const MutantSet& mutants) {
  Model model;
  model.config = any_config();
  System sut(model.config, *rc::gen::inRange<uint64_t>(0, 1000), mutants);
  rc::state::check(model, sut,
                   rc::state::gen::execOneOfWithArgs<
                       StartExecution, GetActivityTask, GetActivityTask, SendTaskHeartbeat,
                       SendTaskSuccess, SendTaskFailure, SendTaskFailure, CallWithUnknownToken,
                       StopExecution, RedriveExecution, RedriveExecution, DescribeExecution,
                       AdvanceTime, AdvanceTime, AdvanceTime>());
  // The record the calls left must keep every invariant, judged from it alone.
  for (size_t k = 0; k < sut.executions(); ++k) {
    check::Observation observation;
    observation.history = &sut.history(k);
    observation.definition = sut.definition(k).get();
    observation.calls = &sut.calls(k);
    for (const check::Violation& v : check::check_invariants(observation)) {
      // sim/check sees the known engine finding too, from the record alone.
      const bool known = !kDescribeJudgesTheWindowAtTheCallsTime &&
                         v.invariant == "sfn.redrive_eligibility" &&
                         v.message.find("(DescribeExecution at ") != std::string::npos &&
                         v.message.find("reports redriveStatus REDRIVABLE") != std::string::npos;
      if (known) continue;
      RC_FAIL("run" + std::to_string(k) + ": " + v.invariant + " at event " +
              std::to_string(v.event_id) + ": " + v.message);
    }
  }
}

}  // namespace wfsim::properties::api
