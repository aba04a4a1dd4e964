// A run's charts beyond capacity_by_chip: serving_vs_demand (chips needed per pool, by service and
// mode), capacity_over_time_<actor> (effective stacked, peak lines) and serving_over_time_<actor>.
// The data and scripts for small hand-built results are compared with golden files in
// tests/unit/golden/ (FLOPCAST_UPDATE_GOLDEN=1 rewrites them); gnuplot renders each chart.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../../sim/report/charts.hpp"
#include "support/chart_render.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;
namespace fs = std::filesystem;

namespace {

catalog::ChipSpec chip(const std::string& id, double bf16, double fp8) {
  catalog::ChipSpec c;
  c.id = id;
  c.dense_peak_flop_per_s[static_cast<std::size_t>(catalog::Precision::bf16)] = bf16;
  c.dense_peak_flop_per_s[static_cast<std::size_t>(catalog::Precision::fp8)] = fp8;
  return c;
}

fleet::Pool pool(const std::string& name, const std::string& chip_id, double count) {
  fleet::Pool p;
  p.name = name;
  p.chip = chip(chip_id, 1e15, 2e15);
  p.count = count;
  return p;
}

engine::InferenceService service(const std::string& name, const std::string& group, std::vector<std::string> pools) {
  engine::InferenceService s;
  s.name = name;
  s.group = group;
  s.pools = std::move(pools);
  return s;
}

engine::InferenceResult served(const engine::InferenceService& svc, const fleet::Pool& p, double demand_tokens_per_s, double chips_needed) {
  engine::InferenceResult r;
  r.name = svc.name;
  r.group = svc.group;
  r.chip_id = p.chip.id;
  r.pool = p.name;
  r.chips_available = p.count;
  r.demand_tokens_per_s = demand_tokens_per_s;
  r.chips_needed = chips_needed;
  r.estimate.feasible = true;
  return r;
}

/// Two pools; a chat service in two modes on both, a batch service disaggregated (prefill on the
/// npu pool, decode on the gpu pool), and a service that does not fit on the gpu pool.
std::pair<engine::Scenario, engine::Results> toy_serving() {
  engine::Scenario s;
  s.name = "toy";
  s.source_file = "scenarios/toy.yaml";
  s.fleet.pools = {pool("npu-pool", "npu", 20000), pool("gpu-pool", "gpu", 1500)};
  const auto& npu = s.fleet.pools[0];
  const auto& gpu = s.fleet.pools[1];
  auto fast = service("chat/fast", "chat", {"npu-pool", "gpu-pool"});
  auto expert = service("chat/expert", "chat", {"npu-pool", "gpu-pool"});
  auto batch = service("batch", "", {});
  batch.prefill_pools = {"npu-pool"};
  batch.decode_pools = {"gpu-pool"};
  auto big = service("big", "", {"gpu-pool"});
  s.inference = {fast, expert, batch, big};
  const double t_per_day = 1e12 / 86400;  // tokens/s of 1T tokens/day
  engine::Results r;
  r.inference = {served(fast, npu, 6 * t_per_day, 9000), served(fast, gpu, 6 * t_per_day, 1200),
                 served(expert, npu, 4 * t_per_day, 8000), served(expert, gpu, 4 * t_per_day, 900),
                 served(batch, npu, 0.5 * t_per_day, 1000), served(batch, gpu, 0.5 * t_per_day, 400),
                 served(big, gpu, 2 * t_per_day, 0)};
  r.inference.back().estimate.feasible = false;
  return {s, r};
}

fleet::ChipPeriod chips_in_use(const std::string& id, double active, double serving) {
  fleet::ChipPeriod c;
  c.chip_id = id;
  c.installed = c.active = active;
  c.serving = serving;
  c.training = active - serving;
  return c;
}

/// Two actors over two quarters: "lab" buys an FP8-only chip (no BF16 figure) and a GPU and
/// serves a demand; "trainer" only trains, on the GPU.
std::pair<engine::Scenario, engine::Results> toy_projection() {
  engine::Scenario s;
  s.name = "toy-projection";
  s.source_file = "scenarios/toy-projection.yaml";
  s.assumptions.reference_model = "ref-model";
  s.assumptions.reference_service_model = "ref-service";
  s.assumptions.reference_service_mode = "fast";
  fleet::ProjectionInputs p;
  fleet::Actor lab;
  lab.name = "lab";
  lab.destination = "CN";
  lab.lines = {{chip("npu", 0, 1e15), 1000, {}, {}, fleet::ProcurementLine::Kind::order, 0}, {chip("gpu", 1e15, 2e15), 500, {}, {}, fleet::ProcurementLine::Kind::order, 0}};
  lab.allocation.policy = fleet::Allocation::Policy::serving_first;
  fleet::Actor trainer;
  trainer.name = "trainer co";  // a space: the file stem gets '_'
  trainer.destination = "US";
  trainer.lines = {{chip("gpu", 1e15, 2e15), 800, {}, {}, fleet::ProcurementLine::Kind::order, 0}};
  p.actors = {lab, trainer};
  p.reference_flop_per_s = {{"npu", 3e14}, {"gpu", 4e14}};
  s.projection = p;
  engine::Results r;
  for (const auto& [period, scale] : {std::pair{core::YearMonth{2026, 1}, 1.0}, std::pair{core::YearMonth{2026, 4}, 2.0}}) {
    fleet::ActorPeriod a;
    a.period = period;
    a.actor = "lab";
    a.chips = {chips_in_use("npu", 1000 * scale, 100 * scale), chips_in_use("gpu", 500 * scale, 50 * scale)};
    a.active_chips = 1500 * scale;
    a.serving_chips = 150 * scale;
    a.training_chips = a.active_chips - a.serving_chips;
    a.peak_bf16_flop_per_s = 500 * scale * 1e15;
    a.demand_tokens_per_s = 2e12 * scale / 86400;
    a.serving_capacity_tokens_per_s = 2e12 * scale / 86400;
    a.served_tokens_per_s = 2e12 * scale / 86400;
    fleet::ActorPeriod t;
    t.period = period;
    t.actor = "trainer co";
    t.chips = {chips_in_use("gpu", 800 * scale, 0)};
    t.active_chips = t.training_chips = 800 * scale;
    t.peak_bf16_flop_per_s = 800 * scale * 1e15;
    r.projection.push_back(a);
    r.projection.push_back(t);
  }
  return {s, r};
}

const report::ChartFiles& chart(const std::vector<report::ChartFiles>& charts, const std::string& name) {
  const auto it = std::find_if(charts.begin(), charts.end(), [&](const auto& c) { return c.name == name; });
  REQUIRE(it != charts.end());
  return *it;
}

std::vector<std::string> names(const std::vector<report::ChartFiles>& charts) {
  std::vector<std::string> out;
  for (const auto& c : charts) out.push_back(c.name);
  return out;
}

/// Compares every file of a chart with tests/unit/golden/<file>; FLOPCAST_UPDATE_GOLDEN=1
/// rewrites the golden files instead.
void check_golden(const report::ChartFiles& c) {
  const bool update = [] {
    const char* v = std::getenv("FLOPCAST_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
  }();
  for (const auto& [file, content] : c.files) {
    const std::string path = test::source_dir() + "/tests/unit/golden/" + file;
    INFO("golden file " << path << " (FLOPCAST_UPDATE_GOLDEN=1 rewrites it)");
    if (update) std::ofstream(path, std::ios::binary) << content;
    REQUIRE(fs::exists(path));
    CHECK(content == test::read_file(path));
  }
}


}  // namespace

TEST_CASE("run charts: serving_vs_demand data and script, golden", "[unit][report]") {
  const auto [s, r] = toy_serving();
  const auto charts = report::make_charts(s, r, "test");
  CHECK(names(charts) == std::vector<std::string>{"serving_vs_demand"});  // no chip_types: no capacity_by_chip
  check_golden(chart(charts, "serving_vs_demand"));
}

TEST_CASE("run charts: serving_vs_demand sums the modes on each pool against the pool", "[unit][report]") {
  const auto [s, r] = toy_serving();
  const auto charts = report::make_charts(s, r, "test");
  const std::string dat = chart(charts, "serving_vs_demand").files[0].second;
  // npu-pool: 9,000 + 8,000 + 1,000 (batch prefill) of 20,000 chips; it carries 6 + 4 + 0.5T tokens/day.
  CHECK(dat.find("\"npu-pool\"\t\"20,000 x npu\"\t\"10.5T tokens/day\"\t20000\t18000\t90.0\t\"18,000 chips = 90% of the pool\"\t"
                 "\"the pool serves all the demand\"\t9000\t8000\t1000\t0\n") != std::string::npos);
  // gpu-pool: 2,500 chips needed for 1,500 in the pool serves 60% of the demand; "big" does not fit.
  CHECK(dat.find("\"gpu-pool\"\t\"1,500 x gpu\"\t\"12.5T tokens/day\"\t1500\t2500\t166.7\t\"2,500 chips = 167% of the pool\"\t"
                 "\"does not fit: big (not counted)\"\t1200\t900\t400\t0\n") != std::string::npos);
}

TEST_CASE("run charts: no inference services, no serving_vs_demand", "[unit][report]") {
  auto [s, r] = toy_serving();
  s.inference.clear();
  r.inference.clear();
  CHECK(report::make_charts(s, r, "test").empty());
}

TEST_CASE("run charts: capacity_over_time and serving_over_time, golden", "[unit][report]") {
  const auto [s, r] = toy_projection();
  const auto charts = report::make_charts(s, r, "test");
  // serving_over_time only for the actor with a demand or serving chips.
  CHECK(names(charts) == std::vector<std::string>{"capacity_over_time_lab", "capacity_over_time_trainer_co", "serving_over_time_lab"});
  for (const auto& c : charts) check_golden(c);
}

TEST_CASE("run charts: the BF16 peak line leaves out chips without a BF16 figure and says so", "[unit][report]") {
  const auto [s, r] = toy_projection();
  const auto charts = report::make_charts(s, r, "test");
  const std::string lab = chart(charts, "capacity_over_time_lab").files[1].second;
  CHECK(lab.find("show_bf16           = 1") != std::string::npos);
  CHECK(lab.find("peak_bf16_title     = \"Peak BF16 dense (excl. npu)\"") != std::string::npos);
  // 2026-01: effective 1,000 x 0.3 + 500 x 0.4 PFLOP/s; BF16 peak 0.5 EFLOP/s; training-precision
  // peak 1,000 x 1 (FP8) + 500 x 2 (FP8) PFLOP/s.
  CHECK(chart(charts, "capacity_over_time_lab").files[0].second.find("2026-01\t0.3000\t0.2000\t0.5000\t2.0000\n") != std::string::npos);
  // An actor whose chips all lack a BF16 figure gets no BF16 line.
  auto [s2, r2] = toy_projection();
  s2.projection->actors[0].lines.pop_back();
  const auto only_npu = report::make_charts(s2, r2, "test");
  CHECK(chart(only_npu, "capacity_over_time_lab").files[1].second.find("show_bf16           = 0") != std::string::npos);
}

TEST_CASE("run charts: gnuplot renders serving_vs_demand, capacity_over_time and serving_over_time", "[unit][report]") {
  const std::string dir = test::fresh_temp_dir("run-charts-render");
  const auto [s, r] = toy_serving();
  for (const auto& c : report::make_charts(s, r, "test")) test::check_renders(c, dir);
  const auto [sp, rp] = toy_projection();
  for (const auto& c : report::make_charts(sp, rp, "test")) test::check_renders(c, dir);
}
