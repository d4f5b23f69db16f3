// The listObjectsV2 reader (DMAP-2.12, E2), LOAD_AND_FLATTEN, and the manifest readers
// (DMAP-2.11): S3 Inventory manifests of CSV inventories and Athena UNLOAD manifests.
#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

using testing::items_of;

ReadRequest listing(std::string bucket, std::string prefix = "") {
  ReadRequest request;
  request.resource = ReaderResource::list_objects_v2;
  request.bucket = std::move(bucket);
  request.prefix = std::move(prefix);
  return request;
}

BOOST_AUTO_TEST_CASE(e2_listing_gives_object_metadata_in_key_order) {
  ObjectStore store;
  const Instant modified = Instant::from_unix_us(1'700'000'000'500'000);
  for (const char* key : {"file_2.txt", "file_0.txt", "file_1.txt"}) {
    store.put("files", key, Object{"hello world\n", modified});
  }
  const Json items = items_of(read_items(store, listing("files")));
  BOOST_REQUIRE(items.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    BOOST_TEST(items[i]["Key"] == "file_" + std::to_string(i) + ".txt");
    BOOST_TEST(items[i]["Etag"] == "\"6f5902ac237024bdd0c176cb93063dc4\"");
    BOOST_TEST(items[i]["LastModified"] == 1'700'000'000);
    BOOST_TEST(items[i]["Size"] == 12);
    BOOST_TEST(items[i]["StorageClass"] == "STANDARD");
  }
  std::vector<std::string> keys;
  for (const auto& [key, value] : items[0].items()) keys.push_back(key);
  BOOST_TEST(keys == (std::vector<std::string>{"Etag", "Key", "LastModified", "Size",
                                               "StorageClass"}));
}

BOOST_AUTO_TEST_CASE(listing_filters_by_prefix_in_lexicographic_order_and_limits) {
  ObjectStore store;
  for (const char* key : {"a/2", "a/10", "b/1", "a/", "ab"}) store.put("x", key, Object{"", {}});
  std::vector<std::string> keys;
  for (const Json& item : read_items(store, listing("x", "a/")).items) keys.push_back(item["Key"]);
  BOOST_TEST(keys == (std::vector<std::string>{"a/", "a/10", "a/2"}));  // The folder object too.
  ReadRequest limited = listing("x");
  limited.max_items = 2;
  BOOST_TEST(read_items(store, limited).items.size() == 2);
}

BOOST_AUTO_TEST_CASE(listing_a_missing_bucket_fails_and_an_empty_one_gives_nothing) {
  ObjectStore store;
  store.create_bucket("empty");
  BOOST_TEST(read_items(store, listing("missing")).failure_cause.value_or("") ==
             std::string(cause::kNoSuchBucket));
  BOOST_TEST(items_of(read_items(store, listing("empty"))).empty());
}

BOOST_AUTO_TEST_CASE(load_and_flatten_reads_every_listed_object) {
  ObjectStore store;
  store.put("in", "csv/", Object{"", {}});  // A folder object holds no records.
  store.put("in", "csv/1.csv", Object{"id,name\n1,a\n2,b\n", {}});
  store.put("in", "csv/2.csv", Object{"id,name\n3,c\n", {}});
  ReadRequest request = listing("in", "csv/");
  request.load_and_flatten = true;
  request.input_type = InputType::csv;
  const ReadOutcome outcome = read_items(store, request);
  BOOST_TEST(items_of(outcome) == Json::parse(
      R"([{"id":"1","name":"a"},{"id":"2","name":"b"},{"id":"3","name":"c"}])"));
  BOOST_TEST(outcome.item_sources ==
             (std::vector<std::string>{"s3://in/csv/1.csv", "s3://in/csv/1.csv",
                                       "s3://in/csv/2.csv"}));
  request.max_items = 2;
  BOOST_TEST(read_items(store, request).items.size() == 2);
  store.put("in", "json/a.json", Object{"[1,2]", {}});
  store.put("in", "json/b.json", Object{"{\"not\":\"array\"}", {}});
  ReadRequest json = listing("in", "json/");
  json.load_and_flatten = true;
  json.input_type = InputType::json;
  BOOST_TEST(read_items(store, json).failure_cause.value_or("") ==
             "Attempting to map over non-iterable node.");
}

const char* kInventoryManifest = R"({
  "sourceBucket": "src-bucket",
  "destinationBucket": "arn:aws:s3:::inventory-bucket",
  "version": "2016-11-30",
  "fileFormat": "CSV",
  "fileSchema": "Bucket, Key, Size, LastModifiedDate",
  "files": [{"key": "inv/data/one.csv", "size": 10, "MD5checksum": "x"},
            {"key": "inv/data/two.csv", "size": 10, "MD5checksum": "y"}]})";

