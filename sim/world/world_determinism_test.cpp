// Determinism: one seed gives byte-identical traces, call logs and histories and equal digests
// (with tie shuffling on and off); the trace can be skipped without changing the run; and a run
// replayed from the fault schedule it recorded fires exactly the same faults without drawing and
// reproduces the digest and the history.
#include <rapidcheck/boost_test.h>

#include <set>

#include "record/history_json.h"
#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

// A Parallel of an activity (retried) and a callback, with random durations and heartbeats.
WorldConfig busy_world() {
  WorldConfig c = sfn_config(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
    "Branches":[
      {"StartAt":"Ship","States":{"Ship":{"Type":"Task",
        "Resource":"arn:aws:states:us-east-1:123456789012:activity:ship",
        "HeartbeatSeconds":4,"TimeoutSeconds":40,
        "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":4}],
        "End":true}}},
      {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
        "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"MessageBody.$":"$$.Task.Token"},"HeartbeatSeconds":5,
        "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":2}],"End":true}}}],
    "End":true}}})");
  ResourceConfig ship = resource(kActivityArn, 0, 1, 2);
  ship.duration = uniform(2, 12);
  rule(ship, 0, 0, throws("Ship.Unavailable"));
  ship.otherwise = returns(Json{{"tracking", "1Z"}});
  ship.restart_after_crash = seconds(3);
  ResourceConfig ask = resource("Ask", 0, 2, 2);
  ask.duration = uniform(1, 8);
  c.resources = {ship, ask};
  c.faults.rates.delay = uniform(0.5, 6);
  return c;
}

void rate_all(WorldConfig& c, Ratio ratio) {
  for (size_t k = 0; k < kFaultKindCount; ++k) rate(c, static_cast<FaultKind>(k), ratio);
}

std::string trace_text(const RunResult& r) {
  std::string text;
  for (const Json& event : r.trace) text += to_compact_text(event) + "\n";
  return text;
}

