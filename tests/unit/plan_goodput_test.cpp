// Layout search and goodput.
#include <catch2/catch.hpp>
#include <fstream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/parameters.hpp"
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
           perf::AttentionAccounting::causal, 0, nullptr, false, std::nullopt, perf::AttentionKernel::flash},
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

TEST_CASE("goodput: a chip's own mtbf wins over assumptions.chip_mtbf, per chip type", "[unit][perf]") {
  // The same two runs, once with a per-chip MTBF on the 910C only and once with the scenario-wide
  // assumption: the 910C run sees 10,000 h either way, the H100 run keeps the default.
  const std::string runs = "fleet:\n  pools:\n    - {name: npu, chip: ascend-910c, count: 4096}\n    - {name: gpu, chip: h100, count: 4096}\n"
                           "training:\n"
                           "  - {name: a, model: llama-3.1-405b, tokens: 1T tokens, sequence_length: 8192, precision: bf16, utilisation: 40%, pools: [npu]}\n"
                           "  - {name: b, model: llama-3.1-405b, tokens: 1T tokens, sequence_length: 8192, precision: bf16, utilisation: 40%, pools: [gpu]}\n";
  const auto per_chip = scenario::load_scenario_text("name: x\nchips:\n  ascend-910c: {base: ascend-910c, mtbf: 10000 h}\n" + runs, "per-chip.yaml", builtins());
  const auto everyone = scenario::load_scenario_text("name: y\nassumptions: {chip_mtbf: 10000 h}\n" + runs, "everyone.yaml", builtins());
  const auto neither = scenario::load_scenario_text("name: z\n" + runs, "neither.yaml", builtins());
  INFO((per_chip.diagnostics.empty() ? "" : per_chip.diagnostics.front().message));
  REQUIRE(per_chip.scenario);
  REQUIRE(everyone.scenario);
  REQUIRE(neither.scenario);
  const auto p = engine::evaluate(*per_chip.scenario), e = engine::evaluate(*everyone.scenario), n = engine::evaluate(*neither.scenario);
  CHECK(p.training[0].goodput.fleet_mtbf_s == Approx(10000 * 3600.0 / 4096));
  CHECK(p.training[0].goodput.fraction == Approx(e.training[0].goodput.fraction));
  CHECK(p.training[1].goodput.fraction == Approx(n.training[1].goodput.fraction));  // the H100 keeps the default
  CHECK(p.training[0].goodput.fraction < n.training[0].goodput.fraction);
  // And it is a sweep parameter of the chip.
  const auto ref = engine::resolve_parameter(*per_chip.scenario, "chips.ascend-910c.mtbf");
  REQUIRE(ref);
  CHECK(engine::get_parameter(*per_chip.scenario, *ref) == Approx(10000 * 3600.0));
}

TEST_CASE("perf: layouts searched for a run that states its own layout still fit in memory", "[unit][perf]") {
  // flopcast plan on a run with layout: searches other layouts; each must fit in HBM (a stated
  // layout only warns when it does not, because it ran).
  const std::string path = test::fresh_temp_dir("plan-stated") + "/s.yaml";
  std::ofstream(path) << "name: p\nfleet:\n  pools:\n    - {name: h, chip: h100, count: 8192}\ntraining:\n"
                         "  - {name: r, model: llama-3.1-405b, tokens: \"15T tokens\", sequence_length: 8192, global_batch: \"16M tokens\",\n"
                         "     precision: bf16, pools: [h], layout: {tp: 8, pp: 16, dp: 64, zero_stage: 3}}\n";
  const auto loaded = scenario::load_scenario(path, builtins());
  REQUIRE(loaded.diagnostics.empty());
  const auto& s = *loaded.scenario;
  const auto best = perf::search_layouts(engine::layout_search_inputs(s, s.training[0], s.fleet.pools[0], 5));
  REQUIRE_FALSE(best.empty());
  for (const auto& c : best) {
    INFO(c.estimate.memory.total / 1e9 << " GB of " << c.estimate.memory.capacity / 1e9);
    CHECK(c.estimate.memory.fits);
  }
}
