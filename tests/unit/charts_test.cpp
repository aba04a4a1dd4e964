// Sweep charts: the data and gnuplot scripts written for a small hand-built sweep (golden text),
// which charts a sweep gets, one chart rendered by gnuplot, and flopcast sweep rendering them all.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "../../sim/report/charts.hpp"
#include "flopcast/report/sweep_output.hpp"
#include "support/chart_render.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;
namespace fs = std::filesystem;

namespace {

engine::Scenario toy_scenario() {
  engine::Scenario s;
  s.name = "toy";
  s.source_file = "scenarios/toy.yaml";
  fleet::Pool npu;
  npu.name = "npu";
  npu.count = 2000;
  fleet::Pool gpu;
  gpu.name = "gpu";
  gpu.count = 1500;
  s.fleet.pools = {npu, gpu};
  engine::TrainingRun a;
  a.name = "run-a";
  a.pools = {"npu"};
  engine::TrainingRun b;
  b.name = "run-b";
  b.pools = {"gpu"};
  s.training = {a, b};
  return s;
}

sweep::MetricSummary summary(double p5, double p50, double p95, double mean) {
  sweep::MetricSummary m;
  m.count = 1000;
  m.mean = mean;
  m.min = p5 * 0.9;
  m.max = p95 * 1.1;
  m.percentiles = {p5, p50, p95};
  return m;
}

/// Two runs; the gpu pool swept over 1,000 and 2,000 chips; 1,000 samples per point.
sweep::SweepResult toy_sweep() {
  sweep::SweepResult r;
  r.axis_paths = {"fleet.pools[gpu].count"};
  r.metric_names = {"training.run-a.time_days", "training.run-a.chip_hours", "training.run-a.cost_usd",
                    "training.run-b.time_days", "training.run-b.chip_hours", "training.run-b.cost_usd"};
  r.percentiles = {5, 50, 95};
  r.samples_per_point = 1000;
  r.seed = 7;
  sweep::PointResult p1;
  p1.axis_values = {1000};
  p1.metrics = {summary(9, 10, 12, 10.2), summary(4.3e6, 4.8e6, 5.8e6, 4.9e6), summary(3.1e6, 3.5e6, 4.2e6, 3.6e6),
                summary(14, 15, 17, 15.3), summary(0.34e6, 0.36e6, 0.41e6, 0.37e6), summary(2.0e6, 2.2e6, 2.6e6, 2.3e6)};
  sweep::PointResult p2 = p1;
  p2.axis_values = {2000};
  p2.metrics[3] = summary(7.1, 7.6, 8.5, 7.7);
  p2.metrics[4] = summary(0.35e6, 0.37e6, 0.42e6, 0.38e6);
  p2.metrics[5].count = 0;  // no value at this point (e.g. an unknown price): the row is left out
  r.points = {p1, p2};
  r.sensitivities = {
      // base: every input at its median, which differs from the samples' P50 (10 days, $3.5M)
      {"assumptions.chip_mtbf", "training.run-a.time_days", 11.2, 9.4, 1.8, 9.9, 0},
      {"chips.npu.dense_peak.bf16", "training.run-a.time_days", 10.3, 9.8, 0.5, 9.9, 0},
      {"chips.npu.price", "training.run-a.cost_usd", 2.9e6, 4.1e6, 1.2e6, 3.4e6, 0},
      // at 2,000 chips only the MTBF moves run-a's time, and nothing its cost
      {"assumptions.chip_mtbf", "training.run-a.time_days", 11, 9.3, 1.7, 9.8, 1},
  };
  return r;
}

std::string file_of(const report::ChartFiles& c, const std::string& suffix) {
  for (const auto& [name, content] : c.files) {
    if (name == c.name + suffix) return content;
  }
  FAIL("chart " << c.name << " has no " << suffix << " file");
  return {};
}

const report::ChartFiles& chart(const std::vector<report::ChartFiles>& charts, const std::string& name) {
  const auto it = std::find_if(charts.begin(), charts.end(), [&](const auto& c) { return c.name == name; });
  REQUIRE(it != charts.end());
  return *it;
}

}  // namespace

