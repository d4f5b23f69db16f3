// Step Functions invariant 16: a redrive never re-runs a step that succeeded (SFN-3.5, 3.6). After
// each ExecutionRedriven, every thread resumes at the state where it stopped (the top level at its
// last visit before the redrive), and a resumed Parallel or Map reruns only the branches and
// iterations that failed or were aborted, each from where it stopped, unless the state failed
// with States.DataLimitExceeded, after which all of it reruns.
#include <fmt/format.h>

#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {
namespace {

bool thread_succeeded(const Record& r, const Thread& t) {
  if (t.kind == ThreadKind::iteration) {
    return t.iteration_end != 0 &&
           r.event(t.iteration_end).type == EventType::MapIterationSucceeded;
  }
  if (t.visits.empty()) return false;
  const Visit& v = r.visits[static_cast<size_t>(t.visits.back())];
  return v.exited != 0 && v.state != nullptr &&
         (v.state->end || v.state->type == asl::StateType::Succeed);
}

class RerunCheck {
 public:
  RerunCheck(const Record& r, Findings& findings) : r_(r), findings_(findings) {}

  void run() {
    if (!r_.usable) return;
    for (size_t s = 1; s < r_.segments.size(); ++s) {
      segment_ = static_cast<int>(s);
      const int64_t before = r_.segments[s - 1].terminal;
      data_limit_ = before != 0 && r_.event(before).error ==
                                       std::optional<std::string>("States.DataLimitExceeded");
      const Thread& root = r_.threads[0];
      int pre = -1;
      int post = -1;
      for (const int v : root.visits) {
        const int seg = r_.visits[static_cast<size_t>(v)].segment;
        if (seg < segment_) pre = v;
        if (seg == segment_ && post < 0) post = v;
      }
      compare(pre, post, "the top level", 0);
    }
  }

 private:
  const Record& r_;
  Findings& findings_;
  int segment_ = 0;
  bool data_limit_ = false;

  std::string exited_before(std::string_view scope_key, std::string_view name) const {
    for (const Visit& v : r_.visits) {
      if (v.segment < segment_ && v.exited != 0 && v.name == name &&
          r_.threads[static_cast<size_t>(v.thread)].key == scope_key) {
        return fmt::format("; '{}' had succeeded before (exited at event {})", name, v.exited);
      }
    }
    return {};
  }

  void compare(int pre, int post, const std::string& scope, int depth) {
    if (pre < 0 || post < 0 || depth > 64) return;
    const Visit& a = r_.visits[static_cast<size_t>(pre)];
    const Visit& b = r_.visits[static_cast<size_t>(post)];
    if (a.name != b.name) {
      const std::string& key = r_.threads[static_cast<size_t>(b.thread)].key;
      findings_.add(b.entered, 0,
                    fmt::format("after redrive {}, {} resumed at '{}' instead of '{}', where it "
                                "stopped{}",
                                segment_, scope, b.name, a.name, exited_before(key, b.name)));
      return;
    }
    if (a.runs.empty() || b.runs.empty() || data_limit_) return;
    const Run& old_run = r_.runs[static_cast<size_t>(a.runs.back())];
    const Run& new_run = r_.runs[static_cast<size_t>(b.runs.front())];
    for (const int c : new_run.children) {
      const Thread& fresh = r_.threads[static_cast<size_t>(c)];
      for (const int p : old_run.children) {
        const Thread& old = r_.threads[static_cast<size_t>(p)];
        if (old.key != fresh.key) continue;
        if (thread_succeeded(r_, old)) {
          findings_.add(fresh.events.empty() ? b.entered : fresh.events.front(), 0,
                        fmt::format("after redrive {}, '{}' re-ran {} {}, which had succeeded "
                                    "(its last event was {}); only failed or aborted branches "
                                    "and iterations run again",
                                    segment_, b.name,
                                    fresh.kind == ThreadKind::iteration ? "iteration" : "branch",
                                    fresh.key, old.events.empty() ? 0 : old.events.back()));
        } else if (!old.visits.empty() && !fresh.visits.empty()) {
          compare(old.visits.back(), fresh.visits.front(), fresh.key, depth + 1);
        }
        break;
      }
    }
  }
};

}  // namespace

void check_redrive_no_rerun_of_succeeded(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnRedriveNoRerunOfSucceeded,
                   "the registry pairs each checker with its own invariant");
  RerunCheck(context.record(), findings).run();
}

}  // namespace wfsim::check::sfn
