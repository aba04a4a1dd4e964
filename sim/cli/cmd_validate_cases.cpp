// flopcast validate-cases: run every validation scenario and compare with the published figures,
// with the shipped calibration and, where `flopcast calibrate` stored them, the cross-validated
// predictions.
#include <boost/program_options.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "validation_cases.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

int cmd_validate_cases(const Args& args, const GlobalOptions& g) {
  std::string dir = "tests/validation", format = "table";
  po::options_description opts("flopcast validate-cases options");
  opts.add_options()("help,h", "show this help")("format,f", po::value(&format)->value_name("table|markdown|csv|model-error"),
                                                  "output format (default table; csv: one line per case with every column, for CI jobs;\n"
                                                  "model-error: the held-out error table the catalog ships)");
  po::options_description hidden;
  hidden.add_options()("dir", po::value(&dir));
  const auto vm = parse_command(args, opts, hidden, {{"dir", 1}});
  const bool valid_format = format == "table" || format == "markdown" || format == "csv" || format == "model-error";
  if (!valid_format) std::cerr << "flopcast validate-cases: --format must be table, markdown, csv or model-error, not '" << format << "'\n";
  if (vm.count("help") || !valid_format) {
    std::cout << "Usage: flopcast validate-cases [DIR] [--format table|markdown|csv|model-error]\n\n"
                 "Runs every scenario in DIR (default tests/validation) that has a validation: block and\n"
                 "compares each named metric with the published measurement, using the shipped calibration\n"
                 "(scenarios/catalog/calibration.yaml). Where DIR/cross-validation.csv exists (written by\n"
                 "`flopcast calibrate --write`), each case's held-out prediction is shown too. Exit 0 if every\n"
                 "case is within its tolerance, 1 if any is not, 2 on bad input. Each published value is also set\n"
                 "against its metric's physical limit under the case's inputs (dense peak or peak HBM bandwidth):\n"
                 "the 'of limit' column; above 100 % the case's assumptions cannot produce it.\n\n"
                 "--format model-error summarises the held-out errors per workload family and chip vendor\n"
                 "(median, 80th percentile, largest) as scenarios/catalog/model-error.yaml, which every answer\n"
                 "resting on the step or serving model quotes; it needs DIR/cross-validation.csv, and exits 0\n"
                 "whatever the cases' tolerances (it generates a file).\n\n"
                 "Examples:\n  flopcast validate-cases tests/validation --format markdown > docs/validation.md\n"
                 "  flopcast validate-cases tests/validation --format model-error > scenarios/catalog/model-error.yaml\n"
                 "  flopcast validate-cases --format csv > cases.csv\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  auto set = load_case_set(dir, g, *builtins);
  if (!set) return exit_bad_input;
  auto rows = case_rows(*set, fit::simulate(*set, builtins->calibration()));
  attach_limits_and_warnings(*set, rows);
  if (std::ifstream in(cross_validation_path(dir)); in) {
    std::stringstream text;
    text << in.rdbuf();
    report::attach_predictions(text.str(), rows);
  }
  if (format == "model-error") {
    const bool predicted = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.predicted.has_value(); });
    if (!predicted) {
      std::cerr << cross_validation_path(dir) << ": error[file-not-found]: no held-out predictions to summarise\n"
                << "  hint: run `flopcast calibrate " << dir << " --write` first; it writes them\n";
      return exit_bad_input;
    }
    std::cout << report::model_error_yaml(rows);
    return exit_ok;
  }
  std::cout << (format == "markdown" ? report::validation_markdown(rows) : format == "csv" ? report::validation_csv(rows) : report::validation_table(rows));
  const bool all_pass = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.pass; });
  return all_pass ? exit_ok : exit_expectation_failed;
}

}  // namespace flopcast::cli
