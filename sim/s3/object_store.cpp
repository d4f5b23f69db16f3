// The simulated object store (s3.h): buckets of objects in key order, ETags as S3 computes them for
// a single-part upload (the MD5 of the body), and prefix listings. It does not read or write files
// (the scenario loader and the CLI's --s3-out do) and has no notion of time beyond what it is given.
#include <openssl/evp.h>

#include "core/assert.h"
#include "s3/formats.h"
#include "s3/s3.h"

namespace wfsim::s3 {

std::string Object::etag() const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const bool hashed =
      EVP_Digest(body.data(), body.size(), digest, &length, EVP_md5(), nullptr) == 1;
  WFSIM_ASSERT_MSG(hashed && length == 16, "MD5 of an object body");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  out += '"';
  return out;
}

void ObjectStore::put(const std::string& bucket, const std::string& key, Object object) {
  WFSIM_ASSERT_MSG(!bucket.empty(), "an object needs a bucket");
  buckets_[bucket].insert_or_assign(key, std::move(object));
}

const Object* ObjectStore::get(const std::string& bucket, const std::string& key) const {
  const auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return nullptr;
  const auto object = found->second.find(key);
  return object == found->second.end() ? nullptr : &object->second;
}

void ObjectStore::create_bucket(const std::string& bucket) {
  WFSIM_ASSERT_MSG(!bucket.empty(), "a bucket needs a name");
  buckets_[bucket];
}

bool ObjectStore::has_bucket(const std::string& bucket) const {
  return buckets_.contains(bucket);
}

std::vector<std::string> ObjectStore::list(const std::string& bucket,
                                           const std::string& prefix) const {
  std::vector<std::string> keys;
  const auto found = buckets_.find(bucket);
  if (found == buckets_.end()) return keys;
  // Keys are sorted, so the prefix's keys are one run starting at lower_bound(prefix).
  for (auto it = found->second.lower_bound(prefix);
       it != found->second.end() && it->first.starts_with(prefix); ++it) {
    keys.push_back(it->first);
  }
  return keys;
}

std::string object_uri(const std::string& bucket, const std::string& key) {
  return "s3://" + bucket + "/" + key;
}

}  // namespace wfsim::s3
