// Step Functions engine: a Distributed Map's ItemReader and ResultWriter through the host's
// simulated S3 (engine/sfn_engine.h, S3Host). It resolves the reader (Parameters with ".$"
// fields, or JSONata Arguments; ReaderConfig with MaxItems / MaxItemsPath) and the writer
// (Bucket, Prefix, WriterConfig) against the Map state's effective input into s3::ReadRequest and
// s3::WriteRequest; asks the host to read after MapRunStarted (DMAP-2.4) and to write when the
// run ends (DMAP-10.3, 10.4); and turns the answers into the run's children, its result
// {MapRunArn, ResultWriterDetails}, or MapRunFailed with States.ItemReaderFailed /
// States.ResultWriterFailed.
//
// Not here: parsing objects and writing files (sim/s3), the latency and faults of S3 (the host,
// sim/world), starting children and ending runs (sfn_map_run.cpp, sfn_map_run_close.cpp).
#include "asl/data_flow.h"
#include "asl/intrinsic.h"
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

s3::InputType input_type_of(asl::ReaderInputType type) {
  switch (type) {
    case asl::ReaderInputType::json: return s3::InputType::json;
    case asl::ReaderInputType::jsonl: return s3::InputType::jsonl;
    case asl::ReaderInputType::csv: return s3::InputType::csv;
    case asl::ReaderInputType::manifest: return s3::InputType::manifest;
    case asl::ReaderInputType::parquet: return s3::InputType::parquet;
  }
  WFSIM_UNREACHABLE("a ReaderInputType outside its enumeration");
}

s3::ChildStatus child_status_of(MapChildStatus status) {
  switch (status) {
    case MapChildStatus::pending: return s3::ChildStatus::pending;
    case MapChildStatus::running: return s3::ChildStatus::aborted;  // Only when forced closed.
    case MapChildStatus::succeeded: return s3::ChildStatus::succeeded;
    case MapChildStatus::failed: return s3::ChildStatus::failed;
    case MapChildStatus::timed_out: return s3::ChildStatus::timed_out;
    case MapChildStatus::aborted: return s3::ChildStatus::aborted;
  }
  WFSIM_UNREACHABLE("a MapChildStatus outside its enumeration");
}

// A string field of the resolved Parameters / Arguments, or the reason it is not one.
struct StringField {
  std::string value;
  std::optional<std::string> problem;
};

StringField string_field(const Json& fields, const char* name, bool required) {
  const auto it = fields.is_object() ? fields.find(name) : fields.end();
  if (it == fields.end()) {
    if (!required) return {};
    return {{}, std::string("The field '") + name + "' is required but was missing"};
  }
  if (!it->is_string()) {
    return {{}, std::string("The field '") + name + "' must be a string, not " +
                    to_compact_text(*it)};
  }
  return {it->get<std::string>(), std::nullopt};
}

// The WriterConfig's part of a write request (DMAP-10.2): NONE when exporting to S3 without a
// Transformation, COMPACT without S3.
s3::WriteRequest writer_config(const asl::ResultWriterSpec& writer) {
  s3::WriteRequest request;
  request.transformation = writer.to_s3 ? s3::Transformation::none : s3::Transformation::compact;
  if (writer.transformation) {
    request.transformation = *writer.transformation == asl::WriterTransformation::flatten
                                 ? s3::Transformation::flatten
                             : *writer.transformation == asl::WriterTransformation::compact
                                 ? s3::Transformation::compact
                                 : s3::Transformation::none;
  }
  if (writer.output_type == asl::WriterOutputType::jsonl) {
    request.output_type = s3::OutputType::jsonl;
  }
  return request;
}

MapRunS3Plan stopped(Advance advance) {
  MapRunS3Plan plan;
  plan.stop = std::move(advance);
  return plan;
}

}  // namespace

// --- Resolution --------------------------------------------------------------------------------

std::variant<Json, Advance> Engine::State::resolve_s3_fields(
    Thread& t, const asl::State& s, const Json& input,
    const std::optional<asl::PayloadTemplate>& parameters,
    const std::optional<asl::JsonataTemplate>& arguments) {
  if (arguments) {
    auto value = query(t, *arguments, ExpectedType::any, nullptr, nullptr);
    if (auto* failure = std::get_if<QueryFailure>(&value)) {
      // A JSONata evaluation failure is the state's error: Retry and Catch apply.
      return handle_error(t.self, block_query_failed(t, s, *failure));
    }
    return std::move(std::get<Json>(value));
  }
  if (!parameters) return Json::object();
  Json context = context_object(execution_of(t), t, nullptr, nullptr, 0);
  auto value = parameters->evaluate(input, &context, execution_of(t).random, variables_of(t));
  if (!value.ok()) return Advance::fail(Failure::of(value.error()));
  return std::move(value).value();
}