TEST_CASE("charts: a sweep gets tornados, fan charts and the pool-size chart", "[unit][report]") {
  const auto charts = report::make_sweep_charts(toy_scenario(), toy_sweep(), "test");
  std::vector<std::string> names;
  for (const auto& c : charts) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"tornado_training_run-a_time_days", "tornado_training_run-a_cost_usd", "fan_training_time_days",
                                          "fan_training_cost_usd", "vs_fleet_size"});
  for (const auto& c : charts) {
    INFO(c.name);
    REQUIRE(c.files.size() == 2);
    CHECK(c.files[0].first == c.name + ".dat");
    CHECK(c.files[1].first == c.name + ".gp");
    CHECK(c.images == std::vector<std::string>{c.name + ".svg", c.name + ".png", c.name + ".pdf"});
  }
}

TEST_CASE("charts: tornado data, golden: one panel per grid point, the inputs in the same order", "[unit][report]") {
  const auto charts = report::make_sweep_charts(toy_scenario(), toy_sweep(), "test");
  const std::string header =
      "# base: the metric with every uncertain input at its median (where it has no value there: the P50 over 1,000 samples per grid point)\n"
      "# one block per panel; an input that does not move the metric at a point has both ends at the base\n";
  const std::string columns = "# rank\tinput\tbase\tvalue_at_input_p5\tvalue_at_input_p95\tswing\n";
  // At 2,000 chips the BF16 peak no longer moves the time: its bar has both ends at the base.
  CHECK(file_of(chart(charts, "tornado_training_run-a_time_days"), ".dat") ==
        "# tornado: training.run-a.time_days, in days (sweep.csv value x 1), at each grid point shown\n" + header +
            "# panel 1: grid point 0 (fleet.pools[gpu].count = 1,000 chips), base 9.9\n" + columns +
            "1\t\"assumptions.chip_mtbf\"\t9.9\t11.2\t9.4\t1.8\n"
            "2\t\"chips.npu.dense_peak.bf16\"\t9.9\t10.3\t9.8\t0.5\n"
            "\n\n"
            "# panel 2: grid point 1 (fleet.pools[gpu].count = 2,000 chips), base 9.8\n" + columns +
            "1\t\"assumptions.chip_mtbf\"\t9.8\t11\t9.3\t1.7\n"
            "2\t\"chips.npu.dense_peak.bf16\"\t9.8\t9.8\t9.8\t0\n");
  // Money is shown in $M. A point where nothing moves the metric keeps its panel, at the samples' P50.
  CHECK(file_of(chart(charts, "tornado_training_run-a_cost_usd"), ".dat") ==
        "# tornado: training.run-a.cost_usd, in $M (sweep.csv value x 1e-06), at each grid point shown\n" + header +
            "# panel 1: grid point 0 (fleet.pools[gpu].count = 1,000 chips), base 3.4\n" + columns +
            "1\t\"chips.npu.price\"\t3.4\t2.9\t4.1\t1.2\n"
            "\n\n"
            "# panel 2: grid point 1 (fleet.pools[gpu].count = 2,000 chips), base 3.5 (P50 of the samples)\n" + columns +
            "1\t\"chips.npu.price\"\t3.5\t3.5\t3.5\t0\n");
  const std::string gp = file_of(chart(charts, "tornado_training_run-a_cost_usd"), ".gp");
  CHECK(gp.find("n_panels      = 2") != std::string::npos);
  CHECK(gp.find("array panel_title[n_panels] = [\"fleet.pools[gpu].count = 1,000 chips: base 3.40 $M\", "
                "\"fleet.pools[gpu].count = 2,000 chips: P50 of the samples 3.50 $M; no input moves it\"]") != std::string::npos);
  CHECK(gp.find("array base_value[n_panels]  = [3.4, 3.5]") != std::string::npos);
  CHECK(gp.find("subtitle_text = \"one input at a time at its P5 or P95, the others at their medians; one panel per grid point\"") != std::string::npos);
}

