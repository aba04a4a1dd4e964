// Sweeps re-plan: a sweep point or sample equals the direct run with the same inputs, and the
// monotonicity the re-planning bound relies on holds in the step model.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>

#include "../../sim/sweep/layout_plan.hpp"
#include "../../sim/sweep/sweep_core.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/perf/layout_search.hpp"
#include "flopcast/scenario/load.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "support/alloc_counter.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {

scenario::ScenarioLoad load_text(const std::string& text) { return scenario::load_scenario_text(text, "replan.yaml", test::builtin_catalog()); }
scenario::ScenarioLoad load_file(const std::string& rel) {
  return scenario::load_scenario(test::source_dir() + "/" + rel, test::builtin_catalog());
}

// Two searched runs; every kind of input that reaches a search is sampled: a pool size (exact),
// a batch (exact), peaks, HBM bandwidth and capacity, scale-up bandwidth (monotone).
const char* const kSampledChips = R"(
name: replan
fleet:
  pools:
    - {name: pr, chip: ascend-950pr, count: 8192}
    - {name: h100, chip: h100, count: 4096}
training:
  - {name: v4-pro, model: deepseek-v4-pro, tokens: "33T tokens", sequence_length: 4096, global_batch: "62914560 tokens",
     precision: fp8, routing_node_limit: 4, pools: [pr]}
  - {name: llama, model: llama-3.1-405b, tokens: "15T tokens", sequence_length: 8192, global_batch: "16777216 tokens",
     precision: bf16, pools: [h100]}
uncertain:
  samples: 48
  seed: 11
  variables:
    - {path: "fleet.pools[pr].count", distribution: choice, values: [4096, 6144, 8192]}
    - {path: chips.ascend-950pr.dense_peak.fp8, distribution: triangular, low: "600 TFLOPS", mode: "780 TFLOPS", high: "900 TFLOPS"}
    - {path: chips.ascend-950pr.hbm_bandwidth, distribution: uniform, low: "1.0 TB/s", high: "2.0 TB/s"}
    - {path: chips.h100.hbm_capacity, distribution: uniform, low: "64 GB", high: "96 GB"}
    - {path: chips.h100.dense_peak.bf16, distribution: normal, mean: "989 TFLOPS", sd: "40 TFLOPS"}
    - {path: chips.h100.scale_up_bandwidth, distribution: uniform, low: "250 GB/s", high: "450 GB/s"}
    - {path: "training[llama].global_batch", distribution: choice, values: ["8388608 tokens", "16777216 tokens"]}
    - {path: chips.h100.price, distribution: uniform, low: "$25000", high: "$40000"}
)";

/// Every metric of two results, bit for bit (both missing counts as equal).
void require_same_metrics(const engine::Results& sweep, const engine::Results& direct) {
  for (const auto& name : engine::metric_names(direct)) {
    const auto a = engine::metric_value(sweep, name), b = engine::metric_value(direct, name);
    INFO(name << ": sweep " << a.value_or(-1) << ", direct " << b.value_or(-1));
    REQUIRE(a.has_value() == b.has_value());
    if (a) REQUIRE(std::memcmp(&*a, &*b, sizeof(double)) == 0);
  }
}

/// Runs `samples` Monte-Carlo samples of point `point` through the sweep's per-sample path and
/// checks each against a direct evaluation of the same inputs, searched from scratch.
void check_samples_equal_direct(const engine::Scenario& s, const engine::SweepSpec& spec, std::uint64_t point, std::uint64_t samples) {
  const auto compiled = sweep::detail::compile(s, spec);
  REQUIRE_FALSE(compiled.layouts.runs.empty());
  auto ctx = sweep::detail::make_context(compiled, spec, true);
  sweep::detail::apply_point(spec, point, ctx.scenario);
  std::vector<sweep::detail::ChunkStats> stats(compiled.metrics.size());
  for (std::uint64_t k = 0; k < samples; ++k) {
    sweep::detail::run_sample(spec, compiled, point, k, ctx, stats.data());
    engine::Scenario direct = ctx.scenario;  // the sample's inputs ...
    for (const auto& r : compiled.layouts.runs) direct.training[r.run].layout.reset();  // ... searched as `flopcast run` does
    INFO("sample " << k);
    require_same_metrics(ctx.results, engine::evaluate(direct));
  }
}

}  // namespace

