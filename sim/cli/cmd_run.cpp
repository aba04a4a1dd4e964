// flopcast run: load, evaluate, print a summary, write results.json, tables and charts.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"
#include "flopcast/report/sweep_output.hpp"
#include "summary.hpp"
#include "sweep_driver.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

int cmd_run(const Args& args, const GlobalOptions& g) {
  std::string scenario_path, out_dir, gnuplot = "gnuplot";
  po::options_description opts("flopcast run options");
  opts.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&out_dir)->value_name("DIR"), "output directory (default: out/<scenario name>)")
      ("no-charts", "write chart data and gnuplot scripts but do not render images")
      ("report", "also write report.html: one self-contained page with the numbers, charts, assumptions and sources")
      ("gnuplot", po::value(&gnuplot)->value_name("PATH"), "gnuplot executable (default: gnuplot)")
      ("quiet,q", "print only the list of files written");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  const auto vm = parse_command(args, opts, hidden, {{"scenario", 1}});
  if (vm.count("help") || scenario_path.empty()) {
    std::cout << "Usage: flopcast run SCENARIO [-o DIR]\n\n"
                 "Evaluates SCENARIO (a YAML file; see docs/scenario-format.md) and writes into DIR:\n"
                 "  results.json        every number, machine-readable, units in key names\n"
                 "  *.csv               pools, chip types, training runs, inference services\n"
                 "  capacity_by_chip.*  chart: .svg, .png, .pdf, and the .dat/.gp files gnuplot drew them from\n"
                 "  serving_vs_demand.* with inference services: chips needed per pool and mode vs the pool (docs/charts.md)\n"
                 "  sweep.*, tornado_*  with sweep:/uncertain: sections: statistics and charts (docs/sweeps.md)\n"
                 "  projection*.csv, capacity_over_time_<actor>.*, serving_over_time_<actor>.*\n"
                 "                      with timeline:/actors: a fleet projection per period (docs/fleet-over-time.md)\n"
                 "Files appear all at once when the run succeeds; on bad input nothing is written (exit 2).\n\n"
                 "Example:\n  flopcast run scenarios/910c-vs-h100.yaml -o out/910c-vs-h100\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto maybe = load_or_report(scenario_path, g);
  if (!maybe) return exit_bad_input;
  auto& loaded = *maybe;
  const auto& s = *loaded.scenario;
  const auto results = engine::evaluate(s);
  report::ExtraFiles extra;
  std::optional<sweep::SweepResult> swept;
  if (!loaded.sweep.empty()) {  // a scenario with sweep: or uncertain: runs its sweep too
    int code = exit_ok;
    swept = drive_sweep(s, loaded.sweep, {0, vm.count("quiet") > 0, 50'000'000}, code);
    if (!swept) return code;
    extra = report::sweep_files(s, *swept, version());
  }
  if (out_dir.empty()) out_dir = (std::filesystem::path("out") / std::filesystem::path(scenario_path).stem()).string();
  report::WriteOptions wo{!vm.count("no-charts"), gnuplot, version(), vm.count("report") > 0};
  wo.sweep = swept ? &*swept : nullptr;
  wo.sweep_spec = &loaded.sweep;
  const auto written = report::write_outputs(s, results, out_dir, wo, extra);
  if (written.error) {
    print_diagnostics(std::cerr, {*written.error}, g.error_format);
    return exit_bad_input;
  }
  if (!vm.count("quiet")) std::cout << run_summary(s, results, report::answer_question(s, results, wo.sweep)) << "\n";
  std::cout << "Wrote " << written.files.size() << " files to " << out_dir << ":\n";
  for (const auto& f : written.files) std::cout << "  " << f.path << (f.description.empty() ? "" : "  (" + f.description + ")") << "\n";
  print_removed(written);
  return exit_ok;
}

}  // namespace flopcast::cli
