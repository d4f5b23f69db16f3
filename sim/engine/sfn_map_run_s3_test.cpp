// The Distributed Map's ItemReader and ResultWriter through the host's S3 (DMAP-2.2, 2.4, 2.9,
// 2.11, 2.13, 10.2 to 10.5, 12.4), with LocalDriver as the S3 host: items read after
// MapRunStarted, reader and writer failures in the history, $$.Map.Item.Key, the state result
// {MapRunArn, ResultWriterDetails}, the files of a failed run, and what a redrive re-reads.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

// A Distributed Map over an ItemReader, with a Pass child that wraps its input; `reader` and
// `extra` are JSON members of the Map state.
std::string reader_map(const std::string& reader, const std::string& extra = "",
                       const std::string& type = "STANDARD",
                       const std::string& after = R"("End":true)") {
  return distributed_machine(R"("ItemReader":)" + reader + "," + extra,
                             R"("StartAt":"Wrap","States":{"Wrap":{"Type":"Pass",
                                "Parameters":{"got.$":"$"},"Next":"Done"},
                                "Done":{"Type":"Succeed"}})",
                             type, after);
}

const std::string kJsonReader =
    R"({"Resource":"arn:aws:states:::s3:getObject",
        "Parameters":{"Bucket":"data","Key.$":"$.key"}})";

void put(LocalDriver& driver, const std::string& bucket, const std::string& key,
         const std::string& body) {
  driver.s3_store().put(bucket, key, s3::Object{body});
}

const std::string kWriter =
    R"("ResultWriter":{"Resource":"arn:aws:states:::s3:putObject",
        "Parameters":{"Bucket":"out","Prefix":"runs"}},)";

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_map_run_s3)

BOOST_AUTO_TEST_CASE(a_json_object_is_read_after_map_run_started_2_2_2_4) {
  LocalDriver driver;
  driver.set_s3_latency(Duration::seconds(2), Duration::seconds(1));
  put(driver, "data", "in/items.json", R"([{"n":1},{"n":2},{"n":3}])");
  const std::string arn = driver.start(reader_map(kJsonReader), Json{{"key", "in/items.json"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted MapRunSucceeded "
             "MapStateSucceeded MapStateExited ExecutionSucceeded");
  BOOST_TEST(first_of(h, EventType::MapStateStarted)->length == 0);  // DMAP-2.2
  BOOST_TEST(*h.events.back().output ==
             Json::array({{{"got", {{"n", 1}}}}, {{"got", {{"n", 2}}}}, {{"got", {{"n", 3}}}}}));
  const HistoryEvent* started = first_of(h, EventType::MapRunStarted);
  const HistoryEvent* succeeded = first_of(h, EventType::MapRunSucceeded);
  BOOST_TEST((succeeded->timestamp - started->timestamp) >= Duration::seconds(2));
  BOOST_TEST(driver.s3_reads() == 1u);
  BOOST_TEST(describe_run(driver)["itemCounts"]["total"] == 3);
}

BOOST_AUTO_TEST_CASE(csv_rows_are_objects_of_strings_and_max_items_limits_them_2_9_2_13) {
  LocalDriver driver;
  put(driver, "data", "rows.csv", "id,name,ok\n1,apple,true\n2,pear,\n3,fig,false\n");
  const std::string reader =
      R"({"Resource":"arn:aws:states:::s3:getObject",
          "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW",
                          "MaxItemsPath":"$.limit"},
          "Parameters":{"Bucket":"data","Key":"rows.csv"}})";
  const std::string arn = driver.start(reader_map(reader), Json{{"limit", 2}});
  driver.run();
  const Json& out = *history_of(driver, arn).events.back().output;
  BOOST_TEST(out == Json::array({{{"got", {{"id", "1"}, {"name", "apple"}, {"ok", "true"}}}},
                                 {{"got", {{"id", "2"}, {"name", "pear"}, {"ok", ""}}}}}));
}

