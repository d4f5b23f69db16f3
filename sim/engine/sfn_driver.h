// LocalDriver: runs the Step Functions engine on the core scheduler with scripted responders,
// without the simulated world. Engine tests, golden histories and the execution benchmarks use
// it; sim/world replaces it with workers, a network and faults.
//
// A responder is called for every task the engine delivers and may schedule actions (closures
// run at a virtual time) that answer it. Actions and timers are ordered FIFO at equal times.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "engine/sfn_engine.h"

namespace wfsim::sfn {

// An owned copy of a TaskDispatch (whose views point into the engine).
struct Delivery {
  DispatchKind kind;
  std::string execution_arn;
  std::string state_name;
  std::string resource;
  std::string token;
  Json payload;
  int64_t scheduled_event_id;
  uint32_t invocation;
  std::optional<int64_t> heartbeat_seconds;
  Instant at;
};

// The driver is also the engine's S3Host: a store of its own (put objects before the run),
// answering reads and writes after fixed latencies.
class LocalDriver final : public Host, public S3Host {
 public:
  using Action = std::function<void()>;
  using Responder = std::function<void(LocalDriver&, const Delivery&)>;

  explicit LocalDriver(EngineOptions options = {}, uint64_t seed = 1,
                       Instant start = kDefaultEpoch);

  Engine& engine() { return engine_; }
  Instant now() const { return scheduler_.now(); }

  void set_responder(Responder responder) { responder_ = std::move(responder); }
  // Runs `action` at virtual time `at` (not before now).
  void at(Instant at, Action action);
  void after(Duration delay, Action action) { at(now() + delay, std::move(action)); }

  // Runs until nothing is scheduled (or a run limit trips); returns why it stopped.
  StopReason run();
  // Runs every event up to and including `until`, then sets now to `until`.
  void run_until(Instant until);

  // Starts an execution of a definition given as JSON text; asserts it is valid.
  std::string start(const std::string& definition_json, const Json& input,
                    const std::string& name = "run");
  const std::vector<Delivery>& deliveries() const { return deliveries_; }
  uint64_t events_processed() const { return scheduler_.events_processed(); }

  // Host
  void arm_timer(TimerSlot slot, Instant at) override;
  void cancel_timer(TimerSlot slot) override;
  void dispatch(const TaskDispatch& task) override;
  S3Host* s3() override { return this; }

  // S3Host: the store is read (or written) when the answer is due, after the latency.
  void read_items(S3Ticket ticket, const s3::ReadRequest& request) override;
  void write_results(S3Ticket ticket, const s3::WriteRequest& request,
                     std::vector<s3::ChildResult> children) override;
  s3::ObjectStore& s3_store() { return s3_store_; }
  void set_s3_latency(Duration read, Duration write) {
    s3_read_latency_ = read;
    s3_write_latency_ = write;
  }
  // A test's fault: every write fails with this cause (States.ResultWriterFailed).
  void fail_s3_writes(std::optional<std::string> cause) { s3_write_failure_ = std::move(cause); }
  uint32_t s3_reads() const { return s3_reads_; }
  uint32_t s3_writes() const { return s3_writes_; }

  struct Event {
    bool is_timer = false;
    uint32_t index = 0;  // Timer slot or action slot.
    uint32_t digest_kind() const { return is_timer ? 1 : 2; }
    uint64_t digest_entity() const { return index; }
  };

 private:
  Scheduler<Event> scheduler_;
  Engine engine_;
  std::vector<Scheduler<Event>::Handle> timers_;
  std::vector<Action> actions_;
  std::vector<uint32_t> free_actions_;
  std::vector<Delivery> deliveries_;
  std::vector<Delivery> pending_;  // Delivered during an engine call; answered after it.
  Responder responder_;
  uint64_t started_ = 0;
  s3::ObjectStore s3_store_;
  Duration s3_read_latency_ = Duration::milliseconds(100);
  Duration s3_write_latency_ = Duration::milliseconds(100);
  std::optional<std::string> s3_write_failure_;
  uint32_t s3_reads_ = 0;
  uint32_t s3_writes_ = 0;
  void handle(const Event& event);
  void flush_pending();
};

}  // namespace wfsim::sfn
