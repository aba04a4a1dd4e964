// A staging directory whose files appear in the output directory all at once, or not at all.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace flopcast::report {

/// What a commit did: the files now in place, and the files of earlier runs it removed.
struct Committed {
  std::vector<std::string> paths;    ///< out_dir joined with each staged name, in staging order
  std::vector<std::string> removed;  ///< names of earlier runs' files this run did not write again
};

/// The file in an output directory that lists what flopcast wrote there last (name, size, hash).
inline constexpr const char* kManifestName = ".flopcast-manifest";

class StagedOutput {
 public:
  /// How files are moved: std::rename, or a stand-in that fails on purpose (tests of the rollback).
  using RenameFn = int (*)(const char* from, const char* to);

  /// Creates `out_dir` if needed and a private staging directory inside it,
  /// `.flopcast-staging-<host>-<pid>`. On failure, `error()` says why and nothing was created.
  explicit StagedOutput(std::string out_dir, RenameFn rename = &std::rename);
  ~StagedOutput();  ///< removes the staging directory, and the directories it created unless committed
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }
  [[nodiscard]] const std::string& out_dir() const { return out_dir_; }
  [[nodiscard]] const std::string& staging_dir() const { return staging_; }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

  /// Writes `name` into the staging directory and flushes it to the disk (fsync); false (and
  /// error()) on failure. A name staged twice is refused: two outputs would share one file.
  bool write(const std::string& name, const std::string& content);
  /// Registers a file something else (gnuplot) wrote into the staging directory.
  bool adopt(const std::string& name);
  /// Adds this run's files beside the others in the directory instead of replacing the run that
  /// wrote them: nothing is removed and the manifest is left as it is (shard states, several
  /// runs of which share one directory).
  void keep_other_files() { keep_others_ = true; }
  /// Fails the commit before it starts (a chart that did not render).
  void fail(std::string why);

  /// Moves every staged file into the output directory, replacing files of the same name, and
  /// removes the files an earlier run wrote there (listed in its manifest and unchanged since)
  /// that this run did not write again; then writes the new manifest. All or nothing: if any
  /// step fails, what was moved is moved back, and error() says exactly what state the
  /// directory is in.
  std::optional<Committed> commit();

 private:
  struct Move;
  bool check_targets(const std::vector<std::string>& names);
  void roll_back(std::vector<Move>& done, const std::string& why);
  std::optional<Committed> move_into_place(Committed result);

  std::string out_dir_;
  RenameFn rename_;
  std::string staging_;
  std::vector<std::string> names_;
  std::optional<std::string> error_;
  std::vector<std::string> created_;  ///< directories this run created, innermost first
  bool committed_ = false;
  bool keep_staging_ = false;
  bool keep_others_ = false;   ///< keep_other_files()  ///< a rollback failed: the staging directory holds the old files
};

}  // namespace flopcast::report
