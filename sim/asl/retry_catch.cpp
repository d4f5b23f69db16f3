// Compiling Retry and Catch: ErrorEquals (any non-empty names, custom "States." ones included, as
// AWS accepts; States.ALL alone and in the last retrier or catcher), retrier fields with their
// AWS defaults and limits (SFN-2.1a), and catcher Next / ResultPath.
//
// How retriers and catchers are applied at run time is the engine's business (SFN-2.2 to 2.4).
#include <algorithm>
#include <cmath>

#include "asl/compiler.h"

namespace wfsim::asl::detail {
namespace {

struct ErrorEquals {
  std::vector<std::string> names;
  bool has_all = false;
};

ErrorEquals error_equals(DefinitionCompiler& compiler, const Json& entry,
                         const std::string& pointer) {
  ErrorEquals out;
  const auto it = entry.find("ErrorEquals");
  const std::string at = pointer + "/ErrorEquals";
  if (it == entry.end()) {
    compiler.problem(pointer, "must have ErrorEquals");
    return out;
  }
  if (!it->is_array() || it->empty()) {
    compiler.problem(at, "must be a non-empty array of error names");
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& name = (*it)[i];
    const std::string name_at = at + "/" + std::to_string(i);
    if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
      compiler.problem(name_at, "must be a non-empty string");
      continue;
    }
    // Any name may be listed, "States." ones included: AWS accepts custom names such as
    // "States.QuorumMet" (SFN-1.6b caveat); only the real States.ALL has placement rules.
    const std::string& text = name.get_ref<const std::string&>();
    out.has_all = out.has_all || text == errors::kAll;
    out.names.push_back(text);
  }
  if (out.has_all && it->size() > 1) {
    compiler.problem(at, "States.ALL must be the only entry of ErrorEquals");
  }
  return out;
}

void check_entry_fields(DefinitionCompiler& compiler, const Json& entry,
                        const std::string& pointer, std::initializer_list<std::string_view> known,
                        std::string_view what) {
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    const std::string& key = it.key();
    const std::string at = pointer + "/" + pointer_segment(key);
    if (std::find(known.begin(), known.end(), key) != known.end()) {
      if (key == "Comment" && !it->is_string()) compiler.problem(at, "must be a string");
    } else if (key == "Output") {
      compiler.problem(at, "'Output' exists only in JSONata catchers (QueryLanguage \"JSONata\")");
    } else {
      compiler.problem(at, "unknown field '" + key + "' in " + std::string(what));
    }
  }
}

void retrier_numbers(DefinitionCompiler& compiler, Retrier& retrier, const Json& entry,
                     const std::string& pointer) {
  if (const auto it = entry.find("IntervalSeconds"); it != entry.end()) {
    retrier.interval_seconds = compiler.integer_value(*it, pointer + "/IntervalSeconds", 1,
                                                      kMaxSeconds).value_or(1);
  }
  if (const auto it = entry.find("MaxAttempts"); it != entry.end()) {
    retrier.max_attempts = compiler.integer_value(*it, pointer + "/MaxAttempts", 0,
                                                  kMaxSeconds).value_or(3);
  }
  if (const auto it = entry.find("BackoffRate"); it != entry.end()) {
    const double rate = it->is_number() ? it->get<double>() : 0.0;
    if (!std::isfinite(rate) || rate < 1.0) {
      compiler.problem(pointer + "/BackoffRate", "must be a number greater than or equal to 1.0");
    } else {
      retrier.backoff_rate = rate;
    }
  }
  if (const auto it = entry.find("MaxDelaySeconds"); it != entry.end()) {
    retrier.max_delay_seconds = compiler.integer_value(*it, pointer + "/MaxDelaySeconds", 1,
                                                       kMaxDelaySecondsLimit - 1);
  }
  if (const auto it = entry.find("JitterStrategy"); it != entry.end()) {
    if (*it == "FULL") {
      retrier.jitter = JitterStrategy::full;
    } else if (*it != "NONE") {
      compiler.problem(pointer + "/JitterStrategy", "must be \"FULL\" or \"NONE\"");
    }
  }
}

}  // namespace

void DefinitionCompiler::retry(State& out, const StateSource& source) {
  const Json* retry = source.field("Retry");
  if (retry == nullptr) return;
  if (!retry->is_array()) {
    problem(source.at("Retry"), "must be an array of retriers");
    return;
  }
  for (size_t i = 0; i < retry->size(); ++i) {
    const Json& entry = (*retry)[i];
    const std::string pointer = source.at("Retry") + "/" + std::to_string(i);
    if (!entry.is_object()) {
      problem(pointer, "a retrier must be an object");
      continue;
    }
    check_entry_fields(*this, entry, pointer,
                       {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                        "MaxDelaySeconds", "JitterStrategy", "Comment"},
                       "a retrier");
    Retrier retrier;
    auto names = error_equals(*this, entry, pointer);
    if (names.has_all && i + 1 != retry->size()) {
      problem(pointer + "/ErrorEquals", "a retrier with States.ALL must be the last one");
    }
    retrier.error_equals = std::move(names.names);
    retrier_numbers(*this, retrier, entry, pointer);
    out.retry.push_back(std::move(retrier));
  }
}

void DefinitionCompiler::catchers(State& out, const StateSource& source) {
  const Json* catch_field = source.field("Catch");
  if (catch_field == nullptr) return;
  if (!catch_field->is_array()) {
    problem(source.at("Catch"), "must be an array of catchers");
    return;
  }
  for (size_t i = 0; i < catch_field->size(); ++i) {
    const Json& entry = (*catch_field)[i];
    const std::string pointer = source.at("Catch") + "/" + std::to_string(i);
    if (!entry.is_object()) {
      problem(pointer, "a catcher must be an object");
      continue;
    }
    const bool jsonata = out.query_language == QueryLanguage::jsonata;
    if (jsonata) {
      check_entry_fields(*this, entry, pointer,
                         {"ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"},
                         "a catcher");
    } else {
      check_entry_fields(*this, entry, pointer,
                         {"ErrorEquals", "Next", "ResultPath", "Comment", "Assign"}, "a catcher");
    }
    Catcher catcher;
    auto names = error_equals(*this, entry, pointer);
    if (names.has_all && i + 1 != catch_field->size()) {
      problem(pointer + "/ErrorEquals", "a catcher with States.ALL must be the last one");
    }
    catcher.error_equals = std::move(names.names);
    if (const auto next = entry.find("Next"); next != entry.end()) {
      catcher.next = resolve_next(*next, pointer + "/Next", source.names);
    } else {
      problem(pointer, "a catcher must have Next");
    }
    const auto result_path = entry.find("ResultPath");
    catcher.result_path = io_path_value(result_path == entry.end() ? nullptr : &*result_path,
                                        pointer + "/ResultPath", true);
    // A catcher's Assign replaces the state's (VAR-4.1); a JSONata catcher's Output is the
    // state's output (JSONATA-3.6).
    if (const auto assign = entry.find("Assign"); assign != entry.end()) {
      catcher.assign = assign_value(*assign, pointer + "/Assign", out.query_language);
    }
    if (const auto output = entry.find("Output"); jsonata && output != entry.end()) {
      catcher.output = JsonataTemplate::compile(*output, "Output", pointer + "/Output",
                                                problems_);
    }
    out.catch_.push_back(std::move(catcher));
  }
}

}  // namespace wfsim::asl::detail
