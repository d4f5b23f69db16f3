// The Step Functions world's simulated S3 (sfn::S3Host): a Distributed Map's ItemReader reads
// and its ResultWriter writes the run's ObjectStore (filled from the scenario's s3_objects)
// after a latency drawn from the world's "s3" stream, as an s3_answer event that calls the
// engine back. The S3 faults are decided here when the request is made: s3_slow_read multiplies
// a read's latency; result_writer_failure makes a write fail (States.ResultWriterFailed).
//
// Not here: parsing objects and writing files (sim/s3), resolving the reader and writer fields
// (the engine), the fault kinds' table and rates (fault_kinds.cpp, faults.cpp).
#include "world/sfn_world.h"

namespace wfsim::world::detail {
namespace {

// S3's normal answer time for one request: 50 to 250 ms (wfsim's choice; docs/world.md).
constexpr int64_t kMinLatencyUs = 50'000;
constexpr int64_t kMaxLatencyUs = 250'000;
// S3 faults are decided for the store, not for a worker: their target and pool are "s3".
constexpr FaultTarget kS3Target{"s3", "s3"};

}  // namespace

uint32_t SfnWorld::schedule_s3_answer(S3Request request, Duration latency) {
  uint32_t index = 0;
  if (!free_s3_requests_.empty()) {
    index = free_s3_requests_.back();
    free_s3_requests_.pop_back();
    s3_requests_[index] = std::move(request);
  } else {
    index = static_cast<uint32_t>(s3_requests_.size());
    s3_requests_.push_back(std::move(request));
  }
  scheduler_.after(latency, Event{EventKind::s3_answer, index, 0});
  return index;
}

void SfnWorld::read_items(sfn::S3Ticket ticket, const s3::ReadRequest& request) {
  const Duration latency =
      Duration::microseconds(s3_latency_.uniform_in(kMinLatencyUs, kMaxLatencyUs));
  S3Request pending;
  pending.ticket = ticket;
  pending.read = request;
  ++s3_reads_;
  Duration slow;
  if (faults_.may_fire(FaultKind::s3_slow_read)) {
    if (const FaultFiring* f =
            faults_.decide(FaultKind::s3_slow_read, kS3Target, s3_reads_, now())) {
      slow = f->length;
      if (tracing()) note("s3_slow_read_us", f->length.us());
    }
  }
  schedule_s3_answer(std::move(pending), latency + slow);
}

void SfnWorld::write_results(sfn::S3Ticket ticket, const s3::WriteRequest& request,
                             std::vector<s3::ChildResult> children) {
  const Duration latency =
      Duration::microseconds(s3_latency_.uniform_in(kMinLatencyUs, kMaxLatencyUs));
  S3Request pending;
  pending.ticket = ticket;
  pending.write = true;
  pending.write_request = request;
  pending.children = std::move(children);
  ++s3_writes_;
  if (faults_.may_fire(FaultKind::result_writer_failure)) {
    if (faults_.decide(FaultKind::result_writer_failure, kS3Target, s3_writes_, now())) {
      // As S3 refuses a write the role may not make (DMAP-10.2: permissions, another account).
      pending.injected_failure =
          "Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied) "
          "[injected by wfsim: result_writer_failure]";
    }
  }
  schedule_s3_answer(std::move(pending), latency);
}

void SfnWorld::s3_answer(uint32_t index) {
  WFSIM_ASSERT(index < s3_requests_.size());
  S3Request request = std::move(s3_requests_[index]);
  s3_requests_[index] = S3Request{};
  free_s3_requests_.push_back(index);
  if (!request.write) {
    engine_.on_items_read(now(), request.ticket, s3::read_items(s3_store_, request.read));
  } else {
    s3::WriteOutcome outcome;
    if (request.injected_failure) {
      outcome.failure_cause = std::move(request.injected_failure);
    } else {
      request.write_request.now = now();
      outcome = s3::write_results(s3_store_, request.write_request, request.children);
    }
    engine_.on_results_written(now(), request.ticket, std::move(outcome));
  }
  flush();
}

}  // namespace wfsim::world::detail
