// String functions of JSONata 2.0.6: $string, $length, $substring(Before/After), case, $trim,
// $pad, $contains, $split, $join, $match, $replace. Lengths and offsets count Unicode code points
// as jsonata-js does (its stringToArray), except $match's index, which is a UTF-16 offset there
// too.
//
// Not here: encodings (functions_misc.cpp) and number formatting (number_text.cpp, pictures).
#include <cmath>

#include "jsonata/eval.h"
#include "jsonata/lex.h"
#include "jsonata/number_text.h"

namespace wfsim::jsonata::detail {

std::vector<uint32_t> code_points(std::string_view text) {
  std::vector<uint32_t> points;
  points.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    uint32_t point = c;
    size_t length = 1;
    if (c >= 0xF0 && i + 3 < text.size() + 0) {
      point = ((c & 0x07u) << 18) | ((text[i + 1] & 0x3Fu) << 12) | ((text[i + 2] & 0x3Fu) << 6) |
              (text[i + 3] & 0x3Fu);
      length = 4;
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      point = ((c & 0x0Fu) << 12) | ((text[i + 1] & 0x3Fu) << 6) | (text[i + 2] & 0x3Fu);
      length = 3;
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      point = ((c & 0x1Fu) << 6) | (text[i + 1] & 0x3Fu);
      length = 2;
    } else if (c >= 0x80) {
      point = 0xFFFD;
    }
    points.push_back(point);
    i += length;
  }
  return points;
}

std::string from_code_points(const std::vector<uint32_t>& points, size_t begin, size_t end) {
  std::string out;
  out.reserve(end > begin ? end - begin : 0);
  for (size_t i = begin; i < end && i < points.size(); ++i) append_utf8(out, points[i]);
  return out;
}

size_t code_point_count(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

std::string string_of(Evaluator& evaluator, const Value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_function()) return "";
  if (value.is_number() && !std::isfinite(value.as_number())) fail_value("D3001", value);
  StringifyOptions options;
  options.round_numbers = true;
  options.functions_as_empty = true;
  std::string text = stringify(value.outer_wrapper() ? value.at(0) : value, options);
  evaluator.check_string(text.size());
  return text;
}

namespace {

Value result_string(Evaluator& evaluator, std::string text) {
  evaluator.check_string(text.size());
  return Value::string(std::move(text));
}

Value fn_string(Evaluator& evaluator, Call& call) {
  const Value& arg = call.args[0];
  if (arg.is_undefined()) return {};
  if (arg.is_string()) return arg;
  const bool pretty = call.args.size() > 1 && call.args[1].is_boolean() && call.args[1].as_boolean();
  if (!pretty) return result_string(evaluator, string_of(evaluator, arg));
  if (arg.is_function()) return Value::string("");
  if (arg.is_number() && !std::isfinite(arg.as_number())) fail_value("D3001", arg);
  StringifyOptions options;
  options.round_numbers = true;
  options.functions_as_empty = true;
  options.pretty = true;
  return result_string(evaluator, stringify(arg.outer_wrapper() ? arg.at(0) : arg, options));
}

Value fn_length(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  return Value::number(static_cast<double>(code_point_count(call.args[0].as_string())));
}

// JavaScript's ToIntegerOrInfinity clamped into [0, length] for slice().
size_t slice_index(double index, size_t length) {
  if (std::isnan(index)) return 0;
  index = std::trunc(index);
  if (index < 0) index = std::max(0.0, static_cast<double>(length) + index);
  return static_cast<size_t>(std::min(index, static_cast<double>(length)));
}

Value fn_substring(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::vector<uint32_t> points = code_points(call.args[0].as_string());
  const double length = static_cast<double>(points.size());
  double start = call.args[1].as_number();
  if (length + start < 0) start = 0;
  if (call.args.size() > 2 && !call.args[2].is_undefined()) {
    const double count = call.args[2].as_number();
    if (count <= 0) return Value::string("");
    const double end = start >= 0 ? start + count : length + start + count;
    const size_t begin_index = slice_index(start, points.size());
    const size_t end_index = slice_index(end, points.size());
    if (end_index <= begin_index) return Value::string("");
    return result_string(evaluator, from_code_points(points, begin_index, end_index));
  }
  return result_string(evaluator, from_code_points(points, slice_index(start, points.size()),
                                                   points.size()));
}

Value fn_substring_before(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  const std::string_view chars = call.args[1].is_string() ? call.args[1].as_string() : "undefined";
  const size_t at = text.find(chars);
  if (at == std::string_view::npos) return call.args[0];
  return Value::string(std::string(text.substr(0, at)));
}

Value fn_substring_after(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  const std::string_view chars = call.args[1].is_string() ? call.args[1].as_string() : "undefined";
  const size_t at = text.find(chars);
  if (at == std::string_view::npos) return call.args[0];
  return Value::string(std::string(text.substr(at + chars.size())));
}

uint32_t to_upper(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0x80) return c;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c == 0xB5) return 0x39C;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149) {
    const bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) return c - 1;
    return c;
  }
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x3B1 && c <= 0x3C9) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