BOOST_AUTO_TEST_CASE(a_missing_object_fails_the_run_with_item_reader_failed_2_4) {
  LocalDriver driver;
  driver.s3_store().create_bucket("data");
  const std::string arn = driver.start(reader_map(kJsonReader), Json{{"key", "nope.json"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted MapRunFailed "
             "MapStateFailed ExecutionFailed");
  const HistoryEvent* failed = first_of(h, EventType::MapRunFailed);
  BOOST_TEST(*failed->error == "States.ItemReaderFailed");
  BOOST_TEST(*h.events.back().error == "States.ItemReaderFailed");
  BOOST_TEST(*h.events.back().cause == *failed->cause);
  BOOST_TEST(describe_run(driver)["status"] == "FAILED");
}

BOOST_AUTO_TEST_CASE(max_items_path_values_fail_as_recorded_2_13) {
  const std::string reader =
      R"({"Resource":"arn:aws:states:::s3:getObject",
          "ReaderConfig":{"InputType":"JSON","MaxItemsPath":"$.MaxItems"},
          "Parameters":{"Bucket":"data","Key":"a.json"}})";
  {
    LocalDriver driver;
    put(driver, "data", "a.json", "[1,2]");
    const std::string arn = driver.start(reader_map(reader), Json{{"MaxItems", 1.5}});
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST(joined(types(h)) == "ExecutionStarted MapStateEntered MapStateStarted "
                                   "ExecutionFailed");
    BOOST_TEST(*h.events.back().error == "States.Runtime");
    BOOST_TEST(h.events.back().cause->find("The MaxItemsPath field refers to value \"1.5\" "
                                           "which is not a valid integer: $.MaxItems") !=
               std::string::npos);
    BOOST_TEST(driver.s3_reads() == 0u);
  }
  {
    LocalDriver driver;
    put(driver, "data", "a.json", "[1,2]");
    const std::string arn = driver.start(reader_map(reader), Json{{"MaxItems", -1}});
    driver.run();
    const History& h = history_of(driver, arn);
    const HistoryEvent* failed = first_of(h, EventType::MapRunFailed);
    BOOST_TEST_REQUIRE(failed != nullptr);
    BOOST_TEST(*failed->error == "States.ItemReaderFailed");
    BOOST_TEST(*failed->cause == "field MaxItems must be positive");
  }
}

BOOST_AUTO_TEST_CASE(an_object_member_key_is_in_the_item_context_2_7) {
  EngineOptions options;
  options.item_reader_json_objects = true;
  LocalDriver driver(options);
  put(driver, "data", "o.json", R"({"a":1,"b":2})");
  const std::string arn = driver.start(
      reader_map(kJsonReader, R"("ItemSelector":{"k.$":"$$.Map.Item.Key",
                                                 "v.$":"$$.Map.Item.Value"},)"),
      Json{{"key", "o.json"}});
  driver.run();
  const Json& out = *history_of(driver, arn).events.back().output;
  BOOST_TEST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0]["got"]["k"] == "a");
  BOOST_TEST(out[0]["got"]["v"] == 1);
  BOOST_TEST(out[1]["got"]["k"] == "b");
  BOOST_TEST(out[1]["got"]["v"] == 2);
}

BOOST_AUTO_TEST_CASE(flattened_listings_give_each_item_its_source_2_12) {
  LocalDriver driver;
  put(driver, "data", "day/a.json", R"([1,2])");
  put(driver, "data", "day/b.json", R"([3])");
  put(driver, "data", "night/c.json", R"([4])");
  const std::string reader =
      R"({"Resource":"arn:aws:states:::s3:listObjectsV2",
          "ReaderConfig":{"InputType":"JSON","Transformation":"LOAD_AND_FLATTEN"},
          "Parameters":{"Bucket":"data","Prefix":"day/"}})";
  const std::string arn = driver.start(
      reader_map(reader, R"("ItemSelector":{"src.$":"$$.Map.Item.Source",
                                            "v.$":"$$.Map.Item.Value"},)"),
      Json::object());
  driver.run();
  const Json& out = *history_of(driver, arn).events.back().output;
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0]["got"]["src"] == "s3://data/day/a.json");
  BOOST_TEST(out[1]["got"]["v"] == 2);
  BOOST_TEST(out[2]["got"]["src"] == "s3://data/day/b.json");
  BOOST_TEST(out[2]["got"]["v"] == 3);
}

