// A staging directory whose files appear in the output directory all at once, or not at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace flopcast::report {

class StagedOutput {
 public:
  /// Creates `out_dir` if needed and a private staging directory inside it. On failure,
  /// `error()` says why and nothing was created.
  explicit StagedOutput(std::string out_dir);
  ~StagedOutput();  ///< removes the staging directory, and the directories it created unless committed
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }
  [[nodiscard]] const std::string& staging_dir() const { return staging_; }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

  /// Writes `name` into the staging directory; false (and error()) on failure.
  bool write(const std::string& name, const std::string& content);
  /// Registers a file something else (gnuplot) wrote into the staging directory.
  void adopt(const std::string& name) { names_.push_back(name); }
  /// Renames every staged file into the output directory; returns their final paths.
  std::optional<std::vector<std::string>> commit();

 private:
  std::string out_dir_;
  std::string staging_;
  std::vector<std::string> names_;
  std::optional<std::string> error_;
  std::vector<std::string> created_;  ///< directories this run created, innermost first
  bool committed_ = false;
};

}  // namespace flopcast::report
