// The JSONata tokenizer (jsonata-js 2.0.6's rules): operators, names, $variables, string and
// number literals, backtick names, regex literals, comments. Positions are the offset just past
// each token. Internal to sim/jsonata; the parser (parse.cpp) is its only user.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <cstdint>

#include "record/json.h"

namespace wfsim::jsonata::detail {

enum class TokenType : uint8_t { end, name, variable, op, string, number, value, regex };

struct Token {
  TokenType type = TokenType::end;
  std::string value;  // operator text, name, variable name, string contents, regex pattern
  Json literal;
  std::string flags;  // regex
  size_t position = 0;
};

bool is_operator_char(char c);
bool is_space(char c);
void append_utf8(std::string& out, uint32_t code_point);

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::optional<Token> next(bool infix);

 private:
  char at(size_t index) const { return index < text_.size() ? text_[index] : '\0'; }
  Token make(TokenType type, std::string value);

  Token scan_regex();

  static int hex_value(char c);

  // Up to four hex digits at `from` (fewer at the end of the text), or -1.
  int hex4(size_t from) const;

  Token scan_string(char quote);

  std::optional<Token> scan_number();

  std::string_view text_;
  size_t position_ = 0;
};

}  // namespace wfsim::jsonata::detail
