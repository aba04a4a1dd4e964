// The sweep engine: determinism, distributions, correlation, percentile accuracy, and a hot
// path that allocates nothing.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <fstream>
#include <tuple>

#include "../../sim/sweep/counter_rng.hpp"
#include "../../sim/sweep/distributions.hpp"
#include "../../sim/sweep/histogram_batch.hpp"
#include "../../sim/sweep/log_histogram.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/report/sweep_output.hpp"
#include "flopcast/scenario/load.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "flopcast/sweep/sweep_state.hpp"
#include "support/alloc_counter.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
scenario::ScenarioLoad load_file(const std::string& rel) { return scenario::load_scenario(test::source_dir() + "/" + rel, builtins()); }

std::vector<double> draws(const engine::Distribution& d, int n) {
  std::vector<double> out;
  for (int k = 0; k < n; ++k) out.push_back(sweep::detail::quantile(d, sweep::detail::uniform01(7, static_cast<std::uint64_t>(k), 0)));
  return out;
}
double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}
}  // namespace

TEST_CASE("sweep: results are byte-identical whatever the thread count", "[determinism][sweep]") {
  auto loaded = load_file("scenarios/910c-vs-h100-uncertainty.yaml");
  REQUIRE(loaded.scenario);
  auto spec = loaded.sweep;
  spec.samples = 3000;  // three chunks of 1,024: the reduction order matters
  std::string outputs[3];
  int i = 0;
  for (int threads : {1, 2, 4}) {
    sweep::SweepOptions o;
    o.threads = threads;
    const auto r = sweep::run_sweep(*loaded.scenario, spec, o);
    for (const auto& [name, content] : report::sweep_files(*loaded.scenario, r, "test")) outputs[i] += name + "\n" + content;
    ++i;
  }
  CHECK(outputs[0] == outputs[1]);
  CHECK(outputs[0] == outputs[2]);
}

TEST_CASE("sweep: a sample's draws depend only on seed, sample index and variable", "[unit][sweep]") {
  CHECK(sweep::detail::uniform01(1, 5, 2) == sweep::detail::uniform01(1, 5, 2));
  CHECK(sweep::detail::uniform01(1, 5, 2) != sweep::detail::uniform01(1, 6, 2));
  CHECK(sweep::detail::uniform01(1, 5, 2) != sweep::detail::uniform01(2, 5, 2));
  for (std::uint64_t k = 0; k < 1000; ++k) {
    const double u = sweep::detail::uniform01(3, k, 0);
    CHECK((u > 0 && u < 1));
  }
  // The extreme bit patterns stay inside (0, 1): all ones would otherwise round to exactly 1,
  // whose normal quantile is infinite.
  CHECK(sweep::detail::unit_interval(0) == 0x1.0p-54);
  CHECK(sweep::detail::unit_interval(~std::uint64_t{0}) == 1 - 0x1.0p-53);
  CHECK(std::isfinite(sweep::detail::normal_quantile(sweep::detail::unit_interval(~std::uint64_t{0}))));
}

TEST_CASE("sweep: distributions have the moments they should", "[unit][sweep]") {
  const int n = 100000;  // standard error of a mean ~ sd / 316
  engine::Distribution u;
  u.kind = engine::DistributionKind::uniform;
  u.low = 2, u.high = 4;  // mean 3, sd 2/sqrt(12) = 0.577
  CHECK(mean(draws(u, n)) == Approx(3).epsilon(0.005));
  CHECK(sd(draws(u, n)) == Approx(0.5774).epsilon(0.01));
  engine::Distribution g;
  g.kind = engine::DistributionKind::normal;
  g.mean = 10, g.sd = 2;
  CHECK(mean(draws(g, n)) == Approx(10).epsilon(0.002));
  CHECK(sd(draws(g, n)) == Approx(2).epsilon(0.01));
  engine::Distribution l;
  l.kind = engine::DistributionKind::lognormal;
  l.median = 100, l.sigma = 0.5;  // mean = 100 exp(0.125) = 113.3
  CHECK(mean(draws(l, n)) == Approx(113.31).epsilon(0.01));
  engine::Distribution t;
  t.kind = engine::DistributionKind::triangular;
  t.low = 0, t.mode = 3, t.high = 6;  // mean (0 + 3 + 6) / 3 = 3
  CHECK(mean(draws(t, n)) == Approx(3).epsilon(0.005));
  engine::Distribution p;
  p.kind = engine::DistributionKind::pert;
  p.low = 0, p.mode = 2, p.high = 10;  // mean (0 + 4 x 2 + 10) / 6 = 3
  CHECK(mean(draws(p, 20000)) == Approx(3).epsilon(0.015));  // Boost beta quantiles are slow: fewer draws
  engine::Distribution c;
  c.kind = engine::DistributionKind::choice;
  c.values = {1, 2};
  c.cumulative_weights = {0.25, 1.0};  // mean 0.25 x 1 + 0.75 x 2 = 1.75
  CHECK(mean(draws(c, n)) == Approx(1.75).epsilon(0.01));
}

