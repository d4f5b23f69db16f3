// Internal state of a Distributed Map's Map Run (include only from sfn_*.cpp): its children
// (each item or batch, DMAP-1.3, 4.1), their status, and the counters DescribeMapRun reports
// (DMAP-11.1). Children are real executions of the engine, linked back by Execution::map_run.
//
// Map Runs are never freed: DescribeMapRun answers for closed runs too, and a redrive resumes one.
// What a child keeps after it closes is bounded: its input, output or error, its execution id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asl/model.h"
#include "engine/sfn_state.h"
#include "s3/s3.h"

namespace wfsim::sfn {

enum class MapRunStatus : uint8_t { RUNNING, SUCCEEDED, FAILED, ABORTED };
const char* to_string(MapRunStatus status);

enum class MapChildStatus : uint8_t { pending, running, succeeded, failed, timed_out, aborted };
// A child's status as DescribeMapRun's counts and the child records name it (DMAP-8.5).
const char* to_string(MapChildStatus status);

struct MapRunChild {
  Id execution = kNone;  // kNone until started (and after a succeeded child is released).
  std::string name;      // UUID-form, derived from the run and the index (DMAP-7.2).
  MapChildStatus status = MapChildStatus::pending;
  uint32_t first_item = 0;  // The items this child processes: [first_item, first_item + items).
  uint32_t items = 1;
  Document input;
  Document output;  // When succeeded.
  std::optional<std::string> error;
  std::optional<std::string> cause;
  Instant start_date;
  std::optional<Instant> stop_date;
  int64_t redrive_count = 0;
  // The Map Run's redrive count at each start of this child (kept with the histories only).
  std::vector<int64_t> started_in;
};

// DescribeMapRun's itemCounts / executionCounts (DMAP-11.1).
struct MapRunCounts {
  int64_t pending = 0;
  int64_t running = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t timed_out = 0;
  int64_t aborted = 0;
  int64_t total = 0;
  int64_t results_written = 0;
  int64_t failures_not_redrivable = 0;
  int64_t pending_redrive = 0;
  int64_t& of(MapChildStatus status);
};

// What a Map Run waits for from the host's simulated S3 (S3Host), if anything.
enum class MapRunS3 : uint8_t {
  idle,
  reading,          // The ItemReader's items (DMAP-2.4: after MapRunStarted).
  writing,          // The ResultWriter's files of a run that ends when they are written.
  writing_closed,   // The files of a run already failed or aborted (DMAP-10.4: PENDING files).
};

// One line of a Map Run's counter log (kept only with the children's histories): the counters
// after a change or at a Map Run event, so that a checker can add them up at every event.
struct MapRunLogEntry {
  int64_t event_id = 0;      // The parent event of a Map Run mark; 0 for other changes.
  std::string_view mark;     // "MapRunStarted", ..., "items" (read), "child" (one moved).
  MapRunCounts items;
  MapRunCounts executions;
  std::string children;      // MapRunRedriven: each child's status letter before the redrive.
};

struct MapRun {
  Id self = kNone;
  Id owner = kNone;      // The parent thread whose Map state this run belongs to.
  uint32_t owner_epoch = 0;
  Id execution = kNone;  // The parent execution.
  const asl::State* state = nullptr;
  std::shared_ptr<const asl::Definition> child_definition;  // The ItemProcessor as a machine.
  std::string arn;
  std::string id;                  // The last ARN segment.
  std::string child_machine_name;  // "<sm>/<Label>"
  std::string child_machine_arn;   // "arn:...:stateMachine:<sm>/<Label>"
  asl::ChildExecutionType type = asl::ChildExecutionType::standard;
  MapRunStatus status = MapRunStatus::RUNNING;
  std::vector<MapRunChild> children;
  uint32_t item_count = 0;
  Document items_read;  // The items as read (before ItemSelector and batching).
  // From the ItemReader, when it gives them (s3::ReadOutcome): each item's key ($$.Map.Item.Key)
  // and source object ($$.Map.Item.Source); empty otherwise.
  std::vector<std::string> item_keys;
  std::vector<std::string> item_sources;
  MapRunS3 s3 = MapRunS3::idle;
  uint32_t s3_sequence = 0;     // Of the latest S3Ticket; older answers are stale.
  bool results_pending_write = false;  // A closed run whose files wait for its open children.
  // The ResultWriter resolved when the run started (bucket absent: WriterConfig only), or why
  // it cannot write (the run's end then fails with States.ResultWriterFailed).
  std::optional<s3::WriteRequest> write_request;
  std::optional<std::string> writer_failure;
  MapRunCounts items;
  MapRunCounts executions;
  size_t next_to_start = 0;
  int64_t max_concurrency = 0;  // As configured; 0 runs up to kMaxMapRunChildren at once.
  std::optional<int64_t> tolerated_count;
  std::optional<double> tolerated_percentage;
  Document effective_input;  // The Map state's input after InputPath (ItemSelector's "$").
  Instant start_date;
  std::optional<Instant> stop_date;
  int64_t redrive_count = 0;
  std::optional<Instant> redrive_date;
  bool children_started = false;  // Some child started (a redrive then reuses the items).
  bool data_limit_exceeded = false;
  bool closed = false;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::vector<MapRunLogEntry> log;  // When the engine keeps the children's histories.
};

// A Map Run's MaxConcurrency and tolerated failures as resolved from their literal, *Path or
// JSONata form when the state starts (nullopt: not given, the literal in MapSpec applies).
struct MapRunLimits {
  std::optional<double> concurrency;
  std::optional<double> count;
  std::optional<double> percentage;
};

// The quota of concurrently running children of one Map Run (DMAP-5.1).
inline constexpr int64_t kMaxMapRunChildren = 10'000;

}  // namespace wfsim::sfn
