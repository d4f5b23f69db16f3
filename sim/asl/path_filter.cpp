// Parsing JSONPath filters "[?( ... )]" into a detail::Filter expression tree, with Jayway's
// grammar as Step Functions allows it:
//
//   filter   = "[?(" or ")]"
//   or       = and { "||" and }
//   and      = unary { "&&" unary }
//   unary    = "!" "(" or ")" | "!" path | "(" or ")" | relation
//   relation = operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "nin") operand ]
//   operand  = "@" steps | "$" steps | "$name" steps | 'text' | "text" | number | true | false
//              | null | "[" literal { "," literal } "]"
//   steps    = { ".name" | "['name']" | "[index]" }   (definite: a filter compares values)
//
// A relation without an operator tests that its path exists; "!path" that it does not. "=~"
// (regular expressions) and Jayway's other word operators (subsetof, anyof, size, empty, ...)
// are rejected with a message (docs/asl-support.md says why). Nesting and the number of terms
// are bounded, so the recursion here is too.
#include "asl/path_parse.h"

namespace wfsim::asl::detail {
namespace {

using Node = FilterNode;

bool ends_operand_name(char ch) {
  return is_path_space(ch) || std::string_view(".[]()=!<>&|,").find(ch) != std::string_view::npos;
}

bool is_word_char(char ch) { return continues_variable_name(ch); }

class FilterParser {
 public:
  explicit FilterParser(PathCursor& cursor) : cursor_(cursor) {}

  std::shared_ptr<const Filter> run();

 private:
  std::optional<uint32_t> parse_or(size_t depth);
  std::optional<uint32_t> parse_and(size_t depth);
  std::optional<uint32_t> parse_unary(size_t depth);
  std::optional<uint32_t> parse_relation();
  std::optional<uint32_t> combine(Node::Kind kind, std::vector<uint32_t> children);
  bool parse_operator(Node::Op& op);
  bool parse_operand(FilterOperand& out);
  bool parse_steps(std::vector<RelativeStep>& steps);
  bool parse_literal(Json& out);
  bool parse_number(Json& out);
  bool parse_list(Json& out);
  bool expect(char ch, std::string_view what);
  uint32_t add(Node node) {
    filter_->nodes.push_back(std::move(node));
    return static_cast<uint32_t>(filter_->nodes.size() - 1);
  }

