// Strict numbers on the command line: every numeric option of every command takes only a plain
// decimal number inside its range, and anything else ("-1", "1e23", "99999999999999999999999",
// "0x10", " 5", "nan") is bad usage (exit 2) with a message that gives the accepted range. CLI11's
// own conversions are laxer (and silently wrap or round on some inputs), so each option checks
// its text with one of these validators before CLI11 converts it.
//
// The ranges themselves are the options' (app.cpp, docs/cli.md); this file only checks them.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wfsim::cli {

// nullopt when `text` is a decimal integer (digits only) from `min` to `max`; else the message.
std::optional<std::string> integer_problem(std::string_view text, uint64_t min, uint64_t max);
// nullopt when `text` is a finite decimal number (a fraction and an exponent allowed) from 0 to
// `max` (above 0 when `positive`); else the message.
std::optional<std::string> seconds_problem(std::string_view text, double max, bool positive);

// The same checks as CLI11 validators; CLI11 prefixes the option's name.
CLI::Validator integer_in(uint64_t min, uint64_t max);
CLI::Validator seconds_in(double max, bool positive);

// The largest values of the options without a natural bound (docs/cli.md says why).
inline constexpr uint64_t kMaxJobs = 4096;
inline constexpr double kMaxSecondsPerSeed = 86'400;      // A day of wall time for one seed.
inline constexpr double kMaxTimeBudgetSeconds = 31'536'000;  // A year of wall time.

}  // namespace wfsim::cli
