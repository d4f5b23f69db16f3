// Judging "expect.s3" entries: JSON content (key order ignored), exact text, absence, and the
// count under a prefix; every message names the object.
#include "s3/object_expectation.h"
#include "s3/s3_test_support.h"

namespace wfsim::s3 {
namespace {

ObjectStore store() {
  ObjectStore out = testing::store_with("results", "out/manifest.json", R"({"a":1,"b":[1,2]})");
  out.put("results", "out/SUCCEEDED_0.json", Object{"[]", {}});
  out.put("results", "other", Object{"plain text", {}});
  return out;
}

ObjectExpectation at(std::string key) {
  ObjectExpectation expectation;
  expectation.bucket = "results";
  expectation.key = std::move(key);
  return expectation;
}

ObjectExpectation with_text(std::string key, std::string text) {
  ObjectExpectation expectation = at(std::move(key));
  expectation.text = std::move(text);
  return expectation;
}

ObjectExpectation existing(std::string key, bool exists) {
  ObjectExpectation expectation = at(std::move(key));
  expectation.exists = exists;
  return expectation;
}

ObjectExpectation counting(std::string bucket, std::string prefix, uint64_t count) {
  ObjectExpectation expectation;
  expectation.bucket = std::move(bucket);
  expectation.prefix = std::move(prefix);
  expectation.count = count;
  return expectation;
}

BOOST_AUTO_TEST_CASE(json_matches_whatever_the_key_order) {
  ObjectExpectation expectation = at("out/manifest.json");
  expectation.json = Json::parse(R"({"b":[1,2],"a":1})");
  BOOST_TEST(!check_object(store(), expectation).has_value());
  expectation.json = Json::parse(R"({"a":1,"b":[2,1]})");
  BOOST_TEST(check_object(store(), expectation).value_or("") ==
             R"(s3://results/out/manifest.json holds {"a":1,"b":[1,2]}, expected {"a":1,"b":[2,1]})");
  expectation.key = "other";
  BOOST_TEST(check_object(store(), expectation).value_or("").starts_with(
      "s3://results/other is not JSON"));
  expectation.key = "missing";
  BOOST_TEST(check_object(store(), expectation).value_or("") ==
             "s3://results/missing does not exist");
}

BOOST_AUTO_TEST_CASE(text_exists_and_count) {
  BOOST_TEST(!check_object(store(), with_text("other", "plain text")));
  BOOST_TEST(check_object(store(), with_text("other", "x")).value_or("") ==
             R"(s3://results/other holds "plain text", expected "x")");
  BOOST_TEST(!check_object(store(), existing("gone", false)));
  BOOST_TEST(check_object(store(), existing("other", false)).value_or("") ==
             "s3://results/other exists (10 bytes) but was expected not to");
  BOOST_TEST(!check_object(store(), existing("other", true)));
  BOOST_TEST(!check_object(store(), counting("results", "out/", 2)));
  BOOST_TEST(check_object(store(), counting("results", "out/", 3)).value_or("") ==
             "s3://results/out/*: expected 3 object(s) under the prefix, found 2");
  BOOST_TEST(!check_object(store(), counting("nowhere", "", 0)));
}

}  // namespace
}  // namespace wfsim::s3
