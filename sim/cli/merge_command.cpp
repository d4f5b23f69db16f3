// `wfsim merge SHARD.json...`: reads the --json summaries of the shards of one sweep (each file
// one summary, or several as JSON lines), merges them into the report one unsharded run of the
// sweep gives (run/explore_merge.h), and prints and writes it as explore does: the closing table
// on stdout, --json and --junit. Nothing is run and no capsule is touched: each failure keeps the
// capsule path its shard wrote.
//
// Shards of different sweeps, duplicate and missing shards are refused with exit code 2, every
// reason on stderr; otherwise the exit code is the merged sweep's (docs/cli.md).
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "report/explore_report.h"
#include "run/explore_merge.h"

namespace wfsim::cli {
namespace {

namespace fs = std::filesystem;

// A summary is a line per shard; far beyond this is not a summary.
constexpr uintmax_t kMaxSummaryBytes = uintmax_t{256} << 20;

std::optional<std::string> read_text(const std::string& file, std::ostream& err) {
  std::error_code error;
  const uintmax_t size = fs::file_size(file, error);
  if (error || !fs::is_regular_file(file, error)) {
    err << file << ": cannot read: " << (error ? error.message() : "not a regular file") << "\n";
    return std::nullopt;
  }
  if (size > kMaxSummaryBytes) {
    err << file << ": " << size << " bytes is larger than any summary (at most "
        << kMaxSummaryBytes << ")\n";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    err << file << ": cannot read\n";
    return std::nullopt;
  }
  return text.str();
}

}  // namespace

int merge_command(const MergeArgs& args, std::ostream& out, std::ostream& err) {
  std::vector<run::ShardReport> shards;
  bool ok = true;
  for (const std::string& file : args.summaries) {
    const auto text = read_text(file, err);
    if (!text) {
      ok = false;
      continue;
    }
    auto read = report::read_explore_summaries(*text, file);
    if (auto* problems = std::get_if<scenario::FileProblems>(&read)) {
      report_problems(*problems, err);
      ok = false;
      continue;
    }
    for (run::ShardReport& shard : std::get<std::vector<run::ShardReport>>(read)) {
      shards.push_back(std::move(shard));
    }
  }
  if (!ok) return kExitBadInput;
  auto merged = run::merge_shards(shards);
  if (auto* reasons = std::get_if<std::vector<std::string>>(&merged)) {
    for (const std::string& reason : *reasons) err << "wfsim merge: " << reason << "\n";
    err << "wfsim merge: nothing merged; give the --json files of every shard of one sweep\n";
    return kExitBadInput;
  }
  return write_sweep_reports(std::get<run::ExploreReport>(merged), {args.json, args.junit, ""},
                             out, err);
}

}  // namespace wfsim::cli
