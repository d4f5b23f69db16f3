// write_results() (s3.h): the ResultWriter's files (DMAP-10.2 to 10.4). manifest.json and the
// SUCCEEDED_n / FAILED_n / PENDING_n files under "<Prefix>/<mapRunId>/", each child as a NONE
// record (its DescribeExecution-like metadata) or, for COMPACT and FLATTEN, its output alone;
// failed and pending children are always NONE records. Without a bucket it only formats the state
// result. It does not decide which children of which attempt are written (the engine does, after
// redrives) nor when the write happens or fails by injection (the world does).
#include <algorithm>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

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

// Prints one JSON object member by member, straight into a text.
class ObjectPrinter {
 public:
  explicit ObjectPrinter(std::string& out) : out_(out) { out_ += '{'; }
  void string(std::string_view key, std::string_view value) {
    name(key);
    append_json_string(out_, value);
  }
  void raw(std::string_view key, std::string_view text) {
    name(key);
    out_ += text;
  }
  void close() { out_ += '}'; }

 private:
  void name(std::string_view key) {  // Keys here are plain ASCII words.
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;
    out_ += "\":";
  }
  std::string& out_;
  bool first_ = true;
};

const Json& or_null(const Document& document) {
  static const Json kNull;
  return document ? *document : kNull;
}

// Appends the NONE record: DescribeExecution's fields in the capitalised spelling of DG-RW's
// sample, in its (alphabetical) order, with Input and Output as JSON text in strings. Error and
// Cause replace Output for an unsuccessful child (open question 5); a pending child, never
// started, has only what is known of it. `scratch` is reused for the documents' text.
void append_none_record(std::string& out, const WriteRequest& request, const ChildResult& child,
                        std::string& scratch) {
  ObjectPrinter record(out);
  const bool started = child.status != ChildStatus::pending;
  const bool succeeded = child.status == ChildStatus::succeeded;
  const auto document = [&](std::string_view key, const Document& value) {
    scratch.clear();
    append_compact_text(scratch, or_null(value));
    record.string(key, scratch);
  };
  if (child.cause) record.string("Cause", *child.cause);
  if (child.error) record.string("Error", *child.error);
  if (!child.name.empty()) {
    scratch.assign(request.child_execution_arn_prefix);
    scratch += child.name;
    record.string("ExecutionArn", scratch);
  }
  document("Input", child.input);
  record.raw("InputDetails", "{\"Included\":true}");
  if (!child.name.empty()) record.string("Name", child.name);
  if (succeeded) {
    document("Output", child.output);
    record.raw("OutputDetails", "{\"Included\":true}");
  }
  if (started) {
    record.raw("RedriveCount", std::to_string(child.redrive_count));
    std::string_view redrive_status = child.redrive_status;
    if (redrive_status.empty()) redrive_status = succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE";
    record.string("RedriveStatus", redrive_status);
    if (redrive_status == "NOT_REDRIVABLE" && succeeded) {
      record.string("RedriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
    }
    record.string("StartDate", format_iso8601_ms(child.start_date));
  }
  if (!request.child_state_machine_arn.empty()) {
    record.string("StateMachineArn", request.child_state_machine_arn);
  }
  record.string("Status", status_name(child.status));
  if (started && child.stop_date) record.string("StopDate", format_iso8601_ms(*child.stop_date));
  record.close();
}

// The records a child contributes, each printed as compact JSON text and handed to
// emit(std::string_view): a NONE record, or for COMPACT and FLATTEN a succeeded child's output
// (FLATTEN spreads an array output into several records).
class RecordPrinter {
 public:
  explicit RecordPrinter(const WriteRequest& request) : request_(request) {}

  template <typename Emit>
  void print(const ChildResult& child, Emit&& emit) {
    text_.clear();
    if (child.status != ChildStatus::succeeded || request_.transformation == Transformation::none) {
      append_none_record(text_, request_, child, scratch_);
      emit(std::string_view(text_));
      return;
    }
    const Json& output = or_null(child.output);
    if (request_.transformation == Transformation::flatten && output.is_array()) {
      for (const Json& element : output) {
        text_.clear();
        append_compact_text(text_, element);
        emit(std::string_view(text_));
      }
      return;
    }
    append_compact_text(text_, output);
    emit(std::string_view(text_));
  }

 private:
  const WriteRequest& request_;
  std::string text_;
  std::string scratch_;
};

// "<prefix>/<mapRunId>/": a '/' after the prefix unless it ends with one; none when it is empty.
std::string result_directory(const WriteRequest& request) {
  std::string directory = request.prefix;
  if (!directory.empty() && !directory.ends_with('/')) directory += '/';
  return directory + request.map_run_id + "/";
}

// Reserves `bytes` for a result file's text. A large run's file is tens of megabytes of fresh
// memory, and on some virtual machines each 4 KiB page costs microseconds to fault in: there the
// file is asked for transparent huge pages (a hint, without effect on the bytes written, ignored
// where the kernel has none; measured in docs/performance.md).
void reserve_file_text(std::string& text, size_t bytes) {
  text.reserve(bytes);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr size_t kHugePage = size_t{2} << 20;
  if (text.capacity() < 2 * kHugePage) return;
  const auto start = reinterpret_cast<uintptr_t>(text.data());
  const uintptr_t first = (start + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t end = (start + text.capacity()) & ~(kHugePage - 1);
  if (end > first) madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);
#endif
}

// One category's files (SUCCEEDED, FAILED or PENDING) as its records arrive: each file holds at
// most max_file_bytes (and at least one record). finish() gives the manifest's list of
// {"Key", "Size"}.
class CategoryFiles {
 public:
  CategoryFiles(ObjectStore& store, const WriteRequest& request, std::string_view category)
      : store_(store), request_(request), category_(category), files_(Json::array()) {}

  // About how many records are coming (one per child; FLATTEN may make more).
  void expect(size_t records) { expected_ = records; }

  void add(std::string_view record) {
    if (in_body_ > 0 && body_.size() + record.size() + 2 > request_.max_file_bytes) flush();
    make_room(record.size() + 2);
    if (request_.output_type == OutputType::jsonl) {
      body_ += record;
      body_ += '\n';
    } else {
      body_ += in_body_ == 0 ? '[' : ',';
      body_ += record;
    }
    ++in_body_;
    ++added_;
    bytes_added_ += record.size() + 1;
  }

  // Writes the last file; returns the list of files.
  Json finish() {
    flush();
    return std::move(files_);
  }

 private:
  // A file of a large run is megabytes: grown by doubling it would be copied about as many times
  // as it doubles. Room for the records still expected, at the mean size so far, is made at once.
  void make_room(size_t next) {
    if (body_.size() + next <= body_.capacity()) return;
    const size_t written = added_ + 1;
    const size_t mean = (bytes_added_ + next) / written + 1;
    const size_t remaining = expected_ > written ? expected_ - written : 0;
    const size_t wanted = body_.size() + next + mean * remaining + mean * remaining / 8;
    const size_t cap = std::max(request_.max_file_bytes, body_.size() + next);
    reserve_file_text(body_, std::max(std::min(wanted, cap), 2 * body_.capacity()));
  }

  void flush() {
    if (in_body_ == 0) return;
    if (request_.output_type != OutputType::jsonl) body_ += ']';
    const std::string key = result_directory(request_) + std::string(category_) + "_" +
                            std::to_string(files_.size()) + ".json";
    files_.push_back(json_object("Key", key, "Size", static_cast<int64_t>(body_.size())));
    store_.put(*request_.bucket, key, Object{std::move(body_), request_.now});
    body_ = std::string();
    in_body_ = 0;
  }

  ObjectStore& store_;
  const WriteRequest& request_;
  std::string_view category_;
  Json files_;
  std::string body_;
  size_t in_body_ = 0;
  size_t expected_ = 0;
  size_t added_ = 0;        // Records so far, in every file.
  size_t bytes_added_ = 0;  // Their text, with a separator each.
};

// WriterConfig without a bucket: the state output, the records as one JSON array (DMAP-10.2).
Json state_result_of(const WriteRequest& request, const std::vector<ChildResult>& children) {
  RecordPrinter printer(request);
  Json::array_t records;
  for (const ChildResult& child : children) {
    if (child.status == ChildStatus::pending) continue;
    printer.print(child, [&](std::string_view text) {
      auto parsed = parse_json_bounded(text);
      WFSIM_ASSERT_MSG(std::holds_alternative<Json>(parsed), "a printed record reads back");
      records.push_back(std::move(std::get<Json>(parsed)));
    });
  }
  return Json(std::move(records));
}

}  // namespace

