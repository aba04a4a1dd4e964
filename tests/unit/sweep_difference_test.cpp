// Differences between grid points (sweep.differences): scenario minus baseline, sample by sample
// on common random numbers, through a single run, shards and every thread count.
#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>

#include "../../sim/sweep/sweep_core.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/expectations.hpp"
#include "flopcast/report/sweep_output.hpp"
#include "flopcast/scenario/load.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "flopcast/sweep/sweep_state.hpp"
#include "support/alloc_counter.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {

const scenario::RegimeLoad& shipped_regimes() { return test::builtin_regimes(); }

/// A CN buyer of H20, H100 and 910C over 2025-2026 (support/builtins.hpp); the axes and
/// uncertain: are per test.
std::string buyer_scenario(const std::string& axes, const std::string& uncertain) {
  return test::cn_buyer_projection_yaml("differences") + "sweep:\n  axes:\n" + axes +
         "  differences: [projection.buyer.effective_flop_per_s, projection.buyer.energy_mwh]\n" + uncertain;
}

constexpr const char* kUncertainApproval = R"(uncertain:
  samples: 2500
  seed: 11
  variables:
    - {path: assumptions.licence_approval, distribution: uniform, low: 0.2, high: 0.8}
    - {path: "actors[buyer].procurement[ascend-910c].per_year", distribution: uniform, low: 100000, high: 300000}
)";

scenario::ScenarioLoad load_text(const std::string& name, const std::string& text) {
  const auto path = test::fresh_temp_dir(name) + "/" + name + ".yaml";
  std::ofstream(path) << text;
  auto loaded = scenario::load_scenario(path, test::builtin_catalog(), &shipped_regimes());
  INFO((loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().message));
  REQUIRE(loaded.scenario);
  return loaded;
}

std::size_t column(const sweep::SweepResult& r, const std::string& name) {
  const auto it = std::find(r.metric_names.begin(), r.metric_names.end(), name);
  REQUIRE(it != r.metric_names.end());
  return static_cast<std::size_t>(it - r.metric_names.begin());
}

}  // namespace

TEST_CASE("sweep differences: grid points share their draws, so an axis that moves nothing differs by exactly 0", "[unit][sweep]") {
  // PUE changes energy, not compute: with common random numbers every sample's compute
  // difference is 0; with independent draws per point it would spread as widely as the compute.
  const auto loaded = load_text("crn", buyer_scenario("    - {path: assumptions.pue, values: [1.1, 1.3, 1.5]}\n", kUncertainApproval));
  const auto r = sweep::run_sweep(*loaded.scenario, loaded.sweep);
  const auto compute = column(r, "projection.buyer.effective_flop_per_s");
  const auto delta = column(r, "delta.projection.buyer.effective_flop_per_s");
  const auto energy_delta = column(r, "delta.projection.buyer.energy_mwh");
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    INFO("point " << p);
    CHECK(r.points[p].metrics[compute].max > r.points[p].metrics[compute].min);  // the 910C volume moves compute ...
    const auto& d = r.points[p].metrics[delta];
    CHECK(d.count == 2500);
    CHECK(d.min == 0);  // ... but not its difference between points
    CHECK(d.max == 0);
  }
  // Energy grows with PUE in every sample, by (1.3 - 1.1) and (1.5 - 1.1) x the chips' energy.
  CHECK(r.points[0].metrics[energy_delta].max == 0);
  CHECK(r.points[1].metrics[energy_delta].min > 0);
  CHECK(r.points[2].metrics[energy_delta].mean == Approx(2 * r.points[1].metrics[energy_delta].mean));
  // The tornado of a difference swings (a point - the first) with both at the same inputs, at
  // every point but the first: the 910C volume moves the energy difference (more chips, more
  // extra energy) but never the compute difference, which stays 0.
  auto swings = [&](const std::string& metric, std::uint64_t point) {
    return std::count_if(r.sensitivities.begin(), r.sensitivities.end(), [&](const auto& x) { return x.metric == metric && x.point == point; });
  };
  for (std::uint64_t p = 0; p < 3; ++p) {
    INFO("grid point " << p);
    CHECK(swings("delta.projection.buyer.effective_flop_per_s", p) == 0);
    CHECK(swings("delta.projection.buyer.energy_mwh", p) == (p == 0 ? 0 : 1));
  }
  std::vector<sweep::Sensitivity> energy;
  for (const auto& x : r.sensitivities) if (x.metric == "delta.projection.buyer.energy_mwh") energy.push_back(x);
  REQUIRE(energy.size() == 2);
  for (const auto& x : energy) {
    CHECK(x.input == "actors[buyer].procurement[ascend-910c].per_year");
    CHECK(x.at_high > x.at_low);
    CHECK(x.at_low > 0);
  }
  // PUE 1.5 adds twice the extra energy of PUE 1.3, whatever the volume.
  CHECK(energy[1].at_low == Approx(2 * energy[0].at_low));
  CHECK(energy[1].at_high == Approx(2 * energy[0].at_high));
}

