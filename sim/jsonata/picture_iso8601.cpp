// $toMillis without a picture: jsonata-js's ISO 8601 check (D3110 otherwise), then what V8's
// Date.parse makes of the strings that pass it; plus the public $toMillis entry points.
//
// jsonata-js tests ^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?
// ([+-][0-2]\d:?[0-5]\d|Z)?$ and hands the text to Date.parse. V8 first reads the ECMAScript
// date-time form (day 1..31 in any month, carried over; hour 24 only as 24:00:00; zone hours
// 0..23; "+hhmm" accepted; fractions cut to milliseconds) and, where that stops short, goes on
// with its legacy parser from the token it stopped at: there "2018.5" is May, "0012Z" is
// 2001-12-01 (month-day-year, two-digit years in 2000/1900) and "2018-13:00" is 13:00. Both are
// reproduced here for the tokens the check lets through (digits, "-", "+", ":", ".", "T", "Z"),
// from V8's published parser logic, and checked against node 18. Date-times without a zone are
// local time in V8; here, as on AWS, local time is UTC. Not here: pictures
// (picture_datetime_parse.cpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

bool digit(TextView s, size_t at) { return at < s.size() && s[at] >= u'0' && s[at] <= u'9'; }
bool unit_in(TextView s, size_t at, char16_t low, char16_t high) {
  return at < s.size() && s[at] >= low && s[at] <= high;
}

// (T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$ from `at`.
bool tail_matches(TextView s, size_t at) {
  while (at < s.size() && s[at] == u'T' && unit_in(s, at + 1, u'0', u'2') && digit(s, at + 2) &&
         at + 3 < s.size() && s[at + 3] == u':' && unit_in(s, at + 4, u'0', u'5') &&
         digit(s, at + 5) && at + 6 < s.size() && s[at + 6] == u':' &&
         unit_in(s, at + 7, u'0', u'5') && digit(s, at + 8)) {
    at += 9;
  }
  if (at < s.size() && s[at] == u'.' && digit(s, at + 1)) {
    ++at;
    while (digit(s, at)) ++at;
  }
  if (at < s.size() && s[at] == u'Z') {
    ++at;
  } else if (at < s.size() && (s[at] == u'+' || s[at] == u'-') && unit_in(s, at + 1, u'0', u'2') &&
             digit(s, at + 2)) {
    size_t k = at + 3;
    if (k < s.size() && s[k] == u':') ++k;
    if (unit_in(s, k, u'0', u'5') && digit(s, k + 1)) at = k + 2;
  }
  return at == s.size();
}

bool passes_jsonata_check(TextView s) {
  if (!(digit(s, 0) && digit(s, 1) && digit(s, 2) && digit(s, 3))) return false;
  std::vector<size_t> group_ends = {4};
  size_t at = 4;
  while (at < s.size() && s[at] == u'-' && unit_in(s, at + 1, u'0', u'3') && digit(s, at + 2)) {
    at += 3;
    group_ends.push_back(at);
  }
  // The (-..)* groups give back one at a time when the rest fails, as the regex backtracks.
  for (size_t k = group_ends.size(); k-- > 0;) {
    if (tail_matches(s, group_ends[k])) return true;
  }
  return false;
}

// ---- V8's date parser, for the tokens these strings can hold ----

constexpr int none = std::numeric_limits<int>::max();

struct Token {
  enum class Kind { end, number, symbol, keyword } kind = Kind::end;
  int number = 0;       // numbers: value, capped as V8 reads it
  size_t length = 0;    // numbers: digit count
  char16_t symbol = 0;  // symbols: the character; keywords: 't' or 'z'

  bool is_number() const { return kind == Kind::number; }
  bool is_fixed(size_t digits) const { return kind == Kind::number && length == digits; }
  bool is_symbol(char16_t c) const { return kind == Kind::symbol && symbol == c; }
  bool is_sign() const { return is_symbol(u'+') || is_symbol(u'-'); }
};

