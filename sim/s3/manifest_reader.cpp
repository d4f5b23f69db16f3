// The manifest item readers (DMAP-2.11): an S3 Inventory manifest.json (InputType MANIFEST or
// ManifestType S3_INVENTORY) whose CSV inventory files are read with the manifest's fileSchema as
// headers, and an Athena UNLOAD manifest (ManifestType ATHENA_DATA), a list of s3:// URIs of data
// files read as the request's InputType. Inventory files must be stored uncompressed (wfsim has no
// GZIP); ORC and Parquet inventories are refused.
#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

std::string trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// "Bucket, Key, Size, LastModifiedDate" -> the header names.
std::vector<std::string> schema_headers(const std::string& schema) {
  std::vector<std::string> headers;
  size_t start = 0;
  while (start <= schema.size()) {
    const size_t end = std::min(schema.find(',', start), schema.size());
    headers.push_back(trim(std::string_view(schema).substr(start, end - start)));
    start = end + 1;
  }
  return headers;
}

// "arn:aws:s3:::inventory-bucket" (as inventory manifests name it) or a plain bucket name.
std::string bucket_of(const std::string& destination) {
  const size_t arn = destination.rfind(":::");
  return arn == std::string::npos ? destination : destination.substr(arn + 3);
}

}  // namespace

void read_inventory_manifest(const ObjectStore& store, const ReadRequest& request,
                             ItemCollector& items) {
  const Object* manifest = fetch_object(store, request.bucket, request.key, items);
  if (manifest == nullptr) return;
  const std::string uri = object_uri(request.bucket, request.key);
  auto parsed = parse_json_bounded(manifest->body);
  if (auto* what = std::get_if<std::string>(&parsed)) {
    items.fail(cause::malformed("S3 Inventory manifest", uri, *what));
    return;
  }
  const Json& document = std::get<Json>(parsed);
  const auto text_of = [&](const char* name) -> const std::string* {
    if (!document.is_object()) return nullptr;
    const auto found = document.find(name);
    return found != document.end() && found->is_string() ? &found->get_ref<const std::string&>()
                                                        : nullptr;
  };
  const std::string* format = text_of("fileFormat");
  const std::string* schema = text_of("fileSchema");
  const std::string* destination = text_of("destinationBucket");
  const auto files = document.is_object() ? document.find("files") : document.end();
  if (format == nullptr || schema == nullptr || destination == nullptr ||
      files == document.end() || !files->is_array()) {
    items.fail(cause::malformed("S3 Inventory manifest", uri,
                                "it needs the strings \"fileFormat\", \"fileSchema\" and "
                                "\"destinationBucket\" and the array \"files\""));
    return;
  }
  if (*format != "CSV") {
    items.fail("Step Functions reads only CSV S3 Inventory reports; " + uri +
               " has fileFormat \"" + *format + "\"");
    return;
  }
  const std::vector<std::string> headers = schema_headers(*schema);
  const std::string bucket = bucket_of(*destination);
  for (size_t i = 0; i < files->size() && !items.full(); ++i) {
    const Json& file = (*files)[i];
    if (!file.is_object() || !file.contains("key") || !file["key"].is_string()) {
      items.fail(cause::malformed("S3 Inventory manifest", uri,
                                  "files[" + std::to_string(i) + "] has no string \"key\""));
      return;
    }
    const std::string& key = file["key"].get_ref<const std::string&>();
    const Object* data = fetch_object(store, bucket, key, items);
    if (data == nullptr) return;
    read_csv_text(data->body, object_uri(bucket, key), request.csv_delimiter, &headers, items);
    if (items.failed()) return;
  }
}

void read_athena_manifest(const ObjectStore& store, const ReadRequest& request,
                          ItemCollector& items) {
  const Object* manifest = fetch_object(store, request.bucket, request.key, items);
  if (manifest == nullptr) return;
  const std::string uri = object_uri(request.bucket, request.key);
  const InputType input_type = request.input_type.value_or(InputType::csv);
  if (input_type == InputType::csv && request.csv_headers.empty()) {
    items.fail("An ATHENA_DATA manifest of CSV files needs CSVHeaders: Athena's CSV files have "
               "no header row (" + uri + ")");
    return;
  }
  // Athena's CSV files have no header row: the given headers apply whatever CSVHeaderLocation.
  ReadRequest data_request = request;
  data_request.csv_header_location = CsvHeaderLocation::given;
  const std::string_view text = manifest->body;
  size_t start = 0;
  size_t line = 0;
  while (start < text.size() && !items.full()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string entry = trim(text.substr(start, end - start));
    start = end + 1;
    ++line;
    if (entry.empty()) continue;
    const size_t slash = entry.find('/', 5);
    if (!entry.starts_with("s3://") || slash == std::string::npos || slash == 5) {
      items.fail(cause::malformed("Athena manifest", uri,
                                  "line " + std::to_string(line) + " is not an s3://bucket/key URI"));
      return;
    }
    const std::string bucket = entry.substr(5, slash - 5);
    const std::string key = entry.substr(slash + 1);
    const Object* data = fetch_object(store, bucket, key, items);
    if (data == nullptr) return;
    const size_t before = items.count();
    read_object_text(data->body, entry, input_type, data_request, items);
    if (items.failed()) return;
    for (size_t i = before; i < items.count(); ++i) items.add_source(entry);
  }
}

}  // namespace wfsim::s3
