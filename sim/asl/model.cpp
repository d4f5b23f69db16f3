// Small queries over the compiled model (model.h): state type names, lookup by name, and the
// flattened list of every state. Building the model is definition.cpp's job.
#include "asl/model.h"

namespace wfsim::asl {
namespace {

void collect(const StateMachine& machine, std::vector<const State*>& out) {
  for (const State& state : machine.states) {
    out.push_back(&state);
    if (state.parallel) {
      for (const auto& branch : state.parallel->branches) {
        if (branch) collect(*branch, out);
      }
    }
    if (state.map && state.map->processor) collect(*state.map->processor, out);
  }
}

}  // namespace

int StateMachine::find(const std::string& name) const {
  for (size_t i = 0; i < states.size(); ++i) {
    if (states[i].name == name) return static_cast<int>(i);
  }
  return kNoState;
}

// Nesting is bounded by ParseLimits::max_depth when the model is built, so recursion is safe.
std::vector<const State*> Definition::all_states() const {
  std::vector<const State*> out;
  collect(root, out);
  return out;
}

}  // namespace wfsim::asl