class Scanner {
 public:
  explicit Scanner(TextView text) : text_(text) { next_ = scan(); }
  Token next() {
    const Token current = next_;
    next_ = scan();
    return current;
  }
  const Token& peek() const { return next_; }
  bool skip_symbol(char16_t c) {
    if (!next_.is_symbol(c)) return false;
    next();
    return true;
  }

 private:
  Token scan() {
    Token token;
    if (at_ >= text_.size()) return token;
    const char16_t c = text_[at_];
    if (c >= u'0' && c <= u'9') {
      // Leading zeros are skipped and at most nine significant digits kept, as V8 reads.
      token.kind = Token::Kind::number;
      const size_t begin = at_;
      while (at_ < text_.size() && text_[at_] == u'0') ++at_;
      int significant = 0;
      while (at_ < text_.size() && text_[at_] >= u'0' && text_[at_] <= u'9') {
        if (significant++ < 9) token.number = token.number * 10 + (text_[at_] - u'0');
        ++at_;
      }
      token.length = at_ - begin;
      return token;
    }
    ++at_;
    // The JSONata check leaves only these letters, each a one-letter keyword.
    token.kind = c == u'T' || c == u'Z' ? Token::Kind::keyword : Token::Kind::symbol;
    token.symbol = token.kind == Token::Kind::keyword ? static_cast<char16_t>(c + 32) : c;
    return token;
  }

  TextView text_;
  size_t at_ = 0;
  Token next_;
};

bool between(int value, int low, int high) { return value >= low && value <= high; }

struct Day {
  int parts[3] = {0, 0, 0};
  int count = 0;
  bool iso = false;
  bool add(int n) {
    if (count >= 3) return false;
    parts[count++] = n;
    return true;
  }
};

struct Time {
  int parts[4] = {0, 0, 0, 0};
  int count = 0;
  bool add(int n) {
    if (count >= 4) return false;
    parts[count++] = n;
    return true;
  }
  bool add_final(int n) {
    if (!add(n)) return false;
    while (count < 4) parts[count++] = 0;
    return true;
  }
  bool expecting(int n) const {
    return (count == 1 && between(n, 0, 59)) || (count == 2 && between(n, 0, 59)) ||
           (count == 3 && between(n, 0, 999));
  }
};

struct Zone {
  int sign = none, hour = none, minute = none;
  void set(int hours) {
    sign = hours < 0 ? -1 : 1;
    hour = hours * sign;
    minute = 0;
  }
  bool expecting(int n) const { return hour != none && minute == none && between(n, 0, 59); }
  bool utc() const { return hour == 0 && minute == 0; }
};

// V8's ReadMilliseconds: the token's significant digits scaled to three places by its length.
int read_milliseconds(const Token& token) {
  int number = token.number;
  size_t length = token.length;
  if (length == 1) return number * 100;
  if (length == 2) return number * 10;
  length = std::min<size_t>(length, 9);
  for (; length > 3; --length) number /= 10;
  return number;
}

