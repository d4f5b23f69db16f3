// Parsing intrinsic function calls: "States.Format('Hello, {}', $.name)" into an IntrinsicCall
// tree. Arguments are single-quoted strings (escapes \' \{ \} \\), numbers, true/false/null,
// paths ("$...", "$$..." and workflow variables "$name..."; the caller supplies the variables
// when it evaluates) and nested calls, nested at most kMaxIntrinsicDepth deep.
//
// Syntax and argument-count errors become Problems here; argument types and values are checked
// when the call runs (intrinsic_eval.cpp), because most arguments are paths into data.
#include <limits>

#include "asl/intrinsic.h"

namespace wfsim::asl::detail {
namespace {

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }
bool is_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '.';
}

class IntrinsicParser {
 public:
  IntrinsicParser(std::string_view text, const std::string& pointer, Problems& problems)
      : text_(text), pointer_(pointer), problems_(problems) {}

  std::shared_ptr<const IntrinsicCall> run();
  bool uses_context = false;
  bool uses_random = false;

 private:
  bool fail(const std::string& what) {
    problems_.push_back({pointer_, "invalid intrinsic function call '" + std::string(text_) +
                                       "': " + what + " at offset " + std::to_string(pos_)});
    return false;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_spaces() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }

  std::shared_ptr<IntrinsicCall> parse_call(size_t depth);
  bool parse_arguments(IntrinsicCall& call, size_t depth);
  bool parse_argument(IntrinsicArg& arg, size_t depth);
  bool parse_string(IntrinsicArg& arg);
  bool parse_path(IntrinsicArg& arg);
  bool parse_number(IntrinsicArg& arg);
  bool parse_keyword(IntrinsicArg& arg);
  bool check_format(IntrinsicCall& call);

  std::string_view text_;
  const std::string& pointer_;
  Problems& problems_;
  size_t pos_ = 0;
};

std::shared_ptr<const IntrinsicCall> IntrinsicParser::run() {
  auto call = parse_call(1);
  if (!call) return nullptr;
  skip_spaces();
  if (!at_end()) {
    fail("unexpected text after the call");
    return nullptr;
  }
  return call;
}

std::shared_ptr<IntrinsicCall> IntrinsicParser::parse_call(size_t depth) {
  if (depth > kMaxIntrinsicDepth) {
    fail("intrinsic functions nest more than " + std::to_string(kMaxIntrinsicDepth) + " deep");
    return nullptr;
  }
  const size_t begin = pos_;
  while (!at_end() && is_name_char(text_[pos_])) ++pos_;
  const std::string_view name = text_.substr(begin, pos_ - begin);
  auto call = std::make_shared<IntrinsicCall>();
  call->function = find_intrinsic(name);
  if (call->function == nullptr) {
    pos_ = begin;
    fail("unknown intrinsic function '" + std::string(name) + "'");
    return nullptr;
  }
  uses_random = uses_random || call->function->uses_random;
  skip_spaces();
  if (peek() != '(') {
    fail("expected '('");
    return nullptr;
  }
  ++pos_;
  if (!parse_arguments(*call, depth)) return nullptr;
  const IntrinsicFunction& function = *call->function;
  const size_t count = call->args.size();
  if (count < function.min_args || count > function.max_args) {
    std::string expected = std::to_string(function.min_args);
    if (function.max_args == std::numeric_limits<size_t>::max()) {
      expected = "at least " + expected;
    } else if (function.max_args != function.min_args) {
      expected += " to " + std::to_string(function.max_args);
    }
    fail(std::string(function.name) + " takes " + expected + " argument(s), not " +
         std::to_string(count));
    return nullptr;
  }
  if (function.apply == &intrinsic_format && !check_format(*call)) return nullptr;
  return call;
}

bool IntrinsicParser::parse_arguments(IntrinsicCall& call, size_t depth) {
  skip_spaces();
  if (peek() == ')') {
    ++pos_;
    return true;
  }
  while (true) {
    call.args.emplace_back();
    if (!parse_argument(call.args.back(), depth)) return false;
    skip_spaces();
    if (peek() == ')') {
      ++pos_;
      return true;
    }
    if (peek() != ',') return fail("expected ',' or ')'");
    ++pos_;
  }
}

bool IntrinsicParser::parse_argument(IntrinsicArg& arg, size_t depth) {
  skip_spaces();
  const char ch = peek();
  if (ch == '\'') return parse_string(arg);
  if (ch == '$') return parse_path(arg);
  if (ch == '-' || (ch >= '0' && ch <= '9')) return parse_number(arg);
  if (text_.substr(pos_, 7) == "States.") {
    arg.kind = IntrinsicArg::Kind::call;
    arg.call = parse_call(depth + 1);
    return arg.call != nullptr;
  }
  if (ch >= 'a' && ch <= 'z') return parse_keyword(arg);
  return fail("expected an argument");
}