uint32_t to_lower(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149) {
    const bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
    return c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

Value change_case(Evaluator& evaluator, Call& call, bool upper) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  std::string out;
  out.reserve(text.size());
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c < 0x80;
  if (ascii) {
    for (char c : text) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      out += c;
    }
    return Value::string(std::move(out));
  }
  for (uint32_t point : code_points(text)) {
    if (upper && point == 0xDF) {
      out += "SS";
      continue;
    }
    append_utf8(out, upper ? to_upper(point) : to_lower(point));
  }
  return result_string(evaluator, std::move(out));
}

Value fn_uppercase(Evaluator& evaluator, Call& call) { return change_case(evaluator, call, true); }
Value fn_lowercase(Evaluator& evaluator, Call& call) { return change_case(evaluator, call, false); }

Value fn_trim(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  std::string out;
  out.reserve(text.size());
  bool in_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!in_space) out += ' ';
      in_space = true;
    } else {
      out += c;
      in_space = false;
    }
  }
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return Value::string(std::move(out));
}

Value fn_pad(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  const double width = call.args[1].as_number();
  std::string pad = " ";
  if (call.args.size() > 2 && call.args[2].is_string() && !call.args[2].as_string().empty())
    pad = std::string(call.args[2].as_string());
  const double missing = std::floor(std::fabs(width)) - static_cast<double>(code_point_count(text));
  if (!(missing > 0)) return call.args[0];
  if (missing * static_cast<double>(pad.size()) + static_cast<double>(text.size()) >
      static_cast<double>(evaluator.limits.string_bytes))
    evaluator.too_large("string");
  const auto count = static_cast<size_t>(missing);
  const std::vector<uint32_t> pad_points = code_points(pad);
  std::string padding;
  for (size_t i = 0; i < count; ++i) append_utf8(padding, pad_points[i % pad_points.size()]);
  evaluator.count(count);
  return Value::string(width > 0 ? std::string(text) + padding : padding + std::string(text));
}

Value fn_contains(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  if (call.args[1].is_string())
    return Value::boolean(text.find(call.args[1].as_string()) != std::string_view::npos);
  Matcher matcher(evaluator, call.args[1], text);
  return Value::boolean(matcher.next().has_value());
}

// A limit argument (3rd of $split/$match, 4th of $replace): nullopt when absent.
std::optional<double> limit_of(Call& call, size_t index, const char* code) {
  if (call.args.size() <= index || call.args[index].is_undefined()) return std::nullopt;
  const double limit = call.args[index].as_number();
  if (limit < 0) {
    EvalError error = error_with_value(code, call.args[index]);
    error.index = index + 1;
    throw error;
  }
  return limit;
}

