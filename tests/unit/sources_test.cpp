// The bibliography: every [KEY] the catalog, regimes, scenarios and validation cases cite
// resolves in scenarios/catalog/sources.yaml; docs/sources.md is what `flopcast catalog sources
// --format markdown` prints; and no file of the repository names a path outside it.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <regex>

#include "flopcast/report/sources_report.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;
namespace fs = std::filesystem;

namespace {

const scenario::BibliographyLoad& bibliography() {
  static const auto loaded = scenario::load_bibliography(test::source_dir() + "/scenarios/catalog/sources.yaml");
  return loaded;
}

/// Source-tree files under `dir` with extension `ext` (recursive), as paths relative to the root.
std::vector<std::string> files_under(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  const fs::path root(test::source_dir());
  for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(fs::relative(e.path(), root).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Line number (1-based) of a byte offset.
std::size_t line_of(const std::string& text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

/// Directories that are not part of the repository's content: git's, build trees, run outputs.
bool skipped_dir(const fs::path& dir, const fs::path& root) {
  const std::string name = dir.filename().string();
  if (fs::exists(dir / "CMakeCache.txt")) return true;
  return dir.parent_path() == root && (name.rfind("build", 0) == 0 || name == "out");
}

/// Every text file of the repository (binary files, those holding a NUL byte, are skipped).
std::vector<fs::path> repository_text_files() {
  const fs::path root(test::source_dir());
  std::vector<fs::path> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".git") {  // git's own (a directory, or a file in a worktree)
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory() && skipped_dir(it->path(), root)) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const std::string text = test::read_file(it->path().string());
    if (text.find('\0') == std::string::npos) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("sources: the bibliography loads cleanly, sorted, every entry complete", "[sources]") {
  const auto& b = bibliography();
  for (const auto& d : b.diagnostics) FAIL_CHECK(d.location.file << ":" << d.location.line << ": " << d.message);
  REQUIRE(b.diagnostics.empty());
  REQUIRE(b.bibliography.entries().size() >= 80);
  for (std::size_t i = 1; i < b.bibliography.entries().size(); ++i) {
    CHECK(b.bibliography.entries()[i - 1].key < b.bibliography.entries()[i].key);
  }
  for (const auto& e : b.bibliography.entries()) {
    INFO(e.key);
    CHECK(!e.author.empty());
    CHECK(!e.title.empty());
    CHECK(catalog::is_bibliography_date(e.date));
    CHECK((e.url.rfind("https://", 0) == 0 || e.url.rfind("http://", 0) == 0));
  }
}

TEST_CASE("sources: every [KEY] in the catalog, regimes, scenarios and validation cases resolves", "[sources]") {
  const auto& bib = bibliography().bibliography;
  std::vector<std::string> files = files_under("scenarios", ".yaml");
  const auto validation = files_under("tests/validation", ".yaml");
  files.insert(files.end(), validation.begin(), validation.end());
  REQUIRE(files.size() > 20);
  std::size_t cited = 0;
  for (const auto& f : files) {
    if (f == "scenarios/catalog/sources.yaml") continue;  // the bibliography itself
    const std::string text = test::read_file(test::source_dir() + "/" + f);
    for (const auto& k : catalog::citation_keys(text)) {
      ++cited;
      if (!bib.find(k.key)) FAIL_CHECK(f << ":" << line_of(text, k.offset) << ": [" << k.key << "] is not in scenarios/catalog/sources.yaml");
    }
  }
  CHECK(cited > 100);  // the scan found the citations (a broken scanner would pass silently)
}

TEST_CASE("sources: the key scanner tells citations from YAML lists", "[sources]") {
  const auto keys = [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& k : catalog::citation_keys(text)) out.push_back(k.key);
    return out;
  };
  CHECK(keys("source: \"[FR23] 88 FR 73458; [CM-paper] Zuo et al.\"") == std::vector<std::string>{"FR23", "CM-paper"});
  CHECK(keys("# median ~140k smuggled [CNAS], C") == std::vector<std::string>{"CNAS"});
  CHECK(keys("notes: >-\n  [MSM] Huawei profile") == std::vector<std::string>{"MSM"});
  CHECK(keys("destinations: [CN]\nmembers: [CN, MO]\n  - [A]\nchips: [h20]").empty());
  CHECK(keys("[not-a-key] [A--B] [-A] [A-]").empty());
}

TEST_CASE("sources: docs/sources.md is the generated bibliography", "[sources]") {
  // Regenerate with: ./build/bin/flopcast catalog sources --format markdown > docs/sources.md
  REQUIRE(bibliography().diagnostics.empty());
  CHECK(test::read_file(test::source_dir() + "/docs/sources.md") == report::bibliography_markdown(bibliography().bibliography));
}

TEST_CASE("sources: no file of the repository names a path outside it", "[sources]") {
  // The research desk outside the repository, by its paths and file names. Written in pieces so
  // that this file does not name them either.
  const std::vector<std::string> outside = {
      "/wo" "rk/", "../sha" "red", "shared/refe" "rence", "chips-rules-supply" "-models.md", "policy-facts" "-2026.md",
      "calibration-" "cases", "style-" "anchors.md", "STY" "LE.md", "helpers-" "protocol.md"};
  // A relative path that climbs above the repository from the file that names it.
  const std::regex climbing(R"((\.\./)+[A-Za-z0-9_.\-]+)");
  const fs::path root = fs::weakly_canonical(test::source_dir());
  const auto files = repository_text_files();
  REQUIRE(files.size() > 100);
  for (const auto& path : files) {
    const std::string text = test::read_file(path.string());
    const std::string rel = fs::relative(path, root).string();
    for (const auto& name : outside) {
      for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        FAIL_CHECK(rel << ":" << line_of(text, at) << ": names '" << name << "', outside the repository");
      }
    }
    for (auto m = std::sregex_iterator(text.begin(), text.end(), climbing); m != std::sregex_iterator(); ++m) {
      const auto target = (path.parent_path() / m->str()).lexically_normal();
      const auto inside = fs::relative(target, root).string();
      if (inside.rfind("..", 0) == 0) {
        FAIL_CHECK(rel << ":" << line_of(text, static_cast<std::size_t>(m->position())) << ": '" << m->str() << "' leads outside the repository");
      }
    }
  }
}

TEST_CASE("sources: flopcast catalog sources lists the bibliography", "[sources][cli]") {
  const auto table = test::run_flopcast({"catalog", "sources"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("[FR23]") != std::string::npos);
  const auto md = test::run_flopcast({"catalog", "sources", "--format", "markdown"});
  CHECK(md.exit_code == 0);
  CHECK(md.out == report::bibliography_markdown(bibliography().bibliography));
  const auto bad = test::run_flopcast({"catalog", "chips", "--format", "markdown"});
  CHECK(bad.exit_code == 2);
}