TEST_CASE("charts: a tornado without an all-medians value falls back to the samples' P50", "[unit][report]") {
  auto r = toy_sweep();
  for (auto& x : r.sensitivities) x.base.reset();  // e.g. the run is infeasible with every input at its median
  const auto charts = report::make_sweep_charts(toy_scenario(), r, "test");
  const auto& c = chart(charts, "tornado_training_run-a_time_days");
  const std::string dat = file_of(c, ".dat");
  CHECK(dat.find("# panel 1: grid point 0 (fleet.pools[gpu].count = 1,000 chips), base 10 (P50 of the samples)\n") != std::string::npos);
  CHECK(dat.find("1\t\"assumptions.chip_mtbf\"\t10\t11.2\t9.4\t1.8\n") != std::string::npos);
  const std::string gp = file_of(c, ".gp");
  CHECK(gp.find("base_title    = \"base: P50 of all samples\"") != std::string::npos);
  CHECK(gp.find("array base_text[n_panels]   = [\"10.00 days\", \"10.00 days\"]") != std::string::npos);
  CHECK(gp.find("\"fleet.pools[gpu].count = 1,000 chips: P50 of the samples 10.00 days\"") != std::string::npos);
}

TEST_CASE("charts: a tornado of a sweep with many grid points shows four, evenly spaced, and says so", "[unit][report]") {
  auto r = toy_sweep();
  r.sensitivities.clear();
  r.points.resize(7, r.points[0]);
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    r.points[p].axis_values = {1000.0 * static_cast<double>(p + 1)};
    r.sensitivities.push_back({"assumptions.chip_mtbf", "training.run-a.time_days", 11, 9, 2, 10, p});
  }
  const auto charts = report::make_sweep_charts(toy_scenario(), r, "test");
  const auto& c = chart(charts, "tornado_training_run-a_time_days");
  const std::string dat = file_of(c, ".dat");
  for (const char* shown : {"grid point 0 ", "grid point 2 ", "grid point 4 ", "grid point 6 "}) CHECK(dat.find(shown) != std::string::npos);
  for (const char* hidden : {"grid point 1 ", "grid point 3 ", "grid point 5 "}) CHECK(dat.find(hidden) == std::string::npos);
  CHECK(file_of(c, ".gp").find("; 4 of 7 grid points (sensitivity.csv has every one)\"") != std::string::npos);
}

TEST_CASE("charts: fan and pool-size data, golden", "[unit][report]") {
  const auto charts = report::make_sweep_charts(toy_scenario(), toy_sweep(), "test");
  CHECK(file_of(chart(charts, "vs_fleet_size"), ".dat") ==
        "# training vs fleet.pools[gpu].count (chips); one block per training run\n"
        "# columns: pool size, days (P5, P50, P95, mean), million chip-hours (P5, P50, P95, mean)\n"
        "# 0: run-a\n"
        "1000\t9\t10\t12\t10.2\t4.3\t4.8\t5.8\t4.9\n"
        "2000\t9\t10\t12\t10.2\t4.3\t4.8\t5.8\t4.9\n"
        "\n\n"
        "# 1: run-b\n"
        "1000\t14\t15\t17\t15.3\t0.34\t0.36\t0.41\t0.37\n"
        "2000\t7.1\t7.6\t8.5\t7.7\t0.35\t0.37\t0.42\t0.38\n");
  // A point without a value is left out of its series.
  CHECK(file_of(chart(charts, "fan_training_cost_usd"), ".dat") ==
        "# fan chart: training.*.cost_usd in $M over fleet.pools[gpu].count (chips)\n"
        "# one block per series; columns: x, P5, P50, P95, mean\n"
        "# 0: training.run-a.cost_usd\n"
        "1000\t3.1\t3.5\t4.2\t3.6\n"
        "2000\t3.1\t3.5\t4.2\t3.6\n"
        "\n\n"
        "# 1: training.run-b.cost_usd\n"
        "1000\t2\t2.2\t2.6\t2.3\n");
}

