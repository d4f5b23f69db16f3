// JSON helpers; see json.h.
#include "record/json.h"

#include <algorithm>
#include <vector>

namespace wfsim {
std::string to_compact_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
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
