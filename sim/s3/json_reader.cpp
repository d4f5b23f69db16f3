// The JSON and JSON Lines readers of ItemReader (DMAP-2.7, 2.8, ReaderConfig.ItemsPointer) and the
// bounded parser they share. The parser builds documents through nlohmann's SAX interface so the
// depth bound acts while parsing: a file of a million '[' stops at kMaxJsonDepth + 1 without
// building anything deep. It does not fetch objects (item_reader.cpp does).
#include <unordered_map>

#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

class BoundedBuilder final : public nlohmann::json_sax<Json> {
 public:
  Json& root() { return root_; }
  const std::string& failure() const { return failure_; }

  bool null() override { return place(Json(nullptr)); }
  bool boolean(bool value) override { return place(Json(value)); }
  bool number_integer(number_integer_t value) override { return place(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return place(Json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return place(Json(value));
  }
  bool string(string_t& value) override { return place(Json(std::move(value))); }
  bool binary(binary_t& /*value*/) override {
    failure_ = "binary values are not JSON";
    return false;
  }
  bool start_object(size_t /*elements*/) override { return open(Json::object()); }
  bool key(string_t& key) override {
    frames_.back().key = std::move(key);
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
    failure_ = start == std::string::npos ? text : text.substr(start + 2);
    return false;
  }

 private:
  struct Frame {
    Json* value = nullptr;
    std::string key;
    std::unordered_map<std::string, size_t> positions;  // Objects: key -> member index.
  };

  bool place(Json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return true;
    }
    slot(std::move(value));
    return true;
  }

  // Puts `value` in the open container; a repeated key keeps its place and takes the new value.
  Json* slot(Json value) {
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
      members[found->second].second = std::move(value);
      return &members[found->second].second;
    }
    members.emplace_back(frame.key, std::move(value));
    return &members.back().second;
  }

  bool open(Json empty) {
    if (frames_.size() >= kMaxJsonDepth) {
      failure_ = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
      return false;
    }
    Json* value = nullptr;
    if (frames_.empty()) {
      root_ = std::move(empty);
      value = &root_;
    } else {
      value = slot(std::move(empty));
    }
    frames_.push_back(Frame{value, {}, {}});
    return true;
  }

  bool close() {
    WFSIM_ASSERT(!frames_.empty());
    frames_.pop_back();
    return true;
  }

  Json root_;
  std::vector<Frame> frames_;
  std::string failure_;
};

// RFC 6901 reference token: "~1" is '/', "~0" is '~'. nullopt for a stray '~'.
std::optional<std::string> unescape_token(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      out += token[i];
      continue;
    }
    if (i + 1 >= token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) return std::nullopt;
    out += token[i + 1] == '1' ? '/' : '~';
    ++i;
  }
  return out;
}

// The node `pointer` selects in `document`, or nullptr ("" selects the whole document).
Json* resolve_pointer(Json& document, std::string_view pointer) {
  if (pointer.empty()) return &document;
  if (pointer.front() != '/') return nullptr;
  Json* node = &document;
  size_t start = 1;
  while (true) {
    const size_t end = std::min(pointer.find('/', start), pointer.size());
    const auto token = unescape_token(pointer.substr(start, end - start));
    if (!token) return nullptr;
    if (node->is_object()) {
      const auto found = node->find(*token);
      if (found == node->end()) return nullptr;
      node = &*found;
    } else if (node->is_array()) {
      const bool digits = !token->empty() && token->size() <= 18 &&
                          token->find_first_not_of("0123456789") == std::string::npos &&
                          (token->size() == 1 || token->front() != '0');
      if (!digits || std::stoull(*token) >= node->size()) return nullptr;
      node = &(*node)[std::stoull(*token)];
    } else {
      return nullptr;
    }
    if (end >= pointer.size()) return node;
    start = end + 1;
  }
}

}  // namespace

std::variant<Json, std::string> parse_json_bounded(std::string_view text) {
  BoundedBuilder builder;
  const bool parsed = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
  if (!parsed) return builder.failure().empty() ? std::string("not valid JSON") : builder.failure();
  WFSIM_ASSERT(json_depth(builder.root(), kMaxJsonDepth) <= kMaxJsonDepth);
  return std::move(builder.root());
}

void read_json_text(std::string_view text, const std::string& uri, const ReadRequest& request,
                    ItemCollector& items) {
  auto parsed = parse_json_bounded(text);
  if (auto* what = std::get_if<std::string>(&parsed)) {
    items.fail(cause::malformed("JSON", uri, *what));
    return;
  }
  Json& document = std::get<Json>(parsed);
  Json* node = &document;  // Into `document`, which is ours: its items are moved out.
  // ItemsPointer is newer than the 2023 recording of an object file failing (open question 1):
  // a pointer at an object iterates its members, as the current documentation says.
  bool members = request.json_object_files;
  if (request.items_pointer && !request.items_pointer->empty()) {
    node = resolve_pointer(document, *request.items_pointer);
    if (node == nullptr) {
      items.fail(std::string(cause::kItemsPointerMissing));
      return;
    }
    members = true;
  }
  if (node->is_array()) {
    for (Json& item : *node) {
      if (items.full() || !items.add(std::move(item), uri)) return;
    }
    return;
  }
  if (!node->is_object() || !members) {
    items.fail(std::string(cause::kNonIterable));
    return;
  }
  for (auto& [key, item] : node->get_ref<Json::object_t&>()) {
    if (items.full()) return;
    items.add_key(key);
    if (!items.add(std::move(item), uri)) return;
  }
}

void read_jsonl_text(std::string_view text, const std::string& uri, ItemCollector& items) {
  size_t start = 0;
  size_t line = 0;
  while (start < text.size() && !items.full()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view content = text.substr(start, end - start);
    ++line;
    start = end + 1;
    // A blank line (spaces, a lone CR) holds no value: skipped, as a trailing newline is.
    if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto parsed = parse_json_bounded(content);
    if (auto* what = std::get_if<std::string>(&parsed)) {
      items.fail(cause::malformed("JSON Lines", uri, "line " + std::to_string(line) + ": " + *what));
      return;
    }
    if (!items.add(std::move(std::get<Json>(parsed)), uri)) return;
  }
}

}  // namespace wfsim::s3
