// Writers for run outputs and the atomic file write; see writers.h.
#include "scenario/writers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "record/call_log.h"
#include "record/history_json.h"
#include "record/temporal_history_json.h"

namespace wfsim::scenario {
namespace {

std::string pretty(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string error_text(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

}  // namespace

std::string history_text(const world::RunResult& result) {
  if (result.dialect == world::Dialect::temporal) {
    return pretty(temporal::history_to_json(result.temporal_history));
  }
  return pretty(history_to_json(result.history));
}

std::string calls_text(const world::RunResult& result) {
  return call_log_to_json_lines(result.calls);
}

std::string trace_text(const world::RunResult& result) {
  std::string out;
  for (const Json& record : result.trace) {
    out += record.dump(-1, ' ', false, Json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 std::string_view content) {
  std::error_code error;
  const std::filesystem::path directory = path.parent_path();
  if (!directory.empty()) {
    std::filesystem::create_directories(directory, error);
    if (error) return "cannot create directory " + directory.string() + ": " + error.message();
  }
  std::string name = path.string() + ".tmp.XXXXXX";
  std::vector<char> temporary(name.begin(), name.end());
  temporary.push_back('\0');
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) return error_text("cannot create a temporary file for", path);
  const std::string temporary_name(temporary.data());
  const bool written = write_all(fd, content) && ::fsync(fd) == 0;
  const std::string failure = written ? "" : error_text("cannot write", temporary_name);
  ::fchmod(fd, 0644);
  if (::close(fd) != 0 && written) return error_text("cannot close", temporary_name);
  if (!written) {
    ::unlink(temporary_name.c_str());
    return failure;
  }
  if (::rename(temporary_name.c_str(), path.c_str()) != 0) {
    const std::string message = error_text("cannot rename a temporary file to", path);
    ::unlink(temporary_name.c_str());
    return message;
  }
  return std::nullopt;
}

namespace {

// Whether `name` (a bucket, or a key without its trailing '/') maps to a path strictly below the
// directory it is joined to: no empty, "." or ".." segment, no NUL.
bool safe_relative_path(std::string_view name) {
  if (name.empty() || name.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::vector<std::string> write_s3_objects(const std::filesystem::path& directory,
                                          const s3::ObjectStore& store) {
  std::vector<std::string> failures;
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return {"cannot create " + directory.string() + ": " + error.message()};
  for (const auto& [bucket, objects] : store.buckets()) {
    if (!safe_relative_path(bucket)) {
      failures.push_back("bucket \"" + bucket + "\" is not a safe directory name; not written");
      continue;
    }
    std::filesystem::create_directories(directory / bucket, error);
    for (const auto& [key, object] : objects) {
      const std::string uri = "s3://" + bucket + "/" + key;
      const bool folder = key.ends_with('/');
      const std::string_view path_part = folder ? std::string_view(key).substr(0, key.size() - 1)
                                                : std::string_view(key);
      if (!safe_relative_path(path_part)) {
        failures.push_back(uri + ": the key would not stay inside " + directory.string() +
                           " (empty, \".\" or \"..\" segment); not written");
        continue;
      }
      const std::filesystem::path path = directory / bucket / std::string(path_part);
      if (folder) {
        std::filesystem::create_directories(path, error);
        if (error) failures.push_back(uri + ": " + error.message());
        if (!object.body.empty()) {
          failures.push_back(uri + ": a key ending in '/' with content cannot be a file; its "
                                   "content was not written");
        }
        continue;
      }
      if (auto failure = write_file_atomically(path, object.body)) {
        failures.push_back(uri + ": " + *failure);
      }
    }
  }
  return failures;
}

}  // namespace wfsim::scenario