BOOST_AUTO_TEST_CASE(the_result_writer_writes_files_and_gives_their_manifest_10_3_10_4) {
  LocalDriver driver;
  put(driver, "data", "a.json", R"([1,2])");
  driver.s3_store().create_bucket("out");
  const std::string arn = driver.start(reader_map(kJsonReader, kWriter), Json{{"key", "a.json"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  const Json& out = *h.events.back().output;
  const std::string run_arn(first_of(h, EventType::MapRunStarted)->map_run_arn);
  const std::string run_id = run_arn.substr(run_arn.rfind(':') + 1);
  BOOST_TEST(out == Json({{"MapRunArn", run_arn},
                          {"ResultWriterDetails",
                           {{"Bucket", "out"}, {"Key", "runs/" + run_id + "/manifest.json"}}}}));
  const s3::Object* manifest = driver.s3_store().get("out", "runs/" + run_id + "/manifest.json");
  BOOST_TEST_REQUIRE(manifest != nullptr);
  const Json files = Json::parse(manifest->body)["ResultFiles"];
  BOOST_TEST(files["SUCCEEDED"].size() == 1u);
  BOOST_TEST(files["FAILED"].empty());
  const s3::Object* succeeded =
      driver.s3_store().get("out", "runs/" + run_id + "/SUCCEEDED_0.json");
  BOOST_TEST_REQUIRE(succeeded != nullptr);
  const Json records = Json::parse(succeeded->body);
  BOOST_TEST_REQUIRE(records.size() == 2u);
  BOOST_TEST(records[0]["Status"] == "SUCCEEDED");
  BOOST_TEST(records[1]["Output"] == R"({"got":2})");
  BOOST_TEST(driver.s3_writes() == 1u);
  BOOST_TEST(describe_run(driver)["itemCounts"]["resultsWritten"] == 2);  // DMAP-10.5
}

BOOST_AUTO_TEST_CASE(a_failed_write_is_result_writer_failed_and_can_be_caught_10_2) {
  LocalDriver driver;
  put(driver, "data", "a.json", R"([1])");
  driver.s3_store().create_bucket("out");
  driver.fail_s3_writes("Access Denied");
  const std::string arn = driver.start(
      reader_map(kJsonReader, kWriter, "STANDARD",
                 R"("Catch":[{"ErrorEquals":["States.ResultWriterFailed"],"Next":"Handled"}],
                    "End":true)"),
      Json{{"key", "a.json"}});
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent* failed = first_of(h, EventType::MapRunFailed);
  BOOST_TEST_REQUIRE(failed != nullptr);
  BOOST_TEST(*failed->error == "States.ResultWriterFailed");
  BOOST_TEST(*failed->cause == "Access Denied");
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(*h.events.back().output ==
             Json({{"Error", "States.ResultWriterFailed"}, {"Cause", "Access Denied"}}));
  BOOST_TEST(describe_run(driver)["itemCounts"]["resultsWritten"] == 0);
}

BOOST_AUTO_TEST_CASE(an_undeclared_bucket_fails_the_write_10_2) {
  LocalDriver driver;
  put(driver, "data", "a.json", R"([1])");
  const std::string arn = driver.start(reader_map(kJsonReader, kWriter), Json{{"key", "a.json"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().error == "States.ResultWriterFailed");
}

BOOST_AUTO_TEST_CASE(a_failed_run_still_writes_its_children_10_4) {
  LocalDriver driver;
  put(driver, "data", "a.json", R"([1,"x",3,4])");
  driver.s3_store().create_bucket("out");
  // The child fails on a string item (States.Runtime of a bad path is not used: a Fail state).
  const std::string definition = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map",
      "Label":"Fan","MaxConcurrency":1,"ItemReader":)" + kJsonReader + "," + kWriter +
      R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Check","States":{"Check":{"Type":"Choice","Choices":[{"Variable":"$",
        "IsString":true,"Next":"Bad"}],"Default":"Ok"},"Bad":{"Type":"Fail","Error":"Item.Bad"},
        "Ok":{"Type":"Succeed"}}},"End":true}}})";
  const std::string arn = driver.start(definition, Json{{"key", "a.json"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().error == "States.ExceedToleratedFailureThreshold");
  const std::string run_arn(first_of(h, EventType::MapRunStarted)->map_run_arn);
  const std::string dir = "runs/" + run_arn.substr(run_arn.rfind(':') + 1) + "/";
  const s3::Object* manifest = driver.s3_store().get("out", dir + "manifest.json");
  BOOST_TEST_REQUIRE(manifest != nullptr);
  const Json files = Json::parse(manifest->body)["ResultFiles"];
  BOOST_TEST(files["SUCCEEDED"].size() == 1u);
  BOOST_TEST(files["FAILED"].size() == 1u);
  BOOST_TEST(files["PENDING"].size() == 1u);
  const Json failed = Json::parse(driver.s3_store().get("out", dir + "FAILED_0.json")->body);
  BOOST_TEST_REQUIRE(failed.size() == 1u);  // "x" failed; the run failed before starting 3.
  BOOST_TEST(failed[0]["Error"] == "Item.Bad");
  const Json pending = Json::parse(driver.s3_store().get("out", dir + "PENDING_0.json")->body);
  BOOST_TEST(pending.size() == 2u);  // Items 3 and 4 never started (MaxConcurrency 1).
  BOOST_TEST(describe_run(driver)["itemCounts"]["resultsWritten"] == 1);
}

BOOST_AUTO_TEST_CASE(a_run_that_failed_reading_reads_again_on_redrive_12_4) {
  LocalDriver driver;
  driver.s3_store().create_bucket("data");
  const std::string arn = driver.start(reader_map(kJsonReader), Json{{"key", "late.json"}});
  driver.run();
  BOOST_TEST(*history_of(driver, arn).events.back().error == "States.ItemReaderFailed");
  put(driver, "data", "late.json", R"([7])");
  BOOST_TEST(driver.engine().redrive_execution(driver.now(), arn, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(*h.events.back().output == Json::array({{{"got", 7}}}));
  BOOST_TEST(driver.s3_reads() == 2u);
  BOOST_TEST(driver.engine().map_run_arns().size() == 2u);  // A new Map Run (DMAP-12.4).
}

BOOST_AUTO_TEST_CASE(a_run_that_started_children_reuses_its_items_on_redrive_12_4) {
  LocalDriver driver;
  put(driver, "data", "a.json", R"([1,"x"])");
  const std::string definition = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map",
      "Label":"Fan","ItemReader":)" + kJsonReader + "," +
      R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Check","States":{"Check":{"Type":"Choice","Choices":[{"Variable":"$.fixed",
        "IsPresent":true,"Next":"Ok"},{"Variable":"$","IsString":true,"Next":"Bad"}],
        "Default":"Ok"},"Bad":{"Type":"Fail","Error":"Item.Bad"},
        "Ok":{"Type":"Succeed"}}},"End":true}}})";
  const std::string arn = driver.start(definition, Json{{"key", "a.json"}});
  driver.run();
  BOOST_TEST(history_of(driver, arn).events.back().type == EventType::ExecutionFailed);
  put(driver, "data", "a.json", R"([1,2])");  // Not read again: the items are reused.
  BOOST_TEST(driver.engine().redrive_execution(driver.now(), arn, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(first_of(h, EventType::MapRunRedriven) != nullptr);
  BOOST_TEST(driver.s3_reads() == 1u);
  BOOST_TEST(driver.engine().map_run_arns().size() == 1u);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);  // "x" fails again.
}

BOOST_AUTO_TEST_CASE(a_stop_while_reading_aborts_the_run_and_ignores_the_answer_9_4) {
  LocalDriver driver;
  driver.set_s3_latency(Duration::seconds(10), Duration::seconds(1));
  put(driver, "data", "a.json", R"([1])");
  const std::string arn = driver.start(reader_map(kJsonReader), Json{{"key", "a.json"}});
  driver.after(Duration::seconds(1), [&] {
    driver.engine().stop_execution(driver.now(), arn, std::nullopt, std::nullopt);
  });
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted MapRunAborted "
             "ExecutionAborted");
  BOOST_TEST(describe_run(driver)["status"] == "ABORTED");
  BOOST_TEST(describe_run(driver)["itemCounts"]["total"] == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
