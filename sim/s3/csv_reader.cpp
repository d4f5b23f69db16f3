// The CSV (delimited text) reader of ItemReader (DMAP-2.9, DG-CSV): the record cursor, the header
// row (FIRST_ROW) or given headers, the items as objects of strings, and write_csv, its inverse.
// It does not know where the text came from (item_reader.cpp and manifest_reader.cpp fetch it).
#include <unordered_set>

#include "core/assert.h"
#include "s3/formats.h"

namespace wfsim::s3 {
namespace {

// Whether `c` ends a run of ordinary characters.
bool special(char c, char delimiter, bool quoted) {
  if (quoted) return c == '"' || c == '\\' || c == '\n';
  return c == delimiter || c == '"' || c == '\\' || c == '\n' || c == '\r';
}

}  // namespace

CsvCursor::Step CsvCursor::next(std::vector<std::string>& fields) {
  fields.clear();
  // An empty line is no record (a trailing newline leaves one at the end).
  while (position_ < text_.size()) {
    if (text_[position_] == '\n') {
      ++position_;
      ++line_;
    } else if (text_.substr(position_, 2) == "\r\n") {
      position_ += 2;
      ++line_;
    } else {
      break;
    }
  }
  if (position_ >= text_.size()) return Step::end;
  std::string field;
  bool quoted = false;
  size_t quote_line = 0;
  size_t field_start = position_;
  while (position_ < text_.size()) {
    size_t run = position_;
    while (run < text_.size() && !special(text_[run], delimiter_, quoted)) ++run;
    field.append(text_.data() + position_, run - position_);
    position_ = run;
    if (position_ >= text_.size()) break;
    const char c = text_[position_];
    const char after = position_ + 1 < text_.size() ? text_[position_ + 1] : '\0';
    if (c == '\\') {
      // Escapes a backslash, a quote or the delimiter; before anything else it is dropped.
      const bool escapes = position_ + 1 < text_.size() &&
                           (after == '\\' || after == '"' || after == delimiter_);
      if (escapes) field += after;
      position_ += escapes ? 2 : 1;
    } else if (c == '"') {
      // "" is one quote, inside quotes and in the middle of an unquoted field alike (DG-CSV's
      // {""MyKey"":""MyValue""} reads as {"MyKey":"MyValue"}); at a field's start it opens.
      if (after == '"' && (quoted || position_ != field_start)) {
        field += '"';
        position_ += 2;
      } else {
        quoted = !quoted;
        quote_line = line_;
        ++position_;
      }
    } else if (quoted) {  // A newline inside quotes is part of the value.
      field += c;
      ++position_;
      ++line_;
    } else if (c == delimiter_) {
      fields.push_back(std::move(field));
      field.clear();
      ++position_;
      field_start = position_;
    } else if (c == '\n' || (c == '\r' && after == '\n')) {
      position_ += c == '\n' ? 1 : 2;
      ++line_;
      fields.push_back(std::move(field));
      return Step::record;
    } else {  // A lone carriage return is data.
      field += c;
      ++position_;
    }
  }
  if (quoted) {
    failure_ = "the quoted field opened on line " + std::to_string(quote_line) +
               " is never closed";
    return Step::failed;
  }
  fields.push_back(std::move(field));
  return Step::record;
}

std::string write_csv(const std::vector<std::vector<std::string>>& rows, char delimiter) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += delimiter;
      out += '"';
      for (const char c : row[i]) {
        if (c == '"' || c == '\\') out += c;  // "" and \\ each read back as one.
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

void read_csv_text(std::string_view text, const std::string& uri, char delimiter,
                   const std::vector<std::string>* headers, ItemCollector& items) {
  CsvCursor cursor(text, delimiter);
  std::vector<std::string> fields;
  std::vector<std::string> header_row;
  if (headers == nullptr) {
    const CsvCursor::Step step = cursor.next(fields);
    if (step == CsvCursor::Step::failed) {
      items.fail(cause::malformed("CSV", uri, cursor.failure()));
      return;
    }
    if (step == CsvCursor::Step::end) return;  // An empty file: no header, no items.
    size_t header_bytes = fields.size() - 1;
    for (const std::string& name : fields) header_bytes += name.size();
    if (header_bytes > kMaxCsvHeaderBytes) {
      items.fail(cause::header_too_large(uri));
      return;
    }
    header_row = std::move(fields);
    headers = &header_row;
  }
  std::unordered_set<std::string_view> seen;  // Membership only; never iterated.
  for (const std::string& name : *headers) {
    if (!seen.insert(name).second) {
      items.fail(std::string(cause::kDuplicateHeaders));
      return;
    }
  }
  while (!items.full()) {
    const CsvCursor::Step step = cursor.next(fields);
    if (step == CsvCursor::Step::end) return;
    if (step == CsvCursor::Step::failed) {
      items.fail(cause::malformed("CSV", uri, cursor.failure()));
      return;
    }
    // Short rows are padded with "", long rows cut to the headers (DMAP-2.9).
    Json item(Json::value_t::object);
    auto& members = static_cast<Json::object_t::Container&>(item.get_ref<Json::object_t&>());
    members.reserve(headers->size());
    for (size_t i = 0; i < headers->size(); ++i) {
      members.emplace_back((*headers)[i], i < fields.size() ? Json(std::move(fields[i])) : Json(""));
    }
    if (!items.add(std::move(item), uri)) return;
  }
}

}  // namespace wfsim::s3