ObjectStore inventory_store() {
  ObjectStore store;
  store.put("inventory-bucket", "inv/manifest.json", Object{kInventoryManifest, {}});
  store.put("inventory-bucket", "inv/data/one.csv",
            Object{"\"src-bucket\",\"csvDataset/titles.csv\",\"3399671\","
                   "\"2022-11-16T00:29:32.000Z\"\n",
                   {}});
  store.put("inventory-bucket", "inv/data/two.csv",
            Object{"\"src-bucket\",\"csvDataset/ratings.csv\",\"12\",\"2022-11-16T00:30:00.000Z\"\n",
                   {}});
  return store;
}

ReadRequest inventory_request() {
  ReadRequest request = testing::get_request(InputType::manifest, "inventory-bucket",
                                             "inv/manifest.json");
  return request;
}

BOOST_AUTO_TEST_CASE(s3_inventory_manifest_items_follow_the_schema_as_strings) {
  const ObjectStore store = inventory_store();
  const Json items = items_of(read_items(store, inventory_request()));
  BOOST_TEST(items == Json::parse(R"([
    {"Bucket":"src-bucket","Key":"csvDataset/titles.csv","Size":"3399671",
     "LastModifiedDate":"2022-11-16T00:29:32.000Z"},
    {"Bucket":"src-bucket","Key":"csvDataset/ratings.csv","Size":"12",
     "LastModifiedDate":"2022-11-16T00:30:00.000Z"}])"));
  ReadRequest by_type = inventory_request();
  by_type.input_type.reset();
  by_type.manifest_type = ManifestType::s3_inventory;
  by_type.max_items = 1;
  BOOST_TEST(read_items(store, by_type).items.size() == 1);
}

BOOST_AUTO_TEST_CASE(bad_inventory_manifests_fail_with_a_cause) {
  ObjectStore store = inventory_store();
  store.put("inventory-bucket", "orc.json",
            Object{R"({"fileFormat":"ORC","fileSchema":"","destinationBucket":"b","files":[]})",
                   {}});
  ReadRequest request = inventory_request();
  request.key = "orc.json";
  BOOST_TEST(read_items(store, request).failure_cause.value_or("").find("only CSV") !=
             std::string::npos);
  store.put("inventory-bucket", "bad.json", Object{R"({"fileFormat":"CSV"})", {}});
  request.key = "bad.json";
  BOOST_TEST(read_items(store, request).failure_cause.value_or("").starts_with(
      "Malformed S3 Inventory manifest in s3://inventory-bucket/bad.json"));
  store = inventory_store();
  store.put("inventory-bucket", "inv/data/two.csv", Object{"", {}});
  BOOST_TEST(read_items(store, inventory_request()).items.size() == 1);
  ObjectStore missing_data;
  missing_data.put("inventory-bucket", "inv/manifest.json", Object{kInventoryManifest, {}});
  BOOST_TEST(read_items(missing_data, inventory_request()).failure_cause.value_or("") ==
             std::string(cause::kNoSuchKey));
}

BOOST_AUTO_TEST_CASE(athena_manifest_reads_each_listed_file_with_given_headers) {
  ObjectStore store;
  store.put("athena", "out/manifest.csv",
            Object{"s3://athena/out/part-1\n\ns3://athena/out/part-2\n", {}});
  store.put("athena", "out/part-1", Object{"1,a\n2,b\n", {}});
  store.put("athena", "out/part-2", Object{"3,c\n", {}});
  ReadRequest request = testing::get_request(InputType::csv, "athena", "out/manifest.csv");
  request.manifest_type = ManifestType::athena_data;
  request.csv_headers = {"id", "name"};  // FIRST_ROW is ignored: Athena writes no header.
  const ReadOutcome outcome = read_items(store, request);
  BOOST_TEST(items_of(outcome) == Json::parse(
      R"([{"id":"1","name":"a"},{"id":"2","name":"b"},{"id":"3","name":"c"}])"));
  BOOST_TEST(outcome.item_sources.back() == "s3://athena/out/part-2");
  request.csv_headers.clear();
  BOOST_TEST(read_items(store, request).failure_cause.value_or("").find("needs CSVHeaders") !=
             std::string::npos);
  store.put("athena", "jsonl/manifest", Object{"s3://athena/jsonl/0\n", {}});
  store.put("athena", "jsonl/0", Object{"{\"a\":1}\n{\"a\":2}\n", {}});
  ReadRequest jsonl = testing::get_request(InputType::jsonl, "athena", "jsonl/manifest");
  jsonl.manifest_type = ManifestType::athena_data;
  BOOST_TEST(items_of(read_items(store, jsonl)) == Json::parse(R"([{"a":1},{"a":2}])"));
  store.put("athena", "bad", Object{"https://example.com/x\n", {}});
  jsonl.key = "bad";
  BOOST_TEST(read_items(store, jsonl).failure_cause.value_or("").find("not an s3://bucket/key") !=
             std::string::npos);
}

}  // namespace
}  // namespace wfsim::s3
