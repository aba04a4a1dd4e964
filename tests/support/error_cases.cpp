// Registers one Catch2 test per golden error file, tagged [errors][<code>], and checks what
// every golden output must say.
#include "support/error_cases.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "support/run_binary.hpp"

namespace flopcast::test {
namespace fs = std::filesystem;

namespace {

std::deque<std::string>& case_names() {
  static std::deque<std::string> names;  // Catch2 keeps pointers to the name strings; deque never moves them
  return names;
}

class ErrorCase : public Catch::ITestInvoker {
 public:
  explicit ErrorCase(std::string path) : relative(std::move(path)) {}
  std::string relative;  // tests/errors/<code>/<case>.yaml
  void invoke() const override {
    const auto command = error_case_command(relative);
    const auto r = run_flopcast(command);
    const std::string expected_path = error_case_sibling(relative, ".expected");
    if (const char* update = std::getenv("FLOPCAST_UPDATE_GOLDEN"); update && std::string(update) == "1") {
      std::ofstream(expected_path, std::ios::binary) << r.err;
    }
    INFO("case: " << relative << " (flopcast " << [&] { std::string s; for (const auto& w : command) s += w + " "; return s; }() << ")");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(source_dir() + "/out/error-case"));  // cases that would write name this directory: nothing may appear
    REQUIRE(fs::exists(expected_path));
    CHECK(r.err == read_file(expected_path));
  }
};

/// Whether `line` says how to get out of the error: a hint, or what would be accepted.
bool is_way_out(std::string_view line) {
  line.remove_prefix(std::min(line.size(), line.find_first_not_of(' ')));
  return line.starts_with("hint:") || line.starts_with("expected:");
}

/// The header line ("FILE:LINE:COLUMN: error[CODE]: ...") of each diagnostic in `output` that has
/// no way out among its own lines (up to the next header). Excerpt lines are indented, so a
/// source line that happens to contain "error[" is never a header. In --error-format json a
/// diagnostic is one line, and its way out is a non-empty "hint" or "expected".
std::vector<std::string> diagnostics_without_way_out(const std::string& output) {
  std::vector<std::string> out;
  std::string header;
  bool way_out = false;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("{")) {
      if (line.find("\"hint\": \"\"") != std::string::npos && line.find("\"expected\": \"\"") != std::string::npos) out.push_back(line);
    } else if (!line.empty() && line.front() != ' ' && line.find(": error[") != std::string::npos) {
      if (!header.empty() && !way_out) out.push_back(header);
      header = line;
      way_out = false;
    } else if (is_way_out(line)) {
      way_out = true;
    }
  }
  if (!header.empty() && !way_out) out.push_back(header);
  return out;
}

}  // namespace

// A refusal is only useful if it says how to fix the input; this keeps new error cases honest.
TEST_CASE("errors: every error in a golden output has a hint: or expected: line", "[errors]") {
  const fs::path root = fs::path(source_dir()) / "tests" / "errors";
  std::vector<std::string> lacking;
  std::size_t checked = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".expected") continue;
    ++checked;
    for (const auto& header : diagnostics_without_way_out(read_file(e.path().string()))) {
      lacking.push_back(fs::relative(e.path(), source_dir()).string() + ": " + header);
    }
  }
  std::sort(lacking.begin(), lacking.end());
  std::string listed;
  for (const auto& l : lacking) listed += "\n  " + l;
  INFO("golden outputs with an error that has neither a hint: nor an expected: line:" << listed);
  CHECK(lacking.empty());
  CHECK(checked > 100);  // the walk did find the golden files
}

std::vector<std::string> error_case_files() {
  const fs::path root = fs::path(source_dir()) / "tests" / "errors";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(fs::relative(f, source_dir()).string());
  return out;
}

std::string error_case_sibling(const std::string& relative, const std::string& extension) {
  return source_dir() + "/" + fs::path(relative).replace_extension(extension).string();
}

/// For bad input that only a command or an option shows, <case>.args (one line) gives the words.
std::vector<std::string> error_case_command(const std::string& relative) {
  const std::string args_path = error_case_sibling(relative, ".args");
  if (!fs::exists(args_path)) return {"validate", relative};
  std::istringstream words(read_file(args_path));
  std::vector<std::string> out;
  for (std::string w; words >> w;) out.push_back(w == "{}" ? relative : w);
  return out;
}

void register_error_cases() {
  auto& names = case_names();
  for (const auto& rel : error_case_files()) {
    const fs::path f(rel);
    const std::string code = f.parent_path().filename().string();
    names.push_back("errors: " + code + ": " + f.stem().string());
    names.push_back("[errors][" + code + "]");
    Catch::AutoReg reg(new ErrorCase(rel), Catch::SourceLineInfo(__FILE__, __LINE__),
                       Catch::StringRef(), Catch::NameAndTags{names[names.size() - 2], names.back()});
    (void)reg;
  }
}

}  // namespace flopcast::test
