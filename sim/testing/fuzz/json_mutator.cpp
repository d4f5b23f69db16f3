// A structure-aware libFuzzer mutator for targets whose input is one JSON document (asl_fuzz,
// scenario_fuzz, capsule_fuzz; docs/reliability.md). Linking this file into a fuzz target
// defines LLVMFuzzerCustomMutator for it.
//
// Byte-level mutation of JSON text mostly breaks its syntax (about 95% of asl_fuzz's inputs were
// not JSON with libFuzzer's own mutator alone), so the loaders behind the parser see few inputs.
// Four times in five this mutator parses the input and edits one to three nodes instead:
// a value of another type or at an edge (0, -1, 1e300, 2^64-1, "", [], {}), a number nudged, a
// string's bytes mutated, a member or item removed or duplicated, a key renamed to another key
// of the document, a subtree copied over another. The rest of the time, and for input that is
// not JSON, libFuzzer mutates the bytes as usual.
//
// Only fuzz targets link this (wfsim_fuzzer in cmake/wfsim.cmake); it draws from wfsim::Random
// seeded by libFuzzer, so a mutation is reproducible from its seed.
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/random.h"
#include "record/json.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace wfsim::fuzz {
namespace {

// Deeper documents are left to byte-level mutation: dump() recurses once per level.
constexpr size_t kMaxDepthToEdit = 128;

// Every node of the document, parents before children.
std::vector<Json*> nodes_of(Json& root) {
  std::vector<Json*> out;
  std::vector<Json*> pending{&root};
  while (!pending.empty()) {
    Json* node = pending.back();
    pending.pop_back();
    out.push_back(node);
    if (node->is_structured()) {
      for (Json& child : *node) pending.push_back(&child);
    }
  }
  return out;
}

std::vector<std::string> keys_of(const std::vector<Json*>& nodes) {
  std::vector<std::string> keys;
  for (const Json* node : nodes) {
    if (!node->is_object()) continue;
    for (const auto& [key, value] : node->items()) keys.push_back(key);
  }
  return keys;
}

Json edge_value(Random& random, const Json& old) {
  if (old.is_number() && random.uniform(2) == 0) {
    const double number = old.get<double>();
    switch (random.uniform(6)) {
      case 0: return Json(number + 1);
      case 1: return Json(number - 1);
      case 2: return Json(number * 2);
      case 3: return Json(-number);
      case 4: return Json(number / 1000);
      default: return Json(static_cast<int64_t>(random.uniform_in(-3, 100)));
    }
  }
  switch (random.uniform(18)) {
    case 0: return Json(nullptr);
    case 1: return Json(true);
    case 2: return Json(false);
    case 3: return Json(0);
    case 4: return Json(-1);
    case 5: return Json(1);
    case 6: return Json(0.5);
    case 7: return Json(1e300);
    case 8: return Json(std::numeric_limits<int64_t>::max());
    case 9: return Json(std::numeric_limits<int64_t>::min());
    case 10: return Json(std::numeric_limits<uint64_t>::max());
    case 11: return Json("");
    case 12: return Json("x");
    case 13: return Json("$");
    case 14: return Json("States.ALL");
    case 15: return Json::array();
    case 16: return Json::object();
    default: return Json::array({Json(nullptr)});
  }
}

// A string with libFuzzer's byte mutations applied (possibly not UTF-8: dump() replaces that).
std::string mutated_string(const std::string& text) {
  std::vector<uint8_t> bytes(text.begin(), text.end());
  const size_t room = text.size() + 16;
  bytes.resize(room);
  const size_t size = LLVMFuzzerMutate(bytes.data(), text.size(), room);
  return std::string(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
}

// One edit of `node`; `nodes` and `keys` come from the whole document.
void edit(Json& node, const std::vector<Json*>& nodes, const std::vector<std::string>& keys,
          Random& random) {
  switch (random.uniform(6)) {
    case 0:
      node = edge_value(random, node);
      return;
    case 1:
      if (node.is_string()) {
        node = mutated_string(node.get<std::string>());
      } else {
        node = edge_value(random, node);
      }
      return;
    case 2:  // Remove a member or an item.
      if (node.is_object() && !node.empty()) {
        auto it = node.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(random.uniform(node.size())));
        node.erase(it);
      } else if (node.is_array() && !node.empty()) {
        node.erase(random.uniform(node.size()));
      }
      return;
    case 3: {  // Copy another subtree over this node (copied first: it may lie inside).
      Json copy = *nodes[random.uniform(nodes.size())];
      node = std::move(copy);
      return;
    }
    case 4:  // Add a member named like another key, or duplicate an item.
      if (node.is_object() && !keys.empty()) {
        Json copy = *nodes[random.uniform(nodes.size())];
        node[keys[random.uniform(keys.size())]] = std::move(copy);
      } else if (node.is_array() && !node.empty()) {
        Json copy = node[random.uniform(node.size())];
        node.push_back(std::move(copy));
      }
      return;
    default:  // Rename a member to another key of the document.
      if (node.is_object() && !node.empty() && !keys.empty()) {
        auto it = node.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(random.uniform(node.size())));
        Json value = std::move(it.value());
        node.erase(it);
        node[keys[random.uniform(keys.size())]] = std::move(value);
      }
      return;
  }
}

}  // namespace
}  // namespace wfsim::fuzz

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  using namespace wfsim;
  Random random(seed);
  if (random.uniform(5) == 0) return LLVMFuzzerMutate(data, size, max_size);
  Json document = Json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || json_depth(document, fuzz::kMaxDepthToEdit) >
                                     fuzz::kMaxDepthToEdit) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  const std::vector<Json*> nodes = fuzz::nodes_of(document);
  const std::vector<std::string> keys = fuzz::keys_of(nodes);
  const size_t edits = 1 + random.uniform(3);
  for (size_t i = 0; i < edits; ++i) {
    // Nodes may be gone after an edit; collect them again for the next one.
    const std::vector<Json*> now = i == 0 ? nodes : fuzz::nodes_of(document);
    fuzz::edit(*now[random.uniform(now.size())], now, keys, random);
  }
  const std::string text = document.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, text.data(), text.size());
  return text.size();
}