TEST_CASE("sweep: the log histogram's percentiles are within 0.5 % of exact", "[unit][sweep]") {
  sweep::detail::LogHistogram h;
  std::vector<double> v;
  for (int k = 0; k < 20000; ++k) {
    const double x = std::exp(10 * sweep::detail::uniform01(9, static_cast<std::uint64_t>(k), 0));  // spans four decades
    v.push_back(x);
    h.add(x);
  }
  std::sort(v.begin(), v.end());
  for (double q : {0.05, 0.5, 0.95}) {
    const double exact = v[static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1];
    INFO("q = " << q);
    CHECK(std::fabs(h.quantile(q, v.front(), v.back()) / exact - 1) <= 0.005);
  }
}

TEST_CASE("sweep: the log histogram bins every magnitude from 1e-30 to 1e30 to within 0.5 %", "[unit][sweep]") {
  // bin_index takes ln from the double's bits and a table (not std::log): check it over the whole
  // range, both signs, and at powers of two, where the exponent changes.
  const double lowest = -std::numeric_limits<double>::infinity(), highest = std::numeric_limits<double>::infinity();
  std::vector<double> values;
  for (int e = -29; e <= 29; ++e) values.push_back(3.7 * std::pow(10.0, e));
  for (int e = -99; e <= 99; e += 7) values.push_back(std::ldexp(1.0, e));
  for (int e = -99; e <= 99; e += 7) values.push_back(std::nextafter(std::ldexp(1.0, e), 0.0));
  for (const double x : values) {
    for (const double v : {x, -x}) {
      sweep::detail::LogHistogram h;
      h.add(v);
      INFO("v = " << v);
      CHECK(std::fabs(h.quantile(0.5, lowest, highest) / v - 1) <= 0.005);
    }
  }
  sweep::detail::LogHistogram edge;  // out of range: counted, never out of bounds
  edge.add(highest);
  edge.add(1e300);
  CHECK(edge.count() == 2);
}

namespace {
std::vector<std::tuple<int, int, std::uint64_t>> bins_of(const sweep::detail::LogHistogram& h) {
  std::vector<std::tuple<int, int, std::uint64_t>> out;
  h.for_each_bin([&](int sign, int bin, std::uint64_t count) { out.emplace_back(sign, bin, count); });
  return out;
}
}  // namespace

TEST_CASE("sweep: values added a block at a time land in the bins add() puts them in", "[unit][sweep]") {
  // Runs of one value, of one bin, zeros, both signs, no value (NaN), out of range, and noise.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values = {5, 5, 5, nan, 5, 5.0001, 5.0002, -5, -5, 0, 0, 5, 1e-31, -0.0, 1e31, 1e31, nan, 3, 3, 5};
  for (int k = 0; k < 300; ++k) values.push_back(k % 7 == 0 ? nan : std::exp(8 * sweep::detail::uniform01(3, static_cast<std::uint64_t>(k), 0)) * (k % 3 ? 1 : -1));
  sweep::detail::LogHistogram one_by_one;
  for (double v : values) if (!std::isnan(v)) one_by_one.add(v);
  // As columns of a batch: column 0 holds the values, column 1 their negatives.
  sweep::detail::HistogramBatch batch(2);
  sweep::detail::LogHistogram negated;
  for (double v : values) {
    double* row = batch.row();
    if (!std::isnan(v)) {
      row[0] = v;
      row[1] = -v;
      negated.add(-v);
    }
    batch.end_row();
  }
  batch.flush();
  CHECK(batch[0].count() == one_by_one.count());
  CHECK(bins_of(batch[0]) == bins_of(one_by_one));
  CHECK(bins_of(batch[1]) == bins_of(negated));
  batch.clear();
  CHECK(batch[0].count() == 0);
  CHECK(bins_of(batch[1]).empty());
}

