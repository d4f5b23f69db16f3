// write_results() (s3.h): the ResultWriter's files (DMAP-10.2 to 10.4). manifest.json and the
// SUCCEEDED_n / FAILED_n / PENDING_n files under "<Prefix>/<mapRunId>/", each child as a NONE
// record (its DescribeExecution-like metadata) or, for COMPACT and FLATTEN, its output alone;
// failed and pending children are always NONE records. Without a bucket it only formats the state
// result. It does not decide which children of which attempt are written (the engine does, after
// redrives) nor when the write happens or fails by injection (the world does).
#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

std::string_view status_name(ChildStatus status) {
  switch (status) {
    case ChildStatus::succeeded: return "SUCCEEDED";
    case ChildStatus::failed: return "FAILED";
    case ChildStatus::timed_out: return "TIMED_OUT";
    case ChildStatus::aborted: return "ABORTED";
    case ChildStatus::pending: return "PENDING";
  }
  WFSIM_ASSERT_MSG(false, "every child status has a name");
  return "";
}

// The result file a child goes to: FAILED_n holds failed, timed-out and aborted children.
size_t category_of(ChildStatus status) {
  if (status == ChildStatus::succeeded) return 0;
  return status == ChildStatus::pending ? 2 : 1;
}
constexpr std::string_view kCategories[] = {"SUCCEEDED", "FAILED", "PENDING"};

Json parse_output(const std::string& text) {
  auto parsed = parse_json_bounded(text);
  WFSIM_ASSERT_MSG(std::holds_alternative<Json>(parsed), "a child's output is JSON text");
  return std::move(std::get<Json>(parsed));
}

// The NONE record: DescribeExecution's fields in the capitalised spelling of DG-RW's sample, in
// its (alphabetical) order. Error and Cause replace Output for an unsuccessful child (open
// question 5); a pending child, never started, has only what is known of it.
Json none_record(const ChildResult& child) {
  Json record(Json::value_t::object);
  const bool started = child.status != ChildStatus::pending;
  if (child.cause) record["Cause"] = *child.cause;
  if (child.error) record["Error"] = *child.error;
  if (!child.execution_arn.empty()) record["ExecutionArn"] = child.execution_arn;
  record["Input"] = child.input;
  record["InputDetails"] = json_object("Included", true);
  if (!child.name.empty()) record["Name"] = child.name;
  if (child.status == ChildStatus::succeeded) {
    record["Output"] = child.output.value_or("null");
    record["OutputDetails"] = json_object("Included", true);
  }
  if (started) {
    const bool succeeded = child.status == ChildStatus::succeeded;
    record["RedriveCount"] = child.redrive_count;
    record["RedriveStatus"] = !child.redrive_status.empty() ? child.redrive_status
                              : succeeded                 ? "NOT_REDRIVABLE"
                                                          : "REDRIVABLE";
    if (record["RedriveStatus"] == "NOT_REDRIVABLE" && succeeded) {
      record["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven";
    }
    record["StartDate"] = format_iso8601_ms(child.start_date);
  }
  if (!child.state_machine_arn.empty()) record["StateMachineArn"] = child.state_machine_arn;
  record["Status"] = status_name(child.status);
  if (started && child.stop_date) record["StopDate"] = format_iso8601_ms(*child.stop_date);
  return record;
}

// The records a child contributes (FLATTEN spreads an array output into several).
void append_records(const ChildResult& child, Transformation transformation,
                    std::vector<Json>& records) {
  if (child.status != ChildStatus::succeeded || transformation == Transformation::none) {
    records.push_back(none_record(child));
    return;
  }
  Json output = parse_output(child.output.value_or("null"));
  if (transformation == Transformation::flatten && output.is_array()) {
    for (Json& element : output) records.push_back(std::move(element));
    return;
  }
  records.push_back(std::move(output));
}

// "<prefix>/<mapRunId>/": a '/' after the prefix unless it ends with one; none when it is empty.
std::string result_directory(const WriteRequest& request) {
  std::string directory = request.prefix;
  if (!directory.empty() && !directory.ends_with('/')) directory += '/';
  return directory + request.map_run_id + "/";
}

// Writes one category's records as files of at most max_file_bytes (at least one record each);
// returns the manifest's list of {"Key", "Size"}.
Json write_category(ObjectStore& store, const WriteRequest& request, std::string_view category,
                    const std::vector<std::string>& records) {
  Json files = Json::array();
  const bool jsonl = request.output_type == OutputType::jsonl;
  std::string body;
  size_t in_body = 0;
  const auto flush = [&] {
    if (in_body == 0) return;
    if (!jsonl) body += ']';
    const std::string key = result_directory(request) + std::string(category) + "_" +
                            std::to_string(files.size()) + ".json";
    files.push_back(json_object("Key", key, "Size", static_cast<int64_t>(body.size())));
    store.put(*request.bucket, key, Object{std::move(body), request.now});
    body.clear();
    in_body = 0;
  };
  for (const std::string& text : records) {
    if (in_body > 0 && body.size() + text.size() + 2 > request.max_file_bytes) flush();
    if (jsonl) {
      body += text;
      body += '\n';
    } else {
      body += in_body == 0 ? '[' : ',';
      body += text;
    }
    ++in_body;
  }
  flush();
  return files;
}

}  // namespace

WriteOutcome write_results(ObjectStore& store, const WriteRequest& request,
                           const std::vector<ChildResult>& children) {
  WFSIM_ASSERT_MSG(!request.map_run_id.empty() && request.map_run_arn.ends_with(request.map_run_id),
                   "the Map Run id is the last segment of its ARN");
  WriteOutcome outcome;
  if (!request.bucket) {  // WriterConfig only: the state output, formatted (DMAP-10.2).
    std::vector<Json> records;
    for (const ChildResult& child : children) {
      if (child.status != ChildStatus::pending) {
        append_records(child, request.transformation, records);
      }
    }
    outcome.state_result = Json(Json::array_t(std::make_move_iterator(records.begin()),
                                              std::make_move_iterator(records.end())));
    return outcome;
  }
  // A bucket the scenario never declared is, in wfsim's world, one in another account.
  if (!store.has_bucket(*request.bucket)) {
    outcome.failure_cause = std::string(cause::kNoSuchBucket);
    return outcome;
  }
  // Each record is printed as soon as it is made: a run of a million children holds their
  // text, not a million JSON documents.
  std::vector<std::string> records[3];
  std::vector<Json> made;
  for (const ChildResult& child : children) {
    append_records(child, request.transformation, made);
    auto& category = records[category_of(child.status)];
    for (const Json& record : made) category.push_back(to_compact_text(record));
    made.clear();
  }
  Json result_files = Json::object();
  for (const size_t category : {1, 2, 0}) {  // The manifest lists FAILED, PENDING, SUCCEEDED.
    result_files[std::string(kCategories[category])] =
        write_category(store, request, kCategories[category], records[category]);
  }
  const std::string manifest_key = result_directory(request) + "manifest.json";
  Json manifest = json_object("DestinationBucket", *request.bucket, "MapRunArn",
                              request.map_run_arn, "ResultFiles", std::move(result_files));
  store.put(*request.bucket, manifest_key, Object{to_compact_text(manifest), request.now});
  outcome.state_result =
      json_object("MapRunArn", request.map_run_arn, "ResultWriterDetails",
                  json_object("Bucket", *request.bucket, "Key", manifest_key));
  WFSIM_ASSERT(store.get(*request.bucket, manifest_key) != nullptr);
  return outcome;
}

}  // namespace wfsim::s3
