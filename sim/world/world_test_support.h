// Test helpers for the world tests (not part of any library): building WorldConfigs from ASL
// text or a Temporal workflow, resources and attempt behaviours, and reading a run's call log.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "asl/definition.h"
#include "core/test_printing.h"
#include "world/world.h"

namespace wfsim::world::testing {

inline Duration seconds(double s) { return Duration::from_seconds_real(s); }

inline DurationDistribution fixed(double s) {
  return {DurationDistribution::Kind::fixed, seconds(s), seconds(s)};
}
inline DurationDistribution uniform(double low, double high) {
  return {DurationDistribution::Kind::uniform, seconds(low), seconds(high)};
}

inline AttemptBehaviour returns(Json value) {
  AttemptBehaviour b;
  b.kind = AttemptBehaviour::Kind::return_value;
  b.value = std::move(value);
  return b;
}
inline AttemptBehaviour throws(std::string error, std::string cause = "failed") {
  AttemptBehaviour b;
  b.kind = AttemptBehaviour::Kind::throw_error;
  b.error = std::move(error);
  b.cause = std::move(cause);
  return b;
}
inline AttemptBehaviour hangs() {
  AttemptBehaviour b;
  b.kind = AttemptBehaviour::Kind::hang;
  return b;
}
inline AttemptBehaviour crashes(double after_seconds) {
  AttemptBehaviour b;
  b.kind = AttemptBehaviour::Kind::crash;
  b.crash_after = seconds(after_seconds);
  return b;
}

inline ResourceConfig resource(std::string key, double duration_seconds,
                               double heartbeat_every_seconds = 0, uint32_t workers = 1) {
  ResourceConfig r;
  r.key = std::move(key);
  r.workers = workers;
  r.duration = fixed(duration_seconds);
  r.heartbeat_every = seconds(heartbeat_every_seconds);
  return r;
}

inline ResourceConfig& rule(ResourceConfig& r, uint32_t first, uint32_t last, AttemptBehaviour b) {
  r.attempts.push_back(AttemptRule{first, last, std::move(b)});
  return r;
}

inline std::shared_ptr<const asl::Definition> definition(const std::string& text) {
  auto parsed = asl::parse_definition_text(text);
  if (const auto* problems = std::get_if<asl::Problems>(&parsed)) {
    BOOST_FAIL("definition problems, first: " + asl::to_string(problems->front()));
  }
  return std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
}

inline WorldConfig sfn_config(const std::string& definition_text, Json input = Json::object()) {
  WorldConfig c;
  c.name = "world-test";
  c.definition = definition(definition_text);
  c.input = std::move(input);
  return c;
}

inline Ratio always() { return Ratio::always(); }

inline void rate(WorldConfig& c, FaultKind kind, Ratio ratio) {
  c.faults.rates.rates[static_cast<size_t>(kind)] = ratio;
}

inline ScenarioAction action(double at_seconds, ApiCall call) {
  ScenarioAction a;
  a.at = seconds(at_seconds);
  a.call = call;
  return a;
}

inline RunResult run_seed(const WorldConfig& config, uint64_t seed = 1, bool trace = true) {
  RunOptions options;
  options.seed = seed;
  options.record_trace = trace;
  return run(config, options);
}

// The call records of one API (and caller prefix, when given), in log order.
inline std::vector<const CallRecord*> calls(const RunResult& r, ApiCall api,
                                            std::string_view caller_prefix = "") {
  std::vector<const CallRecord*> out;
  for (const CallRecord& c : r.calls.records) {
    if (c.api == api && c.caller.starts_with(caller_prefix)) out.push_back(&c);
  }
  return out;
}

// Seconds from the epoch.
inline double at(Instant t) { return (t - kDefaultEpoch).seconds_real(); }

inline std::vector<std::string> event_types(const RunResult& r) {
  std::vector<std::string> out;
  for (const HistoryEvent& e : r.history.events) out.emplace_back(to_string(e.type));
  return out;
}

inline size_t count_events(const RunResult& r, EventType type) {
  size_t n = 0;
  for (const HistoryEvent& e : r.history.events) n += e.type == type ? 1 : 0;
  return n;
}

inline uint64_t injected(const RunResult& r, FaultKind kind) {
  return r.faults_injected[static_cast<size_t>(kind)];
}

inline std::string error_code(const CallRecord* c) { return c->error ? c->error->code : ""; }

inline std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

inline const char* kActivityArn = "arn:aws:states:us-east-1:123456789012:activity:ship";

// One activity Task state "Ship" with the given extra fields (JSON members, may be empty).
inline std::string activity_machine(const std::string& extra = "") {
  return R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":")" +
         std::string(kActivityArn) + "\"" + (extra.empty() ? "" : "," + extra) +
         R"(,"End":true}}})";
}

}  // namespace wfsim::world::testing
