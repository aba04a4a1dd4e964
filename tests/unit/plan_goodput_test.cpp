// Layout search and goodput.
#include <catch2/catch.hpp>

#include "flopcast/perf/goodput.hpp"
#include "flopcast/perf/layout_search.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
perf::LayoutSearchInputs gpt3_on(long long chips) {
  return {{builtins().find_model("gpt3-175b"), builtins().find_chip("h100"), {}, 2048, 1536, catalog::Precision::bf16,
           perf::AttentionAccounting::causal, 0, nullptr},
          chips, 3};
}
}  // namespace

TEST_CASE("perf: goodput follows Young's checkpoint interval", "[unit][perf]") {
  // eq. G1-G3 for 16,384 chips at the Llama 3 MTBF (50,700 chip-hours):
  // fleet MTBF = 54 days x 86,400 / 419 = 11,135 s; interval = sqrt(2 x 30 x 11,135) = 817 s;
  // lost = 30/817 + (408.7 + 300)/11,135 = 0.0367 + 0.0636 = 0.100 -> goodput 0.900,
  // 7.76 interruptions a day (419 / 54).
  const auto g = perf::estimate_goodput({16384, perf::llama3_chip_mtbf_s, 30, 300});
  CHECK(g.fleet_mtbf_s == Approx(54.0 * 86400 / 419));
  CHECK(g.checkpoint_interval_s == Approx(817.4).epsilon(0.001));
  CHECK(g.fraction == Approx(0.900).epsilon(0.002));
  CHECK(g.interruptions_per_day == Approx(419.0 / 54));
}

TEST_CASE("perf: layout search returns the best feasible layouts, best first, deterministically", "[unit][perf]") {
  perf::LayoutSearchStats stats;
  const auto a = perf::search_layouts(gpt3_on(1024), &stats);
  const auto b = perf::search_layouts(gpt3_on(1024));
  REQUIRE(a.size() == 3);
  CHECK(stats.evaluated > 500);  // 760 layouts for GPT-3 175B on 1,024 H100
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].estimate.feasible);
    CHECK(a[i].layout.chips() <= 1024);
    CHECK(a[i].estimate.tokens_per_s_per_chip == b[i].estimate.tokens_per_s_per_chip);
    if (i > 0) CHECK(a[i - 1].estimate.tokens_per_s_per_chip * static_cast<double>(a[i - 1].layout.chips()) >= a[i].estimate.tokens_per_s_per_chip * static_cast<double>(a[i].layout.chips()));
  }
}

TEST_CASE("perf: more chips never lower the best aggregate training throughput", "[unit][perf][property]") {
  double previous = 0;
  for (long long chips : {128, 256, 512, 1024, 2048}) {
    const auto best = perf::search_layouts(gpt3_on(chips));
    REQUIRE_FALSE(best.empty());
    const double total = best.front().estimate.tokens_per_s_per_chip * static_cast<double>(best.front().layout.chips());
    INFO(chips << " chips: " << total << " tokens/s");
    CHECK(total >= previous);
    previous = total;
  }
}