TEST_CASE("layout plan: each Monte-Carlo sample equals the direct run with its inputs", "[unit][sweep][replan]") {
  SECTION("sampled pool size, batch and chip figures") {
    auto loaded = load_text(kSampledChips);
    REQUIRE(loaded.scenario);
    const auto plan = sweep::detail::plan_layouts(*loaded.scenario, loaded.sweep);
    REQUIRE(plan.runs.size() == 2);
    CHECK(plan.runs[0].exact.size() == 1);     // the 950PR pool size
    CHECK(plan.runs[0].monotone.size() == 2);  // FP8 peak, HBM bandwidth
    CHECK(plan.runs[1].exact.size() == 1);     // the batch
    CHECK(plan.runs[1].monotone.size() == 3);  // HBM capacity, BF16 peak, scale-up bandwidth (not the price)
    check_samples_equal_direct(*loaded.scenario, loaded.sweep, 0, loaded.sweep.samples);
  }
  SECTION("the shipped 910C vs H100 uncertainty scenario, at two H100 fleet sizes") {
    auto loaded = load_file("scenarios/910c-vs-h100-uncertainty.yaml");
    REQUIRE(loaded.scenario);
    for (std::uint64_t point : {0, 2}) check_samples_equal_direct(*loaded.scenario, loaded.sweep, point, 40);
  }
}

TEST_CASE("layout plan: each grid point of a pool-size sweep equals the direct run", "[unit][sweep][replan]") {
  auto loaded = load_text(R"(
name: replan-grid
fleet:
  pools:
    - {name: pr, chip: ascend-950pr, count: 8192}
training:
  - {name: v4-pro, model: deepseek-v4-pro, tokens: "33T tokens", sequence_length: 4096, global_batch: "62914560 tokens",
     precision: fp8, routing_node_limit: 4, pools: [pr]}
sweep:
  axes:
    - path: "fleet.pools[pr].count"
      values: [2048, 4096, 8192, 12288, 16384]
)");
  REQUIRE(loaded.scenario);
  const auto result = sweep::run_sweep(*loaded.scenario, loaded.sweep);
  REQUIRE(result.points.size() == 5);
  for (std::size_t p = 0; p < result.points.size(); ++p) {
    engine::Scenario direct = *loaded.scenario;
    engine::set_parameter(direct, loaded.sweep.axes[0].parameter, loaded.sweep.axes[0].values[p]);
    const auto r = engine::evaluate(direct);
    for (std::size_t m = 0; m < result.metric_names.size(); ++m) {
      const auto v = engine::metric_value(r, result.metric_names[m]);
      const auto& s = result.points[p].metrics[m];
      INFO("point " << p << ", " << result.metric_names[m]);
      REQUIRE(s.count == (v ? 1U : 0U));
      if (v) CHECK(s.mean == *v);
    }
  }
}

TEST_CASE("layout plan: a sample on a memo hit allocates nothing", "[unit][sweep][replan]") {
  auto loaded = load_file("scenarios/910c-vs-h100-uncertainty.yaml");
  REQUIRE(loaded.scenario);
  const auto compiled = sweep::detail::compile(*loaded.scenario, loaded.sweep);
  auto ctx = sweep::detail::make_context(compiled, loaded.sweep, true);
  sweep::detail::apply_point(loaded.sweep, 0, ctx.scenario);
  std::vector<sweep::detail::ChunkStats> stats(compiled.metrics.size());
  for (std::uint64_t k = 0; k < 8; ++k) sweep::detail::run_sample(loaded.sweep, compiled, 0, k, ctx, stats.data());  // fills the memo
  const auto before = test::allocations_on_this_thread();
  for (std::uint64_t k = 8; k < 200; ++k) sweep::detail::run_sample(loaded.sweep, compiled, 0, k, ctx, stats.data());
  CHECK(test::allocations_on_this_thread() - before == 0);
}

