// Expectations on the simulated S3 after a run (scenario "expect": {"s3": [...]}), and their
// judging: an object holds some JSON or text, an object does not (or does) exist, a prefix holds
// so many objects. The scenario loader builds them (sim/scenario), sim/run judges them; this file
// only compares a store with them and says, naming the object, what differs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "record/json.h"
#include "s3/s3.h"

namespace wfsim::s3 {

struct ObjectExpectation {
  std::string bucket;
  std::string key;                    // json, text, exists.
  std::optional<std::string> prefix;  // count.
  std::optional<Json> json;           // The object parses to this (object key order ignored).
  std::optional<std::string> text;    // The object's bytes are exactly this.
  std::optional<bool> exists;
  std::optional<uint64_t> count;      // Objects whose keys start with `prefix`.
};

// nullopt when the store meets the expectation; else what differs, naming the object
// ("s3://results/out/manifest.json does not exist").
std::optional<std::string> check_object(const ObjectStore& store,
                                        const ObjectExpectation& expectation);

}  // namespace wfsim::s3