TEST_CASE("sweep: a correlation between two inputs is honoured", "[unit][sweep]") {
  auto loaded = load_file("scenarios/910c-vs-h100-uncertainty.yaml");
  REQUIRE(loaded.scenario);
  // The scenario correlates the H100 and 910C prices at rho = 0.5 (normal scores).
  const auto& spec = loaded.sweep;
  REQUIRE(spec.correlations.size() == 1);
  const auto l = engine::correlation_cholesky(spec);
  REQUIRE(l);
  const std::size_t n = spec.variables.size(), a = spec.correlations[0].a, b = spec.correlations[0].b;
  std::vector<double> za, zb;
  for (std::uint64_t k = 0; k < 50000; ++k) {
    std::vector<double> g(n), z(n);
    for (std::size_t j = 0; j < n; ++j) g[j] = sweep::detail::normal_quantile(sweep::detail::uniform01(1, k, j));
    for (std::size_t i = 0; i < n; ++i) for (std::size_t j = 0; j <= i; ++j) z[i] += (*l)[i * n + j] * g[j];
    za.push_back(z[a]);
    zb.push_back(z[b]);
  }
  const double ma = mean(za), mb = mean(zb);
  double cov = 0;
  for (std::size_t k = 0; k < za.size(); ++k) cov += (za[k] - ma) * (zb[k] - mb);
  cov /= static_cast<double>(za.size() - 1);
  CHECK(cov / (sd(za) * sd(zb)) == Approx(0.5).margin(0.02));
}

TEST_CASE("sweep: evaluating a sample allocates nothing once the scratch is shaped", "[unit][sweep]") {
  auto loaded = load_file("tests/validation/t2-deepseek-v3-h800.yaml");
  REQUIRE(loaded.scenario);
  engine::Scenario s = *loaded.scenario;
  engine::Results r;
  engine::evaluate_into(s, r);  // shapes the scratch
  const auto ref = engine::resolve_parameter(s, "fleet.pools[h800].count");
  REQUIRE(ref);
  const auto before = test::allocations_on_this_thread();
  for (int k = 0; k < 100; ++k) {
    engine::set_parameter(s, *ref, 2048 + (k % 4) * 128);
    engine::evaluate_into(s, r);
  }
  CHECK(test::allocations_on_this_thread() - before == 0);
}

TEST_CASE("sweep: evaluating a multi-stage run allocates nothing once the scratch is shaped", "[unit][sweep]") {
  // The total's stage names (longer than the short-string buffer) are assigned into the strings
  // of the evaluation before, not appended anew.
  auto loaded = load_file("scenarios/llama3-405b-stages.yaml");
  REQUIRE(loaded.scenario);
  engine::Scenario s = *loaded.scenario;
  engine::Results r;
  engine::evaluate_into(s, r);
  const auto ref = engine::resolve_parameter(s, "training[llama3-405b/128k].tokens");
  REQUIRE(ref);
  const auto before = test::allocations_on_this_thread();
  for (int k = 0; k < 20; ++k) {
    engine::set_parameter(s, *ref, 4e11 * (1 + k % 4));
    engine::evaluate_into(s, r);
  }
  CHECK(test::allocations_on_this_thread() - before == 0);
  CHECK(r.training.back().stages.size() == 2);
}

