// The evaluator's value: undefined, null, boolean, number, string, array, object, function, or a
// tuple stream (path internals). Strings, arrays and objects either refer to host JSON by pointer
// (input, bindings, literals of the compiled expression: never copied) or live in a small
// reference-counted box built during one evaluation.
//
// Reference counts are not atomic: a value never leaves the evaluation (and thread) that made it.
// The compiled expression holds only Json and built-in descriptors, which values refer to without
// counting, so one Expression is safe to evaluate on several threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/assert.h"
#include "record/json.h"

namespace wfsim::jsonata::detail {

// Every box made during one evaluation is also linked into that evaluation's BoxList, so the
// reference cycles closures make (a frame holding a function that holds the frame) are freed
// when the evaluation ends: reference counting frees everything else as soon as it is unused.
struct Box;
struct BoxList {
  Box* first = nullptr;
  // Frees every box still linked (breaking cycles first). Runs when the evaluation ends.
  ~BoxList();
};
extern thread_local BoxList* current_boxes;

struct Box {
  uint32_t references = 0;
  Box* previous = nullptr;
  Box* next = nullptr;
  BoxList* list = nullptr;
  Box() {
    if (BoxList* boxes = current_boxes) {
      list = boxes;
      next = boxes->first;
      if (next) next->previous = this;
      boxes->first = this;
    }
  }
  Box(const Box&) = delete;
  Box& operator=(const Box&) = delete;
  virtual ~Box() {
    if (!list) return;
    if (previous) previous->next = next; else list->first = next;
    if (next) next->previous = previous;
  }
  // Drops the values this box holds (BoxList's cycle breaking).
  virtual void clear() {}
  // Every evaluation makes and drops boxes by the dozen: they are recycled through per-thread
  // free lists by size instead of going to malloc each time (value.cpp).
  static void* operator new(size_t bytes);
  static void operator delete(void* block, size_t bytes);
};

// Makes `boxes` the list new boxes join for the current scope (one evaluation).
class BoxScope {
 public:
  explicit BoxScope(BoxList& boxes) : saved_(current_boxes) { current_boxes = &boxes; }
  ~BoxScope() { current_boxes = saved_; }
 private:
  BoxList* saved_;
};

enum class Type : uint8_t {
  undefined, null, boolean, number, string, array, object, function, tuples,
  frame  // an evaluation scope held by a closure; never a JSONata value
};

class Value;

// The members of a host binding's object ($states): names and host JSON by pointer, a null
// pointer meaning the member is absent. Names are distinct and not integer-like.
struct HostMembers {
  const std::pair<std::string_view, const Json*>* data = nullptr;
  size_t size = 0;
};

struct ArrayBox;
struct ObjectBox;
struct StringBox;
struct FunctionBox;
struct TupleBox;
struct Builtin;

class Value {
 public:
  // host_members: an object whose members are host JSON values by pointer (a Binding's members,
  // such as $states): read in place, never built into a box.
  enum class Rep : uint8_t { inline_value, host, box, builtin, host_members };

  Value() = default;
  Value(const Value& other) : type_(other.type_), rep_(other.rep_), bits_(other.bits_) { retain(); }
  Value(Value&& other) noexcept : type_(other.type_), rep_(other.rep_), bits_(other.bits_) {
    other.type_ = Type::undefined;
    other.rep_ = Rep::inline_value;
  }
  Value& operator=(const Value& other) {
    if (this != &other) { Value copy(other); swap(copy); }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    if (this != &other) { Value moved(std::move(other)); swap(moved); }
    return *this;
  }
  ~Value() { release(); }
  void swap(Value& other) noexcept {
    std::swap(type_, other.type_);
    std::swap(rep_, other.rep_);
    std::swap(bits_, other.bits_);
  }

  static Value null() { Value v; v.type_ = Type::null; return v; }
  static Value boolean(bool b) { Value v; v.type_ = Type::boolean; v.bits_.boolean = b; return v; }
  static Value number(double n) { Value v; v.type_ = Type::number; v.bits_.number = n; return v; }
  // A host JSON node, by pointer (scalars are read into the value).
  static Value json(const Json& node);
  static Value string(std::string text);
  static Value box(Type type, Box* box);
  static Value builtin(const Builtin* builtin);
  // An object of host members; `members` must outlive the evaluation (jsonata.cpp keeps it).
  static Value members(const HostMembers* members);