// ECMAScript date-time form; nullopt = invalid (NaN), else the token the legacy parser resumes at.
std::optional<Token> parse_es5(Scanner& scanner, Day& day, Time& time, Zone& zone) {
  day.add(scanner.next().number);  // the JSONata check put four digits first
  if (scanner.skip_symbol(u'-')) {
    if (!scanner.peek().is_fixed(2) || !between(scanner.peek().number, 1, 12))
      return scanner.next();
    day.add(scanner.next().number);
    if (scanner.skip_symbol(u'-')) {
      if (!scanner.peek().is_fixed(2) || !between(scanner.peek().number, 1, 31))
        return scanner.next();
      day.add(scanner.next().number);
    }
  }
  const bool time_separator =
      scanner.peek().kind == Token::Kind::keyword && scanner.peek().symbol == u't';
  if (!time_separator) {
    if (scanner.peek().kind != Token::Kind::end) return scanner.next();
  } else {
    scanner.next();
    if (!scanner.peek().is_fixed(2) || !between(scanner.peek().number, 0, 24)) return std::nullopt;
    const bool hour_is_24 = scanner.peek().number == 24;
    time.add(scanner.next().number);
    for (int field = 0; field < 2; ++field) {
      if (!scanner.skip_symbol(u':')) {
        if (field == 0) return std::nullopt;
        break;
      }
      const Token& next = scanner.peek();
      if (!next.is_fixed(2) || !between(next.number, 0, 59) || (hour_is_24 && next.number > 0)) {
        return std::nullopt;
      }
      time.add(scanner.next().number);
    }
    if (time.count == 3 && scanner.skip_symbol(u'.')) {
      if (!scanner.peek().is_number() || (hour_is_24 && scanner.peek().number > 0))
        return std::nullopt;
      time.add(read_milliseconds(scanner.next()));
    }
    if (scanner.peek().kind == Token::Kind::keyword && scanner.peek().symbol == u'z') {
      scanner.next();
      zone.set(0);
    } else if (scanner.peek().is_sign()) {
      zone.sign = scanner.next().symbol == u'+' ? 1 : -1;
      if (scanner.peek().is_fixed(4)) {
        const int hour_minute = scanner.next().number;
        if (!between(hour_minute / 100, 0, 23) || !between(hour_minute % 100, 0, 59))
          return std::nullopt;
        zone.hour = hour_minute / 100;
        zone.minute = hour_minute % 100;
      } else {
        if (!scanner.peek().is_fixed(2) || !between(scanner.peek().number, 0, 23))
          return std::nullopt;
        zone.hour = scanner.next().number;
        if (!scanner.skip_symbol(u':')) return std::nullopt;
        if (!scanner.peek().is_fixed(2) || !between(scanner.peek().number, 0, 59))
          return std::nullopt;
        zone.minute = scanner.next().number;
      }
    }
    if (scanner.peek().kind != Token::Kind::end) return std::nullopt;
  }
  if (zone.hour == none && time.count == 0) zone.set(0);
  day.iso = true;
  return Token{};
}

// V8's legacy loop over the rest; false = NaN.
bool parse_legacy(Scanner& scanner, Token token, Day& day, Time& time, Zone& zone) {
  bool has_read_number = day.count > 0;
  for (; token.kind != Token::Kind::end; token = scanner.next()) {
    if (token.is_number()) {
      has_read_number = true;
      const int n = token.number;
      if (scanner.skip_symbol(u':')) {
        if (scanner.skip_symbol(u':')) {
          if (time.count != 0) return false;
          time.add(n);
          time.add(0);
        } else {
          if (!time.add(n)) return false;
          if (scanner.peek().is_symbol(u'.')) scanner.next();
        }
      } else if (scanner.skip_symbol(u'.') && time.expecting(n)) {
        // "hh:mm.fff" in legacy text: a time only starts at the JSONata check's final zone, so
        // no fraction can follow one here.
        return false;
      } else if (zone.expecting(n)) {
        zone.minute = n;
      } else if (time.expecting(n)) {
        time.add_final(n);
        const Token& peek = scanner.peek();
        const bool zone_next = peek.kind == Token::Kind::keyword && peek.symbol == u'z';
        if (peek.kind != Token::Kind::end && !zone_next && !peek.is_sign()) return false;
      } else {
        if (!day.add(n)) return false;
        scanner.skip_symbol(u'-');
      }
    } else if (token.kind == Token::Kind::keyword) {
      if (token.symbol == u'z' && has_read_number) {
        zone.set(0);
      } else if (has_read_number || scanner.peek().is_number()) {
        return false;
      }
    } else if (token.is_sign() && (zone.utc() || time.count != 0)) {
      zone.sign = token.symbol == u'+' ? 1 : -1;
      int n = 0;
      size_t length = 0;
      if (scanner.peek().is_number()) {
        const Token digits = scanner.next();
        n = digits.number;
        length = digits.length;
      }
      has_read_number = true;
      if (scanner.peek().is_symbol(u':')) {
        zone.hour = n;
        zone.minute = none;
      } else if (length == 1 || length == 2) {
        zone.hour = n;
        zone.minute = 0;
      } else if (length == 3 || length == 4) {
        zone.hour = n / 100;
        zone.minute = n % 100;
      } else {
        return false;
      }
    } else if (token.is_sign() && has_read_number) {
      return false;
    }
  }
  return true;
}