TEST_CASE("sweep: shards merge into exactly the single-run result", "[determinism][sweep]") {
  auto loaded = load_file("scenarios/910c-vs-h100-uncertainty.yaml");
  REQUIRE(loaded.scenario);
  auto spec = loaded.sweep;
  spec.samples = 2500;
  const auto single = sweep::run_sweep(*loaded.scenario, spec);
  std::vector<sweep::SweepState> states;
  for (std::uint64_t i = 0; i < 3; ++i) {
    // Through the text form, as shards on other machines would hand them over.
    std::string error;
    auto parsed = sweep::parse_sweep_state(sweep::format_sweep_state(sweep::run_sweep_shard(*loaded.scenario, spec, i, 3)), error);
    INFO(error);
    REQUIRE(parsed);
    states.push_back(std::move(*parsed));
  }
  std::string error;
  const auto merged = sweep::merge_sweep_states(states, error);
  REQUIRE(merged);
  CHECK(report::sweep_files(*loaded.scenario, *merged, "t") == report::sweep_files(*loaded.scenario, single, "t"));
  states.pop_back();
  CHECK_FALSE(sweep::merge_sweep_states(states, error));
  CHECK(error == "shard 2 of 3 is missing");
}

TEST_CASE("sweep: the tornado's base is the engine with every uncertain input at its median, at every grid point", "[unit][sweep]") {
  auto loaded = load_file("scenarios/910c-vs-h100-uncertainty.yaml");
  REQUIRE(loaded.scenario);
  const engine::Scenario& s = *loaded.scenario;  // searched layouts: the sweep re-plans as a direct run does
  auto spec = loaded.sweep;
  spec.samples = 16;
  REQUIRE(spec.axes.size() == 1);
  const auto result = sweep::run_sweep(s, spec);
  REQUIRE(result.sensitivities.size() > 10);

  std::vector<engine::Results> direct;  // per grid point: the first axis's value, every input at its median
  for (const double value : spec.axes[0].values) {
    engine::Scenario medians = s;
    engine::set_parameter(medians, spec.axes[0].parameter, value);
    for (const auto& v : spec.variables) engine::set_parameter(medians, v.parameter, sweep::detail::quantile(v.distribution, 0.5));
    direct.push_back(engine::evaluate(medians));
  }
  std::vector<std::size_t> per_point(direct.size(), 0);
  for (const auto& x : result.sensitivities) {
    INFO(x.input << " moves " << x.metric << " at grid point " << x.point);
    REQUIRE(x.point < direct.size());
    ++per_point[x.point];
    REQUIRE(x.base);
    CHECK(*x.base == engine::metric_value(direct[x.point], x.metric).value());
  }
  for (const std::size_t n : per_point) CHECK(n > 10);  // every grid point has its swings
  // The H100 price moves the H100 run's cost on both sides of the base (a triangular distribution
  // with P5 < median < P95).
  const auto price = std::find_if(result.sensitivities.begin(), result.sensitivities.end(), [](const auto& x) {
    return x.input == "chips.h100.price" && x.metric == "training.deepseek-v3-on-h100.cost_usd";
  });
  REQUIRE(price != result.sensitivities.end());
  CHECK(price->at_low < *price->base);
  CHECK(*price->base < price->at_high);
}

TEST_CASE("sweep: a shard state keeps the sensitivities' grid point and base, present or not", "[unit][sweep]") {
  sweep::SweepState s;
  s.scenario_name = "toy";
  s.identity = "0123456789abcdef";
  s.points = 2;
  s.axis_values.resize(2);
  s.sensitivities = {{"assumptions.pue", "training.a.cost_usd", 1.5, 2.5, 1, 2.0 / 3, 0}, {"assumptions.pue", "training.a.time_days", 3, 4, 1, std::nullopt, 1}};
  std::string error;
  const auto parsed = sweep::parse_sweep_state(sweep::format_sweep_state(s), error);
  INFO(error);
  REQUIRE(parsed);
  REQUIRE(parsed->sensitivities.size() == 2);
  CHECK(parsed->sensitivities[0].base == 2.0 / 3);  // hex floats: exact
  CHECK_FALSE(parsed->sensitivities[1].base);
  CHECK(parsed->sensitivities[0].point == 0);
  CHECK(parsed->sensitivities[1].point == 1);
  // A grid point the sweep does not have is refused.
  std::string outside = sweep::format_sweep_state(s);
  const auto at = outside.find("sensitivity 1 ");
  REQUIRE(at != std::string::npos);
  outside.replace(at, 14, "sensitivity 2 ");
  CHECK_FALSE(sweep::parse_sweep_state(outside, error));
  CHECK(error.find("sensitivity: names a grid point outside the sweep's 2 points") != std::string::npos);
  // A state from before the base was recorded is refused with its format, not misread.
  std::string old = sweep::format_sweep_state(s);
  old.replace(0, old.find('\n'), "flopcast-sweep-state 1");
  CHECK_FALSE(sweep::parse_sweep_state(old, error));
  CHECK(error == "line 1: format: the state has format '1'; this flopcast reads format 4: write the shards again with the same flopcast");
}

