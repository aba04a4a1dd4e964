// Docs that cannot drift: docs/cli.md is exactly the commands' own help as `flopcast help
// --format markdown` assembles it, and every command the overview lists has a section there;
// docs/errors.md's examples are the golden error cases' files and outputs.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "flopcast/engine/metrics.hpp"
#include "support/error_cases.hpp"
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

namespace {

/// The names inside "`<prefix>{a, b, c}`" in `text` (whitespace and line breaks ignored).
std::set<std::string> braced_list(const std::string& text, const std::string& prefix) {
  const auto open = text.find("`" + prefix + "{");
  if (open == std::string::npos) return {};
  const auto from = open + prefix.size() + 2;
  const auto close = text.find('}', from);
  std::string list = text.substr(from, close - from);
  for (char& c : list) if (c == ',' || c == '\n') c = ' ';
  std::istringstream in(list);
  std::set<std::string> out;
  for (std::string name; in >> name;) out.insert(name);
  return out;
}

}  // namespace

TEST_CASE("docs: docs/scenario-keys.md is the generated reference of every scenario key", "[cli][docs]") {
  // Regenerate with: ./build/bin/flopcast schema --format markdown > docs/scenario-keys.md
  const auto r = test::run_flopcast({"schema", "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK(test::read_file(test::source_dir() + "/docs/scenario-keys.md") == r.out);
  // Every key the loader takes is on it, in every section reachable from the top level.
  for (const char* key : {"| `name` |", "| `recompute_layers` |", "| `peak_to_mean` |", "| `stock_from` |", "| `fused_expert_mlp` |"}) {
    INFO(key);
    CHECK(r.out.find(key) != std::string::npos);
  }
  // The hand-written page sends readers to it.
  CHECK(test::read_file(test::source_dir() + "/docs/scenario-format.md").find("(scenario-keys.md)") != std::string::npos);
}

TEST_CASE("docs: the metric fields scenario-format.md lists are the engine's", "[cli][docs]") {
  const auto page = test::read_file(test::source_dir() + "/docs/scenario-format.md");
  for (const auto& [family, prefix] : {std::pair{"fleet", "fleet."}, std::pair{"training", "training.<run>."},
                                       std::pair{"inference", "inference.<service>."}, std::pair{"kernel", "kernel.<name>."}}) {
    INFO(family);
    const auto fields = engine::metric_fields(family);
    REQUIRE_FALSE(fields.empty());
    CHECK(braced_list(page, prefix) == std::set<std::string>(fields.begin(), fields.end()));
  }
}

namespace {

/// The golden error cases by their command line ("flopcast validate tests/errors/...").
std::map<std::string, std::string> error_cases_by_command() {
  std::map<std::string, std::string> out;
  for (const auto& c : test::error_case_files()) {
    std::string line = "flopcast";
    for (const auto& w : test::error_case_command(c)) line += " " + w;
    out.emplace(line, c);
  }
  return out;
}

/// What an example in docs/errors.md shows after `$ COMMAND`: the fixture `cat tests/errors/...`
/// prints, or the golden output of the case whose command it is; nothing if it names neither.
/// A trailing "  # ..." on the command says in words what the case holds.
std::optional<std::string> example_output(std::string command, const std::map<std::string, std::string>& cases) {
  command = command.substr(0, command.find("  #"));
  command = command.substr(0, command.find_last_not_of(' ') + 1);
  const std::string cat = "cat tests/errors/";
  if (command.starts_with(cat) && std::filesystem::is_regular_file(test::source_dir() + "/" + command.substr(4))) {
    return test::read_file(test::source_dir() + "/" + command.substr(4));
  }
  const auto c = cases.find(command);
  if (c == cases.end()) return std::nullopt;
  return test::read_file(test::error_case_sibling(c->second, ".expected"));
}

/// docs/errors.md as its examples say it should read, and what differs from that.
struct ErrorExamples {
  std::string page;                  ///< the text after each `$ ` line replaced by what example_output says it shows
  int commands = 0;                  ///< the `$ ` lines in fenced blocks
  std::vector<std::string> drifted;  ///< those whose text differs from what they show
  std::vector<std::string> unknown;  ///< those that name no case (their text is kept)
};

ErrorExamples regenerate_error_examples(const std::string& page) {
  const auto cases = error_cases_by_command();
  ErrorExamples ex;
  std::string command, shown;
  std::optional<std::string> output;  // of the current `$ ` line, while its text is being read
  auto finish = [&] {
    if (output && shown != *output) ex.drifted.push_back(command);
    ex.page += output ? *output : shown;
    output.reset();
    shown.clear();
  };
  bool fenced = false, in_example = false;
  std::istringstream lines(page);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.starts_with("```")) {
      if (in_example) finish();
      fenced = !fenced;
      in_example = false;
      ex.page += line + "\n";
    } else if (fenced && line.starts_with("$ ")) {
      if (in_example) finish();
      in_example = true;
      ++ex.commands;
      command = "docs/errors.md:" + std::to_string(number) + ": " + line;
      output = example_output(line.substr(2), cases);
      if (!output) ex.unknown.push_back(command);
      ex.page += line + "\n";
    } else if (in_example) {
      shown += line + "\n";
    } else {
      ex.page += line + "\n";
    }
  }
  return ex;
}

std::string listed(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

}  // namespace

TEST_CASE("docs: every example in docs/errors.md is a golden error case's file or output", "[cli][docs]") {
  // Regenerate with: FLOPCAST_UPDATE_GOLDEN=1 ./build/tests/flopcast_tests "docs: every example in docs/errors.md*"
  // (after the goldens themselves, "errors:*"). An example runs `cat` on a case file or a case's
  // exact command; a new example needs a case in tests/errors first.
  const auto path = test::source_dir() + "/docs/errors.md";
  const auto page = test::read_file(path);
  const auto ex = regenerate_error_examples(page);
  if (std::getenv("FLOPCAST_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << ex.page;
  INFO("examples that are no case's `cat tests/errors/<code>/<case>.yaml` or command (its .args):" << listed(ex.unknown));
  CHECK(ex.unknown.empty());
  INFO("examples that differ from the case's file or .expected:" << listed(ex.drifted));
  CHECK(ex.drifted.empty());
  CHECK(ex.commands > 20);  // the examples were found
}

TEST_CASE("docs: every relative link in README.md and docs/ names a file that exists", "[cli][docs]") {
  namespace fs = std::filesystem;
  const fs::path root = test::source_dir();
  std::vector<fs::path> pages{root / "README.md"};
  for (const auto& e : fs::recursive_directory_iterator(root / "docs")) {
    if (e.path().extension() == ".md") pages.push_back(e.path());
  }
  const std::regex link(R"(\]\(([^)#\s]+)(#[^)]*)?\))");
  std::size_t checked = 0;
  for (const auto& page : pages) {
    const std::string text = test::read_file(page.string());
    for (std::sregex_iterator m(text.begin(), text.end(), link), end; m != end; ++m) {
      const std::string target = (*m)[1];
      if (std::regex_search(target, std::regex("^[a-z]+:"))) continue;  // http:, https:, mailto:
      INFO(page.string() << " links to " << target);
      CHECK(fs::exists(page.parent_path() / target));
      ++checked;
    }
  }
  CHECK(checked > 50);  // the pages do link to each other
}
