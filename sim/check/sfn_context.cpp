// The Step Functions checker context (checks_internal.h): the record index built once, and the
// shared analyses (attempt clocks, the Retry/Catch replay) computed on first use.
#include "check/checks_internal.h"
#include "check/sfn_clocks.h"
#include "check/sfn_replay.h"
#include "core/assert.h"

namespace wfsim::check::sfn {

Context::Context(const Observation& observation) : record_(std::make_unique<Record>(observation)) {
  WFSIM_ASSERT_MSG(!observation.temporal, "a Step Functions context reads a Step Functions record");
}

Context::~Context() = default;

const std::vector<AttemptClocks>& Context::clocks() {
  if (!clocks_) {
    clocks_ = std::make_unique<std::vector<AttemptClocks>>();
    for (const Attempt& a : record_->attempts) clocks_->push_back(attempt_clocks(*record_, a));
  }
  WFSIM_ASSERT_MSG(clocks_->size() == record_->attempts.size(), "one set of clocks per attempt");
  return *clocks_;
}

const std::vector<Problem>& Context::replay_problems() {
  if (!replay_) replay_ = replay_retries(*record_, clocks());
  return *replay_;
}

void report_record_problems(Context& context, Findings& findings) {
  for (const Problem& p : context.record().problems) {
    if (p.invariant == findings.invariant()) findings.add(p.event_id, 0, p.message);
  }
}

void report_replay_problems(Context& context, Findings& findings) {
  for (const Problem& p : context.replay_problems()) {
    if (p.invariant == findings.invariant()) findings.add(p.event_id, 0, p.message);
  }
}

}  // namespace wfsim::check::sfn
