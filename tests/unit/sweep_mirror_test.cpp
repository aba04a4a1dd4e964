// The benchmark's hand-written mirror of a sweep sample (tests/bench/sweep_mirror.hpp) against the
// engine: on the shipped scenario and on random variants of it (pool sizes, prices and their
// distributions, utilisation, MTBF, PUE, electricity, checkpointing, correlation, a chip of its
// own MTBF, a chip with no power figure), every metric of every sample must agree. A change to the
// engine's glue that the mirror does not follow fails here with the metric's name, the sample and
// both values, so sweep_sample_baseline keeps timing the engine's equations.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "../../sim/sweep/counter_rng.hpp"
#include "bench/sweep_mirror.hpp"

using namespace flopcast;

namespace {

const bench::CompiledSweep& shipped() {
  static const auto sweep = [] {
    std::optional<bench::CompiledSweep> s;
    const auto error = bench::load_sweep("scenarios/910c-vs-h100-uncertainty.yaml", s);
    if (!error.empty()) FAIL(error);
    return std::move(*s);
  }();
  return sweep;
}

/// Draws of one variant: a counter-based stream (fixed seed), so every run tests the same variants.
class Draws {
 public:
  explicit Draws(std::uint64_t variant) : variant_(variant) {}
  double between(double low, double high) { return low + sweep::detail::uniform01(0x5eed17, variant_, field_++) * (high - low); }

 private:
  std::uint64_t variant_, field_ = 0;
};

/// Moves every figure the mirror reads to a random value; returns what it did, for the report.
std::string randomise(std::uint64_t variant, engine::Scenario& s, engine::SweepSpec& spec) {
  Draws d(variant);
  constexpr double hour = 3600, year = 365.25 * 86400, usd_per_kwh = 1 / 3.6e6;
  std::ostringstream out;
  auto& ascend = s.fleet.pools[0];
  ascend.count = std::round(d.between(4000, 40000));
  spec.axes[0].values[0] = std::round(d.between(2000, 20000));  // the H100 pool at grid point 0
  spec.seed = sweep::detail::mix64(variant);
  out << ascend.count << " x 910C, " << spec.axes[0].values[0] << " x H100";
  auto& h100_price = spec.variables[0].distribution;
  h100_price.low = d.between(15000, 30000);
  h100_price.mode = h100_price.low + d.between(0, 10000);
  h100_price.high = h100_price.mode + d.between(1000, 20000);
  auto& ascend_price = spec.variables[1].distribution;
  ascend_price.low = d.between(10000, 18000);
  ascend_price.mode = ascend_price.low + d.between(1000, 8000);
  ascend_price.high = ascend_price.mode + d.between(1000, 10000);
  auto& mtbf = spec.variables[3].distribution;
  mtbf.median = d.between(10000, 100000) * hour;
  mtbf.sigma = d.between(0.2, 0.8);
  auto& pue = spec.variables[4].distribution;
  pue.low = d.between(1.05, 1.3);
  pue.high = pue.low + d.between(0.05, 0.4);
  auto& electricity = spec.variables[5].distribution;
  electricity.low = d.between(0.03, 0.08) * usd_per_kwh;
  electricity.high = electricity.low + d.between(0.01, 0.06) * usd_per_kwh;
  spec.correlations.at(0).rho = d.between(-0.6, 0.9);
  auto& a = s.assumptions;
  a.effective_utilisation = d.between(0.2, 0.7);
  a.amortisation_s = d.between(3, 6) * year;
  a.checkpoint_write_s = d.between(10, 120);
  a.restart_s = d.between(60, 900);
  for (auto& run : s.training) run.tokens = d.between(2e12, 30e12);
  out << ", utilisation " << a.effective_utilisation << ", rho " << spec.correlations[0].rho << ", seed " << spec.seed;
  if (variant % 2 == 1) {  // the H100 at an MTBF of its own instead of assumptions.chip_mtbf
    s.fleet.pools[1].chip.mtbf_s = d.between(20000, 80000) * hour;
    out << ", H100 MTBF " << *s.fleet.pools[1].chip.mtbf_s / hour << " h";
  }
  if (variant % 3 == 2) {  // no power figure for the 910C: no fleet power, no 910C energy or cost
    ascend.chip.system_power_w.reset();
    ascend.chip.tdp_w.reset();
    out << ", no 910C power figure";
  }
  return out.str();
}

}  // namespace

TEST_CASE("bench mirror: the hand-written sweep sample computes what the engine computes", "[unit][sweep][bench]") {
  SECTION("the shipped scenario, as the benchmark runs it") { CHECK(bench::first_difference(shipped(), 256) == ""); }
  SECTION("random variants of it") {
    for (std::uint64_t variant = 0; variant < 6; ++variant) {
      auto scenario = shipped().scenario;
      auto spec = shipped().spec;
      const auto what = randomise(variant, scenario, spec);
      const auto sweep = bench::compile_sweep(std::move(scenario), std::move(spec));
      INFO("variant " << variant << ": " << what);
      CHECK(bench::first_difference(sweep, 32) == "");
    }
  }
}

TEST_CASE("bench mirror: a disagreement names the metric, the sample and both values", "[unit][sweep][bench]") {
  std::string error;
  const auto mirror = bench::make_mirror(shipped(), error);
  REQUIRE(mirror);
  // Train the H100 run's model on 1 % more tokens in the mirror only: its time is the first metric
  // that moves (the step model's per-chip rates do not depend on the token count).
  mirror->runs[1].tokens *= 1.01;
  const auto difference = bench::first_difference(shipped(), *mirror, 4);
  CHECK(difference.rfind("training.deepseek-v3-on-h100.time_days differs at sample 0: engine ", 0) == 0);
}

TEST_CASE("bench mirror: a scenario of another shape is refused with the reason", "[unit][sweep][bench]") {
  auto spec = shipped().spec;
  std::swap(spec.variables[4], spec.variables[5]);
  const auto sweep = bench::compile_sweep(shipped().scenario, spec);
  CHECK(bench::first_difference(sweep, 1) ==
        "the mirror does not fit the scenario: uncertain input 5 is assumptions.electricity_price; the mirror draws assumptions.pue from the "
        "scenario's distribution");
}
