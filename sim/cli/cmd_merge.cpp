// flopcast merge: combine shard states (flopcast sweep --shard I/N) into the single-run result.
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/report/sweep_output.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/sweep/sweep_state.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

int cmd_merge(const Args& args, const GlobalOptions& g) {
  std::vector<std::string> files;
  std::string out_dir;
  po::options_description opts("flopcast merge options");
  opts.add_options()("help,h", "show this help")("output,o", po::value(&out_dir)->value_name("DIR"), "output directory (required)");
  po::options_description hidden;
  hidden.add_options()("files", po::value(&files));
  const auto vm = parse_command(args, opts, hidden, {{"files", -1}});
  if (vm.count("help") || files.empty() || out_dir.empty()) {
    std::cout << "Usage: flopcast merge STATE... -o DIR\n\n"
                 "Combines the states written by 'flopcast sweep SCENARIO --shard I/N' (one per shard,\n"
                 "I = 0..N-1, e.g. from a CI matrix or a Slurm job array) into sweep.csv, sweep.json and\n"
                 "sensitivity.csv identical to a single run of the whole sweep.\n\n"
                 "Example:\n"
                 "  for i in 0 1 2 3; do flopcast sweep s.yaml --shard $i/4 -o shards; done\n"
                 "  flopcast merge shards/sweep-state-*-of-4.txt -o out/merged\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  std::vector<sweep::SweepState> states;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::cerr << f << ": error[file-not-found]: cannot open file\n";
      return exit_bad_input;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string error;
    auto state = sweep::parse_sweep_state(text.str(), error);
    if (!state) {
      std::cerr << f << ": error[invalid-value]: " << error << "\n";
      return exit_bad_input;
    }
    states.push_back(std::move(*state));
  }
  std::string error;
  const auto merged = sweep::merge_sweep_states(states, error);
  if (!merged) {
    std::cerr << "flopcast merge: error[invalid-value]: " << error << "\n";
    return exit_bad_input;
  }
  engine::Scenario named;
  named.name = merged->scenario_name;
  const auto written = report::write_files(out_dir, report::sweep_files(named, *merged, version()), {true, "gnuplot", version()});
  if (written.error) {
    print_diagnostics(std::cerr, {*written.error}, g.error_format);
    return exit_bad_input;
  }
  std::cout << "Merged " << states.size() << " shards into " << out_dir << ":\n";
  for (const auto& f : written.files) std::cout << "  " << f.path << "\n";
  print_removed(written);
  return exit_ok;
}

}  // namespace flopcast::cli