namespace {

/// The step estimate's run throughput, or nothing if infeasible.
std::optional<double> run_rate(const engine::Scenario& s, const perf::ParallelLayout& l) {
  const auto e = perf::estimate_training_step(engine::training_step_inputs(s, s.training[0], s.fleet.pools[0], l));
  if (!e.feasible) return std::nullopt;
  return e.tokens_per_s_per_chip * static_cast<double>(l.chips());
}

/// One run on one pool, for probing how chip figures move the step model.
engine::Scenario one_run(const std::string& chip, double count, const std::string& model, const std::string& precision, int sequence,
                         const std::string& batch) {
  auto loaded = load_text("name: probe\nfleet:\n  pools:\n    - {name: p, chip: " + chip + ", count: " + std::to_string(static_cast<long long>(count)) +
                          "}\ntraining:\n  - {name: t, model: " + model + ", tokens: \"1T tokens\", sequence_length: " + std::to_string(sequence) +
                          ", global_batch: \"" + batch + "\", precision: " + precision + ", pools: [p]}\n");
  REQUIRE(loaded.scenario);
  return *loaded.scenario;
}

}  // namespace

// The bound of layout_plan.hpp is exact only if the chip figures it treats as monotone are: more
// never slows a layout and never makes it infeasible; and the figures it treats as outside the
// step model leave the step untouched. Checked on every layout the search keeps, on dense and
// MoE models, BF16 and FP8, for every chip field a sweep can set.
TEST_CASE("layout plan: chip figures move the step model as the bound assumes", "[unit][sweep][replan]") {
  const std::vector<engine::Scenario> cases{one_run("h100", 4096, "llama-3.1-405b", "bf16", 8192, "16777216 tokens"),
                                            one_run("ascend-910c", 8192, "deepseek-v3", "bf16", 4096, "62914560 tokens"),
                                            one_run("ascend-950pr", 4096, "deepseek-v4-pro", "fp8", 4096, "62914560 tokens"),
                                            one_run("h800", 2048, "deepseek-v3", "fp8", 4096, "62914560 tokens")};
  int monotone_checked = 0, outside_checked = 0;
  for (const auto& base : cases) {
    for (const auto& path : engine::parameter_paths(base)) {
      const auto ref = engine::resolve_parameter(base, path);
      if (!ref || ref->target != engine::ParameterRef::Target::chip) continue;
      const auto influence = sweep::detail::search_influence(base, 0, *ref);
      if (influence == sweep::detail::SearchInfluence::exact) continue;  // nothing assumed
      const double v = engine::get_parameter(base, *ref);
      if (!(v > 0)) continue;  // a figure the chip does not have (e.g. no FP4)
      engine::Scenario low = base, high = base;
      engine::set_parameter(low, *ref, v * 0.7);
      engine::set_parameter(high, *ref, v * 1.4);
      // Layouts feasible at the low end: each must stay feasible and get no slower going up.
      const auto layouts = perf::search_layouts(engine::layout_search_inputs(low, low.training[0], low.fleet.pools[0], 400));
      REQUIRE_FALSE(layouts.empty());
      for (const auto& c : layouts) {
        const auto at_low = run_rate(low, c.layout), at_mid = run_rate(base, c.layout), at_high = run_rate(high, c.layout);
        INFO(base.fleet.pools[0].chip.id << " " << path << " tp" << c.layout.tp << " pp" << c.layout.pp << " ep" << c.layout.ep << " dp" << c.layout.dp);
        REQUIRE(at_low);
        REQUIRE(at_mid);
        REQUIRE(at_high);
        if (influence == sweep::detail::SearchInfluence::none) {
          CHECK(*at_low == *at_mid);
          CHECK(*at_high == *at_mid);
          ++outside_checked;
        } else {
          CHECK(*at_low <= *at_mid);
          CHECK(*at_mid <= *at_high);
          ++monotone_checked;
        }
      }
    }
  }
  CHECK(monotone_checked > 1000);
  CHECK(outside_checked > 100);
}
