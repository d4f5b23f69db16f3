// Properties of the CSV reader over generated rows: any rows written with proper quoting
// (write_csv) read back as the same rows, through the cursor and through read_items with given
// headers; arbitrary bytes never make a reader throw or assert; and the result writer's NONE
// records, printed straight to text, are byte for byte the documents of DG-RW's shape printed.
#include <boost/test/unit_test.hpp>
#include <rapidcheck.h>
#include <rapidcheck/boost_test.h>

#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

// Fields drawn from the characters that matter to the parser, plus ordinary ones.
rc::Gen<std::string> field() {
  return rc::gen::container<std::string>(
      rc::gen::elementOf(std::string("ab ,|;\t\"\\\n\r'x{}")));
}

rc::Gen<std::vector<std::vector<std::string>>> rows(size_t width) {
  return rc::gen::container<std::vector<std::vector<std::string>>>(
      rc::gen::container<std::vector<std::string>>(width, field()));
}

RC_BOOST_PROP(csv_rows_written_with_quoting_read_back_the_same, ()) {
  const char delimiter = *rc::gen::elementOf(std::string(",|; \t"));
  const size_t width = *rc::gen::inRange<size_t>(1, 5);
  const auto written = *rows(width);
  const std::string text = write_csv(written, delimiter);  // The cursor views it.
  CsvCursor cursor(text, delimiter);
  std::vector<std::string> fields;
  for (const auto& row : written) {
    RC_ASSERT(cursor.next(fields) == CsvCursor::Step::record);
    RC_ASSERT(fields == row);
  }
  RC_ASSERT(cursor.next(fields) == CsvCursor::Step::end);
}

RC_BOOST_PROP(csv_items_hold_the_written_values_under_given_headers, ()) {
  const char delimiter = *rc::gen::elementOf(std::string(",|; \t"));
  const auto written = *rows(3);
  ReadRequest request = testing::get_request(InputType::csv);
  request.csv_delimiter = delimiter;
  request.csv_header_location = CsvHeaderLocation::given;
  request.csv_headers = {"a", "b", "c"};
  const ReadOutcome outcome = testing::read_body(write_csv(written, delimiter), request);
  RC_ASSERT(!outcome.failure_cause.has_value());
  RC_ASSERT(outcome.items.size() == written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    RC_ASSERT(outcome.items[i]["a"].get<std::string>() == written[i][0]);
    RC_ASSERT(outcome.items[i]["c"].get<std::string>() == written[i][2]);
  }
}

RC_BOOST_PROP(arbitrary_bytes_never_throw_from_any_reader, (const std::string& bytes)) {
  for (const InputType type :
       {InputType::json, InputType::jsonl, InputType::csv, InputType::manifest}) {
    ReadRequest request = testing::get_request(type);
    request.max_items = *rc::gen::inRange<int64_t>(0, 4);
    const ReadOutcome outcome = testing::read_body(bytes, request);
    RC_ASSERT(!outcome.failure_cause || outcome.items.empty());
  }
}


// The NONE record of DG-RW's sample as a document (the shape result_writer.cpp prints as text):
// the test's statement of it, so that the printer is checked against nlohmann's own printing.
Json expected_none_record(const WriteRequest& request, const ChildResult& child) {
  Json record(Json::value_t::object);
  const bool started = child.status != ChildStatus::pending;
  const bool succeeded = child.status == ChildStatus::succeeded;
  const auto text = [](const Document& d) { return d ? to_compact_text(*d) : "null"; };
  if (child.cause) record["Cause"] = *child.cause;
  if (child.error) record["Error"] = *child.error;
  if (!child.name.empty()) {
    record["ExecutionArn"] = request.child_execution_arn_prefix + child.name;
  }
  record["Input"] = text(child.input);
  record["InputDetails"] = {{"Included", true}};
  if (!child.name.empty()) record["Name"] = child.name;
  if (succeeded) {
    record["Output"] = text(child.output);
    record["OutputDetails"] = {{"Included", true}};
  }
  if (started) {
    record["RedriveCount"] = child.redrive_count;
    record["RedriveStatus"] = !child.redrive_status.empty() ? child.redrive_status
                              : succeeded                 ? "NOT_REDRIVABLE"
                                                          : "REDRIVABLE";
    if (record["RedriveStatus"] == "NOT_REDRIVABLE" && succeeded) {
      record["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven";
    }
    record["StartDate"] = format_iso8601_ms(child.start_date);
  }
  if (!request.child_state_machine_arn.empty()) {
    record["StateMachineArn"] = request.child_state_machine_arn;
  }
  static constexpr const char* kStatus[] = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
                                            "PENDING"};
  record["Status"] = kStatus[static_cast<size_t>(child.status)];
  if (started && child.stop_date) record["StopDate"] = format_iso8601_ms(*child.stop_date);
  return record;
}

