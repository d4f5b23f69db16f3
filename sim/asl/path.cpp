// JSONPath parsing: text to JsonPath::Step vectors (see path.h for the syntax). A single forward
// scan with no recursion; every construct is bounded (path length, filters, terms, descents).
//
// Evaluation lives in path_eval.cpp; this file only turns text into steps or an error message.
#include <charconv>
#include <string>

#include "asl/path.h"
#include "asl/path_step.h"

namespace wfsim::asl {
namespace {

using Step = JsonPath::Step;
using detail::FilterTerm;
using detail::RelativeStep;

Step make_step(Step::Kind kind) {
  Step step;
  step.kind = kind;
  return step;
}

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }
bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
// Characters that end or cannot appear in a dot-notation name.
bool ends_dot_name(char ch) { return ch == '.' || ch == '['; }
bool invalid_in_dot_name(char ch) {
  return is_space(ch) || ch == ']' || ch == '(' || ch == ')';
}

class PathParser {
 public:
  // `text` follows the leading "$" or "$$", which are `base` characters long.
  PathParser(std::string_view text, size_t base) : text_(text), base_(base) {}

  // Steps after the leading "$" / "$$"; false with error() set on failure.
  bool run(std::vector<Step>& steps);
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string what) {
    error_ = std::move(what) + " at offset " + std::to_string(base_ + pos_);
    return false;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_spaces() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }
  bool expect(char ch) {
    skip_spaces();
    if (peek() != ch) return fail(std::string("expected '") + ch + "'");
    ++pos_;
    return true;
  }

  bool parse_dot(std::vector<Step>& steps);
  bool parse_dot_name(std::string& name);
  bool parse_bracket(std::vector<Step>& steps);
  bool parse_quoted(std::string& out);
  bool parse_integer(int64_t& out);
  bool parse_numbers(std::vector<Step>& steps);
  bool parse_filter(std::vector<Step>& steps);
  bool parse_term(FilterTerm& term);
  bool parse_operand(std::vector<RelativeStep>& operand);
  bool parse_operand_name(std::string& name);
  bool parse_literal(Json& out);

  std::string_view text_;
  size_t base_;
  size_t pos_ = 0;
  size_t filters_ = 0;
  size_t descents_ = 0;
  std::string error_;
};

bool PathParser::run(std::vector<Step>& steps) {
  while (!at_end()) {
    const char ch = text_[pos_];
    if (ch == '.') {
      if (!parse_dot(steps)) return false;
    } else if (ch == '[') {
      if (!parse_bracket(steps)) return false;
    } else {
      return fail(std::string("expected '.' or '[' but found '") + ch + "'");
    }
  }
  return true;
}

bool PathParser::parse_dot(std::vector<Step>& steps) {
  ++pos_;  // '.'
  if (peek() == '.') {
    ++pos_;
    if (++descents_ > detail::kMaxDescentsPerPath) return fail("too many '..'");
    steps.push_back(make_step(Step::Kind::descendants));
    if (peek() == '[') return parse_bracket(steps);
  }
  if (peek() == '*') {
    ++pos_;
    if (!at_end() && !ends_dot_name(peek())) return fail("expected '.' or '[' after '*'");
    steps.push_back(make_step(Step::Kind::wildcard));
    return true;
  }
  Step step = make_step(Step::Kind::name);
  if (!parse_dot_name(step.name)) return false;
  steps.push_back(std::move(step));
  return true;
}

bool PathParser::parse_dot_name(std::string& name) {
  const size_t begin = pos_;
  while (!at_end() && !ends_dot_name(text_[pos_])) {
    if (invalid_in_dot_name(text_[pos_])) {
      return fail(std::string("unexpected '") + text_[pos_] + "' in a name");
    }
    ++pos_;
  }
  if (pos_ == begin) return fail("expected a name");
  name.assign(text_.substr(begin, pos_ - begin));
  return true;
}

