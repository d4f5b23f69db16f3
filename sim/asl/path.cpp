// JSONPath parsing: text to JsonPath::Step vectors (see path.h for the syntax). A single forward
// scan with no recursion; every construct is bounded (path length, filters, terms, descents).
// Messages follow Jayway JsonPath's wording where Jayway has one, with 0-based positions.
//
// Filters are parsed in path_filter.cpp and evaluated, like every step, in path_eval.cpp; this
// file only turns text into steps or an error message.
#include <charconv>
#include <string>

#include "asl/path.h"
#include "asl/path_parse.h"
#include "asl/path_step.h"

namespace wfsim::asl {
namespace detail {

bool PathCursor::fail(std::string reason) {
  if (error_.empty()) error_ = std::move(reason);
  return false;
}

bool PathCursor::fail_here(std::string_view reason) {
  return fail(std::string(reason) + " at position " + std::to_string(pos_));
}

bool PathCursor::quoted(std::string& out, bool keep_backslashes) {
  const char quote = peek();
  const size_t begin = pos_;
  advance();
  while (!at_end() && text_[pos_] != quote) {
    if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
      if (keep_backslashes) out += '\\';
      ++pos_;
    }
    out += text_[pos_++];
  }
  if (at_end()) {
    pos_ = begin;
    return fail_here(std::string("Property has not been closed - missing closing ") + quote);
  }
  advance();  // The closing quote.
  return true;
}

bool PathCursor::quoted_name(std::string& out) { return quoted(out, true); }
bool PathCursor::string_literal(std::string& out) { return quoted(out, false); }

bool PathCursor::integer(int64_t& out) {
  const size_t begin = pos_;
  if (peek() == '-') advance();
  while (!at_end() && is_digit(text_[pos_])) advance();
  const char* first = text_.data() + begin;
  const auto [end, code] = std::from_chars(first, text_.data() + pos_, out);
  if (code == std::errc::result_out_of_range) {
    pos_ = begin;
    return fail_here("Index out of range");
  }
  if (code != std::errc() || end != text_.data() + pos_) {
    pos_ = begin;
    return fail_here("Expected an integer");
  }
  return true;
}

bool PathCursor::variable_name(std::string& out) {
  const size_t begin = pos_;
  if (!starts_variable_name(peek())) return fail_here("Expected a variable name");
  while (!at_end() && continues_variable_name(text_[pos_])) advance();
  out.assign(text_.substr(begin, pos_ - begin));
  if (out == "states") {
    pos_ = begin;
    return fail_here("'$states' is reserved (it exists only in JSONata states)");
  }
  return true;
}

}  // namespace detail

namespace {

using Step = JsonPath::Step;
using detail::PathCursor;

Step make_step(Step::Kind kind) {
  Step step;
  step.kind = kind;
  return step;
}

class PathParser {
 public:
  explicit PathParser(PathCursor& cursor) : cursor_(cursor) {}

  // Steps from the cursor to the end of the text.
  bool run(std::vector<Step>& steps);

 private:
  bool parse_dot(std::vector<Step>& steps);
  bool parse_dot_name(std::vector<Step>& steps);
  bool parse_bracket(std::vector<Step>& steps);
  bool parse_names(std::vector<Step>& steps);
  bool parse_numbers(std::vector<Step>& steps);
  bool parse_slice(Step& step);
  bool close_bracket();

