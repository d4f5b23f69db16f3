// The s3:listObjectsV2 item reader (DMAP-2.12): one item per object under the prefix, in key
// order, {"Etag", "Key", "LastModified" (epoch seconds), "Size", "StorageClass"}; with
// LOAD_AND_FLATTEN, the records inside the listed objects instead. It does not page (Step
// Functions follows the continuation tokens itself, so a whole prefix is one listing).
#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

Json listing_item(const std::string& key, const Object& object) {
  // S3 keeps LastModified to the second; AWS prints it as a floating-point number of seconds
  // (1.789180622E9), wfsim as the integer of the same value.
  const int64_t seconds = object.last_modified.unix_us() / 1'000'000;
  return json_object("Etag", object.etag(), "Key", key, "LastModified", seconds, "Size",
                     static_cast<int64_t>(object.body.size()), "StorageClass",
                     object.storage_class);
}

}  // namespace

void read_listing(const ObjectStore& store, const ReadRequest& request, ItemCollector& items) {
  if (!store.has_bucket(request.bucket)) {
    items.fail(std::string(cause::kNoSuchBucket));
    return;
  }
  const std::vector<std::string> keys = store.list(request.bucket, request.prefix);
  for (const std::string& key : keys) {
    if (items.full() || items.failed()) return;
    const std::string uri = object_uri(request.bucket, key);
    if (!request.load_and_flatten) {
      const Object* object = store.get(request.bucket, key);
      WFSIM_ASSERT(object != nullptr);
      if (!items.add(listing_item(key, *object), uri)) return;
      continue;
    }
    const Object* object = fetch_object(store, request.bucket, key, items);
    if (object == nullptr) return;
    // An empty object (a console-created "folder/") holds no records.
    if (object->body.empty()) continue;
    const size_t before = items.count();
    read_object_text(object->body, uri, request.input_type.value_or(InputType::json), request,
                     items);
    if (items.failed()) return;
    for (size_t i = before; i < items.count(); ++i) items.add_source(uri);
  }
}

}  // namespace wfsim::s3
