// Staged output: write everything beside the destination, flush it to the disk, then move it
// into place file by file, keeping the replaced files until the last move succeeded.
#include "atomic_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "output_manifest.hpp"

namespace flopcast::report {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingPrefix = ".flopcast-staging-";
constexpr const char* kReplaced = ".replaced";  ///< inside the staging directory: the files a commit replaced

/// This machine's name as it appears in staging directory names: letters, digits and dots only,
/// so "<host>-<pid>" splits unambiguously at the last '-'.
std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "unknown";
  std::string out;
  for (const char* c = buf; *c; ++c) out += std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' ? *c : '_';
  return out;
}

std::string errno_text(int e) { return std::strerror(e); }

/// Removes staging directories left by runs that were killed (SIGKILL, or a signal while
/// staging): only ours by name, only those of this host (on a shared filesystem another
/// machine's process ids say nothing here), and only where that process is gone.
void remove_stale_staging(const std::string& out_dir, const std::string& host) {
  std::error_code ec;
  for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    const std::string rest = name.substr(kStagingPrefix.size());
    const auto dash = rest.rfind('-');
    if (dash == std::string::npos || rest.substr(0, dash) != host) continue;
    long pid = 0;
    const char* first = rest.data() + dash + 1;
    const char* last = rest.data() + rest.size();
    const auto [ptr, err] = std::from_chars(first, last, pid);
    if (err != std::errc{} || ptr != last || pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

/// Writes `content` to a new file and flushes it to the disk; an error text on failure.
std::optional<std::string> write_durably(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno_text(errno);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = n < 0 ? errno : ENOSPC;
      ::close(fd);
      return errno_text(e);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return errno_text(e);
  }
  if (::close(fd) != 0) return errno_text(errno);
  return std::nullopt;
}

/// Flushes a file or directory to the disk. Some filesystems cannot sync a directory (EINVAL);
/// that is no error of the data.
std::optional<std::string> sync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return errno_text(errno);
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0 && !(directory && (e == EINVAL || e == EROFS))) return errno_text(e);
  return std::nullopt;
}

/// What is at `path` if it is not something a commit may replace (a regular file or a
/// symbolic link, which is replaced, never followed); nothing if it is absent or replaceable.
std::optional<std::string> unreplaceable(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) return std::nullopt;
  return S_ISDIR(st.st_mode) ? "a directory" : "not a regular file";
}

bool exists_no_follow(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

/// Holds off SIGINT, SIGTERM, SIGHUP and SIGQUIT while the staged files are moved into place,
/// so an interrupt cannot leave half of them moved; a signal that arrives meanwhile is delivered
/// when the moves are done.
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

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

/// One file's move during a commit: the file it replaced was set aside, the new one placed.
struct StagedOutput::Move {
  std::string name;
  bool set_aside = false;  ///< the earlier file of this name is in the staging directory's .replaced/
  bool placed = false;     ///< the new file is in the output directory
};

StagedOutput::StagedOutput(std::string out_dir, RenameFn rename) : out_dir_(std::move(out_dir)), rename_(rename) {
  std::error_code ec;
  const fs::path out = fs::path(out_dir_).lexically_normal();
  if (fs::is_symlink(fs::symlink_status(out, ec)) && !fs::exists(out, ec)) {
    error_ = "this is a symbolic link to " + fs::read_symlink(out, ec).string() + ", which does not exist";
    return;
  }
  // Remember the directories this run creates, so a failed run can remove them again.
  for (fs::path p = out; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    created_.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  fs::create_directories(out_dir_, ec);
  if (ec || !fs::is_directory(out_dir_)) {
    error_ = "cannot create output directory: " + (ec ? ec.message() : std::string("a file of that name exists"));
    return;
  }
  const std::string host = host_name();
  remove_stale_staging(out_dir_, host);
  // Same directory => same filesystem => rename() is atomic per file.
  staging_ = (fs::path(out_dir_) / (std::string(kStagingPrefix) + host + "-" + std::to_string(::getpid()))).string();
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec) || ec) {
    error_ = "cannot write in output directory: " + (ec ? ec.message() : std::string("permission denied"));
    staging_.clear();
  }
}

StagedOutput::~StagedOutput() {
  std::error_code ec;
  if (!staging_.empty() && !keep_staging_) fs::remove_all(staging_, ec);
  if (committed_ || keep_staging_) return;
  for (const auto& dir : created_) fs::remove(dir, ec);  // innermost first; only if still empty
}

bool StagedOutput::write(const std::string& name, const std::string& content) {
  if (error_) return false;
  if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
    error_ = "two outputs of this run would both be written to " + name;
    return false;
  }
  if (auto problem = write_durably((fs::path(staging_) / name).string(), content)) {
    error_ = "cannot write " + name + ": " + *problem;
    return false;
  }
  names_.push_back(name);
  return true;
}