bool PathParser::parse_bracket(std::vector<Step>& steps) {
  ++pos_;  // '['
  skip_spaces();
  const char ch = peek();
  if (ch == '*') {
    ++pos_;
    if (!expect(']')) return false;
    steps.push_back(make_step(Step::Kind::wildcard));
    return true;
  }
  if (ch == '\'' || ch == '"') {
    std::vector<std::string> names(1);
    if (!parse_quoted(names.back())) return false;
    skip_spaces();
    while (peek() == ',') {
      ++pos_;
      skip_spaces();
      names.emplace_back();
      if (!parse_quoted(names.back())) return false;
      skip_spaces();
    }
    if (!expect(']')) return false;
    if (names.size() == 1) {
      steps.push_back(make_step(Step::Kind::name));
      steps.back().name = std::move(names[0]);
    } else {
      steps.push_back(make_step(Step::Kind::names));
      steps.back().names = std::move(names);
    }
    return true;
  }
  if (ch == '?') return parse_filter(steps);
  if (ch == '-' || ch == ':' || is_digit(ch)) return parse_numbers(steps);
  return fail("expected an index, a quoted name, '*', a slice or a filter");
}

bool PathParser::parse_quoted(std::string& out) {
  const char quote = peek();
  if (quote != '\'' && quote != '"') return fail("expected a quoted name");
  ++pos_;
  while (!at_end() && text_[pos_] != quote) {
    if (text_[pos_] == '\\') {
      ++pos_;
      if (at_end()) break;
    }
    out += text_[pos_++];
  }
  if (at_end()) return fail("unterminated quoted name");
  ++pos_;  // Closing quote.
  return true;
}

bool PathParser::parse_integer(int64_t& out) {
  const size_t begin = pos_;
  if (peek() == '-') ++pos_;
  while (!at_end() && is_digit(text_[pos_])) ++pos_;
  const char* first = text_.data() + begin;
  const auto [end, code] = std::from_chars(first, text_.data() + pos_, out);
  if (code == std::errc::result_out_of_range) {
    pos_ = begin;
    return fail("index out of range");
  }
  if (code != std::errc() || end != text_.data() + pos_) {
    pos_ = begin;
    return fail("expected an integer");
  }
  return true;
}

// "[3]", "[-1]", "[1,2]", "[a:b]", "[a:b:c]" with any bound left out.
bool PathParser::parse_numbers(std::vector<Step>& steps) {
  Step step = make_step(Step::Kind::index);
  const bool has_first = peek() != ':';
  if (has_first) {
    if (!parse_integer(step.index)) return false;
    skip_spaces();
  }
  if (peek() == ':') {
    step.kind = Step::Kind::slice;
    if (has_first) step.start = step.index;
    ++pos_;
    skip_spaces();
    int64_t value = 0;
    if (peek() == '-' || is_digit(peek())) {
      if (!parse_integer(value)) return false;
      step.end = value;
      skip_spaces();
    }
    if (peek() == ':') {
      ++pos_;
      skip_spaces();
      if (peek() == '-' || is_digit(peek())) {
        if (!parse_integer(step.step)) return false;
        if (step.step == 0) return fail("slice step must not be 0");
        skip_spaces();
      }
    }
    step.index = 0;
  } else if (peek() == ',') {
    step.kind = Step::Kind::indexes;
    step.indexes.push_back(step.index);
    while (peek() == ',') {
      ++pos_;
      skip_spaces();
      int64_t value = 0;
      if (!parse_integer(value)) return false;
      step.indexes.push_back(value);
      skip_spaces();
    }
  }
  if (!expect(']')) return false;
  steps.push_back(std::move(step));
  return true;
}

bool PathParser::parse_filter(std::vector<Step>& steps) {
  ++pos_;  // '?'
  if (++filters_ > detail::kMaxFiltersPerPath) return fail("too many filters");
  if (!expect('(')) return false;
  auto filter = std::make_shared<detail::Filter>();
  filter->any_of.emplace_back();
  size_t terms = 0;
  while (true) {
    if (++terms > detail::kMaxFilterTerms) return fail("too many terms in a filter");
    filter->any_of.back().emplace_back();
    if (!parse_term(filter->any_of.back().back())) return false;
    skip_spaces();
    if (text_.substr(pos_, 2) == "&&") {
      pos_ += 2;
    } else if (text_.substr(pos_, 2) == "||") {
      pos_ += 2;
      filter->any_of.emplace_back();
    } else {
      break;
    }
  }
  if (!expect(')') || !expect(']')) return false;
  steps.push_back(make_step(Step::Kind::filter));
  steps.back().filter = std::move(filter);
  return true;
}