// Text with quotes, backslashes, control characters and (valid and invalid) UTF-8 in it.
rc::Gen<std::string> awkward_text() {
  return rc::gen::container<std::string>(
      rc::gen::elementOf(std::string("a\"\\\n\t\x01\x7f\xc3\xa9\xe2\x82\xac\xff", 13)));
}

rc::Gen<Document> document() {
  return rc::gen::map(rc::gen::pair(awkward_text(), rc::gen::arbitrary<int64_t>()),
                      [](const std::pair<std::string, int64_t>& p) {
                        return make_document(Json::array({p.first, Json{{p.first, p.second}}}));
                      });
}

ChildResult any_child() {
  ChildResult child;
  child.status = *rc::gen::element(ChildStatus::succeeded, ChildStatus::failed,
                                   ChildStatus::timed_out, ChildStatus::aborted,
                                   ChildStatus::pending);
  if (child.status != ChildStatus::pending) child.name = "n" + *awkward_text();
  if (*rc::gen::arbitrary<bool>()) child.input = *document();
  if (child.status == ChildStatus::succeeded && *rc::gen::arbitrary<bool>()) {
    child.output = *document();
  }
  if (child.status != ChildStatus::succeeded && child.status != ChildStatus::pending) {
    child.error = *awkward_text();
    if (*rc::gen::arbitrary<bool>()) child.cause = *awkward_text();
  }
  child.start_date = kDefaultEpoch + Duration::milliseconds(*rc::gen::inRange(0, 1'000'000));
  if (*rc::gen::arbitrary<bool>()) child.stop_date = child.start_date + Duration::seconds(1);
  child.redrive_count = *rc::gen::inRange(0, 3);
  child.redrive_status =
      *rc::gen::element(std::string(), std::string("NOT_REDRIVABLE"), std::string("REDRIVABLE"));
  return child;
}

RC_BOOST_PROP(none_records_print_as_their_documents_print, ()) {
  std::vector<ChildResult> children(*rc::gen::inRange<size_t>(1, 6));
  for (ChildResult& child : children) child = any_child();
  ObjectStore store;
  store.create_bucket("out");
  WriteRequest request;
  request.bucket = "out";
  request.map_run_id = "run";
  request.map_run_arn = "arn:mapRun:run";
  request.output_type = OutputType::jsonl;
  request.child_execution_arn_prefix = "arn:execution:sm/Map:";
  request.child_state_machine_arn = *rc::gen::element(std::string(), std::string("arn:sm/Map"));
  RC_ASSERT(write_results(store, request, children).state_result.has_value());
  std::string expected[3];  // SUCCEEDED, FAILED, PENDING.
  for (const ChildResult& child : children) {
    const size_t category = child.status == ChildStatus::succeeded ? 0
                            : child.status == ChildStatus::pending ? 2
                                                                   : 1;
    expected[category] += to_compact_text(expected_none_record(request, child)) + "\n";
  }
  const char* const names[] = {"SUCCEEDED", "FAILED", "PENDING"};
  for (size_t category = 0; category < 3; ++category) {
    const Object* file = store.get("out", std::string("run/") + names[category] + "_0.json");
    RC_ASSERT((file == nullptr) == expected[category].empty());
    if (file != nullptr) RC_ASSERT(file->body == expected[category]);
  }
  // Without a bucket, the state result holds the same records as documents (as printed: invalid
  // UTF-8 is replaced, as it is wherever wfsim prints a document).
  request.bucket.reset();
  Json records = Json::array();
  for (const ChildResult& child : children) {
    if (child.status != ChildStatus::pending) {
      records.push_back(expected_none_record(request, child));
    }
  }
  const auto result = write_results(store, request, children).state_result;
  RC_ASSERT(result.has_value());
  RC_ASSERT(to_compact_text(*result) == to_compact_text(records));
}

}  // namespace
}  // namespace wfsim::s3