WriteOutcome write_results(ObjectStore& store, const WriteRequest& request,
                           const std::vector<ChildResult>& children) {
  WFSIM_ASSERT_MSG(!request.map_run_id.empty() && request.map_run_arn.ends_with(request.map_run_id),
                   "the Map Run id is the last segment of its ARN");
  WriteOutcome outcome;
  if (!request.bucket) {
    outcome.state_result = state_result_of(request, children);
    return outcome;
  }
  // A bucket the scenario never declared is, in wfsim's world, one in another account.
  if (!store.has_bucket(*request.bucket)) {
    outcome.failure_cause = std::string(cause::kNoSuchBucket);
    return outcome;
  }
  // Each record is printed straight into its file: a run of a million children holds the files'
  // text, never a document per child.
  CategoryFiles files[] = {{store, request, kCategories[0]},
                           {store, request, kCategories[1]},
                           {store, request, kCategories[2]}};
  size_t expected[3] = {0, 0, 0};
  for (const ChildResult& child : children) ++expected[category_of(child.status)];
  for (size_t category = 0; category < 3; ++category) files[category].expect(expected[category]);
  RecordPrinter printer(request);
  for (const ChildResult& child : children) {
    CategoryFiles& category = files[category_of(child.status)];
    printer.print(child, [&](std::string_view text) { category.add(text); });
  }
  Json result_files = Json::object();
  for (const size_t category : {1, 2, 0}) {  // The manifest lists FAILED, PENDING, SUCCEEDED.
    result_files[std::string(kCategories[category])] = files[category].finish();
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