  PathCursor& cursor_;
  size_t filters_ = 0;
  size_t descents_ = 0;
};

bool PathParser::run(std::vector<Step>& steps) {
  while (!cursor_.at_end()) {
    const char ch = cursor_.peek();
    if (ch == '.') {
      if (!parse_dot(steps)) return false;
    } else if (ch == '[') {
      if (!parse_bracket(steps)) return false;
    } else {
      return cursor_.fail("Illegal character at position " + std::to_string(cursor_.pos()) +
                          " expected '.' or '['");
    }
  }
  return true;
}

bool PathParser::parse_dot(std::vector<Step>& steps) {
  cursor_.advance();  // '.'
  if (cursor_.peek() == '.') {
    cursor_.advance();
    if (++descents_ > detail::kMaxDescentsPerPath) return cursor_.fail("Too many '..' in a path");
    steps.push_back(make_step(Step::Kind::descendants));
  }
  if (cursor_.at_end()) return cursor_.fail("Path must not end with a '.' or '..'");
  const char ch = cursor_.peek();
  if (ch == '.') {
    return cursor_.fail("Character '.' on position " + std::to_string(cursor_.pos()) +
                        " is not valid.");
  }
  if (ch == '[') return parse_bracket(steps);  // Jayway reads "$.[0]" as "$[0]".
  if (ch == '*') {
    cursor_.advance();
    const char after = cursor_.peek();
    if (!cursor_.at_end() && after != '.' && after != '[') {
      return cursor_.fail_here("Expected '.' or '[' after the wildcard '*'");
    }
    steps.push_back(make_step(Step::Kind::wildcard));
    return true;
  }
  return parse_dot_name(steps);
}

// Jayway reads a dot-notation name up to the next '.' or '['; a blank ends nothing and is an
// error, and '(' would make it a function call, which Step Functions does not support.
bool PathParser::parse_dot_name(std::vector<Step>& steps) {
  const size_t begin = cursor_.pos();
  while (!cursor_.at_end() && cursor_.peek() != '.' && cursor_.peek() != '[') {
    const char ch = cursor_.peek();
    if (detail::is_path_space(ch)) {
      return cursor_.fail("Use bracket notation ['my prop'] if your property contains blank "
                          "characters. position: " + std::to_string(cursor_.pos()));
    }
    if (ch == '(') {
      return cursor_.fail_here("Path functions such as 'length()' are not supported");
    }
    cursor_.advance();
  }
  Step step = make_step(Step::Kind::name);
  step.name.assign(cursor_.text().substr(begin, cursor_.pos() - begin));
  steps.push_back(std::move(step));
  return true;
}

bool PathParser::parse_bracket(std::vector<Step>& steps) {
  const size_t open = cursor_.pos();
  cursor_.advance();  // '['
  cursor_.skip_spaces();
  const char ch = cursor_.peek();
  if (ch == '*') {
    cursor_.advance();
    cursor_.skip_spaces();
    if (cursor_.peek() != ']') {
      return cursor_.fail("Expected wildcard token to end with ']' on position " +
                          std::to_string(cursor_.pos()));
    }
    cursor_.advance();
    steps.push_back(make_step(Step::Kind::wildcard));
    return true;
  }
  if (ch == '\'' || ch == '"') return parse_names(steps);
  if (ch == '?') {
    if (++filters_ > detail::kMaxFiltersPerPath) return cursor_.fail("Too many filters in a path");
    auto filter = detail::parse_filter(cursor_);
    if (!filter) return false;
    steps.push_back(make_step(Step::Kind::filter));
    steps.back().filter = std::move(filter);
    return true;
  }
  if (ch == '-' || ch == ':' || detail::is_digit(ch)) return parse_numbers(steps);
  return cursor_.fail("Could not parse token starting at position " + std::to_string(open) +
                      ". Expected ?, ', 0-9, *");
}

bool PathParser::close_bracket() {
  cursor_.skip_spaces();
  if (cursor_.peek() == ']') {
    cursor_.advance();
    return true;
  }
  if (cursor_.at_end()) return cursor_.fail("Property has not been closed - missing closing ]");
  return cursor_.fail_here(std::string("Expected ']' but found '") + cursor_.peek() + "'");
}

// "['a']", "['a', "b"]": one name, or several (a union; Jayway merges them when last).
bool PathParser::parse_names(std::vector<Step>& steps) {
  std::vector<std::string> names(1);
  if (!cursor_.quoted_name(names.back())) return false;
  cursor_.skip_spaces();
  while (cursor_.peek() == ',') {
    cursor_.advance();
    cursor_.skip_spaces();
    if (cursor_.peek() != '\'' && cursor_.peek() != '"') {
      return cursor_.fail(cursor_.peek() == ',' || cursor_.peek() == ']'
                              ? "Found empty property at index " + std::to_string(cursor_.pos())
                              : "Expected a quoted property at index " +
                                    std::to_string(cursor_.pos()));
    }
    names.emplace_back();
    if (!cursor_.quoted_name(names.back())) return false;
    cursor_.skip_spaces();
  }
  if (!cursor_.at_end() && cursor_.peek() != ']') {
    return cursor_.fail("Property must be separated by comma or Property must be terminated "
                        "close square bracket at index " + std::to_string(cursor_.pos()));
  }
  if (!close_bracket()) return false;
  if (names.size() == 1) {
    steps.push_back(make_step(Step::Kind::name));
    steps.back().name = std::move(names[0]);
  } else {
    steps.push_back(make_step(Step::Kind::names));
    steps.back().names = std::move(names);
  }
  return true;
}

// "[3]", "[-1]", "[1,2]", "[a:b]", "[a:b:c]" with any bound left out.
bool PathParser::parse_numbers(std::vector<Step>& steps) {
  Step step = make_step(Step::Kind::index);
  if (cursor_.peek() == ':') {
    step.kind = Step::Kind::slice;
    if (!parse_slice(step)) return false;
  } else {
    if (!cursor_.integer(step.index)) return false;
    cursor_.skip_spaces();
    if (cursor_.peek() == ':') {
      step.kind = Step::Kind::slice;
      step.start = step.index;
      step.index = 0;
      if (!parse_slice(step)) return false;
    } else if (cursor_.peek() == ',') {
      step.kind = Step::Kind::indexes;
      step.indexes.push_back(step.index);
      while (cursor_.peek() == ',') {
        cursor_.advance();
        cursor_.skip_spaces();
        int64_t value = 0;
        if (!cursor_.integer(value)) return false;
        step.indexes.push_back(value);
        cursor_.skip_spaces();
      }
    }
  }
  if (!close_bracket()) return false;
  steps.push_back(std::move(step));
  return true;
}

// After the start bound (if any), on the first ':'.
bool PathParser::parse_slice(Step& step) {
  cursor_.advance();  // ':'
  cursor_.skip_spaces();
  int64_t value = 0;
  if (cursor_.peek() == '-' || detail::is_digit(cursor_.peek())) {
    if (!cursor_.integer(value)) return false;
    step.end = value;
    cursor_.skip_spaces();
  }
  if (cursor_.peek() == ':') {
    cursor_.advance();
    cursor_.skip_spaces();
    if (cursor_.peek() == '-' || detail::is_digit(cursor_.peek())) {
      if (!cursor_.integer(step.step)) return false;
      if (step.step == 0) return cursor_.fail_here("Slice step must not be 0");
      cursor_.skip_spaces();
    }
  }
  return true;
}

// The root: "$", "$$" or "$name". Leaves the cursor on the first step.
bool parse_root(PathCursor& cursor, bool& context, std::string& variable) {
  if (cursor.peek() != '$') return cursor.fail("Path must start with '$'");
  cursor.advance();
  if (cursor.peek() == '$') {
    context = true;
    cursor.advance();
  } else if (detail::starts_variable_name(cursor.peek())) {
    if (!cursor.variable_name(variable)) return false;
  }
  const char ch = cursor.peek();
  if (!cursor.at_end() && ch != '.' && ch != '[') {
    return cursor.fail("Illegal character at position " + std::to_string(cursor.pos()) +
                       " expected '.' or '['");
  }
  return true;
}

}  // namespace

std::variant<JsonPath, std::string> JsonPath::parse(std::string_view text) {
  if (text.size() > detail::kMaxPathLength) {
    return std::string("Invalid path: a path is longer than ") +
           std::to_string(detail::kMaxPathLength) + " characters";
  }
  JsonPath path;
  PathCursor cursor(text);
  auto steps = std::make_shared<std::vector<Step>>();
  if (!parse_root(cursor, path.context_, path.variable_) || !PathParser(cursor).run(*steps)) {
    return "Invalid path '" + std::string(text) + "': " + cursor.error();
  }
  path.text_ = std::string(text);
  path.steps_ = std::move(steps);
  return path;
}

}  // namespace wfsim::asl
