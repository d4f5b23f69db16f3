// Deep recursion without deep native stacks: when one evaluation has used kSegmentBudget bytes of
// the stack it is running on, the rest of that subtree continues on a fresh segment (a separate
// stack switched to with swapcontext), and so on up to Limits::stack_bytes in all; past that the
// evaluation ends with U1001. So recursive JSONata functions reach thousands of levels (as in
// jsonata-js) while the host thread lends at most about twice kSegmentBudget of its own stack.
//
// Exceptions never unwind across a switch: the segment's entry function catches everything and
// the caller rethrows it after switching back.
#include <sys/mman.h>
#include <ucontext.h>

#include <exception>

#include "jsonata/eval.h"

namespace wfsim::jsonata::detail {
namespace {

constexpr size_t kSegmentBytes = size_t{1} << 20;
static_assert(kSegmentBudget < kSegmentBytes);

struct Continuation {
  Evaluator* evaluator;
  const Node* node;
  const Value* input;
  Frame* environment;
  Value result;
  std::exception_ptr error;
  ucontext_t caller;
};

void run_continuation(unsigned int high, unsigned int low) {
  auto* continuation = reinterpret_cast<Continuation*>((static_cast<uintptr_t>(high) << 32) | low);
  try {
    continuation->result = continuation->evaluator->evaluate(
        continuation->node, *continuation->input, continuation->environment);
  } catch (...) {
    continuation->error = std::current_exception();
  }
  // Returning resumes uc_link (the caller's context).
}

}  // namespace

Value Evaluator::evaluate_on_new_segment(const Node* node, const Value& input, Frame* environment) {
  if ((segments + 1) * kSegmentBytes > limits.stack_bytes) {
    EvalError error{"U1001"};
    error.message =
        "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting "
        "as tail-recursive.";
    throw error;
  }
  void* memory = mmap(nullptr, kSegmentBytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  struct Unmap {
    void* memory;
    ~Unmap() { munmap(memory, kSegmentBytes); }
  } unmap{memory};
  Continuation continuation{this, node, &input, environment, Value(), nullptr, {}};
  ucontext_t callee;
  getcontext(&callee);
  callee.uc_stack.ss_sp = memory;
  callee.uc_stack.ss_size = kSegmentBytes;
  callee.uc_link = &continuation.caller;
  const auto address = reinterpret_cast<uintptr_t>(&continuation);
  makecontext(&callee, reinterpret_cast<void (*)()>(run_continuation), 2,
              static_cast<unsigned int>(address >> 32), static_cast<unsigned int>(address));
  const uintptr_t saved_base = stack_base;
  stack_base = reinterpret_cast<uintptr_t>(memory) + kSegmentBytes;
  ++segments;
  swapcontext(&continuation.caller, &callee);
  --segments;
  stack_base = saved_base;
  if (continuation.error) std::rethrow_exception(continuation.error);
  return std::move(continuation.result);
}

}  // namespace wfsim::jsonata::detail
