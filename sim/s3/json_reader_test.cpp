// The JSON and JSON Lines readers (DMAP-2.5, 2.7, 2.8; E7, E13): arrays, object files (open
// question 1), ItemsPointer, malformed and deep documents, MaxItems, missing buckets and keys,
// compressed objects and Parquet.
#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

using testing::items_of;
using testing::read_body;

const ReadRequest kJson = testing::get_request(InputType::json);
const ReadRequest kJsonl = testing::get_request(InputType::jsonl);

BOOST_AUTO_TEST_CASE(e13_json_array_items_are_the_elements) {
  BOOST_TEST(items_of(read_body(R"([["from-bucket-item-0"]])", kJson)) ==
             Json::parse(R"([["from-bucket-item-0"]])"));
  ReadRequest no_type = kJson;
  no_type.input_type.reset();  // getObject without InputType reads JSON.
  BOOST_TEST(items_of(read_body(R"([1,"two",{"three":3},null])", no_type)) ==
             Json::parse(R"([1,"two",{"three":3},null])"));
}

BOOST_AUTO_TEST_CASE(e7_json_object_file_is_not_iterable_unless_configured) {
  const ReadOutcome outcome = read_body(R"({"Hello":"world"})", kJson);
  BOOST_TEST(outcome.failure_cause.value_or("") == "Attempting to map over non-iterable node.");
  ReadRequest members = kJson;
  members.json_object_files = true;
  const ReadOutcome read = read_body(R"({"a":1,"b":{"x":2}})", members);
  BOOST_TEST(items_of(read) == Json::parse(R"([1,{"x":2}])"));
  BOOST_TEST(read.item_keys == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(read_body("42", members).failure_cause.value_or("") ==
             "Attempting to map over non-iterable node.");
}

BOOST_AUTO_TEST_CASE(items_pointer_selects_a_nested_array_or_object) {
  ReadRequest request = kJson;
  const std::string file =
      R"({"inventory":{"products":{"featured":[{"id":1},{"id":2}]}},"a/b":{"x":[7]},"m~n":[8]})";
  request.items_pointer = "/inventory/products/featured";
  BOOST_TEST(items_of(read_body(file, request)) == Json::parse(R"([{"id":1},{"id":2}])"));
  request.items_pointer = "/a~1b/x";
  BOOST_TEST(items_of(read_body(file, request)) == Json::parse("[7]"));
  request.items_pointer = "/m~0n";
  BOOST_TEST(items_of(read_body(file, request)) == Json::parse("[8]"));
  request.items_pointer = "/inventory/products";  // An object: its members (newer behaviour).
  const ReadOutcome members = read_body(file, request);
  BOOST_TEST(items_of(members) == Json::parse(R"([[{"id":1},{"id":2}]])"));
  BOOST_TEST(members.item_keys == (std::vector<std::string>{"featured"}));
  request.items_pointer = "";  // The whole document.
  BOOST_TEST(items_of(read_body("[1]", request)) == Json::parse("[1]"));
  request.items_pointer = "/inventory/products/featured/1";  // {"id":2}: its one member.
  BOOST_TEST(items_of(read_body(file, request)) == Json::parse(R"([2])"));
}

BOOST_AUTO_TEST_CASE(items_pointer_to_nothing_or_a_scalar_fails) {
  ReadRequest request = kJson;
  for (const char* pointer : {"/missing", "/records/5", "/records/01", "records", "/~2"}) {
    request.items_pointer = pointer;
    BOOST_TEST_CONTEXT(pointer) {
      BOOST_TEST(read_body(R"({"records":[1,2]})", request).failure_cause.value_or("") ==
                 "The provided ReaderConfig.ItemsPointer does not match any valid path in the "
                 "JSON structure.");
    }
  }
  request.items_pointer = "/records";
  BOOST_TEST(read_body(R"({"records":123})", request).failure_cause.value_or("") ==
             "Attempting to map over non-iterable node.");
}

BOOST_AUTO_TEST_CASE(malformed_and_too_deep_json_fail_with_a_cause) {
  const ReadOutcome bad = read_body("[1, 2", kJson);
  BOOST_TEST(bad.failure_cause.value_or("").starts_with("Malformed JSON in s3://data/items: "));
  const ReadOutcome empty = read_body("", kJson);
  BOOST_TEST(empty.failure_cause.value_or("").starts_with("Malformed JSON in s3://data/items"));
  const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
  const ReadOutcome too_deep = read_body(deep, kJson);
  BOOST_TEST(too_deep.failure_cause.value_or("").find("nested deeper than 512 levels") !=
             std::string::npos);
  const std::string ok_depth = "[" + std::string(500, '[') + std::string(500, ']') + "]";
  BOOST_TEST(items_of(read_body(ok_depth, kJson)).size() == 1);
}

BOOST_AUTO_TEST_CASE(repeated_keys_keep_the_first_place_and_the_last_value) {
  BOOST_TEST(items_of(read_body(R"([{"a":1,"b":2,"a":3}])", kJson)).dump() ==
             R"([{"a":3,"b":2}])");
}

BOOST_AUTO_TEST_CASE(jsonl_gives_one_item_per_line_and_skips_blank_lines) {
  const std::string text = "{\"a\":1}\n\n[2]\n  \r\n\"three\"\r\n4\n";
  BOOST_TEST(items_of(read_body(text, kJsonl)) == Json::parse(R"([{"a":1},[2],"three",4])"));
  ReadRequest limited = kJsonl;
  limited.max_items = 2;
  BOOST_TEST(items_of(read_body(text + "{not json", limited)).size() == 2);
  const ReadOutcome bad = read_body("1\n{\"a\":\n3\n", kJsonl);
  BOOST_TEST(bad.failure_cause.value_or("").starts_with(
      "Malformed JSON Lines in s3://data/items: line 2: "));
}

BOOST_AUTO_TEST_CASE(max_items_limits_json_arrays) {
  ReadRequest request = kJson;
  request.max_items = 3;
  BOOST_TEST(items_of(read_body("[0,1,2,3,4]", request)) == Json::parse("[0,1,2]"));
}

BOOST_AUTO_TEST_CASE(an_item_over_8_mb_fails) {
  const std::string big = "[\"" + std::string(kMaxItemBytes, 'x') + "\"]";
  const ReadOutcome outcome = read_body(big, kJson);
  BOOST_TEST(outcome.failure_cause.value_or("").starts_with("The item at index 0 of "));
}

BOOST_AUTO_TEST_CASE(missing_bucket_and_key_are_s3_errors) {
  const ObjectStore store = testing::store_with("data", "items", "[]");
  ReadRequest request = kJson;
  request.bucket = "nowhere";
  BOOST_TEST(read_items(store, request).failure_cause.value_or("") ==
             "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error "
             "Code: NoSuchBucket)");
  request.bucket = "data";
  request.key = "absent.json";
  BOOST_TEST(read_items(store, request).failure_cause.value_or("") ==
             "The specified key does not exist. (Service: Amazon S3; Status Code: 404; Error "
             "Code: NoSuchKey)");
}

BOOST_AUTO_TEST_CASE(parquet_and_compressed_objects_are_refused_clearly) {
  const ReadOutcome parquet = read_body("PAR1....", testing::get_request(InputType::parquet));
  BOOST_TEST(parquet.failure_cause.value_or("").starts_with("wfsim does not read Parquet"));
  const ReadOutcome gzip = read_body(std::string("\x1f\x8b\x08\x00", 4), kJson);
  BOOST_TEST(gzip.failure_cause.value_or("").starts_with("wfsim does not decompress GZIP"));
  const ReadOutcome zstd = read_body(std::string("\x28\xb5\x2f\xfd\x00", 5), kJsonl);
  BOOST_TEST(zstd.failure_cause.value_or("").starts_with("wfsim does not decompress ZSTD"));
}

BOOST_AUTO_TEST_CASE(binary_garbage_never_throws) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) % 256);
  for (const InputType type : {InputType::json, InputType::jsonl, InputType::csv}) {
    const ReadOutcome outcome = read_body(bytes, testing::get_request(type));
    BOOST_TEST((outcome.failure_cause.has_value() || !outcome.items.empty() ||
                type == InputType::csv));
  }
}

}  // namespace
}  // namespace wfsim::s3
