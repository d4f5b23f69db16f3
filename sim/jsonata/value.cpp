// Evaluator values (value.h) and the JavaScript-flavoured operations on them (value_ops.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "jsonata/number_text.h"
#include "jsonata/value.h"
#include "jsonata/value_ops.h"

namespace wfsim::jsonata::detail {

thread_local BoxList* current_boxes = nullptr;

namespace {

// Free blocks of one size class, linked through their first word.
struct FreeList {
  void* head = nullptr;
  size_t length = 0;
};
constexpr size_t kBoxGranule = 16;
constexpr size_t kPooledClasses = 16;       // Boxes up to 256 bytes (all of ours).
constexpr size_t kMaxFreePerClass = 4096;   // More go back to malloc: a huge evaluation's
                                            // boxes are not kept for ever.
// Gives the free blocks back when the thread ends.
struct BoxPool {
  std::array<FreeList, kPooledClasses> lists;
  FreeList& operator[](size_t index) { return lists[index]; }
  BoxPool() = default;
  BoxPool(const BoxPool&) = delete;
  BoxPool& operator=(const BoxPool&) = delete;
  ~BoxPool() {
    for (FreeList& list : lists) {
      while (void* block = list.head) {
        list.head = *static_cast<void**>(block);
        ::operator delete(block);
      }
    }
  }
};
thread_local BoxPool box_pool;

size_t size_class(size_t bytes) { return (bytes + kBoxGranule - 1) / kBoxGranule - 1; }

}  // namespace

namespace {

constexpr size_t kMaxSpareVectors = 256;    // Per element type and thread.
constexpr size_t kMaxSpareCapacity = 64;    // Larger buffers go back to the allocator.

// The spare vectors of one element type; frees them when the thread ends.
template <class T>
struct SparePool {
  std::vector<std::vector<T>> vectors;
};

template <class T>
SparePool<T>& spare_pool() {
  thread_local SparePool<T> pool;
  return pool;
}

}  // namespace

template <class T>
std::vector<T> SpareVectors<T>::take() {
  auto& vectors = spare_pool<T>().vectors;
  if (vectors.empty()) return {};
  std::vector<T> out = std::move(vectors.back());
  vectors.pop_back();
  WFSIM_ASSERT(out.empty());
  return out;
}

template <class T>
void SpareVectors<T>::give(std::vector<T>&& vector) {
  if (vector.capacity() == 0 || vector.capacity() > kMaxSpareCapacity) return;
  // Releases the values (and the boxes only they held) now, as destruction would; that may give
  // back more vectors, so the pool is looked at only afterwards.
  vector.clear();
  auto& vectors = spare_pool<T>().vectors;
  if (vectors.size() >= kMaxSpareVectors) return;
  vectors.push_back(std::move(vector));
}

template struct SpareVectors<Value>;
template struct SpareVectors<ObjectBox::Member>;

void* Box::operator new(size_t bytes) {
  const size_t index = size_class(bytes);
  if (index < kPooledClasses) {
    FreeList& list = box_pool[index];
    if (void* block = list.head) {
      list.head = *static_cast<void**>(block);
      --list.length;
      return block;
    }
    return ::operator new((index + 1) * kBoxGranule);
  }
  return ::operator new(bytes);
}

void Box::operator delete(void* block, size_t bytes) {
  if (block == nullptr) return;
  const size_t index = size_class(bytes);
  if (index < kPooledClasses && box_pool[index].length < kMaxFreePerClass) {
    FreeList& list = box_pool[index];
    *static_cast<void**>(block) = list.head;
    list.head = block;
    ++list.length;
    return;
  }
  ::operator delete(block);
}

BoxList::~BoxList() {
  // Pin every box first so that clearing one never frees another that is still to be visited;
  // once all are cleared no box refers to any other, and all can go.
  for (Box* box = first; box; box = box->next) ++box->references;
  for (Box* box = first; box; box = box->next) box->clear();
  while (Box* box = first) delete box;  // Unlinks itself.
}

NewArray new_array(bool sequence) {
  auto* box = new ArrayBox();
  box->sequence = sequence;
  return {box, Value::box(Type::array, box)};
}

Value Value::member(std::string_view key) const {
  if (rep_ == Rep::host) {
    // The object_t directly: nlohmann's items() proxy costs a string per step.
    for (const auto& member : bits_.host->get_ref<const Json::object_t&>()) {
      if (member.first.size() == key.size() && member.first == key) return json(member.second);
    }
    return {};
  }
  if (auto* object = object_box()) {
    const size_t index = object->find(key);
    if (index != ObjectBox::npos) return object->members[index].second;
  }
  if (rep_ == Rep::host_members) {
    for (size_t i = 0; i < bits_.members->size; ++i) {
      const auto& [name, member] = bits_.members->data[i];
      if (name == key) return member ? json(*member) : Value();
    }
  }
  return {};
}

size_t Value::member_count() const {
  if (rep_ == Rep::host) return bits_.host->size();
  if (auto* object = object_box()) return object->members.size();
  if (rep_ == Rep::host_members) {
    size_t present = 0;
    for (size_t i = 0; i < bits_.members->size; ++i) present += bits_.members->data[i].second != nullptr;
    return present;
  }
  return 0;
}

bool is_array_index(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  uint64_t number = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  return number < 4294967295ULL;
}

bool has_index_keys(const Json& object) {
  for (const auto& member : object.get_ref<const Json::object_t&>()) {
    const char first = member.first.empty() ? 'x' : member.first[0];
    if (first >= '0' && first <= '9' && is_array_index(member.first)) return true;
  }
  return false;
}

std::vector<const std::pair<const std::string, Json>*> javascript_key_order(const Json& object) {
  std::vector<const std::pair<const std::string, Json>*> indexed;
  std::vector<const std::pair<const std::string, Json>*> named;
  for (const auto& member : object.get_ref<const Json::object_t&>())
    (is_array_index(member.first) ? indexed : named).push_back(&member);
  std::stable_sort(indexed.begin(), indexed.end(), [](const auto* a, const auto* b) {
    return std::stoull(a->first) < std::stoull(b->first);
  });
  indexed.insert(indexed.end(), named.begin(), named.end());
  return indexed;
}

size_t ObjectBox::find(std::string_view key) const {
  for (size_t i = 0; i < members.size(); ++i)
    if (members[i].first == key) return i;
  return npos;
}

void ObjectBox::set(std::string_view key, Value value) {
  const size_t index = find(key);
  const uint32_t inner = box_depth(value) + 1;
  if (inner > depth) depth = inner;
  if (index != npos) {
    members[index].second = std::move(value);
    return;
  }
  if (is_array_index(key)) {
    // JavaScript objects list integer-like keys first, in ascending numeric order.
    const uint64_t number = std::stoull(std::string(key));
    size_t at = 0;
    while (at < members.size() && is_array_index(members[at].first) &&
           std::stoull(members[at].first) < number)
      ++at;
    members.emplace(members.begin() + static_cast<ptrdiff_t>(at), std::string(key), std::move(value));
    return;
  }
  members.emplace_back(std::string(key), std::move(value));
}

void ObjectBox::erase(std::string_view key) {
  const size_t index = find(key);
  if (index != npos) members.erase(members.begin() + static_cast<ptrdiff_t>(index));
}

Value* Tuple::find(uint32_t variable) {
  for (auto& [id, value] : bindings)
    if (id == variable) return &value;
  return nullptr;
}

void Tuple::bind(uint32_t variable, Value value) {
  if (Value* existing = find(variable)) {
    *existing = std::move(value);
  } else {
    bindings.emplace_back(variable, std::move(value));
  }
}

std::optional<bool> truthy(const Value& value) {
  switch (value.type()) {
    case Type::undefined: return std::nullopt;
    case Type::null: return false;
    case Type::boolean: return value.as_boolean();
    case Type::number: return value.as_number() != 0 && !std::isnan(value.as_number());
    case Type::string: return !value.as_string().empty();
    case Type::object: return value.member_count() > 0;
    case Type::function: return false;
    case Type::tuples:
    case Type::frame: return false;
    case Type::array: {
      const size_t size = value.size();
      if (size == 0) return false;
      if (size == 1) return truthy(value.at(0)).value_or(false);
      for (size_t i = 0; i < size; ++i)
        if (truthy(value.at(i)).value_or(false)) return true;
      return false;
    }
  }
  return false;
}

bool deep_equal(const Value& left, const Value& right) {
  if (left.type() != right.type()) return false;
  switch (left.type()) {
    case Type::undefined:
    case Type::null: return true;
    case Type::boolean: return left.as_boolean() == right.as_boolean();
    case Type::number: return left.as_number() == right.as_number();
    case Type::string: return left.as_string() == right.as_string();
    case Type::function:
    case Type::tuples:
    case Type::frame: return left.raw_box() == right.raw_box() && left.as_builtin() == right.as_builtin();
    case Type::array: {
      if (left.host() && left.host() == right.host()) return true;
      const size_t size = left.size();
      if (size != right.size()) return false;
      for (size_t i = 0; i < size; ++i)
        if (!deep_equal(left.at(i), right.at(i))) return false;
      return true;
    }
    case Type::object: {
      if (left.host() && left.host() == right.host()) return true;
      if (left.member_count() != right.member_count()) return false;
      bool equal = true;
      left.for_each_member([&](std::string_view key, const Value& value) {
        if (!equal) return;
        const Value other = right.member(key);
        // A member whose value is undefined does not exist for JavaScript's key lists.
        if (other.is_undefined() && !value.is_undefined()) {
          equal = false;
          return;
        }
        if (!deep_equal(value, other)) equal = false;
      });
      return equal;
    }
  }
  return false;
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

namespace {

void newline(std::string& out, const StringifyOptions& options, size_t level) {
  if (!options.pretty) return;
  out += '\n';
  out.append(level * 2, ' ');
}

// Appends value; returns false when the value is not representable (undefined, function).
bool stringify_into(std::string& out, const Value& value, const StringifyOptions& options,
                    size_t level) {
  switch (value.type()) {
    case Type::undefined:
    case Type::tuples:
    case Type::frame: return false;
    case Type::function:
      if (!options.functions_as_empty) return false;
      out += "\"\"";
      return true;
    case Type::null: out += "null"; return true;
    case Type::boolean: out += value.as_boolean() ? "true" : "false"; return true;
    case Type::number: {
      double number = value.as_number();
      if (!std::isfinite(number)) {
        out += "null";
        return true;
      }
      if (options.round_numbers) number = round_to_15_digits(number);
      append_js_number(out, number);
      return true;
    }
    case Type::string: append_json_string(out, value.as_string()); return true;
    case Type::array: {
      const size_t size = value.size();
      if (size == 0) { out += "[]"; return true; }
      out += '[';
      for (size_t i = 0; i < size; ++i) {
        if (i) out += ',';
        newline(out, options, level + 1);
        if (!stringify_into(out, value.at(i), options, level + 1)) out += "null";
      }
      newline(out, options, level);
      out += ']';
      return true;
    }
    case Type::object: {
      bool any = false;
      out += '{';
      value.for_each_member([&](std::string_view key, const Value& member) {
        const size_t mark = out.size();
        if (any) out += ',';
        newline(out, options, level + 1);
        append_json_string(out, key);
        out += options.pretty ? ": " : ":";
        if (stringify_into(out, member, options, level + 1)) {
          any = true;
        } else {
          out.resize(mark);
        }
      });
      if (any) newline(out, options, level);
      out += '}';
      return true;
    }
  }
  return false;
}

}  // namespace

std::string stringify(const Value& value, const StringifyOptions& options) {
  std::string out;
  if (!stringify_into(out, value, options, 0)) return "undefined";
  return out;
}

Json to_json(const Value& value) {
  switch (value.type()) {
    case Type::undefined:
    case Type::function:
    case Type::tuples:
    case Type::frame:
    case Type::null: return Json(nullptr);
    case Type::boolean: return Json(value.as_boolean());
    case Type::number: {
      const double number = value.as_number();
      if (!std::isfinite(number)) throw NonFinite{};
      if (number == std::trunc(number) && std::fabs(number) < 9007199254740992.0)
        return Json(static_cast<int64_t>(number));
      return Json(number);
    }
    case Type::string:
      if (const Json* host = value.host()) return *host;
      return Json(std::string(value.as_string()));
    case Type::array: {
      if (const Json* host = value.host()) return *host;
      Json out = Json::array();
      const size_t size = value.size();
      out.get_ref<Json::array_t&>().reserve(size);
      for (size_t i = 0; i < size; ++i) out.push_back(to_json(value.at(i)));
      return out;
    }
    case Type::object: {
      if (const Json* host = value.host(); host && !has_index_keys(*host)) return *host;
      Json out = Json::object();
      out.get_ref<Json::object_t&>().reserve(value.member_count());
      value.for_each_member([&](std::string_view key, const Value& member) {
        if (member.is_undefined() || member.is_function()) return;
        out.get_ref<Json::object_t&>().emplace_back(std::string(key), to_json(member));
      });
      return out;
    }
  }
  return Json(nullptr);
}

Value deep_copy(const Value& value) {
  if (value.is_array()) {
    auto [box, out] = new_array();
    const size_t size = value.size();
    box->items.reserve(size);
    for (size_t i = 0; i < size; ++i) {
      box->items.push_back(deep_copy(value.at(i)));
      box->depth = std::max(box->depth, box_depth(box->items.back()) + 1);
    }
    return out;
  }
  if (value.is_object()) {
    auto* box = new ObjectBox();
    Value out = Value::box(Type::object, box);
    value.for_each_member([&](std::string_view key, const Value& member) {
      box->set(key, deep_copy(member));
    });
    return out;
  }
  return value;
}

}  // namespace wfsim::jsonata::detail