TEST_CASE("charts: every script names its data, title, axis labels with units and a source line", "[unit][report]") {
  const auto charts = report::make_sweep_charts(toy_scenario(), toy_sweep(), "test");
  for (const auto& c : charts) {
    INFO(c.name);
    const std::string gp = file_of(c, ".gp");
    CHECK(gp.find("data_file     = \"" + c.name + ".dat\"") != std::string::npos);
    CHECK(gp.find("source_text   = \"flopcast test | scenario scenarios/toy.yaml | 1,000 samples per grid point, seed 7\"") != std::string::npos);
    for (const auto& image : c.images) CHECK(gp.find("set output \"" + image + "\"") != std::string::npos);
    CHECK_FALSE(std::regex_search(gp, std::regex("@[A-Z_]+@")));  // every field filled in
    CHECK(gp.find("title_text") != std::string::npos);
    CHECK(gp.find("set label 1 source_text") != std::string::npos);
  }
  const auto script = [&](const std::string& name) { return file_of(chart(charts, name), ".gp"); };
  CHECK(script("tornado_training_run-a_time_days").find("title_text    = \"Training time for run-a (on npu): sensitivity to uncertain inputs\"") != std::string::npos);
  CHECK(script("tornado_training_run-a_time_days").find("x_label       = \"Training time for run-a (days)\"") != std::string::npos);
  CHECK(script("tornado_training_run-a_time_days").find("array base_text[n_panels]   = [\"9.90 days\", \"9.80 days\"]") != std::string::npos);
  CHECK(script("tornado_training_run-a_time_days").find("base_title    = \"base: all inputs at their medians\"") != std::string::npos);
  CHECK(script("tornado_training_run-a_cost_usd").find("x_label       = \"Training cost for run-a ($M)\"") != std::string::npos);
  CHECK(script("fan_training_time_days").find("title_text    = \"Training time vs gpu pool size\"") != std::string::npos);
  CHECK(script("fan_training_time_days").find("x_label       = \"gpu pool size: fleet.pools[gpu].count (chips)\"") != std::string::npos);
  CHECK(script("fan_training_time_days").find("y_label       = \"Training time (days)\"") != std::string::npos);
  CHECK(script("fan_training_time_days").find("array series_name[n_series] = [\"run-a (on npu)\", \"run-b (on gpu)\"]") != std::string::npos);
  CHECK(script("fan_training_time_days").find("set xtics (\"1,000\" 1000, \"2,000\" 2000)") != std::string::npos);
  CHECK(script("vs_fleet_size").find("x_label       = \"gpu pool size: fleet.pools[gpu].count (chips)\"") != std::string::npos);
  CHECK(script("vs_fleet_size").find("set ylabel \"Training time (days)\"") != std::string::npos);
  CHECK(script("vs_fleet_size").find("set ylabel \"Chip-hours (millions)\"") != std::string::npos);
  CHECK(script("vs_fleet_size").find("base_size     = 1500") != std::string::npos);
}

TEST_CASE("charts: which charts a sweep gets depends on its axes and samples", "[unit][report]") {
  const auto names = [](const sweep::SweepResult& r) {
    std::vector<std::string> out;
    for (const auto& c : report::make_sweep_charts(toy_scenario(), r, "test")) out.push_back(c.name);
    return out;
  };
  auto grid_only = toy_sweep();  // no uncertain inputs: no tornado, no fan; the pool-size chart stays
  grid_only.samples_per_point = 1;
  grid_only.sensitivities.clear();
  CHECK(names(grid_only) == std::vector<std::string>{"vs_fleet_size"});

  auto no_axis = toy_sweep();  // Monte Carlo only: tornados
  no_axis.axis_paths.clear();
  no_axis.points.resize(1);
  no_axis.points[0].axis_values.clear();
  CHECK(names(no_axis) == std::vector<std::string>{"tornado_training_run-a_time_days", "tornado_training_run-a_cost_usd"});

  auto other_axis = toy_sweep();  // an axis that is not a pool's count: no pool-size chart
  other_axis.axis_paths = {"assumptions.pue"};
  const auto other = names(other_axis);
  CHECK(std::find(other.begin(), other.end(), "vs_fleet_size") == other.end());
  CHECK(std::find(other.begin(), other.end(), "fan_training_time_days") != other.end());

  auto many = toy_sweep();  // at most six tornados
  for (int i = 0; i < 5; ++i) {
    const std::string run = "extra" + std::to_string(i);
    for (const char* field : {"time_days", "cost_usd"}) {
      many.metric_names.push_back("training." + run + "." + field);
      for (auto& p : many.points) p.metrics.push_back(summary(1, 2, 3, 2));
      many.sensitivities.push_back({"assumptions.pue", "training." + run + "." + field, 1.5, 2.5, 1, 2});
    }
  }
  const auto all = names(many);
  CHECK(std::count_if(all.begin(), all.end(), [](const std::string& n) { return n.starts_with("tornado_"); }) == 6);
}

