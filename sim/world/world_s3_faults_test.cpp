// The simulated S3 of a Distributed Map in the world (sfn_s3.cpp): its ItemReader and
// ResultWriter answer after a latency from the world's "s3" stream, s3_slow_read adds its length
// to a read, result_writer_failure fails a write (States.ResultWriterFailed, caught here), and
// swarm switches the S3 kinds on only for definitions with a reader or a writer.
#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

// A Distributed Map over a JSON object of three items with a Pass child, writing its results to
// bucket "out"; a Catch on States.ResultWriterFailed goes to "Handled".
const std::string kMachine = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","Label":"Fan",
  "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
                "Parameters":{"Bucket":"data","Key":"items.json"}},
  "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject",
                  "Parameters":{"Bucket":"out","Prefix":"runs"}},
  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
    "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
  "Catch":[{"ErrorEquals":["States.ResultWriterFailed"],"Next":"Handled"}],
  "End":true},"Handled":{"Type":"Pass","End":true}}})";

WorldConfig s3_world() {
  WorldConfig c = sfn_config(kMachine);
  auto store = std::make_shared<s3::ObjectStore>();
  store->put("data", "items.json", s3::Object{"[1,2,3]"});
  store->create_bucket("out");
  c.s3_objects = std::move(store);
  return c;
}

const HistoryEvent* first_of(const RunResult& r, EventType type) {
  for (const HistoryEvent& e : r.history.events) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

Duration read_time(const RunResult& r) {
  // The read happens between MapRunStarted and the first child's start; with a Pass child the
  // whole run takes the read, the children (no time) and the write.
  return first_of(r, EventType::MapRunSucceeded)->timestamp -
         first_of(r, EventType::MapRunStarted)->timestamp;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_s3_faults)

BOOST_AUTO_TEST_CASE(the_reader_and_writer_answer_after_a_short_latency) {
  const RunResult r = run_seed(s3_world());
  BOOST_TEST(r.final_status == "SUCCEEDED");
  BOOST_TEST_REQUIRE(first_of(r, EventType::MapRunSucceeded) != nullptr);
  BOOST_TEST(read_time(r) >= seconds(0.1));  // A read and a write, 50 to 250 ms each.
  BOOST_TEST(read_time(r) <= seconds(0.5));
  size_t written = 0;
  for (const auto& [key, object] : r.s3.buckets().at("out")) written += key.starts_with("runs/");
  BOOST_TEST(written == 2u);  // manifest.json and SUCCEEDED_0.json.
  BOOST_TEST(injected(r, FaultKind::s3_slow_read) == 0u);
}

BOOST_AUTO_TEST_CASE(a_slow_read_adds_its_length_to_the_read) {
  WorldConfig c = s3_world();
  rate(c, FaultKind::s3_slow_read, always());
  c.faults.rates.delay = fixed(40);
  const RunResult r = run_seed(c);
  BOOST_TEST(r.final_status == "SUCCEEDED");
  BOOST_TEST(injected(r, FaultKind::s3_slow_read) == 1u);
  BOOST_TEST(read_time(r) >= seconds(40));
  BOOST_TEST(read_time(r) <= seconds(40.5));
}

BOOST_AUTO_TEST_CASE(a_failed_write_is_result_writer_failed_and_caught) {
  WorldConfig c = s3_world();
  rate(c, FaultKind::result_writer_failure, always());
  const RunResult r = run_seed(c);
  BOOST_TEST(r.final_status == "SUCCEEDED");
  BOOST_TEST(injected(r, FaultKind::result_writer_failure) == 1u);
  const HistoryEvent* failed = first_of(r, EventType::MapRunFailed);
  BOOST_TEST_REQUIRE(failed != nullptr);
  BOOST_TEST(*failed->error == "States.ResultWriterFailed");
  BOOST_TEST(failed->cause->find("AccessDenied") != std::string::npos);
  BOOST_TEST(r.history.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(r.s3.buckets().at("out").empty());  // Nothing was written.
}

BOOST_AUTO_TEST_CASE(the_s3_kinds_apply_only_to_definitions_with_a_reader_or_writer) {
  const FaultKindSet with = applicable_kinds(s3_world());
  BOOST_TEST(with[static_cast<size_t>(FaultKind::s3_slow_read)]);
  BOOST_TEST(with[static_cast<size_t>(FaultKind::result_writer_failure)]);
  const FaultKindSet without = applicable_kinds(sfn_config(activity_machine()));
  BOOST_TEST(!without[static_cast<size_t>(FaultKind::s3_slow_read)]);
  BOOST_TEST(!without[static_cast<size_t>(FaultKind::result_writer_failure)]);
}

BOOST_AUTO_TEST_CASE(the_same_seed_reads_and_writes_at_the_same_times) {
  WorldConfig c = s3_world();
  rate(c, FaultKind::s3_slow_read, Ratio{1, 2});
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const RunResult a = run_seed(c, seed);
    const RunResult b = run_seed(c, seed);
    BOOST_TEST(read_time(a) == read_time(b));
    BOOST_TEST(a.schedule.firings == b.schedule.firings);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
