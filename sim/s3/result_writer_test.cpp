// The ResultWriter's files (DMAP-10.2 to 10.4, E1): manifest.json and the SUCCEEDED / FAILED /
// PENDING files for a mix of children, JSON and JSONL, NONE / COMPACT / FLATTEN, WriterConfig
// without a bucket, a missing bucket, and the split into several files.
#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

const std::string kArn =
    "arn:aws:states:us-east-1:123456789012:mapRun:sm/TestMap:7a2f0b1e-0000-3000-8000-000000000001";
const std::string kId = "7a2f0b1e-0000-3000-8000-000000000001";

ChildResult child(int index, ChildStatus status, const std::string& output = "") {
  ChildResult result;
  result.name = "child-" + std::to_string(index);
  result.status = status;
  result.input = make_document(Json{{"i", index}});
  if (status == ChildStatus::pending) {
    result.name.clear();
    return result;
  }
  result.start_date = kDefaultEpoch + Duration::seconds(index);
  result.stop_date = kDefaultEpoch + Duration::seconds(index + 1);
  if (status == ChildStatus::succeeded) {
    result.output = output.empty() ? result.input : make_document(Json::parse(output));
  } else {
    result.error = status == ChildStatus::timed_out ? "States.Timeout" : "Boom";
    result.cause = "child " + std::to_string(index) + " failed";
  }
  return result;
}

std::vector<ChildResult> mix() {
  return {child(0, ChildStatus::succeeded), child(1, ChildStatus::failed),
          child(2, ChildStatus::succeeded), child(3, ChildStatus::timed_out),
          child(4, ChildStatus::aborted),   child(5, ChildStatus::pending)};
}

WriteRequest to_bucket(std::string prefix = "mapJobs") {
  WriteRequest request;
  request.bucket = "result-bucket";
  request.prefix = std::move(prefix);
  request.map_run_arn = kArn;
  request.map_run_id = kId;
  request.child_execution_arn_prefix = "arn:aws:states:us-east-1:123456789012:execution:sm/TestMap:";
  request.child_state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm/TestMap";
  request.now = kDefaultEpoch + Duration::seconds(60);
  return request;
}

ObjectStore result_store() {
  ObjectStore store;
  store.create_bucket("result-bucket");
  return store;
}

Json object_json(const ObjectStore& store, const std::string& key) {
  const Object* object = store.get("result-bucket", key);
  BOOST_REQUIRE_MESSAGE(object != nullptr, "no object " << key);
  return Json::parse(object->body);
}

BOOST_AUTO_TEST_CASE(e1_state_result_names_the_manifest) {
  ObjectStore store = result_store();
  const WriteOutcome outcome = write_results(store, to_bucket(), mix());
  BOOST_REQUIRE(outcome.state_result.has_value());
  BOOST_TEST(!outcome.failure_cause.has_value());
  BOOST_TEST(*outcome.state_result ==
             json_object("MapRunArn", kArn, "ResultWriterDetails",
                         json_object("Bucket", "result-bucket", "Key",
                                     "mapJobs/" + kId + "/manifest.json")));
}

