// libFuzzer target flopcast_fuzz_state: the fuzzer's bytes as a sweep state file (what
// `flopcast sweep --shard I/N` writes and `flopcast merge` reads). The contract: parse_sweep_state
// refuses with "line N: FIELD: ..." or gives a state whose text form parses back to the same
// text; merging it (alone, and twice over) either refuses with a reason or gives finite
// statistics. A finding is a crash, a sanitizer report, an exception, an allocation past the
// limits (libFuzzer's -rss_limit_mb), a refusal without a reason, or a non-finite statistic.
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "flopcast/sweep/sweep_state.hpp"
#include "fuzz_common.hpp"

using namespace flopcast;

namespace {

void check_merge(const std::vector<sweep::SweepState>& shards) {
  std::string error;
  std::size_t culprit = 0;
  const auto merged = sweep::merge_sweep_states(shards, error, &culprit);
  if (!merged) {
    if (error.empty()) fuzz::finding("merge refused without a reason");
    return;
  }
  for (const auto& p : merged->points) {
    for (const auto& m : p.metrics) {
      for (const double v : {m.mean, m.min, m.max}) {
        if (m.count > 0 && !std::isfinite(v)) fuzz::finding("merge gave a non-finite statistic");
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    std::string error;
    const auto state = sweep::parse_sweep_state(text, error);
    if (!state) {
      if (error.empty()) fuzz::finding("a state refused without a reason");
      return 0;
    }
    const std::string again = sweep::format_sweep_state(*state);
    std::string error2;
    const auto reparsed = sweep::parse_sweep_state(again, error2);
    if (!reparsed) fuzz::finding("a state's own text form does not parse: " + error2);
    if (sweep::format_sweep_state(*reparsed) != again) fuzz::finding("a state's text form does not round-trip");
    check_merge({*state});
    check_merge({*state, *state});
  } catch (const std::exception& e) {
    fuzz::finding(std::string("exception: ") + e.what());
  }
  return 0;
}
