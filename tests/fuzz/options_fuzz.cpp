// libFuzzer target flopcast_fuzz_options: the fuzzer's bytes as a command line (words split at
// NUL and newline), parsed with the whole-number options every flopcast command uses
// (sim/cli/option_numbers.hpp: --samples, --seed, --threads, --max-evals, --shard I/N, --top).
// The contract: the parse either succeeds with every value inside its declared range (and a
// shard index below its count), or throws a Boost.Program_options error (what flopcast prints as
// exit 2). A finding is a crash, a sanitizer report, any other exception, or a value out of range.
#include <boost/program_options.hpp>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "option_numbers.hpp"
#include "sweep_driver.hpp"

namespace po = boost::program_options;
using namespace flopcast;
using cli::WholeNumber;

namespace {

std::vector<std::string> words_of(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < size && out.size() < 64; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\0' || c == '\n') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  WholeNumber<1, 1'000'000'000> samples;
  WholeNumber<0, UINT64_MAX> seed;
  WholeNumber<1, cli::kMaxThreads> threads;
  WholeNumber<1, UINT64_MAX> max_evals;
  WholeNumber<1, 10'000> top{5};
  cli::ShardSpec shard;
  po::options_description opts;
  opts.add_options()("samples", po::value(&samples))("seed", po::value(&seed))("threads", po::value(&threads))(
      "max-evals", po::value(&max_evals))("shard", po::value(&shard))("top,n", po::value(&top))("quiet,q", "");
  po::options_description hidden;
  std::string scenario;
  hidden.add_options()("scenario", po::value(&scenario));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(words_of(data, size)).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error&) {
    return 0;  // refused with a message: exit 2
  } catch (const std::exception& e) {
    fuzz::finding(std::string("an exception that is not an option error: ") + e.what());
  }
  if (samples.value < 1 || samples.value > 1'000'000'000) fuzz::finding("--samples out of range");
  if (threads.value < 1 || threads.value > cli::kMaxThreads) fuzz::finding("--threads out of range");
  if (max_evals.value < 1) fuzz::finding("--max-evals out of range");
  if (top.value < 1 || top.value > 10'000) fuzz::finding("--top out of range");
  if (shard.count < 1 || shard.count > cli::kMaxShards || shard.index >= shard.count) fuzz::finding("--shard out of range");
  // A plain decimal the parser accepts must print back as itself (no silent wrap or rounding).
  for (const auto& w : words_of(data, size)) {
    const bool plain = !w.empty() && w.find_first_not_of("0123456789") == std::string::npos && (w == "0" || w.front() != '0');
    const auto n = plain ? cli::parse_whole_number(w) : std::nullopt;
    if (n && std::to_string(*n) != w) fuzz::finding("parse_whole_number(" + w + ") gave " + std::to_string(*n));
  }
  return 0;
}