BOOST_AUTO_TEST_CASE(a_mix_of_children_goes_to_three_files_and_the_manifest) {
  ObjectStore store = result_store();
  write_results(store, to_bucket(), mix());
  const std::string dir = "mapJobs/" + kId + "/";
  BOOST_TEST(store.list("result-bucket", "") ==
             (std::vector<std::string>{dir + "FAILED_0.json", dir + "PENDING_0.json",
                                       dir + "SUCCEEDED_0.json", dir + "manifest.json"}));
  const Json succeeded = object_json(store, dir + "SUCCEEDED_0.json");
  BOOST_REQUIRE(succeeded.size() == 2);
  BOOST_TEST(succeeded[0] == Json::parse(R"({
    "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:sm/TestMap:child-0",
    "Input": "{\"i\":0}", "InputDetails": {"Included": true}, "Name": "child-0",
    "Output": "{\"i\":0}", "OutputDetails": {"Included": true}, "RedriveCount": 0,
    "RedriveStatus": "NOT_REDRIVABLE",
    "RedriveStatusReason": "Execution is SUCCEEDED and cannot be redriven",
    "StartDate": "2024-01-01T00:00:00.000Z",
    "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:sm/TestMap",
    "Status": "SUCCEEDED", "StopDate": "2024-01-01T00:00:01.000Z"})"));
  const Json failed = object_json(store, dir + "FAILED_0.json");
  BOOST_REQUIRE(failed.size() == 3);
  std::vector<std::string> statuses;
  for (const Json& record : failed) statuses.push_back(record["Status"]);
  BOOST_TEST(statuses == (std::vector<std::string>{"FAILED", "TIMED_OUT", "ABORTED"}));
  BOOST_TEST(failed[1]["Error"] == "States.Timeout");
  BOOST_TEST(failed[0]["Cause"] == "child 1 failed");
  BOOST_TEST(failed[0]["RedriveStatus"] == "REDRIVABLE");
  BOOST_TEST(!failed[0].contains("Output"));
  const Json pending = object_json(store, dir + "PENDING_0.json");
  BOOST_TEST(pending == Json::parse(R"([{"Input":"{\"i\":5}","InputDetails":{"Included":true},
    "StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:sm/TestMap",
    "Status":"PENDING"}])"));
  const Json manifest = object_json(store, dir + "manifest.json");
  BOOST_TEST(manifest["DestinationBucket"] == "result-bucket");
  BOOST_TEST(manifest["MapRunArn"] == kArn);
  const Json& files = manifest["ResultFiles"];
  BOOST_TEST(files["SUCCEEDED"][0]["Key"] == dir + "SUCCEEDED_0.json");
  BOOST_TEST(files["SUCCEEDED"][0]["Size"] ==
             store.get("result-bucket", dir + "SUCCEEDED_0.json")->body.size());
  BOOST_TEST(files["FAILED"].size() == 1);
  BOOST_TEST(files["PENDING"].size() == 1);
  BOOST_TEST(store.get("result-bucket", dir + "manifest.json")->last_modified ==
             kDefaultEpoch + Duration::seconds(60));
}

BOOST_AUTO_TEST_CASE(an_empty_category_is_listed_empty_and_gets_no_file) {
  ObjectStore store = result_store();
  write_results(store, to_bucket(), {child(0, ChildStatus::succeeded)});
  const Json manifest = object_json(store, "mapJobs/" + kId + "/manifest.json");
  BOOST_TEST(manifest["ResultFiles"]["FAILED"] == Json::array());
  BOOST_TEST(manifest["ResultFiles"]["PENDING"] == Json::array());
  BOOST_TEST(store.list("result-bucket", "").size() == 2);
  std::vector<std::string> order;
  for (const auto& [key, value] : manifest["ResultFiles"].items()) order.push_back(key);
  BOOST_TEST(order == (std::vector<std::string>{"FAILED", "PENDING", "SUCCEEDED"}));
}

BOOST_AUTO_TEST_CASE(jsonl_output_has_one_record_per_line) {
  ObjectStore store = result_store();
  WriteRequest request = to_bucket();
  request.output_type = OutputType::jsonl;
  write_results(store, request, mix());
  const std::string body = store.get("result-bucket", "mapJobs/" + kId + "/SUCCEEDED_0.json")->body;
  BOOST_TEST(std::count(body.begin(), body.end(), '\n') == 2);
  BOOST_TEST(body.ends_with("}\n"));
  BOOST_TEST(Json::parse(body.substr(0, body.find('\n')))["Name"] == "child-0");
}

BOOST_AUTO_TEST_CASE(compact_and_flatten_write_outputs_but_failures_stay_records) {
  const std::vector<ChildResult> children = {child(0, ChildStatus::succeeded, "[1,[2]]"),
                                             child(1, ChildStatus::failed),
                                             child(2, ChildStatus::succeeded, "{\"x\":3}")};
  ObjectStore store = result_store();
  WriteRequest request = to_bucket();
  request.transformation = Transformation::compact;
  write_results(store, request, children);
  const std::string dir = "mapJobs/" + kId + "/";
  BOOST_TEST(object_json(store, dir + "SUCCEEDED_0.json") == Json::parse(R"([[1,[2]],{"x":3}])"));
  BOOST_TEST(object_json(store, dir + "FAILED_0.json")[0]["Status"] == "FAILED");
  request.transformation = Transformation::flatten;
  write_results(store, request, children);
  BOOST_TEST(object_json(store, dir + "SUCCEEDED_0.json") == Json::parse(R"([1,[2],{"x":3}])"));
}