  Type type() const { return type_; }
  Rep rep() const { return rep_; }
  bool is_undefined() const { return type_ == Type::undefined; }
  bool is_null() const { return type_ == Type::null; }
  bool is_boolean() const { return type_ == Type::boolean; }
  bool is_number() const { return type_ == Type::number; }
  bool is_string() const { return type_ == Type::string; }
  bool is_array() const { return type_ == Type::array; }
  bool is_object() const { return type_ == Type::object; }
  bool is_function() const { return type_ == Type::function; }
  bool is_tuples() const { return type_ == Type::tuples; }

  bool as_boolean() const { return bits_.boolean; }
  double as_number() const { return bits_.number; }
  std::string_view as_string() const;
  const Json* host() const { return rep_ == Rep::host ? bits_.host : nullptr; }
  ArrayBox* array_box() const { return rep_ == Rep::box && type_ == Type::array ? (ArrayBox*)bits_.box : nullptr; }
  ObjectBox* object_box() const { return rep_ == Rep::box && type_ == Type::object ? (ObjectBox*)bits_.box : nullptr; }
  FunctionBox* function_box() const { return rep_ == Rep::box && type_ == Type::function ? (FunctionBox*)bits_.box : nullptr; }
  TupleBox* tuple_box() const { return type_ == Type::tuples ? (TupleBox*)bits_.box : nullptr; }
  const Builtin* as_builtin() const { return rep_ == Rep::builtin ? bits_.builtin : nullptr; }
  Box* raw_box() const { return rep_ == Rep::box ? bits_.box : nullptr; }
  const HostMembers* host_members() const {
    return rep_ == Rep::host_members ? bits_.members : nullptr;
  }

  // Array access for both host arrays and boxed arrays.
  size_t size() const;
  Value at(size_t index) const;
  // Array flags (boxed arrays only; host arrays are plain arrays).
  bool is_sequence() const;
  bool keep_singleton() const;
  bool is_cons() const;
  bool outer_wrapper() const;

  // Object access for both host and boxed objects: the member's value, or undefined.
  Value member(std::string_view key) const;
  size_t member_count() const;
  // Calls f(key, value) for each member in order.
  template <class F>
  void for_each_member(F&& f) const;

 private:
  void retain() const { if (rep_ == Rep::box) ++bits_.box->references; }
  void release() {
    if (rep_ == Rep::box && --bits_.box->references == 0) delete bits_.box;
  }

