// flopcast diff: what changed between two runs (results.json files or scenarios), with
// relative differences, for reviewing a scenario change.
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <unistd.h>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"
#include "text_table.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace flopcast::cli {
namespace {

/// A results.json path as given, or a scenario evaluated into a temporary results.json.
std::optional<std::string> results_file(const std::string& arg, const GlobalOptions& g, const fs::path& tmp) {
  if (fs::path(arg).extension() != ".yaml") return arg;
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return std::nullopt;
  auto loaded = load_scenario_file(arg, g, *builtins);
  if (!loaded.scenario) {
    print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
    return std::nullopt;
  }
  const auto out = tmp / fs::path(arg).stem();
  auto written = report::write_outputs(*loaded.scenario, engine::evaluate(*loaded.scenario), out.string(), {false, "gnuplot", version()});
  if (written.error) {
    print_diagnostics(std::cerr, {*written.error}, g.error_format);
    return std::nullopt;
  }
  return (out / "results.json").string();
}

std::string num(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

int cmd_diff(const Args& args, const GlobalOptions& g) {
  std::vector<std::string> files;
  double tolerance = 1e-9;
  po::options_description opts("flopcast diff options");
  opts.add_options()("help,h", "show this help")("tolerance", po::value(&tolerance)->value_name("REL"),
                                                   "relative differences at or below this are equal (default 1e-9)");
  po::options_description hidden;
  hidden.add_options()("files", po::value(&files));
  const auto vm = parse_command(args, opts, hidden, {{"files", -1}});
  if (vm.count("help") || files.size() != 2) {
    std::cout << "Usage: flopcast diff A B [--tolerance REL]\n\n"
                 "Compares two runs number by number. A and B are results.json files, or scenario files\n"
                 "(.yaml), which are evaluated first. Prints each number that changed with its relative\n"
                 "difference, and the numbers only one side has. Exit 0 if nothing changed beyond the\n"
                 "tolerance, 1 if something did, 2 on bad input.\n\n"
                 "Example:\n  flopcast diff out/base/results.json out/new/results.json\n"
                 "  flopcast diff scenarios/910c-vs-h100.yaml my-variant.yaml\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  const fs::path tmp = fs::temp_directory_path() / ("flopcast-diff-" + std::to_string(::getpid()));
  std::map<std::string, double> side[2];
  std::vector<std::string> order;
  for (int i = 0; i < 2; ++i) {
    auto path = results_file(files[static_cast<std::size_t>(i)], g, tmp / (i ? "b" : "a"));
    if (!path) return exit_bad_input;
    auto numbers = scenario::load_results_numbers(*path);
    if (!numbers.diagnostics.empty()) {
      print_diagnostics(std::cerr, numbers.diagnostics, g.error_format);
      return exit_bad_input;
    }
    for (const auto& [k, v] : numbers.numbers) {
      if (side[0].count(k) == 0 && side[1].count(k) == 0) order.push_back(k);
      side[i][k] = v;
    }
  }
  std::error_code ec;
  fs::remove_all(tmp, ec);
  TextTable t({"value", "A", "B", "change"}, {false, true, true, true});
  int changed = 0;
  for (const auto& k : order) {
    const auto a = side[0].find(k), b = side[1].find(k);
    if (a == side[0].end() || b == side[1].end()) {
      t.add({k, a == side[0].end() ? "-" : num(a->second), b == side[1].end() ? "-" : num(b->second), "only in " + std::string(a == side[0].end() ? "B" : "A")});
      ++changed;
      continue;
    }
    const double scale = std::max(std::fabs(a->second), std::fabs(b->second));
    const double rel = scale > 0 ? (b->second - a->second) / std::fabs(a->second == 0 ? scale : a->second) : 0;
    if (std::fabs(b->second - a->second) <= tolerance * scale) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.2f %%", rel * 100);
    t.add({k, num(a->second), num(b->second), buf});
    ++changed;
  }
  if (changed == 0) {
    std::cout << "no differences (" << order.size() << " numbers compared)\n";
    return exit_ok;
  }
  std::cout << t.str() << changed << " of " << order.size() << " numbers differ\n";
  return exit_expectation_failed;
}

}  // namespace flopcast::cli