Value fn_split(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  const auto limit = limit_of(call, 2, "D3020");
  auto made = new_array();
  auto& items = made.box->items;
  if (limit && *limit < 1) return std::move(made.value);
  const double most = limit ? std::floor(*limit) : 1e300;
  auto room = [&] { return static_cast<double>(items.size()) < most; };
  if (call.args[1].is_string()) {
    const std::string_view separator = call.args[1].as_string();
    if (separator.empty()) {
      for (uint32_t point : code_points(text)) {
        if (!room()) break;
        std::string one;
        append_utf8(one, point);
        items.push_back(Value::string(std::move(one)));
      }
    } else {
      size_t start = 0;
      while (room()) {
        const size_t at = text.find(separator, start);
        if (at == std::string_view::npos) {
          items.push_back(Value::string(std::string(text.substr(start))));
          break;
        }
        items.push_back(Value::string(std::string(text.substr(start, at - start))));
        start = at + separator.size();
      }
    }
    evaluator.check_array(items.size());
    return std::move(made.value);
  }
  Matcher matcher(evaluator, call.args[1], text);
  auto match = matcher.next();
  if (!match) {
    items.push_back(call.args[0]);
    return std::move(made.value);
  }
  size_t start = 0;
  while (match && room()) {
    items.push_back(Value::string(std::string(text.substr(start, match->start_bytes - start))));
    start = match->end_bytes;
    match = matcher.next();
  }
  if (room()) items.push_back(Value::string(std::string(text.substr(start))));
  evaluator.check_array(items.size());
  return std::move(made.value);
}

Value fn_join(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view separator =
      call.args.size() > 1 && call.args[1].is_string() ? call.args[1].as_string() : "";
  std::string out;
  const Value& strings = call.args[0];
  const size_t size = strings.size();
  for (size_t i = 0; i < size; ++i) {
    if (i) out += separator;
    out += strings.at(i).as_string();
    evaluator.check_string(out.size());
  }
  evaluator.count(size);
  return Value::string(std::move(out));
}

Value match_object(const MatchResult& match, std::string_view text, bool with_end) {
  auto* object = new ObjectBox();
  Value result = Value::box(Type::object, object);
  object->set("match", Value::string(match.match));
  const double start = static_cast<double>(utf16_length(text.substr(0, match.start_bytes)));
  object->set(with_end ? "start" : "index", Value::number(start));
  if (with_end)
    object->set("end", Value::number(start + static_cast<double>(utf16_length(match.match))));
  auto groups = new_array();
  groups.box->items = match.groups;
  object->set("groups", std::move(groups.value));
  return result;
}

Value fn_match(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  const auto limit = limit_of(call, 2, "D3040");
  auto made = new_array(true);
  if (limit && *limit <= 0) return std::move(made.value);
  Matcher matcher(evaluator, call.args[1], text);
  for (auto match = matcher.next(); match; match = matcher.next()) {
    if (limit && static_cast<double>(made.box->items.size()) >= *limit) break;
    made.box->items.push_back(match_object(*match, text, false));
  }
  evaluator.check_array(made.box->items.size());
  return std::move(made.value);
}

// "$0", "$1".. "$$" in a replacement string, as jsonata-js substitutes them.
std::string substitute(std::string_view replacement, const MatchResult& match) {
  std::string out;
  size_t position = 0;
  size_t index = replacement.find('$');
  const size_t groups = match.groups.size();
  while (index != std::string_view::npos && position < replacement.size()) {
    out.append(replacement.substr(position, index - position));
    position = index + 1;
    const char next = position < replacement.size() ? replacement[position] : '\0';
    if (next == '$') {
      out += '$';
      ++position;
    } else if (next == '0') {
      out += match.match;
      ++position;
    } else {
      size_t digits = groups == 0 ? 1 : static_cast<size_t>(std::floor(std::log10(groups))) + 1;
      auto parse = [&](size_t count) -> long {
        const std::string_view part = replacement.substr(position, count);
        size_t used = 0;
        long value = 0;
        while (used < part.size() && part[used] >= '0' && part[used] <= '9')
          value = value * 10 + (part[used++] - '0');
        return used == 0 ? -1 : value;
      };
      long group = parse(digits);
      if (digits > 1 && group > static_cast<long>(groups)) group = parse(digits - 1);
      if (group >= 0) {
        if (groups > 0 && group >= 1 && static_cast<size_t>(group) <= groups) {
          const Value& submatch = match.groups[static_cast<size_t>(group) - 1];
          if (submatch.is_string()) out += submatch.as_string();
        }
        position += std::to_string(group).size();
      } else {
        out += '$';
      }
    }
    index = replacement.find('$', position);
  }
  if (position < replacement.size()) out.append(replacement.substr(position));
  return out;
}