TEST_CASE("charts: the sweep's files include the chart data and scripts", "[unit][report]") {
  const auto files = report::sweep_files(toy_scenario(), toy_sweep(), "test");
  const auto has = [&](const std::string& name) {
    return std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == name; });
  };
  CHECK(has("sweep.csv"));
  CHECK(has("tornado_training_run-a_time_days.dat"));
  CHECK(has("tornado_training_run-a_time_days.gp"));
  CHECK(has("vs_fleet_size.gp"));
}

TEST_CASE("charts: gnuplot renders a sweep chart", "[unit][report]") {
  const std::string dir = test::fresh_temp_dir("charts-render");
  const auto charts = report::make_sweep_charts(toy_scenario(), toy_sweep(), "test");
  for (const auto& name : {"tornado_training_run-a_time_days", "vs_fleet_size"}) {
    INFO(name);
    test::check_renders(chart(charts, name), dir);
  }
}

TEST_CASE("charts: a bare scenario (flopcast merge) still gives complete scripts", "[unit][report]") {
  engine::Scenario bare;  // what flopcast merge has: the scenario's name, no file, pools or runs
  bare.name = "toy";
  const auto charts = report::make_sweep_charts(bare, toy_sweep(), "test");
  const auto& fleet = chart(charts, "vs_fleet_size");
  const std::string gp = file_of(fleet, ".gp");
  CHECK(gp.find("source_text   = \"flopcast test | scenario toy | 1,000 samples per grid point, seed 7\"") != std::string::npos);
  CHECK(gp.find("show_base     = 0") != std::string::npos);  // the pool size in the file is unknown: no marker
  CHECK(gp.find("array series_name[n_series] = [\"run-a\", \"run-b\"]") != std::string::npos);
  const std::string dir = test::fresh_temp_dir("charts-bare");
  for (const auto& [file, content] : fleet.files) std::ofstream(dir + "/" + file) << content;
  const auto problem = report::run_gnuplot("gnuplot", dir, "vs_fleet_size.gp");
  INFO(problem.value_or(""));
  CHECK_FALSE(problem.has_value());
  CHECK(fs::exists(dir + "/vs_fleet_size.png"));
}

