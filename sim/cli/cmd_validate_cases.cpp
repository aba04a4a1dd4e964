// flopcast validate-cases: run every validation scenario and compare with the published figures.
#include <boost/program_options.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/report/validation_report.hpp"
#include "flopcast/scenario/load.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace flopcast::cli {

int cmd_validate_cases(const Args& args, const GlobalOptions& g) {
  std::string dir = "tests/validation", format = "table";
  po::options_description opts("flopcast validate-cases options");
  opts.add_options()("help,h", "show this help")("format,f", po::value(&format)->value_name("table|markdown"), "output format (default table)");
  po::options_description hidden;
  hidden.add_options()("dir", po::value(&dir));
  const auto vm = parse_command(args, opts, hidden, {{"dir", 1}});
  if (vm.count("help") || (format != "table" && format != "markdown")) {
    std::cout << "Usage: flopcast validate-cases [DIR] [--format table|markdown]\n\n"
                 "Runs every scenario in DIR (default tests/validation) that has a validation: block and\n"
                 "compares each named metric with the published measurement. Exit 0 if every case is\n"
                 "within its tolerance, 1 if any is not, 2 on bad input.\n\n"
                 "Example:\n  flopcast validate-cases tests/validation --format markdown > docs/validation.md\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  if (ec || files.empty()) {
    std::cerr << "flopcast validate-cases: no scenario files in " << dir << "\n";
    return exit_bad_input;
  }
  std::sort(files.begin(), files.end());
  std::vector<report::ValidationRow> rows;
  for (const auto& f : files) {
    auto loaded = load_scenario_file(f, g, *builtins);
    if (!loaded.scenario) {
      print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
      return exit_bad_input;
    }
    const auto results = engine::evaluate(*loaded.scenario);
    for (auto& row : report::validation_rows(*loaded.scenario, results)) {
      if (!row.simulated && !engine::metric_value(results, row.metric)) {
        bool known = false;
        for (const auto& n : engine::metric_names(results)) known = known || n == row.metric;
        if (!known) {
          std::cerr << f << ": error[unknown-reference]: validation metric '" << row.metric << "' does not exist; known metrics:\n";
          for (const auto& n : engine::metric_names(results)) std::cerr << "  " << n << "\n";
          return exit_bad_input;
        }
      }
      rows.push_back(std::move(row));
    }
  }
  std::cout << (format == "markdown" ? report::validation_markdown(rows) : report::validation_table(rows));
  const bool all_pass = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.pass; });
  return all_pass ? exit_ok : exit_expectation_failed;
}

}  // namespace flopcast::cli
