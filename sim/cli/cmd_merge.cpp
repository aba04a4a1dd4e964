// flopcast merge: combine shard states (flopcast sweep --shard I/N) into the single-run result.
#include <boost/program_options.hpp>
#include <filesystem>
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
namespace {

/// The largest state file merge reads: the largest sweep the limits allow writes far less.
constexpr std::uint64_t kMaxStateBytes = 1ULL << 30;

/// Reads a state file: a regular file (a FIFO would block, a device never end) of at most
/// kMaxStateBytes. False with an error ("error[CODE]: ...") otherwise.
bool read_state_file(const std::string& path, std::string& text, std::string& error) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    error = "error[file-not-found]: cannot open file";
    return false;
  }
  if (!std::filesystem::is_regular_file(status)) {
    error = "error[file-not-found]: this is not a regular file (a directory, pipe or device)";
    return false;
  }
  if (std::filesystem::file_size(path, ec) > kMaxStateBytes) {
    error = "error[too-large]: a sweep state is at most " + std::to_string(kMaxStateBytes >> 20) + " MiB; this is not one";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) {
    error = "error[file-not-found]: cannot read file";
    return false;
  }
  text = s.str();
  return true;
}

}  // namespace

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
    std::string text, error;
    if (!read_state_file(f, text, error)) {
      std::cerr << f << ": " << error << "\n";
      return exit_bad_input;
    }
    auto state = sweep::parse_sweep_state(text, error);
    if (!state) {
      std::cerr << f << ": error[invalid-value]: " << error << "\n"
                << "  hint: merge reads the sweep-state-I-of-N.txt files flopcast sweep --shard I/N writes, unedited; run that shard "
                   "again to write this one anew\n";
      return exit_bad_input;
    }
    states.push_back(std::move(*state));
  }
  std::string error;
  std::size_t culprit = 0;
  const auto merged = sweep::merge_sweep_states(states, error, &culprit);
  if (!merged) {
    std::cerr << (culprit < files.size() ? files[culprit] : std::string("flopcast merge")) << ": error[invalid-value]: " << error << "\n";
    if (culprit < files.size() && culprit > 0) std::cerr << "  note: the first state is " << files.front() << "\n";
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
