// The JSON and JSON Lines readers of ItemReader (DMAP-2.7, 2.8, ReaderConfig.ItemsPointer) and the
// bounded parse they share: record/json_reader.h parses, refusing nesting deeper than
// kMaxJsonDepth while parsing; a repeated key keeps its first place and takes its last value (as
// Jackson-based readers do). It does not fetch objects (item_reader.cpp does).
#include "core/assert.h"
#include "record/json_reader.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

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
  auto parsed =
      parse_json_document(text, kMaxJsonDepth, DuplicateKeys::keep_first_place_last_value);
  if (auto* failure = std::get_if<JsonReadFailure>(&parsed)) return std::move(failure->message);
  Json& document = std::get<Json>(parsed);
  WFSIM_ASSERT(json_depth(document, kMaxJsonDepth) <= kMaxJsonDepth);
  return std::move(document);
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