  PathCursor& cursor_;
  std::shared_ptr<Filter> filter_ = std::make_shared<Filter>();
  size_t terms_ = 0;
};

bool FilterParser::expect(char ch, std::string_view what) {
  cursor_.skip_spaces();
  if (cursor_.peek() == ch) {
    cursor_.advance();
    return true;
  }
  return cursor_.fail_here(std::string("Expected '") + ch + "' " + std::string(what));
}

std::shared_ptr<const Filter> FilterParser::run() {
  cursor_.advance();  // '?'
  if (!expect('(', "after '[?' (a filter is written [?(...)])")) return nullptr;
  const auto root = parse_or(1);
  if (!root) return nullptr;
  if (!expect(')', "to close the filter") || !expect(']', "after the filter's ')'")) {
    return nullptr;
  }
  filter_->root = *root;
  return filter_;
}

std::optional<uint32_t> FilterParser::combine(Node::Kind kind, std::vector<uint32_t> children) {
  if (children.size() == 1) return children[0];
  Node node;
  node.kind = kind;
  node.children = std::move(children);
  return add(std::move(node));
}

std::optional<uint32_t> FilterParser::parse_or(size_t depth) {
  std::vector<uint32_t> children;
  while (true) {
    const auto child = parse_and(depth);
    if (!child) return std::nullopt;
    children.push_back(*child);
    cursor_.skip_spaces();
    if (!cursor_.next_is("||")) break;
    cursor_.advance(2);
  }
  return combine(Node::Kind::any_of, std::move(children));
}

std::optional<uint32_t> FilterParser::parse_and(size_t depth) {
  std::vector<uint32_t> children;
  while (true) {
    const auto child = parse_unary(depth);
    if (!child) return std::nullopt;
    children.push_back(*child);
    cursor_.skip_spaces();
    if (!cursor_.next_is("&&")) break;
    cursor_.advance(2);
  }
  return combine(Node::Kind::all_of, std::move(children));
}

std::optional<uint32_t> FilterParser::parse_unary(size_t depth) {
  if (depth > kMaxFilterNesting) {
    cursor_.fail_here("Filter nests parentheses and '!' more than " +
                      std::to_string(kMaxFilterNesting) + " deep");
    return std::nullopt;
  }
  cursor_.skip_spaces();
  if (cursor_.peek() == '!' && cursor_.peek(1) != '=') {
    cursor_.advance();
    cursor_.skip_spaces();
    Node node;
    if (cursor_.peek() == '(' || cursor_.peek() == '!') {
      const auto inner = parse_unary(depth + 1);
      if (!inner) return std::nullopt;
      node.kind = Node::Kind::negate;
      node.children = {*inner};
      return add(std::move(node));
    }
    // "!@.x": the path must be absent (Jayway's negated existence check).
    const auto relation = parse_relation();
    if (!relation) return std::nullopt;
    Node& tested = filter_->nodes[*relation];
    if (tested.kind != Node::Kind::exists) {
      cursor_.fail_here("'!' applies to a path or a parenthesized expression, not to a "
                        "comparison; write !(...)");
      return std::nullopt;
    }
    node.kind = Node::Kind::negate;
    node.children = {*relation};
    return add(std::move(node));
  }
  if (cursor_.peek() == '(') {
    cursor_.advance();
    const auto inner = parse_or(depth + 1);
    if (!inner || !expect(')', "to close a parenthesized expression")) return std::nullopt;
    return inner;
  }
  return parse_relation();
}

std::optional<uint32_t> FilterParser::parse_relation() {
  if (++terms_ > kMaxFilterTerms) {
    cursor_.fail_here("Too many terms in a filter (at most " + std::to_string(kMaxFilterTerms) +
                      ")");
    return std::nullopt;
  }
  Node node;
  const size_t begin = cursor_.pos();
  if (!parse_operand(node.left)) return std::nullopt;
  cursor_.skip_spaces();
  const char ch = cursor_.peek();
  if (ch == ')' || ch == ']' || ch == '&' || ch == '|' || cursor_.at_end()) {
    if (node.left.kind == FilterOperand::Kind::literal) {
      cursor_.set_pos(begin);
      cursor_.fail_here("Expected a path or a comparison, not a lone literal");
      return std::nullopt;
    }
    node.kind = Node::Kind::exists;
    return add(std::move(node));
  }
  node.kind = Node::Kind::compare;
  if (!parse_operator(node.op) || !parse_operand(node.right)) return std::nullopt;
  return add(std::move(node));
}

bool FilterParser::parse_operator(Node::Op& op) {
  cursor_.skip_spaces();
  static constexpr std::pair<std::string_view, Node::Op> kOps[] = {
      {"==", Node::Op::eq}, {"!=", Node::Op::ne}, {"<=", Node::Op::le}, {">=", Node::Op::ge},
      {"<", Node::Op::lt},  {">", Node::Op::gt}};
  if (cursor_.next_is("=~")) {
    return cursor_.fail_here("Filter operator '=~' is not supported: Step Functions does not "
                             "filter by regular expression");
  }
  if (cursor_.next_is("===") || cursor_.next_is("!==")) {
    return cursor_.fail_here("Filter operator '" + std::string(cursor_.text().substr(
                                                       cursor_.pos(), 3)) +
                             "' is not supported");
  }
  for (const auto& [text, value] : kOps) {
    if (cursor_.next_is(text)) {
      cursor_.advance(text.size());
      op = value;
      return true;
    }
  }
  const size_t begin = cursor_.pos();
  while (!cursor_.at_end() && is_word_char(cursor_.peek())) cursor_.advance();
  const std::string_view word = cursor_.text().substr(begin, cursor_.pos() - begin);
  if (word == "in" || word == "nin") {
    op = word == "in" ? Node::Op::in : Node::Op::nin;
    return true;
  }
  cursor_.set_pos(begin);
  if (word.empty()) return cursor_.fail_here("Expected a filter operator");
  return cursor_.fail_here("Filter operator '" + std::string(word) + "' is not supported");
}

bool FilterParser::parse_operand(FilterOperand& out) {
  cursor_.skip_spaces();
  const char ch = cursor_.peek();
  if (ch == '@') {
    cursor_.advance();
    out.kind = FilterOperand::Kind::current;
    return parse_steps(out.steps);
  }
  if (ch == '$') {
    cursor_.advance();
    if (cursor_.peek() == '$') {
      return cursor_.fail_here("The context object ('$$') cannot be read inside a filter");
    }
    out.kind = FilterOperand::Kind::root;
    if (starts_variable_name(cursor_.peek())) {
      out.kind = FilterOperand::Kind::variable;
      if (!cursor_.variable_name(out.variable)) return false;
    }
    return parse_steps(out.steps);
  }
  out.kind = FilterOperand::Kind::literal;
  return parse_literal(out.literal);
}

// ".name", "['name']", "[3]" after "@", "$" or "$name"; nothing indefinite.
bool FilterParser::parse_steps(std::vector<RelativeStep>& steps) {
  while (cursor_.peek() == '.' || cursor_.peek() == '[') {
    RelativeStep step;
    if (cursor_.peek() == '.') {
      cursor_.advance();
      if (cursor_.peek() == '.' || cursor_.peek() == '*' || cursor_.peek() == '[') {
        return cursor_.fail_here("A filter operand must be a definite path (names and "
                                 "indexes only)");
      }
      const size_t begin = cursor_.pos();
      while (!cursor_.at_end() && !ends_operand_name(cursor_.peek())) cursor_.advance();
      if (cursor_.peek() == '(') {
        return cursor_.fail_here("Path functions such as 'length()' are not supported");
      }
      if (cursor_.pos() == begin) return cursor_.fail_here("Expected a property name");
      step.name.assign(cursor_.text().substr(begin, cursor_.pos() - begin));
    } else {
      cursor_.advance();
      cursor_.skip_spaces();
      if (cursor_.peek() == '\'' || cursor_.peek() == '"') {
        if (!cursor_.quoted_name(step.name)) return false;
      } else if (cursor_.peek() == '-' || is_digit(cursor_.peek())) {
        step.is_index = true;
        if (!cursor_.integer(step.index)) return false;
      } else {
        return cursor_.fail_here("A filter operand must be a definite path (names and "
                                 "indexes only)");
      }
      if (!expect(']', "to close the operand's bracket")) return false;
    }
    steps.push_back(std::move(step));
  }
  return true;
}

bool FilterParser::parse_literal(Json& out) {
  const char ch = cursor_.peek();
  if (ch == '\'' || ch == '"') {
    std::string text;
    if (!cursor_.string_literal(text)) return false;
    out = std::move(text);
    return true;
  }
  if (ch == '[') return parse_list(out);
  for (const auto& [word, value] :
       {std::pair<std::string_view, Json>{"true", true}, {"false", false}, {"null", nullptr}}) {
    if (cursor_.next_is(word) && !is_word_char(cursor_.peek(word.size()))) {
      cursor_.advance(word.size());
      out = value;
      return true;
    }
  }
  if (ch == '-' || is_digit(ch)) return parse_number(out);
  if (ch == '/') {
    return cursor_.fail_here("Regular expression literals are not supported in filters");
  }
  return cursor_.fail_here("Expected a value (a path from '@' or '$', a quoted string, a "
                           "number, true, false, null or a list)");
}

bool FilterParser::parse_number(Json& out) {
  const size_t begin = cursor_.pos();
  while (!cursor_.at_end() && std::string_view("0123456789-+.eE").find(cursor_.peek()) !=
                                  std::string_view::npos) {
    cursor_.advance();
  }
  out = Json::parse(cursor_.text().substr(begin, cursor_.pos() - begin), nullptr, false);
  if (!out.is_number()) {
    cursor_.set_pos(begin);
    return cursor_.fail_here("Invalid number");
  }
  return true;
}

// "['a', 2, null]": the right-hand side of in / nin.
bool FilterParser::parse_list(Json& out) {
  cursor_.advance();  // '['
  out = Json::array();
  cursor_.skip_spaces();
  if (cursor_.peek() == ']') {
    cursor_.advance();
    return true;
  }
  while (true) {
    cursor_.skip_spaces();
    if (out.size() >= kMaxFilterListItems) {
      return cursor_.fail_here("A filter list has more than " +
                               std::to_string(kMaxFilterListItems) + " items");
    }
    if (cursor_.peek() == '[' || cursor_.peek() == '{') {
      return cursor_.fail_here("A filter list holds strings, numbers, booleans and null only");
    }
    Json item;
    if (!parse_literal(item)) return false;
    out.push_back(std::move(item));
    cursor_.skip_spaces();
    if (cursor_.peek() == ']') {
      cursor_.advance();
      return true;
    }
    if (!expect(',', "or ']' in a filter list")) return false;
  }
}

}  // namespace

std::shared_ptr<const Filter> parse_filter(PathCursor& cursor) {
  return FilterParser(cursor).run();
}

}  // namespace wfsim::asl::detail