std::variant<int64_t, Advance> Engine::State::resolve_max_items(Thread& t, const asl::State& s,
                                                                const Json& input) {
  const asl::NumberField& field = s.map->distributed->reader->max_items;
  if (const std::optional<int64_t> literal = field.literal_count()) return *literal;
  std::optional<Json> found;
  std::string shown_path;
  if (field.path) {
    const Json* root = asl::detail::path_root(*field.path, input, nullptr, variables_of(t));
    if (root != nullptr) found = field.path->select(*root, variables_of(t));
    shown_path = field.path->text();
  } else if (field.query) {
    auto value = query(t, *field.query, ExpectedType::any, nullptr, nullptr);
    if (auto* failure = std::get_if<QueryFailure>(&value)) {
      return handle_error(t.self, block_query_failed(t, s, *failure));
    }
    found = std::move(std::get<Json>(value));
    shown_path = "MaxItems";
  } else {
    return int64_t{0};
  }
  if (!found || !found->is_number_integer()) {
    // DMAP-2.13 (E8): a value that is no integer fails the execution before any Map Run.
    const std::string shown = !found ? "null" : found->is_string() ? found->get<std::string>()
                                                                   : found->dump();
    return Advance::fail(Failure::of(asl::StateError{
        asl::errors::kRuntime, "The MaxItemsPath field refers to value \"" + shown +
                                   "\" which is not a valid integer: " + shown_path}));
  }
  return found->get<int64_t>();
}

MapRunS3Plan Engine::State::plan_map_run_s3(Thread& t, const asl::State& s, const Json& input) {
  MapRunS3Plan plan;
  const asl::DistributedSpec& spec = *s.map->distributed;
  if (spec.reader) {
    const asl::ItemReaderSpec& reader = *spec.reader;
    auto fields = resolve_s3_fields(t, s, input, reader.parameters, reader.arguments);
    if (auto* stop = std::get_if<Advance>(&fields)) return stopped(std::move(*stop));
    auto max_items = resolve_max_items(t, s, input);
    if (auto* stop = std::get_if<Advance>(&max_items)) return stopped(std::move(*stop));
    s3::ReadRequest request;
    const bool listing = reader.resource == asl::ReaderResource::list_objects_v2;
    request.resource = listing ? s3::ReaderResource::list_objects_v2
                               : s3::ReaderResource::get_object;
    const Json& resolved = std::get<Json>(fields);
    auto bucket = string_field(resolved, "Bucket", true);
    auto key = string_field(resolved, listing ? "Prefix" : "Key", !listing);
    if (bucket.problem || key.problem) {
      plan.reader_failure = bucket.problem ? bucket.problem : key.problem;
    } else {
      request.bucket = bucket.value;
      (listing ? request.prefix : request.key) = key.value;
    }
    if (reader.input_type) request.input_type = input_type_of(*reader.input_type);
    request.csv_header_location = reader.csv_header_location == asl::CsvHeaderLocation::given
                                      ? s3::CsvHeaderLocation::given
                                      : s3::CsvHeaderLocation::first_row;
    request.csv_headers = reader.csv_headers;
    request.csv_delimiter = reader.csv_delimiter;
    const int64_t limit = std::get<int64_t>(max_items);
    if (limit < 0 && !plan.reader_failure) plan.reader_failure = "field MaxItems must be positive";
    request.max_items = std::max<int64_t>(limit, 0);
    request.items_pointer = reader.items_pointer;
    request.load_and_flatten = reader.load_and_flatten;
    request.json_object_files = options.item_reader_json_objects;
    if (reader.manifest_type) {
      request.manifest_type = *reader.manifest_type == asl::ManifestType::athena_data
                                  ? s3::ManifestType::athena_data
                                  : s3::ManifestType::s3_inventory;
    }
    plan.read = std::move(request);
  }
  if (spec.writer) {
    const asl::ResultWriterSpec& writer = *spec.writer;
    s3::WriteRequest request = writer_config(writer);
    if (writer.to_s3) {
      auto fields = resolve_s3_fields(t, s, input, writer.parameters, writer.arguments);
      if (auto* stop = std::get_if<Advance>(&fields)) return stopped(std::move(*stop));
      const Json& resolved = std::get<Json>(fields);
      auto bucket = string_field(resolved, "Bucket", true);
      auto prefix = string_field(resolved, "Prefix", false);
      if (bucket.problem || prefix.problem) {
        // The writer cannot write anywhere: the run's end fails with States.ResultWriterFailed.
        plan.writer_failure = bucket.problem ? bucket.problem : prefix.problem;
      } else {
        request.bucket = bucket.value;
        request.prefix = prefix.value;
      }
    }
    plan.write = std::move(request);
  }
  return plan;
}