TEST_CASE("cli: flopcast sweep renders the sweep charts", "[cli][report]") {
  const std::string out = test::fresh_temp_dir("sweep-charts") + "/o";
  const auto r = test::run_flopcast({"sweep", "scenarios/910c-vs-h100-uncertainty.yaml", "-o", out, "--samples", "300", "-q"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("not rendered") == std::string::npos);
  for (const char* stem : {"tornado_training_deepseek-v3-on-910c_time_days", "tornado_training_deepseek-v3-on-h100_cost_usd",
                           "fan_training_time_days", "fan_training_cost_usd", "vs_fleet_size", "capacity_by_chip"}) {
    for (const char* ext : {".dat", ".gp", ".svg", ".png", ".pdf"}) {
      const std::string f = std::string(stem) + ext;
      INFO(f);
      CHECK(fs::exists(fs::path(out) / f));
      CHECK(r.out.find(f) != std::string::npos);
    }
  }
}

TEST_CASE("charts: a fleet-over-time sweep gets fan charts over time, golden", "[unit][report]") {
  // Two actors, three quarters of effective compute; no grid axes (Monte Carlo only).
  sweep::SweepResult r;
  r.percentiles = {5, 50, 95};
  r.samples_per_point = 1000;
  r.seed = 7;
  sweep::PointResult p;
  for (const char* actor : {"lab", "cloud"}) {
    for (const char* period : {"2026-01", "2026-04", "2026-07"}) {
      r.metric_names.push_back(std::string("projection.") + actor + ".effective_flop_per_s@" + period);
      const double scale = (actor == std::string("lab") ? 1.0 : 2.0) * (1 + static_cast<double>(r.metric_names.size() % 3));
      p.metrics.push_back(summary(0.8e18 * scale, 1e18 * scale, 1.3e18 * scale, 1.05e18 * scale));
    }
  }
  r.metric_names.push_back("projection.lab.effective_flop_per_s");  // the last period, for tornados only
  p.metrics.push_back(summary(2.4e18, 3e18, 3.9e18, 3.15e18));
  r.points = {p};
  const auto charts = report::make_sweep_charts(toy_scenario(), r, "test");
  const auto& fan = chart(charts, "fan_over_time_effective_flop_per_s");
  CHECK(file_of(fan, ".dat") ==
        "# fan chart over time: projection.*.effective_flop_per_s in EFLOP/s (sweep.csv value x 1e-18), at the first grid point\n"
        "# one block per series (actor); columns: year, P5, P50, P95, mean, period\n"
        "# 0: lab\n"
        "2026\t1.6\t2\t2.6\t2.1\t2026-01\n"
        "2026.25\t2.4\t3\t3.9\t3.15\t2026-04\n"
        "2026.5\t0.8\t1\t1.3\t1.05\t2026-07\n"
        "\n\n"
        "# 1: cloud\n"
        "2026\t3.2\t4\t5.2\t4.2\t2026-01\n"
        "2026.25\t4.8\t6\t7.8\t6.3\t2026-04\n"
        "2026.5\t1.6\t2\t2.6\t2.1\t2026-07\n");
  const auto script = file_of(fan, ".gp");
  CHECK(script.find("set xtics (\"2026-01\" 2026, \"2026-04\" 2026.25, \"2026-07\" 2026.5)") != std::string::npos);
  CHECK(script.find("Effective training compute (EFLOP/s)") != std::string::npos);
}

TEST_CASE("charts: a fan over time sets the values of the first axis side by side, golden", "[unit][report]") {
  // One actor, two quarters, swept over two regimes: one band per regime on one chart.
  sweep::SweepResult r;
  r.percentiles = {5, 50, 95};
  r.samples_per_point = 1000;
  r.axis_paths = {"regime"};
  r.axis_labels = {{"none", "timeline"}};
  for (const char* period : {"2026-01", "2026-04"}) r.metric_names.push_back(std::string("projection.lab.effective_flop_per_s@") + period);
  for (double regime : {0.0, 1.0}) {
    sweep::PointResult p;
    p.axis_values = {regime};
    const double scale = regime == 0 ? 2.0 : 1.0;
    p.metrics = {summary(0.8e18 * scale, 1e18 * scale, 1.3e18 * scale, 1.05e18 * scale), summary(1.6e18 * scale, 2e18 * scale, 2.6e18 * scale, 2.1e18 * scale)};
    r.points.push_back(p);
  }
  const auto charts = report::make_sweep_charts(toy_scenario(), r, "test");
  const auto& fan = chart(charts, "fan_over_time_effective_flop_per_s");
  CHECK(file_of(fan, ".dat") ==
        "# fan chart over time: projection.*.effective_flop_per_s in EFLOP/s (sweep.csv value x 1e-18), per value of the first axis\n"
        "# one block per series (actor and grid point); columns: year, P5, P50, P95, mean, period\n"
        "# 0: lab, regime = none\n"
        "2026\t1.6\t2\t2.6\t2.1\t2026-01\n"
        "2026.25\t3.2\t4\t5.2\t4.2\t2026-04\n"
        "\n\n"
        "# 1: lab, regime = timeline\n"
        "2026\t0.8\t1\t1.3\t1.05\t2026-01\n"
        "2026.25\t1.6\t2\t2.6\t2.1\t2026-04\n");
  CHECK(file_of(fan, ".gp").find("n_series      = 2") != std::string::npos);
}
