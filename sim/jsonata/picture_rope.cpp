// The insertion rope of picture_detail.h: an implicit treap of UTF-16 code units.
//
// jsonata-js inserts grouping separators one at a time with substr/slice; done the same way on a
// flat string, a long irregular picture would cost quadratic time. The treap keeps every insertion
// and prefix drop logarithmic. Priorities come from a fixed splitmix64 sequence, so the shape (and
// the cost) is the same on every run. Not here: where the separators go (the callers decide).
#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

struct Rope::Node {
  char16_t unit;
  uint64_t priority;
  Node* left = nullptr;
  Node* right = nullptr;
  int64_t size = 1;
};

namespace {

using Node = Rope::Node;

int64_t size_of(const Node* node) { return node == nullptr ? 0 : node->size; }

void update(Node* node) { node->size = 1 + size_of(node->left) + size_of(node->right); }

Node* merge(Node* left, Node* right) {
  if (left == nullptr) return right;
  if (right == nullptr) return left;
  if (left->priority > right->priority) {
    left->right = merge(left->right, right);
    update(left);
    return left;
  }
  right->left = merge(left, right->left);
  update(right);
  return right;
}

// Splits into the first `count` units and the rest.
void split(Node* node, int64_t count, Node*& left, Node*& right) {
  if (node == nullptr) {
    left = right = nullptr;
    return;
  }
  if (size_of(node->left) < count) {
    split(node->right, count - size_of(node->left) - 1, node->right, right);
    update(node);
    left = node;
  } else {
    split(node->left, count, left, node->left);
    update(node);
    right = node;
  }
}

uint64_t splitmix64(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ull;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

Rope::Rope(TextView text) { insert(0, text); }

Rope::~Rope() {
  for (Node* node : nodes_) delete node;
}

Rope::Node* Rope::make(char16_t unit) {
  auto* node = new Node{unit, splitmix64(next_priority_)};
  nodes_.push_back(node);
  return node;
}

int64_t Rope::size() const { return size_of(root_); }

void Rope::insert(int64_t index, TextView text) {
  WFSIM_ASSERT(index >= 0 && index <= size());
  Node* middle = nullptr;
  for (const char16_t unit : text) middle = merge(middle, make(unit));
  Node* left = nullptr;
  Node* right = nullptr;
  split(root_, index, left, right);
  const int64_t expected = size_of(left) + size_of(middle) + size_of(right);
  root_ = merge(merge(left, middle), right);
  WFSIM_ASSERT(size_of(root_) == expected);
}

void Rope::drop_prefix(int64_t count) {
  WFSIM_ASSERT(count >= 0 && count <= size());
  Node* dropped = nullptr;
  Node* kept = nullptr;
  split(root_, count, dropped, kept);
  root_ = kept;  // The dropped nodes stay owned by nodes_ until destruction.
}

Text Rope::str() const {
  Text out;
  out.reserve(static_cast<size_t>(size()));
  std::vector<const Node*> stack;
  const Node* node = root_;
  while (node != nullptr || !stack.empty()) {
    while (node != nullptr) {
      stack.push_back(node);
      node = node->left;
    }
    node = stack.back();
    stack.pop_back();
    out.push_back(node->unit);
    node = node->right;
  }
  WFSIM_ASSERT(static_cast<int64_t>(out.size()) == size());
  return out;
}

}  // namespace wfsim::jsonata::picture::detail
