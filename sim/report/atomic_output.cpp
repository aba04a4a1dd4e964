// Staged output: write everything beside the destination, then rename file by file.
#include "atomic_output.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace flopcast::report {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingPrefix = ".flopcast-staging-";

/// Removes staging directories left by runs that were killed (SIGKILL, or a signal while staging):
/// only ours by name, and only where no process of that id is alive any more.
void remove_stale_staging(const std::string& out_dir) {
  std::error_code ec;
  for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    long pid = 0;
    const char* first = name.data() + kStagingPrefix.size();
    const char* last = name.data() + name.size();
    const auto [ptr, err] = std::from_chars(first, last, pid);
    if (err != std::errc{} || ptr != last || pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

/// Holds off SIGINT, SIGTERM, SIGHUP and SIGQUIT while the staged files are renamed into place,
/// so an interrupt cannot leave half of them moved; a signal that arrives meanwhile is delivered
/// when the renames are done.
class DeferSignals {
 public:
  DeferSignals() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, s);
    blocked_ = pthread_sigmask(SIG_BLOCK, &set, &previous_) == 0;
  }
  ~DeferSignals() {
    if (blocked_) pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  DeferSignals(const DeferSignals&) = delete;
  DeferSignals& operator=(const DeferSignals&) = delete;

 private:
  sigset_t previous_{};
  bool blocked_ = false;
};

}  // namespace

StagedOutput::StagedOutput(std::string out_dir) : out_dir_(std::move(out_dir)) {
  std::error_code ec;
  // Remember the directories this run creates, so a failed run can remove them again.
  for (fs::path p = fs::path(out_dir_).lexically_normal(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    created_.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  fs::create_directories(out_dir_, ec);
  if (ec || !fs::is_directory(out_dir_)) {
    error_ = "cannot create output directory: " + (ec ? ec.message() : std::string("a file of that name exists"));
    return;
  }
  remove_stale_staging(out_dir_);
  // Same directory => same filesystem => rename() is atomic per file.
  staging_ = (fs::path(out_dir_) / (std::string(kStagingPrefix) + std::to_string(::getpid()))).string();
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec) || ec) {
    error_ = "cannot write in output directory: " + (ec ? ec.message() : std::string("permission denied"));
    staging_.clear();
  }
}

StagedOutput::~StagedOutput() {
  std::error_code ec;
  if (!staging_.empty()) fs::remove_all(staging_, ec);
  if (committed_) return;
  for (const auto& dir : created_) fs::remove(dir, ec);  // innermost first; only if still empty
}

bool StagedOutput::write(const std::string& name, const std::string& content) {
  if (error_) return false;
  const fs::path path = fs::path(staging_) / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) {
    error_ = "cannot write " + name + ": " + std::strerror(errno);
    return false;
  }
  names_.push_back(name);
  return true;
}

std::optional<std::vector<std::string>> StagedOutput::commit() {
  if (error_) return std::nullopt;
  const DeferSignals defer;
  std::vector<std::string> final_paths;
  for (const auto& name : names_) {
    const fs::path target = fs::path(out_dir_) / name;
    std::error_code ec;
    fs::rename(fs::path(staging_) / name, target, ec);
    if (ec) {
      error_ = "cannot move " + name + " into place: " + ec.message();
      return std::nullopt;
    }
    final_paths.push_back(target.string());
  }
  committed_ = true;
  return final_paths;
}

}  // namespace flopcast::report