BOOST_AUTO_TEST_CASE(writer_config_without_bucket_formats_the_state_result_only) {
  ObjectStore store;
  WriteRequest request = to_bucket();
  request.bucket.reset();
  request.transformation = Transformation::flatten;
  const std::vector<ChildResult> children = {child(0, ChildStatus::succeeded, "[1,2]"),
                                             child(1, ChildStatus::succeeded, "3"),
                                             child(2, ChildStatus::failed),
                                             child(3, ChildStatus::pending)};
  const WriteOutcome outcome = write_results(store, request, children);
  BOOST_REQUIRE(outcome.state_result.has_value());
  BOOST_REQUIRE(outcome.state_result->size() == 4);  // 1, 2, 3 and the failed child's record.
  BOOST_TEST((*outcome.state_result)[2] == 3);
  BOOST_TEST((*outcome.state_result)[3]["Status"] == "FAILED");
  BOOST_TEST(store.buckets().empty());
  request.transformation = Transformation::none;
  BOOST_TEST(write_results(store, request, children).state_result->at(0)["Output"] == "[1,2]");
}

BOOST_AUTO_TEST_CASE(a_bucket_the_scenario_never_declared_fails_the_write) {
  ObjectStore store;
  const WriteOutcome outcome = write_results(store, to_bucket(), mix());
  BOOST_TEST(!outcome.state_result.has_value());
  BOOST_TEST(outcome.failure_cause.value_or("") == std::string(cause::kNoSuchBucket));
  BOOST_TEST(store.buckets().empty());
}

BOOST_AUTO_TEST_CASE(categories_split_into_numbered_files) {
  ObjectStore store = result_store();
  WriteRequest request = to_bucket("");
  request.max_file_bytes = 700;  // About two records a file.
  std::vector<ChildResult> children;
  for (int i = 0; i < 7; ++i) children.push_back(child(i, ChildStatus::succeeded));
  write_results(store, request, children);
  const Json manifest = object_json(store, kId + "/manifest.json");
  const Json& files = manifest["ResultFiles"]["SUCCEEDED"];
  BOOST_TEST(files.size() > 2);
  size_t records = 0;
  for (size_t n = 0; n < files.size(); ++n) {
    BOOST_TEST(files[n]["Key"] == kId + "/SUCCEEDED_" + std::to_string(n) + ".json");
    const Json part = object_json(store, files[n]["Key"]);
    BOOST_TEST(part.size() >= 1);
    records += part.size();
  }
  BOOST_TEST(records == 7);
}

BOOST_AUTO_TEST_CASE(a_prefix_ending_with_a_slash_gets_no_second_one) {
  ObjectStore store = result_store();
  const WriteOutcome outcome = write_results(store, to_bucket("out/"), mix());
  BOOST_TEST(outcome.state_result->at("ResultWriterDetails")["Key"] ==
             "out/" + kId + "/manifest.json");
}

BOOST_AUTO_TEST_CASE(custom_redrive_status_is_kept) {
  ObjectStore store = result_store();
  ChildResult express = child(0, ChildStatus::failed);
  express.redrive_status = "REDRIVABLE_BY_MAP_RUN";
  express.redrive_count = 2;
  write_results(store, to_bucket(), {express});
  const Json failed = object_json(store, "mapJobs/" + kId + "/FAILED_0.json");
  BOOST_TEST(failed[0]["RedriveStatus"] == "REDRIVABLE_BY_MAP_RUN");
  BOOST_TEST(failed[0]["RedriveCount"] == 2);
}

}  // namespace
}  // namespace wfsim::s3