bool StagedOutput::adopt(const std::string& name) {
  if (error_) return false;
  if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
    error_ = "two outputs of this run would both be written to " + name;
    return false;
  }
  if (auto problem = sync_path((fs::path(staging_) / name).string(), false)) {
    error_ = "cannot write " + name + ": " + *problem;
    return false;
  }
  names_.push_back(name);
  return true;
}

void StagedOutput::fail(std::string why) {
  if (!error_) error_ = std::move(why);
}

bool StagedOutput::check_targets(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (auto what = unreplaceable((fs::path(out_dir_) / name).string())) {
      error_ = "cannot replace " + name + ": it is " + *what + " (not a file flopcast wrote); nothing in " + out_dir_ +
               " was changed";
      return false;
    }
  }
  return true;
}

void StagedOutput::roll_back(std::vector<Move>& done, const std::string& why) {
  const fs::path out(out_dir_), staged(staging_), replaced = fs::path(staging_) / kReplaced;
  std::vector<std::string> stuck_new, stuck_old;
  for (auto it = done.rbegin(); it != done.rend(); ++it) {
    const std::string target = (out / it->name).string();
    if (it->placed && rename_(target.c_str(), (staged / it->name).c_str()) != 0) stuck_new.push_back(it->name);
    if (it->set_aside && (std::find(stuck_new.begin(), stuck_new.end(), it->name) != stuck_new.end() ||
                          rename_((replaced / it->name).c_str(), target.c_str()) != 0)) {
      stuck_old.push_back(it->name);
    }
  }
  if (stuck_new.empty() && stuck_old.empty()) {
    error_ = why + "; nothing in " + out_dir_ + " was changed (the files moved so far were moved back)";
    return;
  }
  keep_staging_ = true;
  error_ = why + "; moving the files back failed too, so " + out_dir_ + " is mixed: " +
           (stuck_new.empty() ? "" : "it holds this run's " + joined(stuck_new)) +
           (stuck_new.empty() || stuck_old.empty() ? "" : ", and ") +
           (stuck_old.empty() ? "" : "the earlier " + joined(stuck_old) + " are in " + replaced.string()) +
           "; every other file is as it was";
}

std::optional<Committed> StagedOutput::commit() {
  if (error_) return std::nullopt;
  const fs::path out(out_dir_), staged(staging_);
  // Files an earlier run wrote (its manifest) that this run does not write again, if unchanged.
  Committed result;
  if (keep_others_) return move_into_place(result);
  for (const auto& e : read_manifest((out / kManifestName).string())) {
    if (e.name == kManifestName || std::find(names_.begin(), names_.end(), e.name) != names_.end()) continue;
    const auto now = describe_file((out / e.name).string(), e.name);
    if (now && now->size == e.size && now->hash == e.hash) result.removed.push_back(e.name);
  }
  std::vector<ManifestEntry> entries;
  for (const auto& name : names_) {
    auto e = describe_file((staged / name).string(), name);
    if (!e) {
      error_ = "cannot read back " + name + " from the staging directory";
      return std::nullopt;
    }
    entries.push_back(std::move(*e));
  }
  if (!write(kManifestName, format_manifest(entries))) return std::nullopt;
  return move_into_place(result);
}

std::optional<Committed> StagedOutput::move_into_place(Committed result) {
  const fs::path out(out_dir_), staged(staging_);
  if (!check_targets(names_)) return std::nullopt;
  if (auto problem = sync_path(staging_, true)) {
    error_ = "cannot flush the staging directory: " + *problem + "; nothing in " + out_dir_ + " was changed";
    return std::nullopt;
  }
  const DeferSignals defer;
  std::error_code ec;
  const fs::path replaced = staged / kReplaced;
  if (!fs::create_directory(replaced, ec) || ec) {
    error_ = "cannot create " + replaced.string() + ": " + ec.message() + "; nothing in " + out_dir_ + " was changed";
    return std::nullopt;
  }
  std::vector<Move> done;
  auto set_aside = [&](const std::string& name) {
    const std::string target = (out / name).string();
    if (!exists_no_follow(target)) return true;
    if (rename_(target.c_str(), (replaced / name).c_str()) != 0) return false;
    done.back().set_aside = true;
    return true;
  };
  for (const auto& name : names_) {
    done.push_back({name});
    if (!set_aside(name) || rename_((staged / name).c_str(), (out / name).c_str()) != 0) {
      roll_back(done, "cannot move " + name + " into place: " + errno_text(errno));
      return std::nullopt;
    }
    done.back().placed = true;
  }
  for (const auto& name : result.removed) {
    done.push_back({name});
    if (!set_aside(name)) {
      roll_back(done, "cannot remove " + name + ", which an earlier run wrote: " + errno_text(errno));
      return std::nullopt;
    }
  }
  if (auto problem = sync_path(out_dir_, true)) {
    roll_back(done, "cannot flush " + out_dir_ + ": " + *problem);
    return std::nullopt;
  }
  committed_ = true;
  for (const auto& name : names_) {
    if (name != kManifestName) result.paths.push_back((out / name).string());
  }
  return result;
}

}  // namespace flopcast::report
