// Pratt parser for JSONata 2.0.6 (binding powers and error codes as jsonata-js has them) over the
// tokens of lex.cpp, producing the raw tree that parse_post.cpp turns into paths and steps.
// Positions are the offset just past each token, as jsonata-js reports them.
//
// Not here: path/step post-processing and evaluation. Recursion is bounded by kMaxNesting
// (S0800), checked on the height of every node built, so no input reaches a deep C++ stack.
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include "jsonata/number_text.h"
#include "jsonata/lex.h"
#include "jsonata/parse_internal.h"
#include "jsonata/regex.h"
#include "jsonata/value_ops.h"

namespace wfsim::jsonata::detail {

void syntax_error(std::string code, size_t position) {
  SyntaxError error;
  error.code = std::move(code);
  error.position = position;
  throw error;
}
void syntax_error_token(std::string code, size_t position, std::string token) {
  SyntaxError error;
  error.code = std::move(code);
  error.position = position;
  error.token = json_quote(token);
  error.has_token = true;
  throw error;
}
void syntax_error_value(std::string code, size_t position, std::string value_json) {
  SyntaxError error;
  error.code = std::move(code);
  error.position = position;
  error.value_json = std::move(value_json);
  throw error;
}

namespace {

int binding_power(const Token& token) {
  if (token.type != TokenType::op) return 0;
  static const std::pair<std::string_view, int> kPowers[] = {
      {".", 75}, {"[", 80}, {"{", 70}, {"(", 80}, {"@", 80}, {"#", 80}, {"?", 20},
      {"+", 50}, {"-", 50}, {"*", 60}, {"/", 60}, {"%", 60}, {"=", 40}, {"<", 40},
      {">", 40}, {"^", 40}, {":=", 10}, {"!=", 40}, {"<=", 40}, {">=", 40}, {"~>", 40},
      {"and", 30}, {"or", 25}, {"in", 40}, {"&", 50}};
  for (const auto& [op, power] : kPowers)
    if (token.value == op) return power;
  return 0;
}

bool known_operator(std::string_view op) {
  static constexpr std::string_view kKnown[] = {
      ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%",
      "|", "=", "<", ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "and", "or", "in", "&"};
  for (std::string_view known : kKnown)
    if (op == known) return true;
  return false;
}

class Parser {
 public:
  Parser(Program& program, std::string_view text) : program_(program), lexer_(text), length_(text.size()) {}

  Node* parse() {
    advance();
    Node* tree = expression(0);
    if (node_.type != TokenType::end) {
      SyntaxError error;
      error.code = "S0201";
      error.position = node_.position;
      error.token = token_json(node_);
      error.has_token = true;
      throw error;
    }
    return tree;
  }

 private:
  bool is(std::string_view id) const { return node_.type == TokenType::op && node_.value == id; }
  bool at_end() const { return node_.type == TokenType::end; }

  void advance(std::string_view id = {}, bool infix = false) {
    if (!id.empty() && !is(id)) {
      if (at_end()) {
        SyntaxError error;
        error.code = "S0203";
        error.position = node_.position;
        error.value_json = json_quote(id);
        throw error;
      }
      SyntaxError error;
      error.code = "S0202";
      error.position = node_.position;
      error.token = token_json(node_);
      error.has_token = true;
      error.value_json = json_quote(id);
      throw error;
    }
    auto next = lexer_.next(infix);
    if (!next) {
      node_ = Token{};
      node_.type = TokenType::end;
      node_.position = length_;
      return;
    }
    if (next->type == TokenType::op && !known_operator(next->value))
      syntax_error_token("S0204", next->position, next->value);
    node_ = std::move(*next);
  }

  static std::string token_json(const Token& token) {
    if (token.type == TokenType::number) return js_number_text(token.literal.get<double>());
    if (token.type == TokenType::value) return token.literal.dump();
    return json_quote(token.value);
  }
  static std::string token_text(const Token& token) {
    if (token.type == TokenType::number || token.type == TokenType::value) return token.literal.dump();
    return token.value;
  }