Value fn_replace(Evaluator& evaluator, Call& call) {
  if (call.args[0].is_undefined()) return {};
  const std::string_view text = call.args[0].as_string();
  const Value& pattern = call.args[1];
  const Value& replacement = call.args[2];
  if (pattern.is_string() && pattern.as_string().empty()) {
    EvalError error = error_with_value("D3010", pattern);
    error.index = 2;
    throw error;
  }
  const auto limit = limit_of(call, 3, "D3011");
  if (limit && *limit <= 0) return call.args[0];
  std::string out;
  size_t position = 0;
  size_t count = 0;
  auto under_limit = [&] { return !limit || static_cast<double>(count) < *limit; };
  if (pattern.is_string()) {
    const std::string_view needle = pattern.as_string();
    const std::string_view with = replacement.is_string() ? replacement.as_string() : "";
    size_t at = text.find(needle);
    while (at != std::string_view::npos && under_limit()) {
      out.append(text.substr(position, at - position));
      out.append(with);
      position = at + needle.size();
      ++count;
      evaluator.check_string(out.size());
      at = text.find(needle, position);
    }
    out.append(text.substr(position));
    return result_string(evaluator, std::move(out));
  }
  Matcher matcher(evaluator, pattern, text);
  auto match = matcher.next();
  if (!match) return call.args[0];
  while (match && under_limit()) {
    out.append(text.substr(position, match->start_bytes - position));
    if (replacement.is_string()) {
      out += substitute(replacement.as_string(), *match);
    } else {
      std::vector<Value> args{match_object(*match, text, true)};
      const Value replaced = evaluator.apply(replacement, args, Value(), call.environment);
      if (!replaced.is_string()) fail_value("D3012", replaced);
      out += replaced.as_string();
    }
    evaluator.check_string(out.size());
    position = match->start_bytes + match->match.size();
    ++count;
    match = matcher.next();
  }
  out.append(text.substr(position));
  return result_string(evaluator, std::move(out));
}

const Builtin kStringBuiltins[] = {
    {"string", "<x-b?:s>", fn_string, 1, {}},
    {"length", "<s-:n>", fn_length, 1, {}},
    {"substring", "<s-nn?:s>", fn_substring, 3, {}},
    {"substringBefore", "<s-s:s>", fn_substring_before, 2, {}},
    {"substringAfter", "<s-s:s>", fn_substring_after, 2, {}},
    {"uppercase", "<s-:s>", fn_uppercase, 1, {}},
    {"lowercase", "<s-:s>", fn_lowercase, 1, {}},
    {"trim", "<s-:s>", fn_trim, 1, {}},
    {"pad", "<s-ns?:s>", fn_pad, 3, {}},
    {"contains", "<s-(sf):b>", fn_contains, 2, {}},
    {"split", "<s-(sf)n?:a<s>>", fn_split, 3, {}},
    {"join", "<a<s>s?:s>", fn_join, 2, {}},
    {"match", "<s-f<s:o>n?:a<o>>", fn_match, 3, {}},
    {"replace", "<s-(sf)(sf)n?:s>", fn_replace, 4, {}},
};

}  // namespace

std::span<const Builtin> string_builtins() { return kStringBuiltins; }

}  // namespace wfsim::jsonata::detail