namespace {
const scenario::RegimeLoad& shipped_regimes() { return test::builtin_regimes(); }

/// A CN buyer of H20, H100 and 910C over 2025-2026, swept over regimes, with uncertain approval.
const std::string kRegimeSweep = test::cn_buyer_projection_yaml("regime-sweep") + R"(sweep:
  axes:
    - path: regime
      values: [none, timeline, oct2023]
uncertain:
  samples: 3000
  seed: 5
  variables:
    - {path: assumptions.licence_approval, distribution: uniform, low: 0.2, high: 0.8}
)";
}  // namespace

TEST_CASE("sweep: a regime axis runs the projection under each regime, named in the outputs", "[unit][sweep][fleet]") {
  const auto path = test::fresh_temp_dir("regime-sweep") + "/regime-sweep.yaml";
  std::ofstream(path) << kRegimeSweep;
  auto loaded = scenario::load_scenario(path, builtins(), &shipped_regimes());
  INFO((loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().message));
  REQUIRE(loaded.scenario);
  REQUIRE(loaded.sweep.axes.size() == 1);
  CHECK(loaded.sweep.axes[0].labels == std::vector<std::string>{"none", "timeline", "oct2023"});
  const auto r = sweep::run_sweep(*loaded.scenario, loaded.sweep);
  const auto m = std::find(r.metric_names.begin(), r.metric_names.end(), "projection.buyer.effective_flop_per_s") - r.metric_names.begin();
  REQUIRE(static_cast<std::size_t>(m) < r.metric_names.size());
  const double none = r.points[0].metrics[static_cast<std::size_t>(m)].mean;
  const double timeline = r.points[1].metrics[static_cast<std::size_t>(m)].mean;
  const double oct2023 = r.points[2].metrics[static_cast<std::size_t>(m)].mean;
  // No controls fields the most; oct2023 denies the H100 but lets the H20 through; the actual
  // timeline also licenses the H20 from 2025-04, at the sampled approval.
  CHECK(none > oct2023);
  CHECK(oct2023 > timeline);
  // The same as evaluating each regime directly (as flopcast compare does), for the no-controls point.
  engine::Scenario s = *loaded.scenario;
  engine::set_parameter(s, loaded.sweep.axes[0].parameter, 0);
  CHECK(engine::evaluate(s).projection.back().effective_flop_per_s == Approx(none));
  const auto files = report::sweep_files(*loaded.scenario, r, "t");
  const auto csv = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.first == "sweep.csv"; });
  REQUIRE(csv != files.end());
  CHECK(csv->second.find("\n1,timeline,projection.buyer.effective_flop_per_s,") != std::string::npos);
  // Labels survive the shard state round trip.
  std::string error;
  const auto state = sweep::parse_sweep_state(sweep::format_sweep_state(sweep::run_sweep_shard(*loaded.scenario, loaded.sweep, 0, 1)), error);
  REQUIRE(state);
  CHECK(state->axis_labels == std::vector<std::vector<std::string>>{{"none", "timeline", "oct2023"}});
}

