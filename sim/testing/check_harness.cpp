// Test harnesses of check_harness.h.
#include "testing/check_harness.h"

#include <algorithm>
#include <set>

#include "engine/temporal_spec.h"
#include "world/temporal_heartbeats.h"

namespace wfsim::check::testing {

// --- SfnRun --------------------------------------------------------------------------------------

SfnRun::SfnRun(sfn::EngineOptions options, uint64_t seed, Instant start)
    : driver(std::move(options), seed, start) {
  driver.set_responder([this](sfn::LocalDriver&, const sfn::Delivery& d) {
    Json request = {{"kind", sfn::to_string(d.kind)}, {"executionArn", d.execution_arn},
                    {"stateName", d.state_name},      {"resource", d.resource},
                    {"taskToken", d.token},           {"scheduledEventId", d.scheduled_event_id},
                    {"invocation", d.invocation},     {"payload", d.payload}};
    CallRecord& record = calls.append(driver.now(), "engine", ApiCall::DeliverTask, std::move(request));
    record.response = Json::object();
    if (responder_) responder_(*this, d);
  });
}

void SfnRun::start(const std::string& definition_json, const Json& input) {
  auto parsed = asl::parse_definition_text(definition_json);
  if (auto* problems = std::get_if<asl::Problems>(&parsed)) {
    BOOST_FAIL("invalid test definition: " << asl::to_string(problems->front()));
  }
  definition = std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
  const sfn::ApiAnswer answer =
      driver.engine().start_execution(driver.now(), definition, "machine", "run", input);
  log("scenario", ApiCall::StartExecution, Json{{"name", "run"}, {"input", input}}, answer);
  BOOST_REQUIRE(answer.ok());
  arn = answer.response->at("executionArn").get<std::string>();
}

CallRecord& SfnRun::log(const std::string& caller, ApiCall api, Json request,
                        const sfn::ApiAnswer& answer) {
  CallRecord& record = calls.append(driver.now(), caller, api, std::move(request));
  record.response = answer.response;
  record.error = answer.error;
  return record;
}

sfn::ApiAnswer SfnRun::heartbeat(const std::string& token) {
  const auto answer = driver.engine().send_task_heartbeat(driver.now(), token);
  log("worker:test/1", ApiCall::SendTaskHeartbeat, Json{{"taskToken", token}}, answer);
  return answer;
}

sfn::ApiAnswer SfnRun::succeed(const std::string& token, const std::string& output) {
  const auto answer = driver.engine().send_task_success(driver.now(), token, output);
  log("worker:test/1", ApiCall::SendTaskSuccess, Json{{"taskToken", token}, {"output", output}}, answer);
  return answer;
}

sfn::ApiAnswer SfnRun::fail(const std::string& token, std::optional<std::string> error,
                            std::optional<std::string> cause) {
  Json request = {{"taskToken", token}};
  if (error) request["error"] = *error;
  if (cause) request["cause"] = *cause;
  const auto answer = driver.engine().send_task_failure(driver.now(), token, error, cause);
  log("worker:test/1", ApiCall::SendTaskFailure, std::move(request), answer);
  return answer;
}

sfn::ApiAnswer SfnRun::complete(const std::string& token, sfn::IntegrationResult result) {
  Json request = {{"taskToken", token}};
  if (result.output) {
    request["output"] = to_compact_text(*result.output);  // JSON text, as world.h logs it.
  } else {
    if (result.error) request["error"] = *result.error;
    if (result.cause) request["cause"] = *result.cause;
  }
  const auto answer = driver.engine().complete_integration(driver.now(), token, std::move(result));
  log("worker:service/1", ApiCall::CompleteIntegration, std::move(request), answer);
  return answer;
}

std::optional<std::string> SfnRun::poll(const std::string& activity_arn,
                                        const std::string& worker) {
  sfn::ApiAnswer answer = driver.engine().get_activity_task(driver.now(), activity_arn, worker);
  std::optional<std::string> token;
  if (answer.ok() && answer.response->contains("taskToken")) {
    token = (*answer.response)["taskToken"].get<std::string>();
    const auto info = driver.engine().task_info(*token);
    BOOST_REQUIRE(info.has_value());
    (*answer.response)["scheduledEventId"] = info->scheduled_event_id;
  }
  log("worker:" + worker, ApiCall::GetActivityTask,
      Json{{"activityArn", activity_arn}, {"workerName", worker}}, answer);
  return token;
}

sfn::ApiAnswer SfnRun::stop() {
  const auto answer = driver.engine().stop_execution(driver.now(), arn, std::nullopt, std::nullopt);
  log("scenario", ApiCall::StopExecution, Json{{"executionArn", arn}}, answer);
  return answer;
}

sfn::ApiAnswer SfnRun::redrive(std::optional<std::string> client_token) {
  Json request = {{"executionArn", arn}};
  if (client_token) request["clientToken"] = *client_token;
  const auto answer = driver.engine().redrive_execution(driver.now(), arn, client_token);
  log("scenario", ApiCall::RedriveExecution, std::move(request), answer);
  return answer;
}

sfn::ApiAnswer SfnRun::describe() {
  const auto answer = driver.engine().describe_execution(driver.now(), arn);
  log("scenario", ApiCall::DescribeExecution, Json{{"executionArn", arn}}, answer);
  return answer;
}

const History& SfnRun::history() const {
  const History* h = const_cast<sfn::LocalDriver&>(driver).engine().history(arn);
  BOOST_REQUIRE(h != nullptr);
  return *h;
}

Observation SfnRun::observation(const Semantics& semantics) const {
  return observation_with(&history(), &calls, semantics);
}

Observation SfnRun::observation_with(const History* h, const CallLog* log_in,
                                     const Semantics& semantics) const {
  Observation o;
  o.history = h;
  o.definition = definition.get();
  o.calls = log_in;
  o.semantics = semantics;
  // Distributed Maps: every Map Run's record and its kept children, as world::run collects them.
  auto& engine = const_cast<sfn::LocalDriver&>(driver).engine();
  map_runs_.clear();
  child_histories_.clear();
  for (const std::string& run_arn : engine.map_run_arns()) {
    Json run = engine.map_run_record(driver.now(), run_arn);
    for (const Json& child : run.at("childExecutions")) {
      const std::string child_arn = child.at("executionArn").get<std::string>();
      const History* kept = child_arn.empty() ? nullptr : engine.history(child_arn);
      if (kept != nullptr) child_histories_[child_arn] = *kept;
    }
    map_runs_.push_back(std::move(run));
  }
  o.map_runs = &map_runs_;
  o.child_histories = &child_histories_;
  return o;
}

SfnRun::Responder succeed_integrations(Duration delay) {
  return [delay](SfnRun& run, const sfn::Delivery& d) {
    if (d.kind != sfn::DispatchKind::lambda && d.kind != sfn::DispatchKind::request_response)
      return;
    run.after(delay, [&run, token = d.token, payload = d.payload] {
      run.complete(token, sfn::IntegrationResult::success(Json{{"echo", payload}}));
    });
  };
}

SfnRun::Responder integration_script(std::vector<std::optional<std::string>> errors,
                                     Duration delay) {
  auto next = std::make_shared<size_t>(0);
  return [errors = std::move(errors), delay, next](SfnRun& run, const sfn::Delivery& d) {
    const size_t n = (*next)++;
    const std::optional<std::string> error = n < errors.size() ? errors[n] : std::nullopt;
    run.after(delay, [&run, token = d.token, error, n] {
      run.complete(token,
                   error ? sfn::IntegrationResult::failure(*error, "attempt " + std::to_string(n))
                         : sfn::IntegrationResult::success(Json{{"attempt", n}}));
    });
  };
}

// --- Editing and assertions ----------------------------------------------------------------------

void remove_events(History& history, const std::vector<int64_t>& ids) {
  const std::set<int64_t> gone(ids.begin(), ids.end());
  std::map<int64_t, int64_t> renumbered;  // Old id -> new id (0 for removed).
  std::map<int64_t, int64_t> previous;    // Old id -> old previous id.
  int64_t next = 1;
  for (const HistoryEvent& e : history.events) {
    previous[e.id] = e.previous_event_id;
    renumbered[e.id] = gone.count(e.id) ? 0 : next++;
  }
  std::vector<HistoryEvent> kept;
  for (HistoryEvent e : history.events) {
    if (gone.count(e.id)) continue;
    int64_t p = e.previous_event_id;
    while (p != 0 && gone.count(p)) p = previous[p];
    e.previous_event_id = p == 0 ? 0 : renumbered[p];
    e.id = renumbered[e.id];
    kept.push_back(std::move(e));
  }
  history.events = std::move(kept);
}

void insert_event(History& history, int64_t after_id, HistoryEvent event) {
  for (HistoryEvent& e : history.events) {
    if (e.id > after_id) ++e.id;
    if (e.previous_event_id > after_id) ++e.previous_event_id;
  }
  event.id = after_id + 1;
  history.events.insert(history.events.begin() + after_id, std::move(event));
}

void shift_from(History& history, int64_t id, Duration by) {
  for (HistoryEvent& e : history.events) {
    if (e.id >= id) e.timestamp += by;
  }
}

std::vector<const HistoryEvent*> events_of(const History& history, EventType type) {
  std::vector<const HistoryEvent*> out;
  for (const HistoryEvent& e : history.events) {
    if (e.type == type) out.push_back(&e);
  }
  return out;
}

std::vector<Violation> of(const std::vector<Violation>& all, std::string_view invariant) {
  std::vector<Violation> out;
  for (const Violation& v : all) {
    if (v.invariant == invariant) out.push_back(v);
  }
  return out;
}

std::string describe(const std::vector<Violation>& violations) {
  std::string out;
  for (const Violation& v : violations) {
    out += "\n  " + v.invariant + " (event " + std::to_string(v.event_id) + ", call " +
           std::to_string(v.call) + "): " + v.message;
  }
  return out;
}

}  // namespace wfsim::check::testing