// --- Reading -----------------------------------------------------------------------------------

S3Ticket Engine::State::next_s3_ticket(MapRun& run) {
  ++run.s3_sequence;
  return S3Ticket{run.self, run.s3_sequence};
}

void Engine::State::request_items(Id r, MapRunS3Plan& plan) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(!run.closed && run.s3 == MapRunS3::idle && plan.read.has_value());
  S3Host* s3_host = host.s3();
  if (plan.reader_failure || s3_host == nullptr) {
    fail_map_run(r, Failure{asl::errors::kItemReaderFailed,
                            plan.reader_failure.value_or(
                                "This host has no simulated S3 for the ItemReader to read"),
                            false, false});
    return;
  }
  run.s3 = MapRunS3::reading;
  const S3Ticket ticket = next_s3_ticket(run);
  in_host_call = true;
  s3_host->read_items(ticket, *plan.read);
  in_host_call = false;
}

void Engine::State::items_read(Id r, s3::ReadOutcome outcome) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(run.s3 == MapRunS3::reading && !run.closed);
  run.s3 = MapRunS3::idle;
  if (outcome.failure_cause) {  // DMAP-2.4: MapRunFailed, MapStateFailed, then Retry/Catch.
    fail_map_run(r, Failure{asl::errors::kItemReaderFailed, std::move(outcome.failure_cause),
                            false, false});
    return;
  }
  WFSIM_ASSERT(outcome.item_keys.empty() || outcome.item_keys.size() == outcome.items.size());
  WFSIM_ASSERT(outcome.item_sources.empty() ||
               outcome.item_sources.size() == outcome.items.size());
  run.item_keys = std::move(outcome.item_keys);
  run.item_sources = std::move(outcome.item_sources);
  Json items(Json::value_t::array);
  items.get_ref<Json::array_t&>() = std::move(outcome.items);
  if (auto failure = build_map_children(run, std::move(items))) {
    fail_map_run(r, std::move(*failure));
    return;
  }
  start_map_children(r);
}

void Engine::State::add_item_origin(const MapRun& run, size_t index, Json& context) const {
  if (run.item_keys.empty() && run.item_sources.empty()) return;
  Json& item = context["Map"]["Item"];
  if (index < run.item_keys.size()) item["Key"] = run.item_keys[index];
  if (index < run.item_sources.size()) item["Source"] = run.item_sources[index];
}

// --- Writing -----------------------------------------------------------------------------------

std::vector<s3::ChildResult> Engine::State::child_results(const MapRun& run) const {
  std::vector<s3::ChildResult> out;
  out.reserve(run.children.size());
  for (const MapRunChild& child : run.children) {
    s3::ChildResult result;
    result.status = child_status_of(child.status);
    if (child.status != MapChildStatus::pending) result.name = child.name;
    result.input = child.input;  // Shared, not copied: the write may come after a release.
    if (child.status == MapChildStatus::succeeded) result.output = child.output;
    result.error = child.error;
    result.cause = child.cause;
    result.start_date = child.start_date;
    result.stop_date = child.stop_date;
    result.redrive_count = child.redrive_count;
    out.push_back(std::move(result));
  }
  return out;
}

s3::WriteRequest Engine::State::write_request_of(const MapRun& run) const {
  WFSIM_ASSERT(run.write_request.has_value());
  s3::WriteRequest request = *run.write_request;
  request.map_run_arn = run.arn;
  request.map_run_id = run.id;
  request.child_execution_arn_prefix = execution_prefix + run.child_machine_name + ":";
  request.child_state_machine_arn = run.child_machine_arn;
  request.now = now;
  return request;
}

bool Engine::State::writes_to_s3(const MapRun& run) const {
  return run.write_request && run.write_request->bucket.has_value();
}

void Engine::State::write_map_results(Id r) {
  MapRun& run = map_runs[r];
  const s3::WriteRequest request = write_request_of(run);
  if (!run.closed) run.s3 = MapRunS3::writing;
  else run.s3 = MapRunS3::writing_closed;
  run.results_pending_write = false;
  S3Host* s3_host = host.s3();
  const S3Ticket ticket = next_s3_ticket(run);
  if (s3_host == nullptr) {
    // No S3: the write cannot happen. An open run fails now; a closed one writes nothing.
    if (run.s3 == MapRunS3::writing) {
      results_written(r, s3::WriteOutcome{
                             std::nullopt, "This host has no simulated S3 to write results to"});
    } else {
      run.s3 = MapRunS3::idle;
    }
    return;
  }
  in_host_call = true;
  s3_host->write_results(ticket, request, child_results(run));
  in_host_call = false;
}

