// Test helpers for the wfsim program: run the built binary (path from the build), or another
// program, as a child process with its output captured, optionally signalling it; read files it
// wrote; list a directory's files. Used by the CLI's end-to-end tests, the golden-history test
// (scenarios/) and the browser test.
#pragma once

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace wfsim::cli::test {

namespace fs = std::filesystem;

struct Exit {
  int code = -1;  // Exit status, or 128 + signal when killed.
  std::string out;
  std::string err;
  double seconds = 0;
};

inline std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The source tree: $WFSIM_SOURCE_DIR (ctest sets it), else the one this test was built from.
inline fs::path source_dir() {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  return root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR;
}

inline fs::path testdata(const std::string& name) {
  return source_dir() / "sim" / "scenario" / "testdata" / name;
}

// A bundled scenario of scenarios/ (a relative path below it).
inline std::string bundled(const std::string& name) {
  return (source_dir() / "scenarios" / name).string();
}

// Every regular file below `directory`, by relative path, with its content.
inline std::map<std::string, std::string> files_in(const fs::path& directory) {
  std::map<std::string, std::string> files;
  if (!fs::exists(directory)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), directory).string()] = slurp(entry.path());
    }
  }
  return files;
}

// A scratch directory removed at the end of the test.
class Scratch {
 public:
  explicit Scratch(const std::string& name)
      : path_(fs::temp_directory_path() / ("wfsim-cli-test-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct SpawnOptions {
  double timeout_seconds = 60;  // Then the program (and its process group) is killed.
  std::optional<std::chrono::milliseconds> signal_after;  // Sends `signal` then.
  int signal = SIGINT;
  bool own_process_group = false;  // Kill helpers it leaves behind too (a browser).
  std::optional<fs::path> directory;  // Its working directory; unset: this process's.
};

// Runs `words` (the program, then its arguments) as a child process with stdout and stderr
// captured. The one place the tests start a program: the CLI's end-to-end tests, the golden
// histories and the browser test all come here. It measures wall time (timeouts, promptness),
// which is why it lives with the CLI, the only part of sim/ that may read a clock.
inline Exit run_program(std::vector<std::string> words, const SpawnOptions& options = {}) {
  static int counter = 0;
  const fs::path base = fs::temp_directory_path() /
                        ("wfsim-cli-test-output-" + std::to_string(::getpid()) + "-" +
                         std::to_string(++counter));
  const std::string out_file = base.string() + ".out";
  const std::string err_file = base.string() + ".err";
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  if (options.directory) {
    posix_spawn_file_actions_addchdir_np(&actions, options.directory->c_str());
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  if (options.own_process_group) {
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
  }
  const auto started = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  BOOST_REQUIRE_MESSAGE(spawned == 0, "cannot start " << words.front());
  const pid_t target = options.own_process_group ? -pid : pid;
  Exit result;
  bool signalled = false;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if (options.signal_after && !signalled && elapsed >= *options.signal_after) {
      ::kill(target, options.signal);
      signalled = true;
    }
    if (elapsed > std::chrono::duration<double>(options.timeout_seconds)) {
      ::kill(target, SIGKILL);
      ::waitpid(pid, &status, 0);
      BOOST_ERROR(words.front() << " did not finish within " << options.timeout_seconds << " s");
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (options.own_process_group) ::kill(target, SIGKILL);  // Helpers it may have left behind.
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_file);
  result.err = slurp(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return result;
}

// Runs wfsim with `args`; sends `signal` after `signal_after` if given; kills it after
// `timeout_seconds`.
inline Exit run_wfsim(const std::vector<std::string>& args, double timeout_seconds = 60,
                      std::optional<std::chrono::milliseconds> signal_after = std::nullopt,
                      int signal = SIGINT) {
  std::vector<std::string> words = {WFSIM_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  SpawnOptions options;
  options.timeout_seconds = timeout_seconds;
  options.signal_after = signal_after;
  options.signal = signal;
  return run_program(std::move(words), options);
}

// Runs wfsim with `args` in working directory `directory`, as another machine would with its own
// disk (relative paths in `args` are relative to it).
inline Exit run_wfsim_in(const fs::path& directory, const std::vector<std::string>& args,
                         double timeout_seconds = 60) {
  std::vector<std::string> words = {WFSIM_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  SpawnOptions options;
  options.timeout_seconds = timeout_seconds;
  options.directory = directory;
  return run_program(std::move(words), options);
}

inline bool contains(const std::string& text, const std::string& words) {
  return text.find(words) != std::string::npos;
}

}  // namespace wfsim::cli::test
