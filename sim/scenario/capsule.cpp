// Capsule writing and strict reading; see capsule.h.
#include "scenario/capsule.h"

#include <limits>

#include "core/digest.h"
#include "engine/mutants.h"
#include "scenario/reader.h"
#include "world/faults.h"

#ifndef WFSIM_VERSION
#error "WFSIM_VERSION must be defined by the build"
#endif

namespace wfsim::scenario {
namespace {

std::optional<int64_t> read_us(Reader& reader, const Json& object, const std::string& at,
                               const char* key, bool required) {
  const Json* value = reader.find(object, at, key, required);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer() && !value->is_number_unsigned()) return value->get<int64_t>();
  if (value->is_number_unsigned() &&
      value->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(value->get<uint64_t>());
  }
  reader.problem(Reader::child(at, key), "must be an integer number of microseconds");
  return std::nullopt;
}

std::optional<world::FaultFiring> read_firing(Reader& reader, const Json& entry,
                                              const std::string& at) {
  if (!reader.object(entry, at,
                     {"kind", "at_us", "target", "ordinal", "length_us", "restart_after_us",
                      "answer_lost"})) {
    return std::nullopt;
  }
  world::FaultFiring firing;
  const auto kind_name = reader.text(entry, at, "kind", true);
  if (kind_name) {
    const auto kind = world::parse_fault_kind(*kind_name);
    if (!kind) reader.problem(Reader::child(at, "kind"), "unknown fault kind");
    firing.kind = kind.value_or(world::FaultKind::worker_crash);
  }
  const auto when = read_us(reader, entry, at, "at_us", true);
  if (const Json* target = reader.find(entry, at, "target")) {
    if (target->is_string()) {
      firing.target = target->get<std::string>();
    } else {
      reader.problem(Reader::child(at, "target"), "must be a string");
    }
  }
  firing.ordinal = reader.integer(entry, at, "ordinal", 0, UINT64_MAX).value_or(0);
  // Only a time-triggered crash or pause fires without a decision point (world.h); the world
  // cannot replay another kind at ordinal 0.
  if (kind_name && firing.ordinal == 0 && !world::traits_of(firing.kind).time_triggered) {
    reader.problem(Reader::child(at, "ordinal"),
                   "must be at least 1 for " + *kind_name +
                       " (ordinal 0 is for time-triggered worker_crash and worker_pause)");
  }
  const auto length = read_us(reader, entry, at, "length_us", false);
  const auto restart = read_us(reader, entry, at, "restart_after_us", false);
  // A recorded schedule never goes back in time: negative lengths are edits, not findings.
  for (const auto& [key, value] : {std::pair{"at_us", when}, std::pair{"length_us", length},
                                   std::pair{"restart_after_us", restart}}) {
    if (value && *value < 0) reader.problem(Reader::child(at, key), "must not be negative");
  }
  firing.at = Duration::microseconds(when.value_or(0));
  firing.length = Duration::microseconds(length.value_or(0));
  if (restart) firing.restart_after = Duration::microseconds(*restart);
  firing.answer_lost = reader.boolean(entry, at, "answer_lost").value_or(false);
  return firing;
}

std::optional<CapsuleViolation> read_violation(Reader& reader, const Json& value,
                                               const std::string& at) {
  if (value.is_null()) return std::nullopt;
  if (!reader.object(value, at, {"invariant", "event_id", "event_type", "call", "message"})) {
    return std::nullopt;
  }
  CapsuleViolation violation;
  violation.invariant = reader.text(value, at, "invariant", true).value_or("");
  violation.event_id =
      static_cast<int64_t>(reader.integer(value, at, "event_id", 0, INT64_MAX).value_or(0));
  violation.call = reader.integer(value, at, "call", 0, UINT64_MAX).value_or(0);
  for (const char* key : {"event_type", "message"}) {
    const Json* text = reader.find(value, at, key);
    if (text != nullptr && !text->is_string()) {
      reader.problem(Reader::child(at, key), "must be a string");
    } else if (text != nullptr) {
      (std::string_view(key) == "message" ? violation.message : violation.event_type) =
          text->get<std::string>();
    }
  }
  return violation;
}

void read_strings(Reader& reader, const Json& document, const char* key, std::string& out) {
  const Json* value = reader.find(document, "", key);
  if (value == nullptr) return;
  if (!value->is_string()) {
    reader.problem(Reader::child("", key), "must be a string");
    return;
  }
  out = value->get<std::string>();
}

}  // namespace

std::string_view wfsim_version() { return WFSIM_VERSION; }

std::string digest_hex(uint64_t digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[digest & 0xF];
    digest >>= 4;
  }
  return out;
}

Json fault_firing_to_json(const world::FaultFiring& firing) {
  Json out = Json::object();
  out["kind"] = std::string(world::to_string(firing.kind));
  out["at_us"] = firing.at.us();
  out["target"] = firing.target;
  out["ordinal"] = firing.ordinal;
  out["length_us"] = firing.length.us();
  if (firing.restart_after) out["restart_after_us"] = firing.restart_after->us();
  if (firing.answer_lost) out["answer_lost"] = true;
  return out;
}

