// Judging ObjectExpectations against a store; see object_expectation.h. JSON is compared with
// object key order ignored (a result file's records are compared by content, as AWS gives no key
// order guarantee), array order kept.
#include "s3/object_expectation.h"

#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

// Long values are cut in messages so a finding stays one readable line.
std::string shown(std::string text) {
  constexpr size_t kShown = 300;
  if (text.size() > kShown) text = text.substr(0, kShown) + "...";
  return text;
}

// Key order ignored: both sides through nlohmann's std::map-backed json. The depth of both is
// bounded (the scenario's reader and parse_json_bounded), so the recursive conversion is safe.
bool same_json(const Json& left, const Json& right) {
  return nlohmann::json::parse(to_compact_text(left)) ==
         nlohmann::json::parse(to_compact_text(right));
}

}  // namespace

std::optional<std::string> check_object(const ObjectStore& store,
                                        const ObjectExpectation& expectation) {
  if (expectation.count) {
    WFSIM_ASSERT(expectation.prefix.has_value());
    const size_t found = store.list(expectation.bucket, *expectation.prefix).size();
    if (found == *expectation.count) return std::nullopt;
    return object_uri(expectation.bucket, *expectation.prefix) + "*: expected " +
           std::to_string(*expectation.count) + " object(s) under the prefix, found " +
           std::to_string(found);
  }
  const std::string uri = object_uri(expectation.bucket, expectation.key);
  const Object* object = store.get(expectation.bucket, expectation.key);
  if (expectation.exists && !*expectation.exists) {
    if (object == nullptr) return std::nullopt;
    return uri + " exists (" + std::to_string(object->body.size()) +
           " bytes) but was expected not to";
  }
  if (object == nullptr) return uri + " does not exist";
  if (expectation.text && object->body != *expectation.text) {
    return uri + " holds " + shown(to_compact_text(Json(object->body))) + ", expected " +
           shown(to_compact_text(Json(*expectation.text)));
  }
  if (expectation.json) {
    auto parsed = parse_json_bounded(object->body);
    if (auto* what = std::get_if<std::string>(&parsed)) {
      return uri + " is not JSON (" + *what + "), expected " +
             shown(to_compact_text(*expectation.json));
    }
    if (!same_json(std::get<Json>(parsed), *expectation.json)) {
      return uri + " holds " + shown(to_compact_text(std::get<Json>(parsed))) + ", expected " +
             shown(to_compact_text(*expectation.json));
    }
  }
  return std::nullopt;
}

}  // namespace wfsim::s3
