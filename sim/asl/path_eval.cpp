// JSONPath evaluation: find() walks a definite path without allocating; select() gathers every
// match of an indefinite path (wildcards, slices, unions, filters, recursive descent) in document
// order. Nothing here recurses over the document, so a deep document cannot exhaust the stack.
//
// Filters follow Jayway JsonPath, which Step Functions uses: on an array a filter tests each
// element, on an object it tests the object itself. Unlike Jayway, a ".." step yields each node
// once even when the nodes it starts from are nested in one another.
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

const Json* resolve_operand(const Json& node, const std::vector<detail::RelativeStep>& operand) {
  const Json* at = &node;
  for (const auto& step : operand) {
    at = step.is_index ? child_by_index(*at, step.index) : child_by_name(*at, step.name);
    if (at == nullptr) return nullptr;
  }
  return at;
}

bool term_holds(const Json& node, const detail::FilterTerm& term) {
  using Op = detail::FilterTerm::Op;
  const Json* value = resolve_operand(node, term.operand);
  if (value == nullptr) return false;
  switch (term.op) {
    case Op::exists: return true;
    case Op::eq: return detail::json_equal(*value, term.literal);
    case Op::ne: return !detail::json_equal(*value, term.literal);
    default: break;
  }
  int order = 0;
  if (value->is_number() && term.literal.is_number()) {
    const auto compared = detail::compare_numbers(*value, term.literal);
    if (!compared) return false;
    order = *compared;
  } else if (value->is_string() && term.literal.is_string()) {
    const int c = value->get_ref<const std::string&>().compare(
        term.literal.get_ref<const std::string&>());
    order = c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else {
    return false;
  }
  switch (term.op) {
    case Op::lt: return order < 0;
    case Op::le: return order <= 0;
    case Op::gt: return order > 0;
    case Op::ge: return order >= 0;
    default: return false;
  }
}

bool filter_accepts(const Json& node, const detail::Filter& filter) {
  return std::any_of(filter.any_of.begin(), filter.any_of.end(), [&](const auto& all_of) {
    return std::all_of(all_of.begin(), all_of.end(),
                       [&](const auto& term) { return term_holds(node, term); });
  });
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

void apply_step(const Json& node, const Step& step, Nodes& out,
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
          if (filter_accepts(item, *step.filter)) out.push_back(&item);
        }
      } else if (node.is_object() && filter_accepts(node, *step.filter)) {
        out.push_back(&node);
      }
      break;
    case Kind::descendants:
      add_descendants(node, out, visited);
      break;
  }
}

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

}  // namespace

const std::vector<JsonPath::Step>& JsonPath::steps() const {
  static const std::vector<Step> kNone;
  return steps_ ? *steps_ : kNone;
}

bool JsonPath::is_root() const { return steps().empty(); }

bool JsonPath::is_definite() const {
  return std::all_of(steps().begin(), steps().end(), [](const Step& step) {
    return step.kind == Kind::name || step.kind == Kind::index;
  });
}

bool JsonPath::is_reference_path() const {
  return std::all_of(steps().begin(), steps().end(), [](const Step& step) {
    return step.kind == Kind::name || (step.kind == Kind::index && step.index >= 0);
  });
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

std::optional<Json> JsonPath::select(const Json& root) const {
  if (is_definite()) {
    const Json* node = find(root);
    if (node == nullptr) return std::nullopt;
    return *node;
  }
  Nodes current{&root};
  Nodes next;
  std::unordered_set<const Json*> visited;  // Probed only; its order never reaches the output.
  for (const Step& step : steps()) {
    next.clear();
    visited.clear();
    for (const Json* node : current) apply_step(*node, step, next, visited);
    std::swap(current, next);
  }
  Json matches = Json::array();
  for (const Json* node : current) matches.push_back(*node);
  return matches;
}

std::string JsonPath::normalized_text() const {
  std::string out = context_ ? "$$" : "$";
  for (const Step& step : steps()) append_step(out, step);
  return out;
}

}  // namespace wfsim::asl