TEST_CASE("sweep: every parameter's range holds the value the shipped scenario states", "[unit][sweep]") {
  // A range that excluded a value the scenario reader accepts would refuse valid sweeps; check
  // every addressable parameter of the richest shipped scenario against its own base value.
  auto loaded = scenario::load_scenario(test::source_dir() + "/scenarios/china-2025-2027-uncertainty.yaml", builtins(), &shipped_regimes());
  REQUIRE(loaded.scenario);
  const auto& s = *loaded.scenario;
  int checked = 0;
  for (const auto& path : engine::parameter_paths(s)) {
    const auto ref = engine::resolve_parameter(s, path);
    REQUIRE(ref);
    if (ref->target == engine::ParameterRef::Target::regime) continue;
    const double v = engine::get_parameter(s, *ref);
    INFO(path << " = " << v << ": " << engine::range_problem(*ref, v).value_or("in range"));
    // Optional fields read as 0 when unset (no budget, no power cap): "unset" is not a value.
    if (v == 0) continue;
    CHECK(engine::in_range(*ref, v));
    ++checked;
  }
  CHECK(checked > 20);
  const auto pue = engine::resolve_parameter(s, "assumptions.pue");
  REQUIRE(pue);
  CHECK_FALSE(engine::in_range(*pue, 0.95));
  CHECK(engine::in_range(*pue, 1.0));
  const auto approval = engine::resolve_parameter(s, "assumptions.licence_approval");
  REQUIRE(approval);
  CHECK(engine::in_range(*approval, 0.0));
  CHECK_FALSE(engine::in_range(*approval, 1.01));
  CHECK_FALSE(engine::in_range(*approval, std::nan("")));
  const auto count = engine::resolve_parameter(s, "supply[ascend-950pr].per_year");
  REQUIRE(count);
  CHECK(engine::range_problem(*count, 2e24) == std::string("must be at most 1e24 in SI units"));
  CHECK(engine::range_problem(*count, 1e-30) == std::string("must be 0 or at least 1e-24 in SI units"));
  CHECK_FALSE(engine::range_problem(*count, 0));
}

TEST_CASE("sweep: reading every parameter leaves the scenario as it was (an unset budget stays unset)", "[unit][sweep][fleet]") {
  // get_parameter once gave an unset budget_per_year a value of 0 (the buyer then bought
  // nothing), so a shard's identity changed after the first was taken.
  const auto path = test::fresh_temp_dir("read-parameters") + "/read-parameters.yaml";
  std::ofstream(path) << kRegimeSweep;
  auto loaded = scenario::load_scenario(path, builtins(), &shipped_regimes());
  REQUIRE(loaded.scenario);
  const engine::Scenario& s = *loaded.scenario;
  const auto paths_before = engine::parameter_paths(s);
  const auto before = engine::evaluate(s);
  const auto identity = sweep::sweep_identity(s, loaded.sweep);
  for (const auto& p : paths_before) {
    if (const auto ref = engine::resolve_parameter(s, p)) (void)engine::get_parameter(s, *ref);
  }
  CHECK(engine::parameter_paths(s) == paths_before);
  CHECK(sweep::sweep_identity(s, loaded.sweep) == identity);
  CHECK(engine::evaluate(s).projection.back().effective_flop_per_s == before.projection.back().effective_flop_per_s);
  CHECK_FALSE(s.projection->actors.front().budget_usd_per_year.has_value());
}

TEST_CASE("sweep: the China uncertainty scenario is the regimes scenario plus its sweep", "[unit][sweep][fleet]") {
  // Its header says so: the fleet, production, rules and demand are those of the regimes file;
  // only sweep: and uncertain: are its own. Every parameter and every metric must agree.
  auto regimes = scenario::load_scenario(test::source_dir() + "/scenarios/china-2025-2027-regimes.yaml", builtins(), &shipped_regimes());
  auto uncertainty = scenario::load_scenario(test::source_dir() + "/scenarios/china-2025-2027-uncertainty.yaml", builtins(), &shipped_regimes());
  REQUIRE(regimes.scenario);
  REQUIRE(uncertainty.scenario);
  const auto& a = *regimes.scenario;
  const auto& b = *uncertainty.scenario;
  REQUIRE(engine::parameter_paths(a) == engine::parameter_paths(b));
  for (const auto& path : engine::parameter_paths(a)) {
    INFO(path);
    CHECK(engine::get_parameter(a, *engine::resolve_parameter(a, path)) == engine::get_parameter(b, *engine::resolve_parameter(b, path)));
  }
  const auto ra = engine::evaluate(a), rb = engine::evaluate(b);
  REQUIRE(engine::metric_names(ra) == engine::metric_names(rb));
  for (const auto& name : engine::metric_names(ra)) {
    INFO(name);
    CHECK(engine::metric_value(ra, name) == engine::metric_value(rb, name));
  }
  CHECK(uncertainty.sweep.differences.size() == 3);
  CHECK(uncertainty.sweep.axes.front().labels == std::vector<std::string>{"none", "timeline"});
}
