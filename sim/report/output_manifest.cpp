// Reading and writing an output directory's manifest (output_manifest.hpp).
#include "output_manifest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <sstream>

namespace flopcast::report {
namespace {

constexpr const char* kHeader = "flopcast-manifest 1";

/// Bigger manifests are not ours: a run writes a few hundred files at most.
constexpr std::size_t kMaxManifestBytes = 1 << 20;

bool plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos && name.find('\0') == std::string::npos;
}

}  // namespace

std::optional<ManifestEntry> describe_file(const std::string& path, const std::string& name) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<ManifestEntry> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    ManifestEntry e{name, 0, 0xcbf29ce484222325ULL};
    char buf[1 << 16];
    ssize_t n = 0;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
      for (ssize_t i = 0; i < n; ++i) e.hash = (e.hash ^ static_cast<unsigned char>(buf[i])) * 0x100000001b3ULL;
      e.size += static_cast<std::uint64_t>(n);
    }
    if (n == 0) out = e;
  }
  ::close(fd);
  return out;
}

std::string format_manifest(const std::vector<ManifestEntry>& entries) {
  std::ostringstream o;
  o << kHeader << "\n# Files flopcast wrote into this directory in its last run; the next run removes those it does\n"
                  "# not write again, unless they were changed since. Other files are never touched.\n";
  for (const auto& e : entries) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(e.hash));
    o << hash << ' ' << e.size << ' ' << e.name << '\n';
  }
  return o.str();
}

std::vector<ManifestEntry> read_manifest(const std::string& path) {
  const auto self = describe_file(path, "");
  if (!self || self->size > kMaxManifestBytes) return {};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return {};
  std::string text(self->size, '\0');
  const std::size_t got = std::fread(text.data(), 1, text.size(), f);
  std::fclose(f);
  text.resize(got);
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kHeader) return {};
  std::vector<ManifestEntry> out;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ManifestEntry e;
    const auto first = line.find(' '), second = first == std::string::npos ? first : line.find(' ', first + 1);
    if (second == std::string::npos) return {};  // malformed: trust none of it
    const char* b = line.data();
    const auto h = std::from_chars(b, b + first, e.hash, 16);
    const auto s = std::from_chars(b + first + 1, b + second, e.size);
    e.name = line.substr(second + 1);
    if (h.ec != std::errc{} || h.ptr != b + first || s.ec != std::errc{} || s.ptr != b + second || !plain_name(e.name)) return {};
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace flopcast::report
