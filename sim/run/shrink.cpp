// The capsule shrinker's search; see shrink.h.
//
// Candidates are edited as JSON (the self-contained scenario) and re-loaded by the caller, so an
// edit the loader would reject simply counts as "does not fail"; no edit needs to know more about
// the scenario format than where durations, workers and input live.
#include "run/shrink.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "asl/problem.h"

namespace wfsim::run {
namespace {

using Pointer = Json::json_pointer;

std::string segment(const std::string& key) {
  std::string out = "/";
  return out.append(asl::pointer_segment(key));
}

// A JSON number halved: integers stay integers when even; 0 when below a millisecond.
std::optional<Json> halved_number(const Json& value) {
  if (!value.is_number()) return std::nullopt;
  const double real = value.get<double>();
  if (!(real >= 0.001)) return std::nullopt;
  if (value.is_number_integer() && value.get<int64_t>() % 2 == 0) {
    return Json(value.get<int64_t>() / 2);
  }
  return Json(real / 2);
}

// A duration value (number, {"uniform": [a, b]}, {"exponential": m}) halved, if still > 1 ms.
std::optional<Json> halved_duration(const Json& value) {
  if (value.is_number()) return halved_number(value);
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  if (value.contains("exponential")) {
    auto mean = halved_number(value["exponential"]);
    if (!mean) return std::nullopt;
    return Json{{"exponential", *mean}};
  }
  const auto uniform = value.find("uniform");
  if (uniform == value.end() || !uniform->is_array() || uniform->size() != 2) return std::nullopt;
  auto high = halved_number((*uniform)[1]);
  if (!high) return std::nullopt;
  auto low = halved_number((*uniform)[0]);
  return Json{{"uniform", Json::array({low.value_or((*uniform)[0]), *high})}};
}

double nominal_seconds(const Json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_object()) return 0;
  if (value.contains("exponential") && value["exponential"].is_number()) {
    return value["exponential"].get<double>();
  }
  const auto uniform = value.find("uniform");
  if (uniform != value.end() && uniform->is_array() && uniform->size() == 2 &&
      (*uniform)[1].is_number()) {
    return (*uniform)[1].get<double>();
  }
  return 0;
}

class Shrinker {
 public:
  Shrinker(ShrinkCandidate start, const StillFails& still_fails, size_t max_attempts,
           ShrinkStats& stats)
      : current_(std::move(start)), still_fails_(still_fails), max_attempts_(max_attempts),
        stats_(stats) {}

  ShrinkCandidate run() {
    for (;;) {
      const size_t before = stats_.accepted;
      drop_firings();
      drop_actions();
      fewer_workers();
      shorter_durations();
      if (current_.scenario.contains("input")) smaller_value("/input");
      if (stats_.accepted == before || stats_.budget_exhausted) break;
    }
    return std::move(current_);
  }

 private:
  bool out_of_budget() {
    if (stats_.attempts < max_attempts_) return false;
    stats_.budget_exhausted = true;
    return true;
  }

  // Runs the candidate; keeps it when it still fails.
  bool attempt(ShrinkCandidate candidate) {
    if (out_of_budget()) return false;
    ++stats_.attempts;
    if (!still_fails_(candidate)) return false;
    current_ = std::move(candidate);
    ++stats_.accepted;
    return true;
  }

  // Replaces the value at `pointer` (which exists) and tries the result.
  bool attempt_edit(const std::string& pointer, Json value) {
    ShrinkCandidate candidate = current_;
    candidate.scenario[Pointer(pointer)] = std::move(value);
    return attempt(std::move(candidate));
  }

  bool attempt_erase(const std::string& container, const std::string& key) {
    ShrinkCandidate candidate = current_;
    candidate.scenario[Pointer(container)].erase(key);
    return attempt(std::move(candidate));
  }

  void drop_firings() {
    const size_t count = current_.schedule.firings.size();
    for (size_t chunk = std::max<size_t>(1, count / 2); count > 0 && chunk >= 1; chunk /= 2) {
      for (size_t start = 0; start < current_.schedule.firings.size() && !out_of_budget();) {
        ShrinkCandidate candidate = current_;
        auto& firings = candidate.schedule.firings;
        const size_t end = std::min(firings.size(), start + chunk);
        firings.erase(firings.begin() + static_cast<ptrdiff_t>(start),
                      firings.begin() + static_cast<ptrdiff_t>(end));
        if (!attempt(std::move(candidate))) start += chunk;
      }
    }
  }

  void drop_actions() {
    if (!current_.scenario.contains("actions") || !current_.scenario["actions"].is_array()) return;
    for (size_t i = current_.scenario["actions"].size(); i-- > 0 && !out_of_budget();) {
      ShrinkCandidate candidate = current_;
      candidate.scenario["actions"].erase(i);
      attempt(std::move(candidate));
    }
  }

  std::vector<std::string> resource_keys() const {
    std::vector<std::string> keys;
    const auto resources = current_.scenario.find("resources");
    if (resources == current_.scenario.end() || !resources->is_object()) return keys;
    for (const auto& [key, value] : resources->items()) {
      if (value.is_object()) keys.push_back(key);
    }
    return keys;
  }

  // `count` workers for resource `key`; firings aimed at workers that no longer exist move to
  // the remaining ones (worker n to ((n - 1) % count) + 1), so the fault still has a target.
  bool attempt_workers(const std::string& key, uint64_t count) {
    ShrinkCandidate candidate = current_;
    candidate.scenario[Pointer("/resources" + segment(key) + "/workers")] = count;
    const std::string prefix = key + "/";
    for (world::FaultFiring& firing : candidate.schedule.firings) {
      if (!firing.target.starts_with(prefix)) continue;
      const std::string number = firing.target.substr(prefix.size());
      if (number.empty() || number.size() > 9 ||
          number.find_first_not_of("0123456789") != std::string::npos) {
        continue;
      }
      const uint64_t n = std::stoull(number);
      if (n > count) firing.target = prefix + std::to_string((n - 1) % count + 1);
    }
    return attempt(std::move(candidate));
  }

