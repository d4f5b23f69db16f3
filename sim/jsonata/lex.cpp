// The JSONata tokenizer (see lex.h).
#include "jsonata/lex.h"

#include <algorithm>
#include <cmath>

#include "jsonata/number_text.h"
#include "jsonata/parse_internal.h"

namespace wfsim::jsonata::detail {

constexpr std::string_view kOperatorChars = ".[]{}(),@#;:?+-*/%|=<>^!~&";
constexpr std::string_view kSpace = " \t\n\r\v";

bool is_operator_char(char c) { return kOperatorChars.find(c) != std::string_view::npos; }
bool is_space(char c) { return kSpace.find(c) != std::string_view::npos; }

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::optional<Token> Lexer::next(bool infix) {
  for (;;) {
    while (position_ < text_.size() && is_space(text_[position_])) ++position_;
    if (position_ >= text_.size()) return std::nullopt;
    if (text_[position_] == '/' && at(position_ + 1) == '*') {
      const size_t start = position_;
      const size_t end = text_.find("*/", position_ + 2);
      if (end == std::string_view::npos) syntax_error("S0106", start);
      position_ = end + 2;
      continue;
    }
    break;
  }
  const char c = text_[position_];
  if (!infix && c == '/') {
    ++position_;
    return scan_regex();
  }
  static constexpr std::string_view kDouble[] = {"..", ":=", "!=", ">=", "<=", "**", "~>"};
  for (std::string_view op : kDouble) {
    if (c == op[0] && at(position_ + 1) == op[1]) {
      position_ += 2;
      return make(TokenType::op, std::string(op));
    }
  }
  if (is_operator_char(c)) {
    ++position_;
    return make(TokenType::op, std::string(1, c));
  }
  if (c == '"' || c == '\'') return scan_string(c);
  if (auto number = scan_number()) return number;
  if (c == '`') {
    const size_t end = text_.find('`', position_ + 1);
    if (end == std::string_view::npos) {
      position_ = text_.size();
      syntax_error("S0105", position_);
    }
    std::string name(text_.substr(position_ + 1, end - position_ - 1));
    position_ = end + 1;
    return make(TokenType::name, std::move(name));
  }
  size_t i = position_;
  while (i < text_.size() && !is_space(text_[i]) && !is_operator_char(text_[i])) ++i;
  if (c == '$') {
    std::string name(text_.substr(position_ + 1, i - position_ - 1));
    position_ = i;
    return make(TokenType::variable, std::move(name));
  }
  std::string name(text_.substr(position_, i - position_));
  position_ = i;
  if (name == "or" || name == "in" || name == "and") return make(TokenType::op, std::move(name));
  if (name == "true" || name == "false" || name == "null") {
    Token token = make(TokenType::value, name);
    token.literal = name == "null" ? Json(nullptr) : Json(name == "true");
    return token;
  }
  return make(TokenType::name, std::move(name));
}

Token Lexer::make(TokenType type, std::string value) {
  Token token;
  token.type = type;
  token.value = std::move(value);
  token.position = position_;
  return token;
}

Token Lexer::scan_regex() {
  const size_t start = position_;
  int depth = 0;
  while (position_ < text_.size()) {
    const char c = text_[position_];
    if (c == '/' && depth == 0) {
      size_t backslashes = 0;
      while (position_ >= backslashes + 1 && text_[position_ - backslashes - 1] == '\\')
        ++backslashes;
      if (backslashes % 2 == 0) {
        std::string pattern(text_.substr(start, position_ - start));
        if (pattern.empty()) syntax_error("S0301", position_);
        ++position_;
        const size_t flag_start = position_;
        while (position_ < text_.size() && (text_[position_] == 'i' || text_[position_] == 'm'))
          ++position_;
        Token token = make(TokenType::regex, std::move(pattern));
        token.flags = std::string(text_.substr(flag_start, position_ - flag_start));
        return token;
      }
    }
    const char before = position_ > 0 ? text_[position_ - 1] : '\0';
    if ((c == '(' || c == '[' || c == '{') && before != '\\') ++depth;
    if ((c == ')' || c == ']' || c == '}') && before != '\\') --depth;
    ++position_;
  }
  syntax_error("S0302", position_);
}

int Lexer::hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Lexer::hex4(size_t from) const {
  // Up to four hex digits: jsonata-js accepts fewer when the text ends first.
  if (from >= text_.size()) return -1;
  const size_t count = std::min<size_t>(4, text_.size() - from);
  int value = 0;
  for (size_t k = 0; k < count; ++k) {
    const int digit = hex_value(text_[from + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

Token Lexer::scan_string(char quote) {
  ++position_;
  std::string text;
  while (position_ < text_.size()) {
    char c = text_[position_];
    if (c == '\\') {
      ++position_;
      c = at(position_);
      switch (c) {
        case '"': text += '"'; break;
        case '\\': text += '\\'; break;
        case '/': text += '/'; break;
        case 'b': text += '\b'; break;
        case 'f': text += '\f'; break;
        case 'n': text += '\n'; break;
        case 'r': text += '\r'; break;
        case 't': text += '\t'; break;
        case 'u': {
          const int unit = hex4(position_ + 1);
          if (unit < 0) syntax_error("S0104", position_);
          position_ += 4;
          uint32_t code_point = static_cast<uint32_t>(unit);
          if (unit >= 0xD800 && unit <= 0xDBFF && at(position_ + 1) == '\\' &&
              at(position_ + 2) == 'u') {
            const int low = hex4(position_ + 3);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              position_ += 6;
            }
          }
          if (code_point >= 0xD800 && code_point <= 0xDFFF) code_point = 0xFFFD;
          append_utf8(text, code_point);
          break;
        }
        default:
          syntax_error_token("S0103", position_,
                             position_ < text_.size() ? std::string(1, c) : std::string());
      }
    } else if (c == quote) {
      ++position_;
      Token token = make(TokenType::string, text);
      token.literal = Json(std::move(text));
      return token;
    } else {
      text += c;
    }
    ++position_;
  }
  syntax_error("S0101", position_);
}

std::optional<Token> Lexer::scan_number() {
  size_t i = position_;
  auto digit = [&](size_t k) { return k < text_.size() && text_[k] >= '0' && text_[k] <= '9'; };
  if (at(i) == '-') ++i;
  if (at(i) == '0') {
    ++i;
  } else if (digit(i) && at(i) != '0') {
    while (digit(i)) ++i;
  } else {
    return std::nullopt;
  }
  if (at(i) == '.' && digit(i + 1)) {
    ++i;
    while (digit(i)) ++i;
  }
  if (at(i) == 'e' || at(i) == 'E') {
    size_t k = i + 1;
    if (at(k) == '+' || at(k) == '-') ++k;
    if (digit(k)) {
      while (digit(k)) ++k;
      i = k;
    }
  }
  const std::string_view digits = text_.substr(position_, i - position_);
  const double number = parse_js_double(digits);
  if (!std::isfinite(number)) syntax_error_token("S0102", position_, std::string(digits));
  position_ = i;
  Token token = make(TokenType::number, std::string(digits));
  token.literal = Json(number);
  return token;
}

}  // namespace wfsim::jsonata::detail
