// flopcast size: the search finds the smallest candidate meeting every target, re-planning at
// each, and says why when none does.
#include <catch2/catch.hpp>

#include <map>

#include "../../sim/sweep/seek.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/scenario/load.hpp"
#include "flopcast/sweep/goal_seek.hpp"
#include "support/builtins.hpp"

using namespace flopcast;

namespace {

scenario::ScenarioLoad load_text(const std::string& text) { return scenario::load_scenario_text(text, "size.yaml", test::builtin_catalog()); }

/// A predicate on the grid, counting what it was asked.
class Table : public sweep::detail::SeekOracle {
 public:
  explicit Table(std::function<bool(double)> f) : f_(std::move(f)) {}
  bool holds_at(double v) override {
    ++asked_[v];
    return f_(v);
  }
  void evaluate_all(const std::vector<double>& values) override {
    for (double v : values) ++asked_[v];
  }
  std::size_t distinct() const { return asked_.size(); }

 private:
  std::function<bool(double)> f_;
  std::map<double, int> asked_;
};

}  // namespace

TEST_CASE("size search: monotone targets give the exact boundary, with few evaluations", "[unit][size]") {
  for (double boundary : {10.0, 370.0, 1000.0, 65530.0}) {
    Table t([&](double v) { return v >= boundary; });
    double from = 0;
    const auto found = sweep::detail::seek_smallest({10, 10, 1e6, 0.25}, t, from);
    REQUIRE(found);
    CHECK(*found == sweep::detail::grid_up(boundary, 10));
    CHECK(from <= *found);
  }
  Table never([](double) { return false; });
  double from = 0;
  CHECK_FALSE(sweep::detail::seek_smallest({10, 10, 1e4, 0.25}, never, from));
}

TEST_CASE("size search: a smaller answer the bisection skips is found within the scan window", "[unit][size]") {
  // Holds from 1,000 up, and on an island at 700-720 that doubling and bisection step over.
  auto island = [](double v) { return v >= 1000 || (v >= 700 && v <= 720); };
  Table narrow(island);
  double from = 0;
  CHECK(*sweep::detail::seek_smallest({10, 10, 1e5, 0.25}, narrow, from) == 1000);  // the island is below the 25 % window
  CHECK(from == 750);
  Table wide(island);
  CHECK(*sweep::detail::seek_smallest({10, 10, 1e5, 0.35}, wide, from) == 700);  // inside a 35 % window: found, then scanned below
  CHECK(from == 460);  // the window below 700
}

TEST_CASE("size: the answer meets every target and one step less does not, re-planned at each", "[unit][size]") {
  auto loaded = load_text(R"(
name: size
fleet:
  pools:
    - {name: h, chip: h100, count: 1024}
training:
  - {name: t, model: llama-3.1-405b, tokens: "2T tokens", sequence_length: 8192, global_batch: "16777216 tokens", precision: bf16, pools: [h]}
size:
  - vary: "fleet.pools[h].count"
    targets: [{metric: training.t.time_days, at_most: 30}]
    step: 8
    max: 100000
)");
  REQUIRE(loaded.scenario);
  REQUIRE(loaded.sizing.size() == 1);
  const auto& p = loaded.sizing[0];
  const auto a = sweep::solve_size(*loaded.scenario, p, 1);
  REQUIRE(a.met);
  REQUIRE(a.binding == std::vector<std::size_t>{0});
  // Checked against direct runs at the answer and one step below, searching their own layouts.
  auto at = [&](double n) {
    engine::Scenario s = *loaded.scenario;
    engine::set_parameter(s, p.vary, n);
    return engine::metric_value(engine::evaluate(s), "training.t.time_days");
  };
  CHECK(*at(a.value) <= 30);
  CHECK(*at(a.value - 8) > 30);
  CHECK(a.metrics[0] == at(a.value));
  CHECK(a.results.pools[0].capacity.chips == a.value);
  // Every candidate of the window was evaluated, and none of them meets the target.
  for (double v = a.scanned_from; v < a.value; v += 8) {
    const auto probe = std::find_if(a.probes.begin(), a.probes.end(), [&](const auto& x) { return x.value == v; });
    REQUIRE(probe != a.probes.end());
    CHECK_FALSE(probe->holds);
  }
}

TEST_CASE("size: no chip count within supply meets the target: infeasible, with the reason", "[unit][size]") {
  auto loaded = load_text(R"(
name: size
fleet:
  pools:
    - {name: h, chip: h100, count: 1024}
training:
  - {name: t, model: llama-3.1-405b, tokens: "15T tokens", sequence_length: 8192, global_batch: "16777216 tokens", precision: bf16, pools: [h]}
size:
  - vary: "fleet.pools[h].count"
    targets: [{metric: training.t.time_days, at_most: 1}]
    step: 64
    max: 4096
)");
  REQUIRE(loaded.scenario);
  const auto a = sweep::solve_size(*loaded.scenario, loaded.sizing[0], 1);
  CHECK_FALSE(a.met);
  CHECK(a.value == 4096);
  CHECK(a.reason.rfind("infeasible because at 4,096 (max:, the most that may be bought); training.t.time_days = ", 0) == 0);
}

TEST_CASE("size: a target on a metric the scenario does not have is a located error", "[unit][size]") {
  auto loaded = load_text(R"(
name: size
fleet:
  pools:
    - {name: h, chip: h100, count: 1024}
training:
  - {name: t, model: llama-3.1-405b, tokens: "15T tokens", sequence_length: 8192, global_batch: "16777216 tokens", precision: bf16, pools: [h]}
size:
  - vary: "fleet.pools[h].count"
    targets: [{metric: training.t.time_dayz, at_most: 30}]
)");
  REQUIRE(loaded.scenario);
  const auto errors = sweep::check_size_targets(*loaded.scenario, engine::evaluate(*loaded.scenario), loaded.sizing[0]);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].location.line == 10);
  CHECK(errors[0].message == "no metric named 'training.t.time_dayz' in this scenario");
  REQUIRE_FALSE(errors[0].suggestions.empty());
  CHECK(errors[0].suggestions[0] == "training.t.time_days");
}