  void fewer_workers() {
    for (const std::string& key : resource_keys()) {
      const std::string pointer = "/resources" + segment(key) + "/workers";
      for (;;) {
        if (out_of_budget() || !current_.scenario.contains(Pointer(pointer))) break;
        const Json& workers = current_.scenario[Pointer(pointer)];
        if (!workers.is_number_unsigned() || workers.get<uint64_t>() <= 1) break;
        const uint64_t count = workers.get<uint64_t>();
        if (attempt_workers(key, 1)) break;
        if (count / 2 <= 1 || !attempt_workers(key, count / 2)) break;
      }
    }
  }

  // Pointers of every duration a worker spends: resource and attempt durations, crash offsets.
  std::vector<std::string> duration_pointers() const {
    std::vector<std::string> pointers;
    for (const std::string& key : resource_keys()) {
      const std::string resource = "/resources" + segment(key);
      pointers.push_back(resource + "/duration_seconds");
      const Json& entry = current_.scenario[Pointer(resource)];
      const auto attempts = entry.find("attempts");
      if (attempts == entry.end() || !attempts->is_object()) continue;
      for (const auto& [range, attempt] : attempts->items()) {
        pointers.push_back(resource + "/attempts" + segment(range) + "/duration_seconds");
        pointers.push_back(resource + "/attempts" + segment(range) + "/Crash/after_seconds");
      }
    }
    return pointers;
  }

  void shorter_durations() {
    for (const std::string& pointer : duration_pointers()) {
      for (int step = 0; step < 16 && !out_of_budget(); ++step) {
        if (!current_.scenario.contains(Pointer(pointer))) break;
        auto shorter = halved_duration(current_.scenario[Pointer(pointer)]);
        if (!shorter || !attempt_edit(pointer, std::move(*shorter))) break;
      }
    }
  }

  void smaller_array(const std::string& pointer) {
    for (size_t chunk = current_.scenario[Pointer(pointer)].size() / 2; chunk >= 1; chunk /= 2) {
      for (size_t start = 0; !out_of_budget();) {
        const Json& array = current_.scenario[Pointer(pointer)];
        if (start >= array.size()) break;
        Json smaller = Json::array();
        for (size_t i = 0; i < array.size(); ++i) {
          if (i < start || i >= start + chunk) smaller.push_back(array[i]);
        }
        if (!attempt_edit(pointer, std::move(smaller))) start += chunk;
      }
    }
  }

  // Makes the value at `pointer` smaller, then each of its remaining children.
  void smaller_value(const std::string& pointer) {
    if (out_of_budget()) return;
    const Json value = current_.scenario[Pointer(pointer)];
    if (value.is_array()) {
      smaller_array(pointer);
      const size_t size = current_.scenario[Pointer(pointer)].size();
      for (size_t i = 0; i < size && !out_of_budget(); ++i) {
        smaller_value(pointer + "/" + std::to_string(i));
      }
    } else if (value.is_object()) {
      for (const auto& [key, member] : value.items()) {
        if (out_of_budget()) return;
        if (!attempt_erase(pointer, key)) smaller_value(pointer + segment(key));
      }
    } else if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
      const auto& text = value.get_ref<const std::string&>();
      attempt_edit(pointer, Json(text.substr(0, text.size() / 2)));
    } else if (value.is_number() && value != Json(0)) {
      attempt_edit(pointer, Json(0));
    }
  }

  ShrinkCandidate current_;
  const StillFails& still_fails_;
  size_t max_attempts_;
  ShrinkStats& stats_;
};

}  // namespace

ShrinkCandidate shrink(ShrinkCandidate start, const StillFails& still_fails, size_t max_attempts,
                       ShrinkStats& stats) {
  return Shrinker(std::move(start), still_fails, max_attempts, stats).run();
}

ScenarioSize measure(const ShrinkCandidate& candidate) {
  ScenarioSize size;
  size.firings = candidate.schedule.firings.size();
  const Json& scenario = candidate.scenario;
  if (scenario.contains("actions") && scenario["actions"].is_array()) {
    size.actions = scenario["actions"].size();
  }
  double work_seconds = 0;
  if (scenario.contains("resources") && scenario["resources"].is_object()) {
    for (const auto& [key, entry] : scenario["resources"].items()) {
      if (!entry.is_object()) continue;
      const auto workers = entry.find("workers");
      size.workers += workers != entry.end() && workers->is_number_unsigned()
                          ? workers->get<uint64_t>() : 1;
      const auto duration = entry.find("duration_seconds");
      work_seconds += duration != entry.end() ? nominal_seconds(*duration) : 1.0;
    }
  }
  size.nominal_work = Duration::from_seconds_real(work_seconds);
  if (scenario.contains("input")) {
    size.input_bytes =
        scenario["input"].dump(-1, ' ', false, Json::error_handler_t::replace).size();
  }
  return size;
}

std::string to_string(const ScenarioSize& size) {
  char work[64];
  std::snprintf(work, sizeof work, "%.3f", size.nominal_work.seconds_real());
  return std::to_string(size.firings) + " fault firings, " + std::to_string(size.actions) +
         " actions, " + std::to_string(size.workers) + " workers, " + work +
         " s of work per attempt, " + std::to_string(size.input_bytes) + " input bytes";
}

}  // namespace wfsim::run
