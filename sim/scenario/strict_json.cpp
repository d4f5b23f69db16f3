// Strict, bounded JSON parsing through nlohmann's SAX interface; see strict_json.h.
//
// The document is built here rather than by nlohmann's DOM parser so that the depth limit and the
// duplicate-key check act while parsing: a 10 MB file of "[[[[..." stops at depth 257 without
// building anything deep. Keys go straight to the back of the ordered object (nlohmann's own
// insertion searches linearly, which is quadratic for a large object); a per-object hash set
// catches duplicates. The hash set only answers membership, so its order never reaches output.
#include "scenario/strict_json.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_set>
#include <vector>

#include "asl/problem.h"

namespace wfsim::scenario {
namespace {

class StrictBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictBuilder(size_t max_depth) : max_depth_(max_depth) {}

  Json& root() { return root_; }
  const std::string& failure() const { return failure_; }
  const std::string& failure_pointer() const { return failure_pointer_; }

  bool null() override { return place(Json(nullptr)) != nullptr; }
  bool boolean(bool value) override { return place(Json(value)) != nullptr; }
  bool number_integer(number_integer_t value) override { return place(Json(value)) != nullptr; }
  bool number_unsigned(number_unsigned_t value) override {
    return place(Json(value)) != nullptr;
  }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return place(Json(value)) != nullptr;
  }
  bool string(string_t& value) override { return place(Json(std::move(value))) != nullptr; }
  bool binary(binary_t& /*value*/) override { return fail("binary values are not JSON"); }

  bool start_object(size_t /*elements*/) override { return open(Json::object()); }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key).second) {
      frame.key = key;
      return fail("duplicate key \"" + key + "\"");
    }
    frame.key = std::move(key);
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
    if (start != std::string::npos) text = text.substr(start + 2);
    failure_ = text;
    return false;
  }

 private:
  struct Frame {
    Json* value = nullptr;
    std::string key;  // The key being filled (objects).
    std::unordered_set<std::string> keys;
  };

  bool fail(std::string message) {
    failure_ = std::move(message);
    failure_pointer_ = pointer();
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
        out += asl::pointer_segment(frame.key);
      } else {
        const size_t size = frame.value->size();
        out += std::to_string(i + 1 == frames_.size() || size == 0 ? size : size - 1);
      }
    }
    return out;
  }

  // Puts `value` where the parser is (root, array end or the current key); returns it.
  Json* place(Json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *frames_.back().value;
    if (parent.is_array()) {
      auto& array = parent.get_ref<Json::array_t&>();
      array.push_back(std::move(value));
      return &array.back();
    }
    auto& map = parent.get_ref<Json::object_t&>();
    auto& entries = static_cast<Json::object_t::Container&>(map);
    entries.emplace_back(frames_.back().key, std::move(value));
    return &entries.back().second;
  }

  bool open(Json empty) {
    if (frames_.size() >= max_depth_) {
      return fail("nested deeper than " + std::to_string(max_depth_) + " levels");
    }
    Json* slot = place(std::move(empty));
    frames_.push_back(Frame{slot, {}, {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  size_t max_depth_;
  Json root_;
  std::vector<Frame> frames_;
  std::string failure_;
  std::string failure_pointer_;
};

}  // namespace

std::variant<Json, FileProblem> parse_json_text(std::string_view text, const std::string& label,
                                                const JsonLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    return FileProblem{label, "",
                       "larger than " + std::to_string(limits.max_file_bytes) + " bytes"};
  }
  StrictBuilder builder(limits.max_depth);
  const bool parsed = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
  if (!parsed) {
    std::string message = builder.failure().empty() ? "not valid JSON" : builder.failure();
    return FileProblem{label, builder.failure_pointer(), std::move(message)};
  }
  return std::move(builder.root());
}

std::variant<std::string, FileProblem> read_text_file(const std::filesystem::path& path,
                                                      const std::string& label,
                                                      size_t max_bytes) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return FileProblem{label, "", "is a directory, not a file"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return FileProblem{label, "", std::string("cannot open: ") + std::strerror(errno)};
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      return FileProblem{label, "", "larger than " + std::to_string(max_bytes) + " bytes"};
    }
  }
  if (in.bad()) return FileProblem{label, "", "read error"};
  return text;
}

std::variant<Json, FileProblem> read_json_file(const std::filesystem::path& path,
                                               const std::string& label,
                                               const JsonLimits& limits) {
  auto text = read_text_file(path, label, limits.max_file_bytes);
  if (auto* problem = std::get_if<FileProblem>(&text)) return std::move(*problem);
  return parse_json_text(std::get<std::string>(text), label, limits);
}

}  // namespace wfsim::scenario