  Node* finish(Node* node) {
    size_t depth = 0;
    auto take = [&](const Node* child) { if (child && child->depth > depth) depth = child->depth; };
    take(node->lhs); take(node->rhs); take(node->expression); take(node->then);
    take(node->otherwise); take(node->body);
    for (const Node* child : node->expressions) take(child);
    for (const auto& [key, value] : node->pairs) { take(key); take(value); }
    for (const SortTerm& term : node->terms) take(term.expression);
    node->depth = depth + 1;
    if (node->depth > kMaxNesting) syntax_error("S0800", node->position);
    return node;
  }

  Node* expression(int rbp) {
    if (++nesting_ > static_cast<int>(kMaxNesting)) syntax_error("S0800", node_.position);
    Token token = std::move(node_);
    advance({}, true);
    Node* left = finish(nud(std::move(token)));
    while (rbp < binding_power(node_)) {
      Token op = std::move(node_);
      advance();
      left = finish(led(std::move(op), left));
    }
    --nesting_;
    return left;
  }

  Node* make_from(const Token& token, NodeType type) {
    Node* node = program_.make(type, token.position);
    node->value = token.value;
    return node;
  }

  Node* nud(Token token);
  Node* led(Token token, Node* left);
  Node* parse_call(Token token, Node* left);
  Node* parse_object(Token token, Node* left);
  void parse_signature_into(Node* lambda);

