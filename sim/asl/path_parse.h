// Internal: the cursor the JSONPath parser (path.cpp) and the filter parser (path_filter.cpp)
// share, with the token readers both need: quoted names, integers, variable names.
//
// Not a public header. Errors are Jayway-style reasons ("... at position 7"); JsonPath::parse
// prefixes them with the whole path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "asl/path_step.h"

namespace wfsim::asl::detail {

inline bool is_path_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}
inline bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
// Workflow variable names: [A-Za-z_][A-Za-z0-9_]* (VAR-5.3; docs/asl-support.md).
inline bool starts_variable_name(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}
inline bool continues_variable_name(char ch) { return starts_variable_name(ch) || is_digit(ch); }

class PathCursor {
 public:
  explicit PathCursor(std::string_view text) : text_(text) {}

  std::string_view text() const { return text_; }
  size_t pos() const { return pos_; }
  void set_pos(size_t pos) { pos_ = pos; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool next_is(std::string_view word) const { return text_.substr(pos_, word.size()) == word; }
  void advance(size_t count = 1) { pos_ += count; }
  void skip_spaces() {
    while (!at_end() && is_path_space(text_[pos_])) ++pos_;
  }

  // Records the first failure; always false, so callers can `return cursor.fail(...)`.
  bool fail(std::string reason);
  // fail(reason + " at position <pos>").
  bool fail_here(std::string_view reason);
  const std::string& error() const { return error_; }

  // A name between quotes (the cursor is on the opening ' or "). A backslash keeps the next
  // character from ending the name and stays in it: AWS does not unescape bracket names.
  bool quoted_name(std::string& out);
  // A string literal of a filter: like quoted_name, but "\x" stands for "x".
  bool string_literal(std::string& out);
  // A decimal integer, optionally negative.
  bool integer(int64_t& out);
  // A workflow variable name (the cursor is after the '$').
  bool variable_name(std::string& out);

 private:
  bool quoted(std::string& out, bool keep_backslashes);

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

// Parses a filter; the cursor is on the '?' of "[?(". On success the cursor is after the
// closing ']'; on failure the result is null and the cursor holds the reason.
std::shared_ptr<const Filter> parse_filter(PathCursor& cursor);

}  // namespace wfsim::asl::detail
