// Staged output: write everything beside the destination, then rename file by file.
#include "atomic_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace flopcast::report {
namespace fs = std::filesystem;

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
  // Same directory => same filesystem => rename() is atomic per file.
  staging_ = (fs::path(out_dir_) / (".flopcast-staging-" + std::to_string(::getpid()))).string();
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
