// The SAX builder behind parse_json_document; see json_reader.h.
//
// Keys go straight to the back of the ordered object (nlohmann's own insertion searches
// linearly, which is quadratic for a large object); a per-object hash map from key to member
// index finds repeated keys. It only answers lookups, so its order never reaches output.
#include "record/json_reader.h"

#include <unordered_map>
#include <utility>
#include <vector>

#include "core/assert.h"

namespace wfsim {
namespace {

class BoundedBuilder final : public nlohmann::json_sax<Json> {
 public:
  BoundedBuilder(size_t max_depth, DuplicateKeys duplicate_keys)
      : max_depth_(max_depth), duplicate_keys_(duplicate_keys) {}

  Json& root() { return root_; }
  JsonReadFailure& failure() { return failure_; }

  bool null() override { return place(Json(nullptr)); }
  bool boolean(bool value) override { return place(Json(value)); }
  bool number_integer(number_integer_t value) override { return place(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return place(Json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return place(Json(value));
  }
  bool string(string_t& value) override { return place(Json(std::move(value))); }
  bool binary(binary_t& /*value*/) override { return fail("binary values are not JSON"); }

  bool start_object(size_t /*elements*/) override { return open(Json::object()); }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    frame.key = std::move(key);
    if (duplicate_keys_ == DuplicateKeys::reject && frame.positions.contains(frame.key)) {
      return fail("duplicate key \"" + frame.key + "\"");
    }
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(size_t /*elements*/) override { return open(Json::array()); }
  bool end_array() override { return close(); }

  bool parse_error(size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 3: ..." -> from "parse".
    std::string text = error.what();
    const size_t start = text.find("] ");
    failure_.message = start == std::string::npos ? text : text.substr(start + 2);
    return false;
  }

 private:
  struct Frame {
    Json* value = nullptr;
    std::string key;                                    // The key being filled (objects).
    std::unordered_map<std::string, size_t> positions;  // Objects: key -> member index.
  };

  bool fail(std::string message) {
    failure_.message = std::move(message);
    failure_.pointer = pointer();
    return false;
  }

  // Where the value being read sits: in an open array the child being filled is the last one,
  // except in the innermost, where failures happen before the child is placed.
  std::string pointer() const {
    std::string out;
    for (size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      out += '/';
      if (frame.value->is_object()) {
        out += json_pointer_token(frame.key);
      } else {
        const size_t size = frame.value->size();
        out += std::to_string(i + 1 == frames_.size() || size == 0 ? size : size - 1);
      }
    }
    return out;
  }

  bool place(Json value) {
    slot(std::move(value));
    return true;
  }

  // Puts `value` where the parser is (root, array end or the current key) and returns it; a
  // repeated key (kept by the policy) keeps its place and takes the new value.
  Json* slot(Json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = frames_.back();
    if (frame.value->is_array()) {
      auto& array = frame.value->get_ref<Json::array_t&>();
      array.push_back(std::move(value));
      return &array.back();
    }
    auto& members =
        static_cast<Json::object_t::Container&>(frame.value->get_ref<Json::object_t&>());
    const auto [found, inserted] = frame.positions.try_emplace(frame.key, members.size());
    if (!inserted) {
      WFSIM_ASSERT(duplicate_keys_ == DuplicateKeys::keep_first_place_last_value);
      members[found->second].second = std::move(value);
      return &members[found->second].second;
    }
    members.emplace_back(frame.key, std::move(value));
    return &members.back().second;
  }

  bool open(Json empty) {
    if (frames_.size() >= max_depth_) {
      return fail("nested deeper than " + std::to_string(max_depth_) + " levels");
    }
    Json* value = slot(std::move(empty));
    frames_.push_back(Frame{value, {}, {}});
    return true;
  }

  bool close() {
    WFSIM_ASSERT(!frames_.empty());
    frames_.pop_back();
    return true;
  }

  size_t max_depth_;
  DuplicateKeys duplicate_keys_;
  Json root_;
  std::vector<Frame> frames_;
  JsonReadFailure failure_;
};

}  // namespace

std::variant<Json, JsonReadFailure> parse_json_document(std::string_view text,
                                                        size_t max_depth,
                                                        DuplicateKeys duplicate_keys) {
  BoundedBuilder builder(max_depth, duplicate_keys);
  const bool parsed = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
  if (!parsed) {
    JsonReadFailure failure = std::move(builder.failure());
    if (failure.message.empty()) failure.message = "not valid JSON";
    return failure;
  }
  return std::move(builder.root());
}

std::string json_pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char ch : key) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace wfsim
