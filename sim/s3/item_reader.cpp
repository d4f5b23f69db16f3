// read_items() (s3.h): the dispatch from a resolved ItemReader request to the reader of its input
// type, the fetch of an object with S3's errors, MaxItems and the 8 MB item bound (ItemCollector),
// and the texts of every reader failure cause (formats.h lists which are AWS's and which ours).
// The readers of each format live in csv_reader.cpp, json_reader.cpp, manifest_reader.cpp and
// listing.cpp.
#include <limits>

#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {

namespace cause {

std::string parquet(const std::string& uri) {
  return "wfsim does not read Parquet (InputType PARQUET, " + uri +
         "): store the data as CSV, JSON or JSONL in the scenario";
}

std::string compressed(const std::string& uri, std::string_view format) {
  return "wfsim does not decompress " + std::string(format) + " objects (" + uri +
         "): store the object uncompressed in the scenario";
}

std::string malformed(std::string_view format, const std::string& uri, const std::string& what) {
  return "Malformed " + std::string(format) + " in " + uri + ": " + what;
}

std::string item_too_large(const std::string& uri, size_t index) {
  return "The item at index " + std::to_string(index) + " of " + uri +
         " is larger than 8 MB, the most an item reader reads as one item";
}

std::string header_too_large(const std::string& uri) {
  return "The CSV header row of " + uri + " is larger than 10 KB, the most Step Functions reads";
}

}  // namespace cause

ItemCollector::ItemCollector(ReadOutcome& out, int64_t max_items) : out_(out) {
  WFSIM_ASSERT_MSG(max_items >= 0, "negative MaxItems is refused before collecting");
  // 0 is no limit; above the documented maximum AWS silently reads everything (DMAP-2.13).
  limit_ = max_items == 0 || max_items > kMaxItemsLimit ? std::numeric_limits<size_t>::max()
                                                       : static_cast<size_t>(max_items);
}

bool ItemCollector::add(Json item, const std::string& uri) {
  WFSIM_ASSERT(!full() && !failed());
  if (!compact_text_fits(item, kMaxItemBytes)) {
    fail(cause::item_too_large(uri, out_.items.size()));
    return false;
  }
  out_.items.push_back(std::move(item));
  return true;
}

void ItemCollector::fail(std::string cause) {
  WFSIM_ASSERT(!failed() && !cause.empty());
  out_.failure_cause = std::move(cause);
}

const Object* fetch_object(const ObjectStore& store, const std::string& bucket,
                           const std::string& key, ItemCollector& items) {
  if (!store.has_bucket(bucket)) {
    items.fail(std::string(cause::kNoSuchBucket));
    return nullptr;
  }
  const Object* object = store.get(bucket, key);
  if (object == nullptr) {
    items.fail(std::string(cause::kNoSuchKey));
    return nullptr;
  }
  // AWS reads GZIP and ZSTD objects (DMAP-2.6); wfsim has no decompressor, so it says so.
  const std::string_view body = object->body;
  if (body.starts_with("\x1f\x8b")) {
    items.fail(cause::compressed(object_uri(bucket, key), "GZIP"));
    return nullptr;
  }
  if (body.starts_with("\x28\xb5\x2f\xfd")) {
    items.fail(cause::compressed(object_uri(bucket, key), "ZSTD"));
    return nullptr;
  }
  return object;
}

void read_object_text(std::string_view text, const std::string& uri, InputType input_type,
                      const ReadRequest& request, ItemCollector& items) {
  switch (input_type) {
    case InputType::json:
      read_json_text(text, uri, request, items);
      return;
    case InputType::jsonl:
      read_jsonl_text(text, uri, items);
      return;
    case InputType::csv: {
      const bool given = request.csv_header_location == CsvHeaderLocation::given;
      read_csv_text(text, uri, request.csv_delimiter, given ? &request.csv_headers : nullptr,
                    items);
      return;
    }
    case InputType::parquet:
      items.fail(cause::parquet(uri));
      return;
    case InputType::manifest:
      items.fail("InputType MANIFEST names a manifest to read, not the format of " + uri);
      return;
  }
  WFSIM_ASSERT_MSG(false, "every input type is handled");
}

ReadOutcome read_items(const ObjectStore& store, const ReadRequest& request) {
  ReadOutcome out;
  if (request.max_items < 0) {  // Only a MaxItemsPath can give one (DMAP-2.13, E8).
    out.failure_cause = std::string(cause::kMaxItemsNegative);
    return out;
  }
  ItemCollector items(out, request.max_items);
  if (request.resource == ReaderResource::list_objects_v2) {
    read_listing(store, request, items);
  } else if (request.manifest_type == ManifestType::athena_data) {
    read_athena_manifest(store, request, items);
  } else if (request.manifest_type == ManifestType::s3_inventory ||
             request.input_type == InputType::manifest) {
    read_inventory_manifest(store, request, items);
  } else if (const Object* object = fetch_object(store, request.bucket, request.key, items)) {
    read_object_text(object->body, object_uri(request.bucket, request.key),
                     request.input_type.value_or(InputType::json), request, items);
  }
  if (out.failure_cause) {  // A failed read gives no items at all.
    out.items.clear();
    out.item_keys.clear();
    out.item_sources.clear();
  }
  // Postconditions: keys and sources, when given, name every item; the limit held.
  WFSIM_ASSERT(out.item_keys.empty() || out.item_keys.size() == out.items.size());
  WFSIM_ASSERT(out.item_sources.empty() || out.item_sources.size() == out.items.size());
  WFSIM_ASSERT(request.max_items == 0 || request.max_items > kMaxItemsLimit ||
               out.items.size() <= static_cast<size_t>(request.max_items));
  return out;
}

}  // namespace wfsim::s3
