// Shared by the sim/s3 tests: a store holding one object, requests of each kind, and the items
// of an outcome as one JSON array (so a test compares a whole read at once).
#pragma once

#include <boost/test/unit_test.hpp>

#include "s3/formats.h"
#include "s3/s3.h"

namespace wfsim::s3::testing {

inline ObjectStore store_with(const std::string& bucket, const std::string& key,
                              std::string body) {
  ObjectStore store;
  store.put(bucket, key, Object{std::move(body), kDefaultEpoch});
  return store;
}

inline ReadRequest get_request(InputType type, std::string bucket = "data",
                               std::string key = "items") {
  ReadRequest request;
  request.bucket = std::move(bucket);
  request.key = std::move(key);
  request.input_type = type;
  return request;
}

inline Json items_of(const ReadOutcome& outcome) {
  BOOST_TEST_INFO("failure: " << outcome.failure_cause.value_or("none"));
  BOOST_TEST(!outcome.failure_cause.has_value());
  Json out = Json::array();
  for (const Json& item : outcome.items) out.push_back(item);
  return out;
}

// Reads `body` stored at data/items with `request` (its bucket and key are set here).
inline ReadOutcome read_body(const std::string& body, ReadRequest request) {
  request.bucket = "data";
  request.key = "items";
  return read_items(store_with("data", "items", body), request);
}

}  // namespace wfsim::s3::testing