bool IntrinsicParser::parse_string(IntrinsicArg& arg) {
  ++pos_;  // Opening quote.
  std::string decoded;
  const size_t begin = pos_;
  while (!at_end() && text_[pos_] != '\'') {
    if (text_[pos_] == '\\') {
      ++pos_;
      const char escaped = peek();
      if (escaped != '\'' && escaped != '\\' && escaped != '{' && escaped != '}') {
        return fail("invalid escape in a string (only \\' \\{ \\} \\\\ are allowed)");
      }
    }
    decoded += text_[pos_++];
  }
  if (at_end()) return fail("unterminated string");
  arg.kind = IntrinsicArg::Kind::literal;
  arg.raw.assign(text_.substr(begin, pos_ - begin));
  arg.literal = std::move(decoded);
  ++pos_;  // Closing quote.
  return true;
}

// A path runs to the next ',' or ')' or space outside brackets and quotes, so that "[1,2]" and
// "[?(@.a > 1)]" stay inside it.
bool IntrinsicParser::parse_path(IntrinsicArg& arg) {
  const size_t begin = pos_;
  size_t brackets = 0;
  char quote = '\0';
  for (; !at_end(); ++pos_) {
    const char ch = text_[pos_];
    if (quote != '\0') {
      if (ch == '\\') {
        ++pos_;
      } else if (ch == quote) {
        quote = '\0';
      }
    } else if (brackets > 0 && (ch == '\'' || ch == '"')) {
      quote = ch;
    } else if (ch == '[') {
      ++brackets;
    } else if (ch == ']' && brackets > 0) {
      --brackets;
    } else if (brackets == 0 && (ch == ',' || ch == ')' || is_space(ch))) {
      break;
    }
  }
  if (pos_ > text_.size()) pos_ = text_.size();
  auto parsed = JsonPath::parse(text_.substr(begin, pos_ - begin));
  if (auto* message = std::get_if<std::string>(&parsed)) {
    pos_ = begin;
    return fail(*message);
  }
  arg.kind = IntrinsicArg::Kind::path;
  arg.path = std::move(std::get<JsonPath>(parsed));
  uses_context = uses_context || arg.path->is_context();
  return true;
}

bool IntrinsicParser::parse_number(IntrinsicArg& arg) {
  const size_t begin = pos_;
  while (!at_end() && std::string_view("0123456789+-.eE").find(peek()) != std::string_view::npos) {
    ++pos_;
  }
  arg.kind = IntrinsicArg::Kind::literal;
  arg.literal = Json::parse(text_.substr(begin, pos_ - begin), nullptr, false);
  if (!arg.literal.is_number()) {
    pos_ = begin;
    return fail("invalid number");
  }
  return true;
}

bool IntrinsicParser::parse_keyword(IntrinsicArg& arg) {
  const size_t begin = pos_;
  while (!at_end() && text_[pos_] >= 'a' && text_[pos_] <= 'z') ++pos_;
  const std::string_view word = text_.substr(begin, pos_ - begin);
  arg.kind = IntrinsicArg::Kind::literal;
  if (word == "true") {
    arg.literal = true;
  } else if (word == "false") {
    arg.literal = false;
  } else if (word == "null") {
    arg.literal = nullptr;
  } else {
    pos_ = begin;
    return fail("expected an argument");
  }
  return true;
}

// A literal template is split once here, and its placeholders must match the values given.
bool IntrinsicParser::check_format(IntrinsicCall& call) {
  const IntrinsicArg& format = call.args.front();
  if (format.kind != IntrinsicArg::Kind::literal) return true;
  if (!format.literal.is_string()) {
    return fail("the first argument of States.Format must be a string");
  }
  auto pieces = split_format(format.raw, true);
  const size_t placeholders = pieces.size() - 1;
  if (placeholders != call.args.size() - 1) {
    return fail("States.Format has " + std::to_string(placeholders) + " placeholder(s) but " +
                std::to_string(call.args.size() - 1) + " value(s)");
  }
  call.format_pieces = std::move(pieces);
  return true;
}

}  // namespace

std::shared_ptr<const IntrinsicCall> compile_intrinsic(std::string_view text,
                                                       const std::string& pointer,
                                                       Problems& problems, bool& uses_context,
                                                       bool& uses_random) {
  IntrinsicParser parser(text, pointer, problems);
  auto call = parser.run();
  if (call) {
    uses_context = uses_context || parser.uses_context;
    uses_random = uses_random || parser.uses_random;
  }
  return call;
}

std::vector<std::string> split_format(std::string_view text, bool escapes) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (escapes && ch == '\\' && i + 1 < text.size()) {
      pieces.back() += text[++i];
    } else if (ch == '{' && i + 1 < text.size() && text[i + 1] == '}') {
      pieces.emplace_back();
      ++i;
    } else {
      pieces.back() += ch;
    }
  }
  return pieces;
}

}  // namespace wfsim::asl::detail
