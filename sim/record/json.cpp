// JSON helpers; see json.h.
#include "record/json.h"

#include <algorithm>
#include <vector>

namespace wfsim {
std::string to_compact_text(const Json& value) {
  std::string out;
  append_compact_text(out, value);
  return out;
}

void append_compact_text(std::string& out, const Json& value) {
  using Adapter = nlohmann::detail::output_adapter<char, std::string>;
  nlohmann::detail::serializer<Json> printer(Adapter(out), ' ', Json::error_handler_t::replace);
  printer.dump(value, false, false, 0);
}

namespace {

// The length of the valid UTF-8 sequence starting text[i] (a byte of 0x80 or more), or 0. The
// rules of RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
size_t utf8_sequence(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto continuation = [&](size_t k, unsigned char low, unsigned char high) {
    return k < text.size() && byte(k) >= low && byte(k) <= high;
  };
  const unsigned char lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1, 0x80, 0xBF) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return continuation(i + 1, low, high) && continuation(i + 2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return continuation(i + 1, low, high) && continuation(i + 2, 0x80, 0xBF) &&
                   continuation(i + 3, 0x80, 0xBF)
               ? 4
               : 0;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const size_t start = out.size();
  out.reserve(start + text.size() + 2);
  out += '"';
  size_t copied = 0;  // text[copied, i) is still to be appended as it is.
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t length = utf8_sequence(text, i);
      if (length == 0) {  // Invalid UTF-8: nlohmann's replacement rules, exactly.
        out.resize(start);
        append_compact_text(out, Json(std::string(text)));
        return;
      }
      i += length;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + copied, i - copied);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
    copied = ++i;
  }
  out.append(text.data() + copied, text.size() - copied);
  out += '"';
}

size_t json_depth(const Json& value, size_t limit) {
  size_t deepest = 0;
  std::vector<std::pair<const Json*, size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    if (deepest > limit) return limit + 1;
    if (node->is_structured()) {
      for (const Json& child : *node) pending.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

bool compact_text_fits(const Json& value, size_t limit) {
  // Every character of a string may need a 6-character \u escape; numbers print in at most 24.
  size_t bound = 0;
  // Small documents (the common case) fit the inline stack; deep or wide ones spill to the heap.
  const Json* inline_stack[64];
  size_t inline_size = 0;
  std::vector<const Json*> spill;
  auto push = [&](const Json* v) {
    if (inline_size < std::size(inline_stack)) {
      inline_stack[inline_size++] = v;
    } else {
      spill.push_back(v);
    }
  };
  push(&value);
  while ((inline_size > 0 || !spill.empty()) && bound <= limit) {
    const Json* v = nullptr;
    if (!spill.empty()) {
      v = spill.back();
      spill.pop_back();
    } else {
      v = inline_stack[--inline_size];
    }
    switch (v->type()) {
      case Json::value_t::object:
        bound += 2;
        for (const auto& [key, member] : v->items()) {
          bound += 6 * key.size() + 4;
          push(&member);
        }
        break;
      case Json::value_t::array:
        bound += 2;
        for (const Json& element : *v) {
          bound += 1;
          push(&element);
        }
        break;
      case Json::value_t::string: bound += 6 * v->get_ref<const std::string&>().size() + 2; break;
      default: bound += 24; break;
    }
  }
  if (bound <= limit) return true;
  return to_compact_text(value).size() <= limit;
}
}  // namespace wfsim
