// flopcast help: the overview or one command's help, and docs/cli.md generated from them (every
// command's own --help, so the page cannot drift from the code; a test compares the two).
#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "exit_codes.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

/// What a command prints for --help (it writes to std::cout; this reads it back).
std::string captured_help(const Command& c, const GlobalOptions& g) {
  std::ostringstream text;
  auto* const saved = std::cout.rdbuf(text.rdbuf());
  struct Restore {
    std::streambuf* saved;
    ~Restore() { std::cout.rdbuf(saved); }
  } restore{saved};
  (void)c.run({"--help"}, g);
  return text.str();
}

std::string fenced(const std::string& text) {
  std::string body = text;
  while (!body.empty() && body.back() == '\n') body.pop_back();
  return "```text\n" + body + "\n```\n";
}

std::string markdown(const GlobalOptions& g) {
  std::string out =
      "# Command line\n\n"
      "<!-- Generated from the commands' own help by `flopcast help --format markdown`; a test fails\n"
      "     when this file differs. Regenerate: ./build/bin/flopcast help --format markdown > docs/cli.md -->\n\n"
      "Every command as `flopcast --help` and `flopcast COMMAND --help` describe it. Outputs are\n"
      "described in [results-format.md](results-format.md), scenario files in\n"
      "[scenario-format.md](scenario-format.md), errors in [errors.md](errors.md), CI use in\n"
      "[ci.md](ci.md). The code is `sim/cli/` (`main.cpp` dispatches to `cmd_<command>.cpp`).\n\n";
  out += "| Command | What it does |\n|---|---|\n";
  for (const auto& c : command_table()) {
    std::string summary = c.summary;
    for (std::size_t at = 0; (at = summary.find('|', at)) != std::string::npos; at += 2) summary.insert(at, "\\");  // not a cell border
    out += "| [`" + std::string(c.name) + "`](#" + c.name + ") | " + summary + " |\n";
  }
  out += "\n## flopcast --help\n\n" + fenced(overview_text());
  for (const auto& c : command_table()) out += "\n## " + std::string(c.name) + "\n\n" + fenced(captured_help(c, g));
  return out;
}

}  // namespace

int cmd_help(const Args& args, const GlobalOptions& g) {
  std::string format = "text", command;
  po::options_description opts("flopcast help options");
  opts.add_options()("help,h", "show this help")("format", po::value(&format)->value_name("text|markdown"),
                                                 "markdown: every command's help as one page (docs/cli.md)");
  po::options_description hidden;
  hidden.add_options()("command", po::value(&command));
  const auto vm = parse_command(args, opts, hidden, {{"command", 1}});
  if (vm.count("help")) {
    std::cout << "Usage: flopcast help [COMMAND] [--format text|markdown]\n\n"
                 "Prints the overview, or a command's help (the same as 'flopcast COMMAND --help').\n"
                 "With --format markdown, every command's help as one Markdown page: docs/cli.md is\n"
                 "this output, and a test fails when the two differ.\n\n"
                 "Examples:\n  flopcast help sweep\n  flopcast help --format markdown > docs/cli.md\n\n"
              << opts << "\n";
    return exit_ok;
  }
  if (format != "text" && format != "markdown") {
    std::cerr << "flopcast help: --format must be 'text' or 'markdown', not '" << format << "'\n";
    return exit_bad_input;
  }
  if (format == "markdown") {
    std::cout << markdown(g);
    return exit_ok;
  }
  if (command.empty()) {
    std::cout << overview_text();
    return exit_ok;
  }
  for (const auto& c : command_table()) {
    if (command == c.name) return c.run({"--help"}, g);
  }
  std::vector<std::string> known;
  for (const auto& c : command_table()) known.emplace_back(c.name);
  report_unknown_name("help", "COMMAND", "command", command, known);
  return exit_bad_input;
}

}  // namespace flopcast::cli