  Type type_ = Type::undefined;
  Rep rep_ = Rep::inline_value;
  union Bits {
    bool boolean;
    double number;
    const Json* host;
    Box* box;
    const Builtin* builtin;
    const HostMembers* members;
  } bits_{};
};

struct StringBox final : Box {
  explicit StringBox(std::string text_in) : text(std::move(text_in)) {}
  std::string text;
};

// Emptied vectors that keep their buffers, per thread, so that the next box (or call) of the
// evaluation reuses one instead of allocating (value.cpp). Small buffers only, a bounded number.
template <class T>
struct SpareVectors {
  static std::vector<T> take();
  static void give(std::vector<T>&& vector);
};

struct ArrayBox final : Box {
  ArrayBox() : items(SpareVectors<Value>::take()) {}
  ~ArrayBox() override { SpareVectors<Value>::give(std::move(items)); }
  void clear() override { std::vector<Value>().swap(items); }
  std::vector<Value> items;
  uint32_t depth = 1;  // Nesting depth of boxed containers inside, for Limits::value_depth.
  bool sequence = false;
  bool keep_singleton = false;
  bool cons = false;
  bool outer_wrapper = false;
};

struct ObjectBox final : Box {
  using Member = std::pair<std::string, Value>;
  ObjectBox() : members(SpareVectors<Member>::take()) {}
  ~ObjectBox() override { SpareVectors<Member>::give(std::move(members)); }
  void clear() override { std::vector<Member>().swap(members); }
  std::vector<Member> members;
  uint32_t depth = 1;
  // Index of the member named key, or npos; linear for small objects.
  size_t find(std::string_view key) const;
  // Sets key (replacing its value in place, or appending).
  void set(std::string_view key, Value value);
  void erase(std::string_view key);
  static constexpr size_t npos = static_cast<size_t>(-1);
};

// A tuple of a path's tuple stream: the context item ('@') and the variables bound along the way
// (focus @$v, position #$i and parent labels).
struct Tuple {
  Value context;
  std::vector<std::pair<uint32_t, Value>> bindings;
  Value* find(uint32_t variable);
  void bind(uint32_t variable, Value value);
};
struct TupleBox final : Box {
  void clear() override { std::vector<Tuple>().swap(tuples); }
  std::vector<Tuple> tuples;
};

inline std::string_view Value::as_string() const {
  // A signature lets undefined through where a string is expected; JavaScript would coerce it.
  if (type_ != Type::string) return type_ == Type::null ? "null" : "undefined";
  if (rep_ == Rep::host) return bits_.host->get_ref<const std::string&>();
  return static_cast<const StringBox*>(bits_.box)->text;
}

inline Value Value::json(const Json& node) {
  Value v;
  switch (node.type()) {
    case Json::value_t::null: v.type_ = Type::null; return v;
    case Json::value_t::boolean: v.type_ = Type::boolean; v.bits_.boolean = node.get<bool>(); return v;
    case Json::value_t::number_integer:
      v.type_ = Type::number; v.bits_.number = static_cast<double>(node.get<int64_t>()); return v;
    case Json::value_t::number_unsigned:
      v.type_ = Type::number; v.bits_.number = static_cast<double>(node.get<uint64_t>()); return v;
    case Json::value_t::number_float: v.type_ = Type::number; v.bits_.number = node.get<double>(); return v;
    case Json::value_t::string: v.type_ = Type::string; break;
    case Json::value_t::array: v.type_ = Type::array; break;
    case Json::value_t::object: v.type_ = Type::object; break;
    default: v.type_ = Type::null; return v;
  }
  v.rep_ = Rep::host;
  v.bits_.host = &node;
  return v;
}

inline Value Value::box(Type type, Box* box) {
  Value v;
  v.type_ = type;
  v.rep_ = Rep::box;
  v.bits_.box = box;
  ++box->references;
  return v;
}

inline Value Value::string(std::string text) {
  return box(Type::string, new StringBox(std::move(text)));
}

inline Value Value::members(const HostMembers* members) {
  Value v;
  v.type_ = Type::object;
  v.rep_ = Rep::host_members;
  v.bits_.members = members;
  return v;
}

inline Value Value::builtin(const Builtin* builtin) {
  Value v;
  v.type_ = Type::function;
  v.rep_ = Rep::builtin;
  v.bits_.builtin = builtin;
  return v;
}

inline size_t Value::size() const {
  if (type_ != Type::array) return 0;
  if (rep_ == Rep::host) return bits_.host->size();
  return static_cast<const ArrayBox*>(bits_.box)->items.size();
}
inline Value Value::at(size_t index) const {
  WFSIM_ASSERT(type_ == Type::array && index < size());
  if (rep_ == Rep::host) return json((*bits_.host)[index]);
  return static_cast<const ArrayBox*>(bits_.box)->items[index];
}
inline bool Value::is_sequence() const { auto* a = array_box(); return a && a->sequence; }
inline bool Value::keep_singleton() const { auto* a = array_box(); return a && a->keep_singleton; }
inline bool Value::is_cons() const { auto* a = array_box(); return a && a->cons; }
inline bool Value::outer_wrapper() const { auto* a = array_box(); return a && a->outer_wrapper; }

// JavaScript lists an object's integer-like keys first, ascending; host JSON keeps its text
// order, so the (rare) objects with such keys are visited in JavaScript's order.
bool has_index_keys(const Json& object);
std::vector<const std::pair<const std::string, Json>*> javascript_key_order(const Json& object);

template <class F>
void Value::for_each_member(F&& f) const {
  if (rep_ == Rep::host) {
    if (has_index_keys(*bits_.host)) {
      for (const auto* member : javascript_key_order(*bits_.host))
        f(std::string_view(member->first), json(member->second));
      return;
    }
    for (const auto& member : bits_.host->get_ref<const Json::object_t&>())
      f(std::string_view(member.first), json(member.second));
  } else if (auto* object = object_box()) {
    for (const auto& [key, value] : object->members) f(std::string_view(key), value);
  } else if (rep_ == Rep::host_members) {
    for (size_t i = 0; i < bits_.members->size; ++i) {
      const auto& [key, member] = bits_.members->data[i];
      if (member != nullptr) f(key, json(*member));
    }
  }
}

// Boxed containers (ArrayBox/ObjectBox) of a fresh value.
struct NewArray {
  ArrayBox* box;
  Value value;
};
NewArray new_array(bool sequence = false);
inline Value* mutable_items(Value& array) { return array.array_box()->items.data(); }

}  // namespace wfsim::jsonata::detail
