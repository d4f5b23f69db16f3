// The interface between the Distributed Map (engine) and the simulated S3 data it reads and
// writes (sim/s3, module wfsim_s3): an object store, the item readers of ItemReader
// (DMAP-2.x) and the result files of ResultWriter (DMAP-10.x). Pure functions over the store:
// no clock, no randomness, no faults. Latency and injected failures are the world's (sim/world);
// the engine turns a ReadOutcome or WriteOutcome error into MapRunFailed in the history.
//
// Depends only on core and record. The ASL model (asl/model.h) keeps the unresolved reader and
// writer fields (templates, paths); the engine resolves them into the requests below.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "record/json.h"

namespace wfsim::s3 {

// One stored object. `body` is the bytes as given (text or JSON printed compactly).
struct Object {
  std::string body;
  Instant last_modified{};    // LastModified in listings (epoch seconds there, DMAP-2.12).
  std::string storage_class = "STANDARD";
  std::string etag() const;   // "\"<md5 hex of body>\"", as S3 gives it.
};

// The simulated S3 of one run: buckets of objects, keys in lexicographic order (as
// ListObjectsV2 lists them). Scenario objects are put before the run; the result writer puts
// its files during the run; `wfsim run --s3-out DIR` writes them all out afterwards.
class ObjectStore {
 public:
  // Creates the bucket when it does not exist yet.
  void put(const std::string& bucket, const std::string& key, Object object);
  const Object* get(const std::string& bucket, const std::string& key) const;
  // An empty bucket (scenario {"bucket": ...} without a key): a ResultWriter can write into it.
  void create_bucket(const std::string& bucket);
  bool has_bucket(const std::string& bucket) const;
  // Keys of `bucket` starting with `prefix`, in key order.
  std::vector<std::string> list(const std::string& bucket, const std::string& prefix) const;
  const std::map<std::string, std::map<std::string, Object>>& buckets() const { return buckets_; }

 private:
  std::map<std::string, std::map<std::string, Object>> buckets_;
};

// ---- ItemReader (DMAP-2.3 to 2.13) ------------------------------------------------------------
enum class ReaderResource : uint8_t { get_object, list_objects_v2 };
enum class InputType : uint8_t { json, jsonl, csv, manifest, parquet };
enum class CsvHeaderLocation : uint8_t { first_row, given };
// ReaderConfig.ManifestType (DMAP-2.11). S3_INVENTORY reads like InputType MANIFEST; ATHENA_DATA
// reads the data files an Athena UNLOAD manifest lists, each as `input_type` (CSV, JSONL).
enum class ManifestType : uint8_t { s3_inventory, athena_data };

// A reader with every field resolved (paths, templates and JSONata evaluated by the engine).
struct ReadRequest {
  ReaderResource resource = ReaderResource::get_object;
  std::string bucket;
  std::string key;     // get_object.
  std::string prefix;  // list_objects_v2.
  std::optional<InputType> input_type;  // Absent: get_object reads JSON; listing lists.
  CsvHeaderLocation csv_header_location = CsvHeaderLocation::first_row;
  std::vector<std::string> csv_headers;  // When given.
  char csv_delimiter = ',';
  int64_t max_items = 0;  // 0: no limit (DMAP-2.13).
  std::optional<std::string> items_pointer;  // ReaderConfig.ItemsPointer (JSON Pointer).
  bool load_and_flatten = false;             // listObjectsV2 with Transformation LOAD_AND_FLATTEN.
  bool json_object_files = false;            // Open question 1: iterate an object's members.
  std::optional<ManifestType> manifest_type;  // ReaderConfig.ManifestType.
};

// Items read, or the States.ItemReaderFailed cause AWS gives (DMAP-2.4, 2.7, 2.9, 2.13).
struct ReadOutcome {
  std::vector<Json> items;
  std::optional<std::string> failure_cause;  // Set: States.ItemReaderFailed with this cause.
  // When the items are an object's members (json_object_files, or ItemsPointer selecting an
  // object): each item's key, for $$.Map.Item.Key. Otherwise empty.
  std::vector<std::string> item_keys;
  // When the items come from several objects (ATHENA_DATA, LOAD_AND_FLATTEN): each item's
  // "s3://bucket/key", for $states.context.Map.Item.Source. Otherwise empty.
  std::vector<std::string> item_sources;
};

// The bounds wfsim's readers keep (DMAP-2.6 and our own, documented in docs/scenario-format.md).
inline constexpr size_t kMaxItemBytes = size_t{8} << 20;       // One read item, compact JSON.
inline constexpr size_t kMaxCsvHeaderBytes = size_t{10} << 10;  // The CSV header row.
inline constexpr int64_t kMaxItemsLimit = 100'000'000;          // Larger MaxItems: all items.
ReadOutcome read_items(const ObjectStore& store, const ReadRequest& request);

// ---- ResultWriter (DMAP-10.2 to 10.5) ---------------------------------------------------------
enum class OutputType : uint8_t { json, jsonl };
enum class Transformation : uint8_t { none, compact, flatten };

enum class ChildStatus : uint8_t { succeeded, failed, timed_out, aborted, pending };

// One child execution (or one never started, `pending`) as the result writer records it.
// What is the same for every child (their ARNs' prefix, their state machine) is in WriteRequest.
struct ChildResult {
  std::string name;  // Empty when never started; its ARN is the request's prefix and the name.
  ChildStatus status = ChildStatus::pending;
  Document input;   // Null: a JSON null.
  Document output;  // When succeeded (null: a JSON null).
  std::optional<std::string> error;
  std::optional<std::string> cause;
  Instant start_date{};
  std::optional<Instant> stop_date;
  int64_t redrive_count = 0;
  // RedriveStatus of the record; empty: NOT_REDRIVABLE when succeeded, REDRIVABLE otherwise.
  std::string redrive_status;
};

struct WriteRequest {
  std::optional<std::string> bucket;  // Absent: WriterConfig only, no S3 (DMAP-10.2).
  std::string prefix;
  std::string map_run_arn;
  std::string map_run_id;  // The last ARN segment.
  std::string child_execution_arn_prefix;  // "arn:...:execution:<sm/Label>:" (DMAP-7.2).
  std::string child_state_machine_arn;     // The Map Run's "sm/Label" ARN; empty: none printed.
  OutputType output_type = OutputType::json;
  Transformation transformation = Transformation::none;
  Instant now{};  // LastModified of the files written.
  // A new file of a category every this many bytes (AWS: 5 GB, DMAP-10.4); tests lower it.
  size_t max_file_bytes = size_t{5} << 30;
};

// Writes manifest.json and the SUCCEEDED_n / FAILED_n / PENDING_n files into the store and
// gives the Map state's result {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}
// (DMAP-10.3); without a bucket, the state result formatted by the WriterConfig. Or the
// States.ResultWriterFailed cause.
struct WriteOutcome {
  std::optional<Json> state_result;
  std::optional<std::string> failure_cause;
};
WriteOutcome write_results(ObjectStore& store, const WriteRequest& request,
                           const std::vector<ChildResult>& children);

}  // namespace wfsim::s3
