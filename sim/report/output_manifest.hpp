// The manifest of an output directory: the files flopcast wrote there last, with their size and
// a hash of their bytes, so a later run removes only files flopcast wrote and nobody changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flopcast::report {

struct ManifestEntry {
  std::string name;  ///< a file name inside the output directory
  std::uint64_t size = 0;
  std::uint64_t hash = 0;  ///< FNV-1a of the bytes: tells an unchanged file from one edited since
};

/// The size and hash of the regular file at `path` (not following a symbolic link); nothing if
/// it is not a regular file or cannot be read.
std::optional<ManifestEntry> describe_file(const std::string& path, const std::string& name);

/// The manifest's text: a header line, then "HASH SIZE NAME" per file.
std::string format_manifest(const std::vector<ManifestEntry>& entries);

/// The entries of the manifest at `path`; none if it is missing or not a manifest (a file that
/// is not one lists nothing, so nothing is removed because of it).
std::vector<ManifestEntry> read_manifest(const std::string& path);

}  // namespace flopcast::report
