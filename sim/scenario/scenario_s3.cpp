// The scenario's simulated S3 (docs/scenario-format.md, "s3_objects" and "expect.s3"): the
// objects and buckets a Step Functions run starts with, each object's content inline as JSON or
// text or read from a file next to the scenario, and the expectations on what the run leaves in
// the store. Problems name the file and the JSON pointer. Reading ItemReader files and writing
// result files is sim/s3's; judging the expectations is sim/run's.
#include <algorithm>
#include <map>

#include "asl/json_util.h"
#include "scenario/scenario_parts.h"
#include "scenario/strict_json.h"

namespace wfsim::scenario::detail {
namespace {

// Object files are data sets, larger than any scenario JSON the loader reads.
constexpr size_t kMaxObjectFileBytes = size_t{1} << 30;

std::optional<std::string> any_text(Reader& reader, const Json& object, const std::string& at,
                                    std::string_view key);

bool valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = asl::detail::utf8_sequence_length(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

// The bytes of an entry's "json", "text" or "file"; nullopt after a problem.
std::optional<std::string> object_body(Reader& reader, const Json& entry, const std::string& at,
                                       const S3Context& context, FileProblems& problems,
                                       Json& inlined) {
  const bool has_json = entry.contains("json");
  const int given = (has_json ? 1 : 0) + (entry.contains("text") ? 1 : 0) +
                    (entry.contains("file") ? 1 : 0);
  if (given != 1) {
    reader.problem(at, "needs exactly one of \"json\", \"text\" and \"file\" (the content)");
    return std::nullopt;
  }
  if (has_json) return to_compact_text(entry["json"]);
  if (entry.contains("text")) return any_text(reader, entry, at, "text");
  const auto name = reader.text(entry, at, "file");
  if (!name) return std::nullopt;
  const std::string file_at = Reader::child(at, "file");
  if (name->empty()) {
    reader.problem(file_at, "must be a path (relative to the scenario file)");
    return std::nullopt;
  }
  if (!context.base_directory) {
    reader.problem(file_at, "a self-contained scenario (capsule) cannot refer to files: give "
                            "the content as \"text\"");
    return std::nullopt;
  }
  const std::filesystem::path path = (*context.base_directory / *name).lexically_normal();
  auto bytes = read_text_file(path, path.string(), kMaxObjectFileBytes);
  if (auto* problem = std::get_if<FileProblem>(&bytes)) {
    problems.push_back(std::move(*problem));
    return std::nullopt;
  }
  std::string& body = std::get<std::string>(bytes);
  // A capsule stores the content as "text", which JSON can hold only as UTF-8.
  if (!valid_utf8(body)) {
    reader.problem(file_at, path.string() + " is not UTF-8 text (wfsim stores objects as text; "
                                            "binary objects are not supported)");
    return std::nullopt;
  }
  inlined.erase("file");
  inlined["text"] = body;
  return std::move(body);
}

// A string member, empty allowed (an empty object, the empty prefix); nullopt after a problem.
std::optional<std::string> any_text(Reader& reader, const Json& object, const std::string& at,
                                    std::string_view key) {
  const Json& value = object[std::string(key)];
  if (value.is_string()) return value.get<std::string>();
  reader.problem(Reader::child(at, key), "must be a string");
  return std::nullopt;
}

}  // namespace

std::shared_ptr<const s3::ObjectStore> parse_s3_objects(Reader& reader, const Json& value,
                                                        const std::string& at,
                                                        const S3Context& context,
                                                        FileProblems& problems, Json& inlined) {
  auto store = std::make_shared<s3::ObjectStore>();
  inlined = value;
  if (!reader.array(value, at)) return store;
  std::map<std::pair<std::string, std::string>, std::string> declared;  // -> where, for messages.
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& entry = value[i];
    const std::string entry_at = Reader::child(at, i);
    if (!reader.object(entry, entry_at,
                       {"bucket", "key", "json", "text", "file", "last_modified", "comment"})) {
      continue;
    }
    reader.text(entry, entry_at, "comment");
    const auto bucket = reader.text(entry, entry_at, "bucket", true);
    if (!bucket) continue;
    if (bucket->empty() || bucket->find('/') != std::string::npos) {
      reader.problem(Reader::child(entry_at, "bucket"), "must be a bucket name (no '/')");
      continue;
    }
    if (!entry.contains("key")) {  // A bucket alone: somewhere a ResultWriter can write.
      for (const char* content : {"json", "text", "file", "last_modified"}) {
        if (entry.contains(content)) {
          reader.problem(Reader::child(entry_at, content),
                         "an entry without \"key\" declares an empty bucket and holds no object");
        }
      }
      store->create_bucket(*bucket);
      continue;
    }
    const auto key = reader.text(entry, entry_at, "key");
    if (!key) continue;
    if (key->empty()) {
      reader.problem(Reader::child(entry_at, "key"), "must be a non-empty object key");
      continue;
    }
    s3::Object object;
    object.last_modified = context.default_last_modified;
    if (const auto modified = reader.text(entry, entry_at, "last_modified")) {
      const auto instant = parse_iso8601(*modified);
      if (!instant) {
        reader.problem(Reader::child(entry_at, "last_modified"),
                       "must be an RFC 3339 timestamp (\"2024-01-01T00:00:00Z\")");
        continue;
      }
      object.last_modified = *instant;
    }
    auto body = object_body(reader, entry, entry_at, context, problems, inlined[i]);
    if (!body) continue;
    const auto [first, inserted] = declared.try_emplace({*bucket, *key}, entry_at);
    if (!inserted) {
      reader.problem(entry_at, "declares s3://" + *bucket + "/" + *key + " again (first at " +
                                   first->second + ")");
      continue;
    }
    object.body = std::move(*body);
    store->put(*bucket, *key, std::move(object));
  }
  return store;
}

std::vector<s3::ObjectExpectation> parse_s3_expectations(Reader& reader, const Json& value,
                                                         const std::string& at) {
  std::vector<s3::ObjectExpectation> out;
  if (!reader.array(value, at)) return out;
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& entry = value[i];
    const std::string entry_at = Reader::child(at, i);
    if (!reader.object(entry, entry_at,
                       {"bucket", "key", "prefix", "json", "text", "exists", "count"})) {
      continue;
    }
    s3::ObjectExpectation expectation;
    const auto bucket = reader.text(entry, entry_at, "bucket", true);
    const int checks = (entry.contains("json") ? 1 : 0) + (entry.contains("text") ? 1 : 0) +
                       (entry.contains("exists") ? 1 : 0) + (entry.contains("count") ? 1 : 0);
    if (checks != 1) {
      reader.problem(entry_at, "needs exactly one of \"json\", \"text\", \"exists\" (with "
                               "\"key\") and \"count\" (with \"prefix\")");
      continue;
    }
    const bool counting = entry.contains("count");
    if (counting == entry.contains("key") || counting != entry.contains("prefix")) {
      reader.problem(entry_at, counting ? "\"count\" goes with \"prefix\", not \"key\""
                                        : "needs \"key\" (and no \"prefix\")");
      continue;
    }
    if (!bucket) continue;
    expectation.bucket = *bucket;
    if (counting) {
      expectation.prefix = any_text(reader, entry, entry_at, "prefix");
      const auto count = reader.integer(entry, entry_at, "count", 0, 1'000'000'000);
      if (!expectation.prefix || !count) continue;
      expectation.count = *count;
    } else {
      const auto key = reader.text(entry, entry_at, "key");
      if (!key) continue;
      expectation.key = *key;
      if (entry.contains("json")) expectation.json = entry["json"];
      if (entry.contains("text")) {
        expectation.text = any_text(reader, entry, entry_at, "text");
        if (!expectation.text) continue;
      }
      if (entry.contains("exists")) {
        expectation.exists = reader.boolean(entry, entry_at, "exists");
        if (!expectation.exists) continue;
      }
    }
    out.push_back(std::move(expectation));
  }
  return out;
}

namespace {

// One ItemReader's constant source: a key (getObject) or a prefix (listObjectsV2).
struct ConstantSource {
  std::string bucket;
  std::string key_or_prefix;
  bool listing = false;
};

// The reader's Bucket and Key / Prefix when both are written as constants; nullopt when either
// comes from a path, an intrinsic or a JSONata expression, or when the reader reads objects a
// manifest names (which may be any object).
std::optional<ConstantSource> constant_source(const asl::ItemReaderSpec& spec) {
  if (spec.manifest_type || spec.input_type == asl::ReaderInputType::manifest) return std::nullopt;
  const Json& fields = spec.literal_arguments;
  if (!fields.is_object()) return std::nullopt;
  const bool listing = spec.resource == asl::ReaderResource::list_objects_v2;
  const auto constant = [&](const char* name, bool required) -> std::optional<std::string> {
    if (fields.contains(std::string(name) + ".$")) return std::nullopt;
    const auto it = fields.find(name);
    if (it == fields.end()) return required ? std::nullopt : std::optional<std::string>("");
    if (!it->is_string()) return std::nullopt;
    const std::string& text = it->get_ref<const std::string&>();
    if (text.find("{%") != std::string::npos) return std::nullopt;
    return text;
  };
  const auto bucket = constant("Bucket", true);
  const auto key = constant(listing ? "Prefix" : "Key", !listing);
  if (!bucket || !key) return std::nullopt;
  return ConstantSource{*bucket, *key, listing};
}

}  // namespace

void check_objects_read(Reader& reader, const Json& value, const std::string& at,
                        const asl::Definition& definition) {
  std::vector<ConstantSource> sources;
  for (const asl::State* state : definition.all_states()) {
    if (!state->map || !state->map->distributed || !state->map->distributed->reader) continue;
    auto source = constant_source(*state->map->distributed->reader);
    if (!source) return;  // Not decidable: some reader's source is computed at run time.
    sources.push_back(std::move(*source));
  }
  if (sources.empty() || !value.is_array()) return;  // No reader: the objects are for writers.
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& entry = value[i];
    if (!entry.is_object() || !entry.contains("key") || !entry["key"].is_string() ||
        !entry.contains("bucket") || !entry["bucket"].is_string()) {
      continue;  // A bucket alone, or an entry already reported.
    }
    const std::string& bucket = entry["bucket"].get_ref<const std::string&>();
    const std::string& key = entry["key"].get_ref<const std::string&>();
    const bool read = std::any_of(sources.begin(), sources.end(), [&](const ConstantSource& s) {
      return s.bucket == bucket && (s.listing ? key.starts_with(s.key_or_prefix)
                                              : key == s.key_or_prefix);
    });
    if (read) continue;
    std::string readers;
    for (const ConstantSource& s : sources) {
      readers += (readers.empty() ? "" : ", ") + std::string("s3://") + s.bucket + "/" +
                 s.key_or_prefix + (s.listing ? "*" : "");
    }
    reader.problem(Reader::child(at, i), "s3://" + bucket + "/" + key +
                                             " is read by no ItemReader of the definition "
                                             "(they read " + readers + ")");
  }
}

}  // namespace wfsim::scenario::detail