std::string history_text(const RunResult& r) { return history_to_json(r.history).dump(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(world_determinism)

BOOST_AUTO_TEST_CASE(the_same_seed_gives_byte_identical_traces_logs_histories_and_digests) {
  for (const bool shuffle : {true, false}) {
    WorldConfig c = busy_world();
    c.shuffle_ties = shuffle;
    rate_all(c, Ratio{1, 6});
    for (uint64_t seed = 1; seed <= 20; ++seed) {
      const RunResult a = run_seed(c, seed);
      const RunResult b = run_seed(c, seed);
      BOOST_TEST(a.digest == b.digest);
      BOOST_TEST(a.events == b.events);
      BOOST_TEST(trace_text(a) == trace_text(b));
      BOOST_TEST(call_log_to_json_lines(a.calls) == call_log_to_json_lines(b.calls));
      BOOST_TEST(history_text(a) == history_text(b));
      BOOST_TEST(a.trace.size() == a.events);
    }
  }
}

BOOST_AUTO_TEST_CASE(different_seeds_explore_different_runs) {
  WorldConfig c = busy_world();
  rate_all(c, Ratio{1, 6});
  std::set<uint64_t> digests;
  std::set<std::string> statuses;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const RunResult r = run_seed(c, seed, false);
    digests.insert(r.digest);
    statuses.insert(r.final_status);
  }
  BOOST_TEST(digests.size() == 30u);
  BOOST_TEST(statuses.size() >= 2u);
}

BOOST_AUTO_TEST_CASE(skipping_the_trace_changes_nothing_else) {
  WorldConfig c = busy_world();
  rate_all(c, Ratio{1, 6});
  const RunResult traced = run_seed(c, 7, true);
  const RunResult plain = run_seed(c, 7, false);
  BOOST_TEST(plain.trace.empty());
  BOOST_TEST(plain.digest == traced.digest);
  BOOST_TEST(call_log_to_json_lines(plain.calls) == call_log_to_json_lines(traced.calls));
}

BOOST_AUTO_TEST_CASE(a_trace_event_names_its_kind_entity_time_and_the_calls_it_made) {
  WorldConfig c = sfn_config(activity_machine());
  c.resources.push_back(resource(kActivityArn, 2));
  const RunResult r = run_seed(c);
  BOOST_TEST_REQUIRE(!r.trace.empty());
  const Json& first = r.trace.front();
  BOOST_TEST(first["seq"] == 1);
  BOOST_TEST(first["kind"] == "start");
  BOOST_TEST(first["time"] == "2024-01-01T00:00:00.000000Z");
  BOOST_TEST(first["calls"] == Json::array({1, 1}));  // StartExecution.
  bool saw_work_done = false;
  for (const Json& e : r.trace) {
    if (e["kind"] != "work_done") continue;
    saw_work_done = true;
    BOOST_TEST(e["entity"] == std::string(kActivityArn) + "/1");
    BOOST_TEST(e["time"] == "2024-01-01T00:00:02.000000Z");
    const uint64_t call = e["calls"][0];
    BOOST_TEST(r.calls.records[call - 1].api == ApiCall::SendTaskSuccess);
  }
  BOOST_TEST(saw_work_done);
}

BOOST_AUTO_TEST_CASE(replaying_the_recorded_schedule_reproduces_the_digest_and_the_history) {
  size_t with_faults = 0;
  for (const bool swarm : {false, true}) {
    WorldConfig c = busy_world();
    if (!swarm) rate_all(c, Ratio{1, 5});
    for (uint64_t seed = 1; seed <= 25; ++seed) {
      RunOptions options;
      options.seed = seed;
      options.swarm = swarm;
      const RunResult original = run(c, options);
      with_faults += original.schedule.firings.empty() ? 0 : 1;
      RunOptions replay = options;
      replay.replay = &original.schedule;
      const RunResult again = run(c, replay);
      BOOST_TEST(again.digest == original.digest, "seed " << seed << " swarm " << swarm);
      BOOST_TEST(history_text(again) == history_text(original));
      BOOST_TEST(call_log_to_json_lines(again.calls) == call_log_to_json_lines(original.calls));
      BOOST_TEST(again.schedule.firings == original.schedule.firings);
      BOOST_TEST((again.faults_injected == original.faults_injected));
    }
  }
  BOOST_TEST(with_faults > 30u);
}

BOOST_AUTO_TEST_CASE(a_replay_fires_only_the_listed_faults_so_a_shrunk_schedule_fires_less) {
  WorldConfig c = busy_world();
  rate_all(c, Ratio{1, 4});
  RunOptions options;
  options.seed = 12;
  const RunResult original = run(c, options);
  BOOST_TEST_REQUIRE(original.schedule.firings.size() >= 4u);
  FaultSchedule shrunk;
  for (size_t i = 0; i < original.schedule.firings.size(); i += 2) {
    shrunk.firings.push_back(original.schedule.firings[i]);
  }
  RunOptions replay = options;
  replay.replay = &shrunk;
  const RunResult smaller = run(c, replay);
  BOOST_TEST(smaller.schedule.firings.size() <= shrunk.firings.size());
  for (const FaultFiring& f : smaller.schedule.firings) {
    BOOST_TEST((std::find(shrunk.firings.begin(), shrunk.firings.end(), f) !=
                shrunk.firings.end()));
  }
  // The first listed firing happens before anything else changed, so it fires again.
  BOOST_TEST_REQUIRE(!smaller.schedule.firings.empty());
  BOOST_TEST((smaller.schedule.firings.front() == shrunk.firings.front()));
}

RC_BOOST_PROP(any_fault_mix_replays_to_the_same_digest, (uint64_t seed, uint16_t mask)) {
  WorldConfig c = busy_world();
  c.shuffle_ties = (mask & 1) != 0;
  for (size_t k = 0; k < kFaultKindCount; ++k) {
    if ((mask >> (k + 1)) & 1) rate(c, static_cast<FaultKind>(k), Ratio{1, 3});
  }
  RunOptions options;
  options.seed = seed;
  options.record_trace = false;
  const RunResult original = run(c, options);
  RC_ASSERT(run(c, options).digest == original.digest);
  RunOptions replay = options;
  replay.replay = &original.schedule;
  const RunResult again = run(c, replay);
  RC_ASSERT(again.digest == original.digest);
  RC_ASSERT(again.schedule.firings == original.schedule.firings);
  RC_ASSERT(again.final_status == original.final_status);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
