// `wfsim eval --jsonata EXPRESSION [--input FILE] [--bindings FILE]`: one JSONata expression,
// evaluated offline by the same sim/jsonata the engine runs, the way people use the JSONata
// exerciser (docs/cli.md).
//
// The result is printed as JSON on stdout (nothing when it is undefined or a function) with exit
// 0; an evaluation error prints its JSONata code and message and exits 1; a syntax error prints
// the code and position and exits 2, as does unreadable input. $now()/$millis() read --now (the
// scenarios' default epoch unless given) and $random()/$uuid() a wfsim::Random seeded by --seed,
// so a result reproduces exactly.
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/random.h"
#include "core/time.h"
#include "jsonata/jsonata.h"
#include "scenario/strict_json.h"

namespace wfsim::cli {
namespace {

// Reads a JSON file given on the command line, reporting a problem as a bad-input error.
std::optional<Json> read_json_argument(const std::string& path, std::ostream& err) {
  auto read = scenario::read_json_file(path, path);
  if (auto* problem = std::get_if<scenario::FileProblem>(&read)) {
    err << to_string(*problem) << "\n";
    return std::nullopt;
  }
  return std::get<Json>(std::move(read));
}

}  // namespace

int eval_command(const EvalArgs& args, std::ostream& out, std::ostream& err) {
  auto compiled = jsonata::compile(args.expression);
  if (auto* error = std::get_if<jsonata::Error>(&compiled)) {
    err << "syntax error at position " << error->position << ": " << error->describe() << "\n";
    return kExitBadInput;
  }
  std::optional<Json> input;
  if (!args.input.empty()) {
    input = read_json_argument(args.input, err);
    if (!input) return kExitBadInput;
  }
  std::optional<Json> bindings_file;
  if (!args.bindings.empty()) {
    bindings_file = read_json_argument(args.bindings, err);
    if (!bindings_file) return kExitBadInput;
    if (!bindings_file->is_object()) {
      err << args.bindings << ": the bindings must be a JSON object of variable names and values\n";
      return kExitBadInput;
    }
  }
  Instant now = kDefaultEpoch;
  if (!args.now.empty()) {
    const auto parsed = parse_iso8601(args.now);
    if (!parsed) {
      err << "--now: '" << args.now << "' is not an ISO-8601 timestamp such as "
          << "2024-01-01T00:00:00Z\n";
      return kExitBadInput;
    }
    now = *parsed;
  }
  std::vector<jsonata::Binding> bindings;
  if (bindings_file) {
    for (auto it = bindings_file->begin(); it != bindings_file->end(); ++it) {
      std::string_view name = it.key();
      if (!name.empty() && name.front() == '$') name.remove_prefix(1);
      bindings.push_back(jsonata::Binding{name, &it.value(), {}});
    }
  }
  Random random(args.seed);
  jsonata::Environment environment;
  environment.now_millis = now.unix_us() / 1000;
  environment.random = &random;
  environment.bindings = bindings;
  const jsonata::Outcome outcome =
      jsonata::evaluate(std::get<jsonata::Expression>(compiled), input ? &*input : nullptr,
                        environment);
  switch (outcome.kind) {
    case jsonata::Outcome::Kind::value:
      out << outcome.value.dump(args.indent, ' ', false, Json::error_handler_t::replace) << "\n";
      return kExitHeld;
    case jsonata::Outcome::Kind::undefined:
    case jsonata::Outcome::Kind::function:
      return kExitHeld;
    case jsonata::Outcome::Kind::error:
      err << outcome.error.describe() << " (at position " << outcome.error.position << ")\n";
      return kExitViolation;
  }
  WFSIM_UNREACHABLE("a JSONata outcome outside its enumeration");
}

}  // namespace wfsim::cli
