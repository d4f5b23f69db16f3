// Timeline lanes of a Distributed Map's Map Runs (timeline_model.h): below the Map state's lane,
// one lane per Map Run (the run as a bar, its counts in the note), then one folded lane per
// child status (SUCCEEDED, FAILED, TIMED_OUT, ABORTED, RUNNING, PENDING) whose bars bucket the
// children by start time with a count each, then, unfolded, the children themselves (in folded
// pages of kMapRunPageSize for a large group), each a bar from its start to its stop linked to
// its own history. A 10,000-child run is a handful of rows until the reader unfolds a group.
//
// Everything comes from the run's Map Run records (world::RunResult::map_runs, "childRecords":
// what the Map Run keeps of each child even when its history was released); which child
// histories were kept is RunResult::child_histories. This file does not read the engine.
#include <algorithm>
#include <array>

#include "core/assert.h"
#include "report/timeline_model.h"

namespace wfsim::report::timeline {
namespace {

constexpr std::array<std::string_view, 6> kStatuses = {"SUCCEEDED", "FAILED", "TIMED_OUT",
                                                       "ABORTED", "RUNNING", "PENDING"};

// A child's or run's status as a bar outcome.
std::string outcome_of(std::string_view status) {
  if (status == "SUCCEEDED") return "succeeded";
  if (status == "FAILED") return "failed";
  if (status == "TIMED_OUT") return "timed_out";
  if (status == "ABORTED") return "aborted";
  return "open";
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

struct Child {
  size_t index = 0;
  const Json* record = nullptr;
  std::optional<int64_t> start_us;
  std::optional<int64_t> stop_us;
};

class MapRunLanes {
 public:
  MapRunLanes(const Source& source, Model& model, const Json& run, size_t number)
      : source_(source), model_(model), run_(run), number_(number) {}

  void build() {
    arn_ = text_field(run_, "mapRunArn");
    const size_t parent = parent_lane();
    const std::string id = arn_.substr(arn_.rfind(':') + 1);
    const size_t lane = model_.lane(LaneKind::map_run, "maprun:" + arn_,
                                    "Map Run " + id.substr(0, 8), parent,
                                    1'000'000 + static_cast<int64_t>(number_));
    model_.lanes[lane].title = arn_;
    start_us_ = time_of(run_, "startDate").value_or(0);
    end_us_ = time_of(run_, "stopDate").value_or(model_.end_us);
    Bar bar;
    bar.lane = lane;
    bar.kind = "maprun";
    bar.label = "Map Run";
    bar.start_us = start_us_;
    bar.refs.note = run_note();
    const size_t drawn = model_.add_bar(std::move(bar));
    if (run_.contains("stopDate")) {
      model_.close_bar(drawn, end_us_, outcome_of(text_field(run_, "status")));
    }
    read_children();
    const bool fold = children_.size() > kMapRunUnfolded;
    for (size_t s = 0; s < kStatuses.size(); ++s) group(lane, s, fold);
  }

 private:
  // The Map state's lane: where the parent history's MapRunStarted for this run is drawn.
  size_t parent_lane() const {
    for (const HistoryEvent& event : source_.result.history.events) {
      if (event.type != EventType::MapRunStarted || event.map_run_arn != arn_) continue;
      const auto place = model_.event_places.find(event.id);
      if (place != model_.event_places.end()) return place->second.lane;
    }
    return model_.lane(LaneKind::execution, "execution", "execution");
  }

  std::optional<int64_t> time_of(const Json& object, const char* key) const {
    const auto parsed = parse_iso8601(text_field(object, key));
    if (!parsed) return std::nullopt;
    return source_.offset_us(*parsed);
  }

  std::string run_note() const {
    std::string note = "Map Run " + arn_ + "\nstatus " + text_field(run_, "status");
    for (const char* counts : {"itemCounts", "executionCounts"}) {
      if (!run_.contains(counts) || !run_.at(counts).is_object()) continue;
      note += "\n" + std::string(counts) + ":";
      for (const char* key : {"total", "pending", "running", "succeeded", "failed", "timedOut",
                              "aborted"}) {
        note += " " + std::string(key) + " " +
                std::to_string(integer_field(run_.at(counts), key).value_or(0));
      }
    }
    if (const auto redrives = integer_field(run_, "redriveCount"); redrives && *redrives > 0) {
      note += "\nredriven " + std::to_string(*redrives) + " times";
    }
    return note;
  }

  void read_children() {
    const auto records = run_.find("childRecords");
    if (records == run_.end() || !records->is_array()) return;
    children_.reserve(records->size());
    for (size_t i = 0; i < records->size(); ++i) {
      const Json& record = (*records)[i];
      children_.push_back(Child{i, &record, time_of(record, "startDate"),
                                time_of(record, "stopDate")});
    }
  }

  // The folded lane of the children of status kStatuses[s], with its bucket bars.
  void group(size_t run_lane, size_t s, bool fold) {
    std::vector<const Child*> members;
    for (const Child& child : children_) {
      if (text_field(*child.record, "status") == kStatuses[s]) members.push_back(&child);
    }
    if (members.empty()) return;
    const std::string status(kStatuses[s]);
    const std::string key = "maprun:" + arn_ + "/" + status;
    const size_t lane = model_.lane(LaneKind::map_run_group, key,
                                    lower(status) + ": " + std::to_string(members.size()) +
                                        " of " + std::to_string(children_.size()),
                                    run_lane, static_cast<int64_t>(s));
    model_.lanes[lane].folded = fold;
    buckets(lane, status, members);
    if (members.size() <= kMapRunPageSize) {
      for (const Child* child : members) child_lane(lane, *child);
      return;
    }
    for (size_t first = 0; first < members.size(); first += kMapRunPageSize) {
      const size_t last = std::min(members.size(), first + kMapRunPageSize);
      const size_t page = model_.lane(
          LaneKind::map_run_page, key + "/" + std::to_string(first / kMapRunPageSize),
          "children " + std::to_string(first + 1) + "\u2013" + std::to_string(last),
          lane, static_cast<int64_t>(first));
      model_.lanes[page].folded = true;
      for (size_t i = first; i < last; ++i) child_lane(page, *members[i]);
    }
  }

  // One bar per time bucket with children of this status that started in it: from the first
  // start to the last stop among them, labelled with their count.
  void buckets(size_t lane, const std::string& status, const std::vector<const Child*>& members) {
    const int64_t width = std::max<int64_t>(1, (end_us_ - start_us_) / kMapRunBuckets + 1);
    std::map<int64_t, std::vector<const Child*>> by_bucket;
    for (const Child* child : members) {
      if (!child->start_us) continue;  // Never started: counted in the lane's label only.
      by_bucket[(*child->start_us - start_us_) / width].push_back(child);
    }
    for (const auto& [bucket, in_bucket] : by_bucket) {
      Bar bar;
      bar.lane = lane;
      bar.kind = "bucket";
      bar.label = std::to_string(in_bucket.size());
      bar.start_us = *in_bucket.front()->start_us;
      int64_t end = bar.start_us;
      for (const Child* child : in_bucket) {
        bar.start_us = std::min(bar.start_us, *child->start_us);
        end = std::max(end, child->stop_us.value_or(model_.end_us));
      }
      bar.refs.note = std::to_string(in_bucket.size()) + " child executions started in this " +
                      "interval, now " + status + " (children " +
                      std::to_string(in_bucket.front()->index) + " to " +
                      std::to_string(in_bucket.back()->index) + " in item order)";
      const size_t drawn = model_.add_bar(std::move(bar));
      model_.close_bar(drawn, end, outcome_of(status));
    }
  }

  void child_lane(size_t parent, const Child& child) {
    const Json& record = *child.record;
    const std::string arn = text_field(record, "executionArn");
    const std::string name = text_field(record, "name");
    const int64_t first = integer_field(record, "firstItem").value_or(0);
    const int64_t items = integer_field(record, "itemCount").value_or(1);
    std::string label = "#" + std::to_string(child.index) + " " + name.substr(0, 8);
    if (items > 1) {
      label += " (items " + std::to_string(first) + "\u2013" + std::to_string(first + items - 1) +
               ")";
    }
    const size_t lane = model_.lane(LaneKind::map_run_child, "maprun:" + arn_ + "/child" +
                                                                 std::to_string(child.index),
                                    label, parent, static_cast<int64_t>(child.index));
    model_.lanes[lane].title = arn;
    if (!child.start_us) return;  // Pending: no bar.
    const std::string status = text_field(record, "status");
    Bar bar;
    bar.lane = lane;
    bar.kind = "child";
    bar.label = lower(status);
    bar.start_us = *child.start_us;
    bar.refs.note = "child execution " + arn + "\nstatus " + status;
    if (const auto redrives = integer_field(record, "redriveCount"); redrives && *redrives > 0) {
      bar.refs.note += ", redriven " + std::to_string(*redrives) + " times";
    }
    if (record.contains("error")) bar.refs.note += "\nerror " + text_field(record, "error");
    if (source_.result.child_histories.contains(arn)) {
      bar.refs.child = arn;
    } else {
      bar.refs.note += "\nIts history was not kept (keep_map_run_child_histories is off, or the "
                       "run released it): status and times are the Map Run's record.";
    }
    const size_t drawn = model_.add_bar(std::move(bar));
    if (child.stop_us) model_.close_bar(drawn, *child.stop_us, outcome_of(status));
  }

  const Source& source_;
  Model& model_;
  const Json& run_;
  size_t number_;
  std::string arn_;
  int64_t start_us_ = 0;
  int64_t end_us_ = 0;
  std::vector<Child> children_;
};

}  // namespace

void add_map_run_lanes(const Source& source, Model& model) {
  for (size_t i = 0; i < source.result.map_runs.size(); ++i) {
    MapRunLanes(source, model, source.result.map_runs[i], i).build();
  }
}

std::vector<size_t> drawn_lanes(const Model& model, const std::vector<size_t>& unfolded) {
  std::vector<bool> open(model.lanes.size(), false);
  for (const size_t lane : unfolded) {
    WFSIM_ASSERT(lane < model.lanes.size());
    open[lane] = true;
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < model.lanes.size(); ++i) {
    bool drawn = true;
    for (size_t up = model.lanes[i].parent; up != kNoLane && drawn; up = model.lanes[up].parent) {
      drawn = !model.lanes[up].folded || open[up];
    }
    if (drawn) out.push_back(i);
  }
  return out;
}

}  // namespace wfsim::report::timeline