TEST_CASE("sweep differences: the mean difference is the difference of the means", "[unit][sweep]") {
  const auto loaded = load_text("regimes", buyer_scenario("    - {path: regime, values: [none, timeline, oct2023]}\n", kUncertainApproval));
  const auto r = sweep::run_sweep(*loaded.scenario, loaded.sweep);
  const auto m = column(r, "projection.buyer.effective_flop_per_s");
  const auto d = column(r, "delta.projection.buyer.effective_flop_per_s");
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    INFO("point " << p);
    const auto& diff = r.points[p].metrics[d];
    REQUIRE(diff.count == r.points[p].metrics[m].count);
    CHECK(diff.mean == Approx(r.points[p].metrics[m].mean - r.points[0].metrics[m].mean).margin(1e-9 * r.points[0].metrics[m].mean));
  }
  // The controls cost compute in every sample: the whole band is below zero.
  CHECK(r.points[1].metrics[d].max < 0);
  CHECK(r.points[1].metrics[d].percentiles.back() < 0);
  // The answer says so, with the sign's certainty. The 910C volume adds the same compute under
  // both regimes and the H20 licence rule states its own approval, so no input moves the
  // difference: none is named as its driver.
  const auto answer = report::answer_question(*loaded.scenario, engine::evaluate(*loaded.scenario), &r).text();
  INFO(answer);
  CHECK(answer.find("Against regime = none, regime = timeline lowers buyer's ") != std::string::npos);
  CHECK(answer.find("lower in at least 95 % of the draws") != std::string::npos);
  CHECK(answer.find(" moves it most (") == std::string::npos);
  // expect: can gate on a difference's percentile, judged beside the baseline (where it is 0).
  engine::Scenario gated = *loaded.scenario;
  gated.expectations = {{"", "delta.projection.buyer.effective_flop_per_s", engine::Expectation::Op::below, 0, 95.0, "t:1", {}},
                        {"", "delta.projection.buyer.effective_flop_per_s", engine::Expectation::Op::above, 0, 5.0, "t:2", {}}};
  const auto verdicts = report::check_expectations(gated, engine::evaluate(gated), &r);
  REQUIRE(verdicts.size() == 2);
  CHECK(verdicts[0].pass);
  CHECK_FALSE(verdicts[1].pass);
  CHECK(verdicts[0].message.find("at regime = ") != std::string::npos);
}

TEST_CASE("sweep differences: a pure grid differs from its first point by the values' difference", "[unit][sweep]") {
  const auto loaded = load_text("grid", buyer_scenario("    - {path: regime, values: [none, timeline]}\n", ""));
  const auto r = sweep::run_sweep(*loaded.scenario, loaded.sweep);
  const auto m = column(r, "projection.buyer.effective_flop_per_s");
  const auto d = column(r, "delta.projection.buyer.effective_flop_per_s");
  CHECK(r.points[0].metrics[d].mean == 0);
  CHECK(r.points[1].metrics[d].mean == r.points[1].metrics[m].mean - r.points[0].metrics[m].mean);
  CHECK(r.points[1].metrics[d].mean < 0);
}

TEST_CASE("sweep differences: shards and thread counts give the single run's bytes", "[determinism][sweep]") {
  const auto loaded = load_text("shards", buyer_scenario("    - {path: regime, values: [none, timeline]}\n", kUncertainApproval));
  sweep::SweepOptions one_thread;
  one_thread.threads = 1;
  const auto single = report::sweep_files(*loaded.scenario, sweep::run_sweep(*loaded.scenario, loaded.sweep, one_thread), "t");
  CHECK(report::sweep_files(*loaded.scenario, sweep::run_sweep(*loaded.scenario, loaded.sweep), "t") == single);
  // 2,500 samples are 3 chunks. With 3 shards a shard runs a chunk at both points and reads the
  // baseline it remembered; with 2, the second point's chunks fall on the other shard, which
  // evaluates the baseline again. Both must give the single run's bytes.
  for (const std::uint64_t shards : {2, 3}) {
    std::vector<sweep::SweepState> states;
    for (std::uint64_t i = 0; i < shards; ++i) {
      std::string error;
      auto parsed = sweep::parse_sweep_state(sweep::format_sweep_state(sweep::run_sweep_shard(*loaded.scenario, loaded.sweep, i, shards)), error);
      INFO(error);
      REQUIRE(parsed);
      states.push_back(std::move(*parsed));
    }
    std::string error;
    const auto merged = sweep::merge_sweep_states(states, error);
    INFO(shards << " shards: " << error);
    REQUIRE(merged);
    CHECK(report::sweep_files(*loaded.scenario, *merged, "t") == single);
  }
}

TEST_CASE("sweep differences: a China sample with its paired baseline allocates nothing once warm", "[unit][sweep]") {
  // The richest shipped sweep: the demand-driven projection under two regimes, three
  // differences; each sample at the second point evaluates both regimes.
  static const auto loaded =
      scenario::load_scenario(test::source_dir() + "/scenarios/china-2025-2027-uncertainty.yaml", test::builtin_catalog(), &shipped_regimes());
  REQUIRE(loaded.scenario);
  const auto compiled = sweep::detail::compile(*loaded.scenario, loaded.sweep);
  auto ctx = sweep::detail::make_context(compiled, loaded.sweep, true);
  std::vector<sweep::detail::ChunkStats> stats(compiled.columns());
  for (std::uint64_t point : {0, 1}) {
    sweep::detail::apply_point(loaded.sweep, point, ctx.scenario);
    for (std::uint64_t k = 0; k < 16; ++k) sweep::detail::run_sample(loaded.sweep, compiled, point, k, ctx, stats.data());  // shapes the scratch
  }
  const auto before = test::allocations_on_this_thread();
  for (std::uint64_t k = 16; k < 200; ++k) sweep::detail::run_sample(loaded.sweep, compiled, 1, k, ctx, stats.data());
  CHECK(test::allocations_on_this_thread() - before == 0);
}