bool PathParser::parse_term(FilterTerm& term) {
  skip_spaces();
  if (peek() != '@') return fail("expected '@'");
  ++pos_;
  if (!parse_operand(term.operand)) return false;
  skip_spaces();
  static constexpr std::pair<std::string_view, FilterTerm::Op> kOps[] = {
      {"==", FilterTerm::Op::eq}, {"!=", FilterTerm::Op::ne}, {"<=", FilterTerm::Op::le},
      {">=", FilterTerm::Op::ge}, {"<", FilterTerm::Op::lt},  {">", FilterTerm::Op::gt}};
  for (const auto& [text, op] : kOps) {
    if (text_.substr(pos_, text.size()) == text) {
      pos_ += text.size();
      term.op = op;
      skip_spaces();
      return parse_literal(term.literal);
    }
  }
  term.op = FilterTerm::Op::exists;
  return true;
}

bool PathParser::parse_operand(std::vector<RelativeStep>& operand) {
  while (peek() == '.' || peek() == '[') {
    RelativeStep step;
    if (peek() == '.') {
      ++pos_;
      if (!parse_operand_name(step.name)) return false;
    } else {
      ++pos_;
      skip_spaces();
      if (peek() == '\'' || peek() == '"') {
        if (!parse_quoted(step.name)) return false;
      } else {
        step.is_index = true;
        if (!parse_integer(step.index)) return false;
      }
      if (!expect(']')) return false;
    }
    operand.push_back(std::move(step));
  }
  return true;
}

// A dot-notation name inside a filter also ends at spaces, operators and ')'.
bool PathParser::parse_operand_name(std::string& name) {
  const size_t begin = pos_;
  while (!at_end()) {
    const char ch = text_[pos_];
    if (ends_dot_name(ch) || is_space(ch) || std::string_view("=!<>&|()]").find(ch) !=
                                                  std::string_view::npos) {
      break;
    }
    ++pos_;
  }
  if (pos_ == begin) return fail("expected a name");
  name.assign(text_.substr(begin, pos_ - begin));
  return true;
}

bool PathParser::parse_literal(Json& out) {
  const char ch = peek();
  if (ch == '\'' || ch == '"') {
    std::string text;
    if (!parse_quoted(text)) return false;
    out = std::move(text);
    return true;
  }
  for (const auto& [word, value] :
       {std::pair<std::string_view, Json>{"true", true}, {"false", false}, {"null", nullptr}}) {
    if (text_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      out = value;
      return true;
    }
  }
  const size_t begin = pos_;
  while (!at_end() && (is_digit(peek()) || peek() == '-' || peek() == '+' || peek() == '.' ||
                       peek() == 'e' || peek() == 'E')) {
    ++pos_;
  }
  if (pos_ == begin) return fail("expected a literal");
  out = Json::parse(text_.substr(begin, pos_ - begin), nullptr, false);
  if (!out.is_number()) {
    pos_ = begin;
    return fail("invalid number");
  }
  return true;
}

}  // namespace

std::variant<JsonPath, std::string> JsonPath::parse(std::string_view text) {
  if (text.size() > detail::kMaxPathLength) {
    return std::string("path is longer than ") + std::to_string(detail::kMaxPathLength) +
           " characters";
  }
  if (text.empty() || text[0] != '$') return std::string("a path must start with '$'");
  JsonPath path;
  path.text_ = std::string(text);
  path.context_ = text.size() > 1 && text[1] == '$';
  const size_t base = path.context_ ? 2 : 1;
  PathParser parser(text.substr(base), base);
  auto steps = std::make_shared<std::vector<Step>>();
  if (!parser.run(*steps)) return parser.error();
  path.steps_ = std::move(steps);
  return path;
}

}  // namespace wfsim::asl