bool Engine::State::end_with_result_writer(Id r) {
  MapRun& run = map_runs[r];
  if (!run.write_request) return false;
  if (run.writer_failure) {
    fail_map_run(r, Failure{asl::errors::kResultWriterFailed, *run.writer_failure, false, false});
    return true;
  }
  if (writes_to_s3(run)) {
    write_map_results(r);  // finish_map_run_with() follows the host's answer.
    return true;
  }
  // WriterConfig alone (DMAP-10.2): the state output formatted, no S3.
  s3::ObjectStore unused;
  s3::WriteOutcome outcome = s3::write_results(unused, write_request_of(run), child_results(run));
  if (outcome.failure_cause || !outcome.state_result) {
    fail_map_run(r, Failure{asl::errors::kResultWriterFailed,
                            outcome.failure_cause.value_or("no result"), false, false});
    return true;
  }
  if (!compact_text_fits(*outcome.state_result, kMaxPayloadBytes)) {  // DMAP-10.1.
    fail_map_run(r, data_limit_failure(*run.state));
    return true;
  }
  finish_map_run_with(r, make_document(std::move(*outcome.state_result)));
  return true;
}

void Engine::State::map_run_closed_s3(Id r) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(run.closed);
  switch (run.s3) {
    case MapRunS3::reading: forget_s3_requests(run); return;  // Aborted while reading.
    case MapRunS3::writing: run.s3 = MapRunS3::writing_closed; return;  // Its files stand.
    case MapRunS3::writing_closed: return;
    case MapRunS3::idle: break;
  }
  if (!writes_to_s3(run) || run.writer_failure || run.children.empty()) return;
  if (run.error == asl::errors::kItemReaderFailed ||
      run.error == asl::errors::kResultWriterFailed) {
    return;
  }
  run.results_pending_write = true;
  // Standard children aborted with the run, and Express ones running on (DMAP-8.3), are written
  // once they closed (map_child_closed): the run outlives its state to write them (DMAP-12.5).
  if (run.executions.running == 0) write_map_results(r);
}

void Engine::State::results_written(Id r, s3::WriteOutcome outcome) {
  MapRun& run = map_runs[r];
  const bool open = run.s3 == MapRunS3::writing;
  WFSIM_ASSERT(open == !run.closed);
  run.s3 = MapRunS3::idle;
  if (outcome.failure_cause || !outcome.state_result) {
    if (!open) return;  // The run already failed with its own error.
    fail_map_run(r, Failure{asl::errors::kResultWriterFailed,
                            outcome.failure_cause.value_or("The result writer wrote nothing"),
                            false, false});
    return;
  }
  run.items.results_written = run.items.succeeded;
  run.executions.results_written = run.executions.succeeded;
  if (open) finish_map_run_with(r, make_document(std::move(*outcome.state_result)));
}

void Engine::State::forget_s3_requests(MapRun& run) {
  ++run.s3_sequence;  // Answers still on their way are stale now.
  run.s3 = MapRunS3::idle;
  run.results_pending_write = false;
}

// --- Engine entry points -----------------------------------------------------------------------

namespace {

MapRun* open_request(std::deque<MapRun>& runs, S3Ticket ticket, MapRunS3 expected) {
  if (ticket.map_run >= runs.size()) return nullptr;
  MapRun& run = runs[ticket.map_run];
  if (run.s3_sequence != ticket.sequence || run.s3 != expected) return nullptr;
  return &run;
}

}  // namespace

void Engine::on_items_read(Instant now, S3Ticket ticket, s3::ReadOutcome outcome) {
  State& s = *state_;
  s.set_now(now);
  MapRun* run = open_request(s.map_runs, ticket, MapRunS3::reading);
  if (run == nullptr || run->closed || !s.executions[run->execution].running()) return;
  s.items_read(run->self, std::move(outcome));
}

void Engine::on_results_written(Instant now, S3Ticket ticket, s3::WriteOutcome outcome) {
  State& s = *state_;
  s.set_now(now);
  MapRun* run = open_request(s.map_runs, ticket, MapRunS3::writing);
  if (run == nullptr) run = open_request(s.map_runs, ticket, MapRunS3::writing_closed);
  if (run == nullptr) return;
  if (run->s3 == MapRunS3::writing &&
      (run->closed || !s.executions[run->execution].running())) {
    return;
  }
  s.results_written(run->self, std::move(outcome));
}

}  // namespace wfsim::sfn
