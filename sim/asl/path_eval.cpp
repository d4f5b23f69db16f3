// JSONPath evaluation: find() walks a definite path without allocating; select() gathers every
// match of an indefinite path (wildcards, slices, unions, filters, recursive descent) in document
// order. Nothing here recurses over the document, so a deep document cannot exhaust the stack.
//
// Filters follow Jayway JsonPath, which Step Functions uses: on an array a filter tests each
// element, on an object it tests the object itself; "$" in a filter is the document select() was
// given and "$name" a workflow variable. A last ['a','b'] step merges those members into one
// object, as Jayway does. Unlike Jayway, a ".." step yields each node once even when the nodes
// it starts from are nested in one another.
#include <algorithm>
#include <unordered_set>

#include "asl/json_util.h"
#include "asl/path.h"
#include "asl/path_step.h"
#include "core/assert.h"

namespace wfsim::asl {
namespace {

using Step = JsonPath::Step;
using Kind = JsonPath::Step::Kind;
using Nodes = std::vector<const Json*>;
__extension__ typedef __int128 int128;

const Json* child_by_name(const Json& node, const std::string& name) {
  if (!node.is_object()) return nullptr;
  const auto it = node.find(name);
  return it == node.end() ? nullptr : &*it;
}

const Json* child_by_index(const Json& node, int64_t index) {
  if (!node.is_array()) return nullptr;
  const auto size = static_cast<int64_t>(node.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) return nullptr;
  return &node[static_cast<size_t>(index)];
}

// What a filter may read besides the element it tests.
struct FilterScope {
  const Json& root;
  const Json* variables;
};

const Json* follow(const Json* at, const std::vector<detail::RelativeStep>& steps) {
  for (const auto& step : steps) {
    if (at == nullptr) return nullptr;
    at = step.is_index ? child_by_index(*at, step.index) : child_by_name(*at, step.name);
  }
  return at;
}

const Json* resolve_operand(const Json& element, const detail::FilterOperand& operand,
                            const FilterScope& scope) {
  using OperandKind = detail::FilterOperand::Kind;
  switch (operand.kind) {
    case OperandKind::literal: return &operand.literal;
    case OperandKind::current: return follow(&element, operand.steps);
    case OperandKind::root: return follow(&scope.root, operand.steps);
    case OperandKind::variable:
      if (scope.variables == nullptr) return nullptr;
      return follow(child_by_name(*scope.variables, operand.variable), operand.steps);
  }
  WFSIM_UNREACHABLE("unknown filter operand kind");
}

// Orders two values of the same kind (numbers, or strings byte-wise); nullopt otherwise.
std::optional<int> order_of(const Json& left, const Json& right) {
  if (left.is_number() && right.is_number()) return detail::compare_numbers(left, right);
  if (left.is_string() && right.is_string()) {
    const int c = left.get_ref<const std::string&>().compare(right.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool list_holds(const Json& list, const Json& value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const Json& item) { return detail::json_equal(item, value); });
}

// An absent operand makes every comparison false, "!=" and "nin" included.
bool compare_holds(const detail::FilterNode& node, const Json& left, const Json& right) {
  using Op = detail::FilterNode::Op;
  switch (node.op) {
    case Op::eq: return detail::json_equal(left, right);
    case Op::ne: return !detail::json_equal(left, right);
    case Op::in: return right.is_array() && list_holds(right, left);
    case Op::nin: return right.is_array() && !list_holds(right, left);
    default: break;
  }
  const auto order = order_of(left, right);
  if (!order) return false;
  switch (node.op) {
    case Op::lt: return *order < 0;
    case Op::le: return *order <= 0;
    case Op::gt: return *order > 0;
    case Op::ge: return *order >= 0;
    default: return false;
  }
}

// Recurses over the expression only, whose depth the parser bounds (kMaxFilterNesting).
bool node_holds(const detail::Filter& filter, uint32_t index, const Json& element,
                const FilterScope& scope) {
  using NodeKind = detail::FilterNode::Kind;
  const detail::FilterNode& node = filter.nodes[index];
  switch (node.kind) {
    case NodeKind::exists: return resolve_operand(element, node.left, scope) != nullptr;
    case NodeKind::compare: {
      const Json* left = resolve_operand(element, node.left, scope);
      const Json* right = resolve_operand(element, node.right, scope);
      return left != nullptr && right != nullptr && compare_holds(node, *left, *right);
    }
    case NodeKind::negate: return !node_holds(filter, node.children[0], element, scope);
    case NodeKind::all_of:
      return std::all_of(node.children.begin(), node.children.end(), [&](uint32_t child) {
        return node_holds(filter, child, element, scope);
      });
    case NodeKind::any_of:
      return std::any_of(node.children.begin(), node.children.end(), [&](uint32_t child) {
        return node_holds(filter, child, element, scope);
      });
  }
  WFSIM_UNREACHABLE("unknown filter node kind");
}

bool filter_accepts(const Json& element, const detail::Filter& filter, const FilterScope& scope) {
  return node_holds(filter, filter.root, element, scope);
}

// Python slice semantics over an array of `size` elements.
void add_slice(const Json& node, const Step& step, Nodes& out) {
  const auto size = static_cast<int128>(node.size());
  const int128 stride = step.step;
  auto bound = [&](std::optional<int64_t> given, int128 fallback, int128 low, int128 high) {
    if (!given) return fallback;
    int128 value = *given;
    if (value < 0) value += size;
    return std::clamp(value, low, high);
  };
  if (stride > 0) {
    const int128 begin = bound(step.start, 0, 0, size);
    const int128 end = bound(step.end, size, 0, size);
    for (int128 i = begin; i < end; i += stride) out.push_back(&node[static_cast<size_t>(i)]);
  } else {
    const int128 begin = bound(step.start, size - 1, -1, size - 1);
    const int128 end = bound(step.end, -1, -1, size - 1);
    for (int128 i = begin; i > end; i += stride) out.push_back(&node[static_cast<size_t>(i)]);
  }
}

// The node itself and all its descendants, in document (pre-)order. A node already `visited`
// by this step (a descendant of an earlier node) is skipped with its subtree, so chained
// descents ("$..a..b..c") stay linear in the document instead of growing with each "..".
void add_descendants(const Json& node, Nodes& out, std::unordered_set<const Json*>& visited) {
  Nodes pending{&node};
  while (!pending.empty()) {
    const Json* at = pending.back();
    pending.pop_back();
    if (!visited.insert(at).second) continue;
    out.push_back(at);
    if (at->is_structured()) {
      const size_t mark = pending.size();
      for (const Json& child : *at) pending.push_back(&child);
      std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(mark), pending.end());
    }
  }
}

void apply_step(const Json& node, const Step& step, const FilterScope& scope, Nodes& out,
                std::unordered_set<const Json*>& visited) {
  switch (step.kind) {
    case Kind::name:
      if (const Json* child = child_by_name(node, step.name)) out.push_back(child);
      break;
    case Kind::index:
      if (const Json* child = child_by_index(node, step.index)) out.push_back(child);
      break;
    case Kind::wildcard:
      if (node.is_structured()) {
        for (const Json& child : node) out.push_back(&child);
      }
      break;
    case Kind::slice:
      if (node.is_array()) add_slice(node, step, out);
      break;
    case Kind::names:
      for (const auto& name : step.names) {
        if (const Json* child = child_by_name(node, name)) out.push_back(child);
      }
      break;
    case Kind::indexes:
      for (const int64_t index : step.indexes) {
        if (const Json* child = child_by_index(node, index)) out.push_back(child);
      }
      break;
    case Kind::filter:
      if (node.is_array()) {
        for (const Json& item : node) {
          if (filter_accepts(item, *step.filter, scope)) out.push_back(&item);
        }
      } else if (node.is_object() && filter_accepts(node, *step.filter, scope)) {
        out.push_back(&node);
      }
      break;
    case Kind::descendants:
      add_descendants(node, out, visited);
      break;
  }
}

// Jayway's form of a name in a message: a backslash and a quote are escaped.
void append_quoted(std::string& out, const std::string& name) {
  out += '\'';
  for (const char ch : name) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '\'';
}

void append_step(std::string& out, const Step& step) {
  switch (step.kind) {
    case Kind::name: out += '['; append_quoted(out, step.name); out += ']'; break;
    case Kind::index: out += '[' + std::to_string(step.index) + ']'; break;
    case Kind::wildcard: out += "[*]"; break;
    case Kind::slice:
      out += '[';
      if (step.start) out += std::to_string(*step.start);
      out += ':';
      if (step.end) out += std::to_string(*step.end);
      if (step.step != 1) out += ':' + std::to_string(step.step);
      out += ']';
      break;
    case Kind::names:
      out += '[';
      for (size_t i = 0; i < step.names.size(); ++i) {
        if (i > 0) out += ',';
        append_quoted(out, step.names[i]);
      }
      out += ']';
      break;
    case Kind::indexes:
      out += '[';
      for (size_t i = 0; i < step.indexes.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(step.indexes[i]);
      }
      out += ']';
      break;
    case Kind::filter: out += "[?]"; break;
    case Kind::descendants: out += ".."; break;
  }
}

bool is_node_step(const Step& step) { return step.kind == Kind::name || step.kind == Kind::index; }

// A last multi-name step merges the listed members of an object into a new object, as Jayway
// does for a leaf ['a','b']: members the object lacks are left out.
Json merged_members(const Json& object, const std::vector<std::string>& names) {
  Json out = Json::object();
  for (const std::string& name : names) {
    const Json* member = child_by_name(object, name);
    if (member != nullptr && out.find(name) == out.end()) {
      detail::append_new_key(out, name, *member);
    }
  }
  return out;
}

void add_unique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

const std::vector<JsonPath::Step>& JsonPath::steps() const {
  static const std::vector<Step> kNone;
  return steps_ ? *steps_ : kNone;
}

bool JsonPath::is_root() const { return steps().empty() && variable_.empty(); }

bool JsonPath::is_definite() const {
  return std::all_of(steps().begin(), steps().end(), is_node_step);
}

bool JsonPath::yields_one_value() const {
  const auto& all = steps();
  if (!all.empty() && all.back().kind == Kind::names) {
    return std::all_of(all.begin(), all.end() - 1, is_node_step);
  }
  return is_definite();
}

bool JsonPath::is_reference_path() const {
  return std::all_of(steps().begin(), steps().end(), [](const Step& step) {
    return step.kind == Kind::name || (step.kind == Kind::index && step.index >= 0);
  });
}

std::vector<std::string> JsonPath::variable_references() const {
  std::vector<std::string> names;
  if (!variable_.empty()) names.push_back(variable_);
  for (const Step& step : steps()) {
    if (step.kind != Kind::filter) continue;
    for (const detail::FilterNode& node : step.filter->nodes) {
      for (const auto* operand : {&node.left, &node.right}) {
        if (operand->kind == detail::FilterOperand::Kind::variable) {
          add_unique(names, operand->variable);
        }
      }
    }
  }
  return names;
}

const Json* JsonPath::find(const Json& root) const {
  WFSIM_ASSERT_MSG(is_definite(), "JsonPath::find on the indefinite path " + text_);
  const Json* node = &root;
  for (const Step& step : steps()) {
    node = step.kind == Kind::name ? child_by_name(*node, step.name)
                                   : child_by_index(*node, step.index);
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::optional<Json> JsonPath::select(const Json& root, const Json* variables) const {
  if (is_definite()) {
    const Json* node = find(root);
    if (node == nullptr) return std::nullopt;
    return *node;
  }
  const auto& all = steps();
  const bool merge_last = all.back().kind == Kind::names;
  if (merge_last && yields_one_value()) {
    const Json* node = &root;
    for (size_t i = 0; i + 1 < all.size() && node != nullptr; ++i) {
      node = all[i].kind == Kind::name ? child_by_name(*node, all[i].name)
                                       : child_by_index(*node, all[i].index);
    }
    // Jayway reports a definite path that reaches no object as "no results".
    if (node == nullptr || !node->is_object()) return std::nullopt;
    return merged_members(*node, all.back().names);
  }
  const FilterScope scope{root, variables};
  Nodes current{&root};
  Nodes next;
  std::unordered_set<const Json*> visited;  // Probed only; its order never reaches the output.
  const size_t walked = merge_last ? all.size() - 1 : all.size();
  for (size_t i = 0; i < walked; ++i) {
    next.clear();
    visited.clear();
    for (const Json* node : current) apply_step(*node, all[i], scope, next, visited);
    std::swap(current, next);
  }
  Json matches = Json::array();
  for (const Json* node : current) {
    if (!merge_last) {
      matches.push_back(*node);
    } else if (node->is_object()) {
      matches.push_back(merged_members(*node, all.back().names));
    }
  }
  return matches;
}

std::string JsonPath::normalized_text() const {
  std::string out = context_ ? "$$" : "$" + variable_;
  for (const Step& step : steps()) append_step(out, step);
  return out;
}

}  // namespace wfsim::asl
