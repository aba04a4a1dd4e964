// Docs that cannot drift: docs/cli.md is exactly the commands' own help as `flopcast help
// --format markdown` assembles it, and every command the overview lists has a section there.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "support/run_binary.hpp"

using namespace flopcast;

TEST_CASE("docs: docs/cli.md is the generated help of every command", "[cli][docs]") {
  // Regenerate with: ./build/bin/flopcast help --format markdown > docs/cli.md
  const auto r = test::run_flopcast({"help", "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK(test::read_file(test::source_dir() + "/docs/cli.md") == r.out);
}

TEST_CASE("docs: every command's help is in the generated page, as the command prints it", "[cli][docs]") {
  const auto page = test::run_flopcast({"help", "--format", "markdown"}).out;
  for (const char* command : {"run", "sweep", "compare", "check", "diff", "merge", "size", "validate", "help"}) {
    INFO(command);
    const auto help = test::run_flopcast({command, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(page.find("\n## " + std::string(command) + "\n") != std::string::npos);
    CHECK(page.find(help.out.substr(0, help.out.find_last_not_of('\n') + 1)) != std::string::npos);
  }
  // 'flopcast help X' is 'flopcast X --help'.
  CHECK(test::run_flopcast({"help", "sweep"}).out == test::run_flopcast({"sweep", "--help"}).out);
  CHECK(test::run_flopcast({"help", "swep"}).exit_code == 2);
}

TEST_CASE("docs: README's 'What a run prints' is what the flagship run prints", "[cli][docs]") {
  // Regenerate with: FLOPCAST_UPDATE_GOLDEN=1 ./build/tests/flopcast_tests "docs: README*"
  const std::string open = "```\n$ ./build/bin/flopcast run scenarios/910c-vs-h100.yaml -o out/910c-vs-h100\n";
  const auto r = test::run_flopcast({"run", "scenarios/910c-vs-h100.yaml", "-o", test::fresh_temp_dir("readme-run"), "--no-charts"});
  REQUIRE(r.exit_code == 0);
  std::string printed = r.out.substr(0, r.out.find("\nWrote "));  // the file list names the temporary directory
  printed = printed.substr(0, printed.find_last_not_of('\n') + 1) + "\n";
  const auto path = test::source_dir() + "/README.md";
  auto readme = test::read_file(path);
  const auto begin = readme.find(open);
  REQUIRE(begin != std::string::npos);
  const auto body = begin + open.size();
  const auto end = readme.find("```\n", body);
  REQUIRE(end != std::string::npos);
  if (std::getenv("FLOPCAST_UPDATE_GOLDEN")) {
    readme.replace(body, end - body, printed);
    std::ofstream(path, std::ios::binary) << readme;
  }
  CHECK(readme.substr(body, end - body) == printed);
  // The answer leads the summary.
  CHECK(printed.find("\nAnswer:   ") != std::string::npos);
}