Json capsule_to_json(const Capsule& capsule) {
  Json out = Json::object();
  out["wfsim_capsule"] = kCapsuleFormat;
  out["version"] = capsule.version;
  out["scenario"] = capsule.scenario;
  out["seed"] = capsule.seed;
  out["swarm"] = capsule.swarm;
  out["mutants"] = capsule.mutants;
  Json schedule = Json::array();
  for (const world::FaultFiring& firing : capsule.schedule.firings) {
    schedule.push_back(fault_firing_to_json(firing));
  }
  out["schedule"] = std::move(schedule);
  out["digest"] = digest_hex(capsule.digest);
  if (capsule.violation) {
    const CapsuleViolation& v = *capsule.violation;
    out["violation"] = Json{{"invariant", v.invariant}, {"event_id", v.event_id},
                            {"event_type", v.event_type}, {"call", v.call},
                            {"message", v.message}};
  } else {
    out["violation"] = nullptr;
  }
  out["status"] = capsule.status;
  out["events"] = capsule.events;
  out["stop"] = capsule.stop;
  out["command"] = capsule.command;
  return out;
}

std::string capsule_to_text(const Capsule& capsule) {
  return capsule_to_json(capsule).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::variant<Capsule, FileProblems> capsule_from_json(const Json& document,
                                                      const std::string& label) {
  FileProblems problems;
  Reader reader(label, problems);
  Capsule capsule;
  if (!reader.object(document, "",
                     {"wfsim_capsule", "version", "scenario", "seed", "swarm", "mutants",
                      "schedule", "digest", "violation", "status", "events", "stop",
                      "command"})) {
    return problems;
  }
  const auto format = reader.integer(document, "", "wfsim_capsule", 0, UINT64_MAX, true);
  if (format && *format != kCapsuleFormat) {
    reader.problem("/wfsim_capsule", "capsule format " + std::to_string(*format) +
                                         " is not supported (this wfsim reads format 1)");
  }
  capsule.version = reader.text(document, "", "version", true).value_or("");
  if (const Json* scenario = reader.find(document, "", "scenario", true)) {
    if (scenario->is_object()) {
      capsule.scenario = *scenario;
    } else {
      reader.problem("/scenario", "must be an object (the self-contained scenario)");
    }
  }
  capsule.seed = reader.integer(document, "", "seed", 0, UINT64_MAX, true).value_or(0);
  capsule.swarm = reader.boolean(document, "", "swarm").value_or(false);
  if (const Json* mutants = reader.find(document, "", "mutants")) {
    if (reader.array(*mutants, "/mutants")) {
      for (size_t i = 0; i < mutants->size(); ++i) {
        const Json& name = (*mutants)[i];
        if (name.is_string() && parse_mutant(name.get<std::string>())) {
          capsule.mutants.push_back(name.get<std::string>());
        } else {
          reader.problem(Reader::child("/mutants", i), "must name a mutant (see wfsim mutants)");
        }
      }
    }
  }
  if (const Json* schedule = reader.find(document, "", "schedule", true)) {
    if (reader.array(*schedule, "/schedule")) {
      for (size_t i = 0; i < schedule->size(); ++i) {
        auto firing = read_firing(reader, (*schedule)[i], Reader::child("/schedule", i));
        if (firing) capsule.schedule.firings.push_back(std::move(*firing));
      }
    }
  }
  if (const Json* digest = reader.find(document, "", "digest", true)) {
    const auto value =
        digest->is_string() ? Digest::parse_hex(digest->get<std::string>()) : std::nullopt;
    if (value) {
      capsule.digest = *value;
    } else {
      reader.problem("/digest", "must be 16 hexadecimal digits");
    }
  }
  if (const Json* violation = reader.find(document, "", "violation")) {
    capsule.violation = read_violation(reader, *violation, "/violation");
  }
  read_strings(reader, document, "status", capsule.status);
  read_strings(reader, document, "stop", capsule.stop);
  read_strings(reader, document, "command", capsule.command);
  capsule.events = reader.integer(document, "", "events", 0, UINT64_MAX).value_or(0);
  if (!problems.empty()) return problems;
  return capsule;
}

std::variant<Capsule, FileProblems> read_capsule(const std::filesystem::path& file,
                                                 const JsonLimits& limits) {
  auto json = read_json_file(file, file.string(), limits);
  if (auto* problem = std::get_if<FileProblem>(&json)) return FileProblems{std::move(*problem)};
  return capsule_from_json(std::get<Json>(json), file.string());
}

std::string shell_quote(const std::string& word) {
  static constexpr std::string_view kSafe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-";
  if (!word.empty() && word.find_first_not_of(kSafe) == std::string::npos) return word;
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string reproduce_command(const std::string& scenario_file, uint64_t seed, bool swarm,
                              const std::vector<std::string>& mutants) {
  std::string out = "wfsim run " + shell_quote(scenario_file) + " --seed " + std::to_string(seed);
  if (swarm) out += " --swarm";
  for (const std::string& mutant : mutants) out += " --mutant " + shell_quote(mutant);
  return out;
}

}  // namespace wfsim::scenario