  Program& program_;
  Lexer lexer_;
  size_t length_;
  Token node_;
  int nesting_ = 0;
};

Node* Parser::nud(Token token) {
  switch (token.type) {
    case TokenType::end: {
      Node* node = make_from(token, NodeType::operator_token);
      node->value = "(end)";
      return node;
    }
    case TokenType::name: return make_from(token, NodeType::name);
    case TokenType::variable: {
      Node* node = make_from(token, NodeType::variable);
      node->variable = program_.intern(token.value);
      return node;
    }
    case TokenType::string:
    case TokenType::number:
    case TokenType::value: {
      Node* node = make_from(token, NodeType::literal);
      node->literal = std::move(token.literal);
      return node;
    }
    case TokenType::regex: {
      Node* node = make_from(token, NodeType::regex);
      node->regex = compile_regex(program_, token.value, token.flags, token.position);
      return node;
    }
    case TokenType::op: break;
  }
  const std::string& op = token.value;
  if (op == "and" || op == "or" || op == "in") return make_from(token, NodeType::operator_token);
  if (op == "-") {
    Node* node = make_from(token, NodeType::negate);
    node->expression = expression(70);
    return node;
  }
  if (op == "*") return make_from(token, NodeType::wildcard);
  if (op == "**") return make_from(token, NodeType::descendant);
  if (op == "%") return make_from(token, NodeType::parent);
  if (op == "(") {
    Node* node = make_from(token, NodeType::block);
    while (!is(")")) {
      node->expressions.push_back(expression(0));
      if (!is(";")) break;
      advance(";");
    }
    advance(")", true);
    return node;
  }
  if (op == "[") {
    Node* node = make_from(token, NodeType::array);
    if (!is("]")) {
      for (;;) {
        Node* item = expression(0);
        if (is("..")) {
          Node* range = program_.make(NodeType::binary_raw, node_.position);
          range->value = "..";
          range->lhs = item;
          advance("..");
          range->rhs = expression(0);
          item = finish(range);
        }
        node->expressions.push_back(item);
        if (!is(",")) break;
        advance(",");
      }
    }
    advance("]", true);
    return node;
  }
  if (op == "{") return parse_object(std::move(token), nullptr);
  if (op == "|") {
    Node* node = make_from(token, NodeType::transform);
    node->lhs = expression(0);  // pattern
    advance("|");
    node->rhs = expression(0);  // update
    if (is(",")) {
      advance(",");
      node->expression = expression(0);  // delete
    }
    advance("|");
    return node;
  }
  syntax_error_token("S0211", token.position, op);
}

Node* Parser::parse_object(Token token, Node* left) {
  Node* node = make_from(token, left ? NodeType::binary_raw : NodeType::object);
  node->value.assign(1, '{');
  node->lhs = left;
  if (!is("}")) {
    for (;;) {
      Node* key = expression(0);
      advance(":");
      Node* value = expression(0);
      node->pairs.emplace_back(key, value);
      if (!is(",")) break;
      advance(",");
    }
  }
  advance("}", true);
  return node;
}

void Parser::parse_signature_into(Node* lambda) {
  const size_t signature_position = node_.position;
  int depth = 1;
  std::string text = "<";
  while (depth > 0 && !is("{") && !at_end()) {
    advance();
    if (is(">")) --depth;
    else if (is("<")) ++depth;
    text += token_text(node_);
  }
  advance(">");
  SignatureError error;
  auto signature = parse_signature(text, error);
  if (!signature) {
    syntax_error_value(error.code, signature_position + error.offset, json_quote(error.value));
  }
  lambda->signature = std::make_shared<const Signature>(std::move(*signature));
}

Node* Parser::parse_call(Token token, Node* left) {
  Node* node = make_from(token, NodeType::call);
  node->lhs = left;  // procedure
  if (!is(")")) {
    for (;;) {
      if (is("?")) {
        node->type = NodeType::partial;
        node->expressions.push_back(make_from(node_, NodeType::placeholder));
        advance("?");
      } else {
        node->expressions.push_back(expression(0));
      }
      if (!is(",")) break;
      advance(",");
    }
  }
  advance(")", true);
  if (left->type == NodeType::name && (left->value == "function" || left->value == "\u03BB")) {
    for (size_t index = 0; index < node->expressions.size(); ++index) {
      const Node* argument = node->expressions[index];
      if (argument->type != NodeType::variable) {
        syntax_error_value("S0208", argument->position, std::to_string(index + 1));
      }
      node->parameters.push_back(argument->variable);
    }
    node->type = NodeType::lambda;
    node->expressions.clear();
    if (is("<")) parse_signature_into(node);
    advance("{");
    node->body = expression(0);
    advance("}");
  }
  return node;
}

Node* Parser::led(Token token, Node* left) {
  const std::string op = token.value;
  if (op == "(") return parse_call(std::move(token), left);
  if (op == "[") {
    if (is("]")) {
      Node* step = left;
      while (step && step->type == NodeType::binary_raw && step->value == "[") step = step->lhs;
      step->keep_array = true;
      advance("]");
      return left;
    }
    Node* node = make_from(token, NodeType::binary_raw);
    node->lhs = left;
    node->rhs = expression(0);
    advance("]", true);
    return node;
  }
  if (op == "^") {
    advance("(");
    Node* node = make_from(token, NodeType::binary_raw);
    for (;;) {
      SortTerm term;
      if (is("<")) {
        advance("<");
      } else if (is(">")) {
        term.descending = true;
        advance(">");
      }
      term.expression = expression(0);
      node->terms.push_back(term);
      if (!is(",")) break;
      advance(",");
    }
    advance(")");
    node->lhs = left;
    return node;
  }
  if (op == "{") return parse_object(std::move(token), left);
  if (op == ":=") {
    if (left->type != NodeType::variable) syntax_error_token("S0212", left->position, left->value);
    Node* node = make_from(token, NodeType::binary_raw);
    node->lhs = left;
    node->rhs = expression(9);
    return node;
  }
  if (op == "@" || op == "#") {
    Node* node = make_from(token, NodeType::binary_raw);
    node->lhs = left;
    node->rhs = expression(80);
    if (node->rhs->type != NodeType::variable) syntax_error_token("S0214", node->rhs->position, op);
    return node;
  }
  if (op == "?") {
    Node* node = make_from(token, NodeType::condition);
    node->expression = left;
    node->then = expression(0);
    if (is(":")) {
      advance(":");
      node->otherwise = expression(0);
    }
    return node;
  }
  Node* node = make_from(token, NodeType::binary_raw);
  node->lhs = left;
  node->rhs = expression(binding_power(token));
  return node;
}

}  // namespace

Node* parse_tree(Program& program, std::string_view text) {
  Parser parser(program, text);
  return parser.parse();
}

}  // namespace wfsim::jsonata::detail
