// Internal to sim/s3 (and its tests and benchmark): the pieces the item readers share. The
// bounded JSON parser, the CSV record cursor, the collector that applies MaxItems and the 8 MB item
// bound, and every failure cause text the readers and the writer give, in one place so that
// docs/scenario-format.md can list them.
//
// Nothing here reads the store or knows the request's fields; item_reader.cpp wires them up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "s3/s3.h"

namespace wfsim::s3 {

// "s3://bucket/key", how causes and item sources name an object.
std::string object_uri(const std::string& bucket, const std::string& key);

// ---- Failure causes ---------------------------------------------------------------------------
// Recorded on AWS (docs/facts ids in the definitions) or taken from a third party ([3p]), else
// wfsim's own words (docs/scenario-format.md, "Simulated S3", lists which is which).
namespace cause {
inline constexpr std::string_view kNoSuchBucket =
    "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; "
    "Error Code: NoSuchBucket)";
inline constexpr std::string_view kNoSuchKey =
    "The specified key does not exist. (Service: Amazon S3; Status Code: 404; "
    "Error Code: NoSuchKey)";
inline constexpr std::string_view kNonIterable = "Attempting to map over non-iterable node.";
inline constexpr std::string_view kDuplicateHeaders = "CSV headers cannot contain duplicates.";
inline constexpr std::string_view kMaxItemsNegative = "field MaxItems must be positive";
inline constexpr std::string_view kItemsPointerMissing =
    "The provided ReaderConfig.ItemsPointer does not match any valid path in the JSON "
    "structure.";
std::string parquet(const std::string& uri);
std::string compressed(const std::string& uri, std::string_view format);
std::string malformed(std::string_view format, const std::string& uri, const std::string& what);
std::string item_too_large(const std::string& uri, size_t index);
std::string header_too_large(const std::string& uri);
}  // namespace cause

// ---- Bounded JSON -----------------------------------------------------------------------------
// Parses one JSON document: nesting deeper than kMaxJsonDepth is refused while parsing (nothing
// deep is ever built), a repeated object key keeps its first position and its last value (as
// Jackson-based readers do). Returns the document or what is wrong ("syntax error at line 2,
// column 5: ..."). Never throws.
std::variant<Json, std::string> parse_json_bounded(std::string_view text);

// ---- CSV --------------------------------------------------------------------------------------
// Cuts delimited text into records by the rules of DG-CSV (DMAP-2.9): newlines (LF or CRLF)
// separate records unless quoted; `"` opens and closes quoting wherever it appears and `""` inside
// quotes is one quote; a backslash makes the next backslash, quote or delimiter literal and is
// otherwise dropped; an empty line (nothing between two newlines, or a trailing newline) is no
// record, a line of spaces is one.
class CsvCursor {
 public:
  CsvCursor(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  enum class Step : uint8_t { record, end, failed };
  // The next record's fields into `fields` (cleared first).
  Step next(std::vector<std::string>& fields);
  // After Step::failed: what is wrong ("the quoted field opened on line 3 is never closed").
  const std::string& failure() const { return failure_; }
  // Bytes consumed so far (the header-size check reads it after the first record).
  size_t position() const { return position_; }

 private:
  std::string_view text_;
  char delimiter_;
  size_t position_ = 0;
  size_t line_ = 1;
  std::string failure_;
};

// Writes `rows` as CSV text that CsvCursor reads back to the same rows: every field quoted, quotes
// doubled, backslashes doubled, LF after each record. For tests, benchmarks and wfsim's own files.
std::string write_csv(const std::vector<std::vector<std::string>>& rows, char delimiter);

// ---- Collecting items -------------------------------------------------------------------------
// Appends items to a ReadOutcome until MaxItems is reached, refusing an item over kMaxItemBytes.
class ItemCollector {
 public:
  ItemCollector(ReadOutcome& out, int64_t max_items);

  bool full() const { return out_.items.size() >= limit_; }
  bool failed() const { return out_.failure_cause.has_value(); }
  // Adds `item` read from `uri`; false (and the failure set) when it is too large.
  bool add(Json item, const std::string& uri);
  void add_key(std::string key) { out_.item_keys.push_back(std::move(key)); }
  void add_source(const std::string& uri) { out_.item_sources.push_back(uri); }
  void fail(std::string cause);
  size_t count() const { return out_.items.size(); }

 private:
  ReadOutcome& out_;
  size_t limit_;
};

// Readers of one object's text into `items` (each stops when the collector is full).
void read_json_text(std::string_view text, const std::string& uri, const ReadRequest& request,
                    ItemCollector& items);
void read_jsonl_text(std::string_view text, const std::string& uri, ItemCollector& items);
// `headers` given (GIVEN, or an Athena CSV), else the first record is the header row.
void read_csv_text(std::string_view text, const std::string& uri, char delimiter,
                   const std::vector<std::string>* headers, ItemCollector& items);

// The readers over the store (manifest_reader.cpp, listing.cpp).
void read_inventory_manifest(const ObjectStore& store, const ReadRequest& request,
                             ItemCollector& items);
void read_athena_manifest(const ObjectStore& store, const ReadRequest& request,
                          ItemCollector& items);
void read_listing(const ObjectStore& store, const ReadRequest& request, ItemCollector& items);

// One object's body for reading, or the cause when it is missing or compressed (wfsim does not
// decompress). Sets the failure on `items` and returns nullptr on failure.
const Object* fetch_object(const ObjectStore& store, const std::string& bucket,
                           const std::string& key, ItemCollector& items);

// Reads one object's text as `input_type` (json, jsonl, csv, parquet) into `items`; the reader
// of a listing's LOAD_AND_FLATTEN and of an Athena manifest's data files.
void read_object_text(std::string_view text, const std::string& uri, InputType input_type,
                      const ReadRequest& request, ItemCollector& items);

}  // namespace wfsim::s3
