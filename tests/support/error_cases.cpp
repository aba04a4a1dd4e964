// Registers one Catch2 test per golden error file, tagged [errors][<code>].
#include "support/error_cases.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>

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
    const auto r = run_flopcast({"validate", relative});
    const std::string expected_path = source_dir() + "/" + relative.substr(0, relative.size() - 5) + ".expected";
    if (const char* update = std::getenv("FLOPCAST_UPDATE_GOLDEN"); update && std::string(update) == "1") {
      std::ofstream(expected_path, std::ios::binary) << r.err;
    }
    INFO("case: " << relative);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REQUIRE(fs::exists(expected_path));
    CHECK(r.err == read_file(expected_path));
  }
};

}  // namespace

void register_error_cases() {
  const fs::path root = fs::path(source_dir()) / "tests" / "errors";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  auto& names = case_names();
  for (const auto& f : files) {
    const std::string code = f.parent_path().filename().string();
    const std::string rel = fs::relative(f, source_dir()).string();
    names.push_back("errors: " + code + ": " + f.stem().string());
    names.push_back("[errors][" + code + "]");
    Catch::AutoReg reg(new ErrorCase(rel), Catch::SourceLineInfo(__FILE__, __LINE__),
                       Catch::StringRef(), Catch::NameAndTags{names[names.size() - 2], names.back()});
    (void)reg;
  }
}

}  // namespace flopcast::test