// DayComposer::Write, TimeComposer::Write and the date value; NaN when V8 rejects the fields.
double compose(Day& day, Time& time, const Zone& zone) {
  if (day.count < 1) return not_a_number;
  while (day.count < 3) day.parts[day.count++] = 1;
  int year = day.parts[0], month = day.parts[1], date = day.parts[2];
  if (!day.iso && between(day.parts[0], 1, 31)) {
    month = day.parts[0];
    date = day.parts[1];
    year = day.parts[2];
  }
  if (!day.iso) {
    if (between(year, 0, 49)) {
      year += 2000;
    } else if (between(year, 50, 99)) {
      year += 1900;
    }
  }
  if (!between(month, 1, 12) || !between(date, 1, 31)) return not_a_number;
  while (time.count < 4) time.parts[time.count++] = 0;
  const int hour = time.parts[0], minute = time.parts[1], second = time.parts[2];
  const int millis = time.parts[3];
  const bool valid_time = between(hour, 0, 23) && between(minute, 0, 59) &&
                          between(second, 0, 59) && between(millis, 0, 999);
  if (!valid_time && (hour != 24 || minute != 0 || second != 0 || millis != 0)) return not_a_number;
  double offset_millis = 0;  // no zone: local time, which is UTC here
  if (zone.sign != none) {
    const double hours = zone.hour == none ? 0 : zone.hour;
    const double minutes = zone.minute == none ? 0 : zone.minute;
    offset_millis = zone.sign * (hours * 3600 + minutes * 60) * 1000;
  }
  const double time_of_day = ((hour * 60.0 + minute) * 60 + second) * 1000 + millis;
  return js_make_time_value(year, month - 1, date, time_of_day - offset_millis);
}

}  // namespace

Result<double> parse_iso8601(TextView s) {
  if (!passes_jsonata_check(s)) {
    return coded("D3110",
                 "The argument of the toMillis function must be an ISO 8601 formatted "
                 "timestamp. Given " +
                     json_quote(s));
  }
  Scanner scanner(s);
  Day day;
  Time time;
  Zone zone;
  const std::optional<Token> resume = parse_es5(scanner, day, time, zone);
  if (!resume) return not_a_number;
  if (!parse_legacy(scanner, *resume, day, time, zone)) return not_a_number;
  return compose(day, time, zone);
}

}  // namespace wfsim::jsonata::picture::detail

namespace wfsim::jsonata::picture {

Result<std::optional<double>> to_millis(std::string_view text,
                                        std::optional<std::string_view> picture,
                                        int64_t now_millis) {
  const detail::Text timestamp = detail::to_utf16(text);
  if (picture) return detail::parse_with_picture(timestamp, *picture, now_millis);
  auto parsed = detail::parse_iso8601(timestamp);
  if (auto* failure = std::get_if<Failure>(&parsed)) return *failure;
  return std::optional<double>(std::get<double>(parsed));
}

Result<std::optional<int64_t>> parse_datetime(std::string_view text, std::string_view picture,
                                              int64_t now_millis) {
  std::optional<std::string_view> given;
  if (!picture.empty()) given = picture;
  auto parsed = to_millis(text, given, now_millis);
  if (auto* failure = std::get_if<Failure>(&parsed)) return *failure;
  const std::optional<double> millis = std::get<std::optional<double>>(parsed);
  if (!millis || std::isnan(*millis)) return std::optional<int64_t>();
  // Beyond the Date range only an absurd zone offset lands a parse (jsonata-js returns that
  // number, e.g. -3.6e30); it is no time, so it reads as undefined too.
  if (std::fabs(*millis) > 8.64e15) return std::optional<int64_t>();
  WFSIM_ASSERT(*millis == std::trunc(*millis));
  return std::optional<int64_t>(static_cast<int64_t>(*millis));
}

}  // namespace wfsim::jsonata::picture
