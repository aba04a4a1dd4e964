// Multi-stage training runs (stages:, eq. T15): each stage is a run of its own, and the run's
// total is their sum, the same numbers a user would get writing the stages as separate runs.
#include <catch2/catch.hpp>
#include <fstream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {

engine::Scenario load_text(const std::string& text) {
  const std::string path = test::fresh_temp_dir("stages") + "/s.yaml";
  std::ofstream(path) << text;
  auto r = scenario::load_scenario(path, test::builtin_catalog());
  INFO(text);
  REQUIRE(r.diagnostics.empty());
  return *r.scenario;
}

const std::string kHead = R"(name: stages
fleet:
  pools:
    - {name: h, chip: h100, count: 1024}
training:
)";

/// One run in two stages: a stated MFU for the first, the step model for the second.
const std::string kStaged = kHead + R"(  - name: pretrain
    model: llama-3.1-8b
    precision: bf16
    pools: [h]
    global_batch: "4M tokens"
    utilisation: 0.4
    stages:
      - {name: 8k, tokens: "2T tokens", sequence_length: 8192}
      - {name: 64k, tokens: "100B tokens", sequence_length: 65536, layout: {tp: 8, cp: 8, dp: 16}}
)";

/// The same stages written as two runs.
const std::string kSeparate = kHead + R"(  - {name: a, model: llama-3.1-8b, precision: bf16, pools: [h], utilisation: 0.4, tokens: "2T tokens", sequence_length: 8192}
  - {name: b, model: llama-3.1-8b, precision: bf16, pools: [h], global_batch: "4M tokens", tokens: "100B tokens", sequence_length: 65536,
     layout: {tp: 8, cp: 8, dp: 16}}
)";

double metric(const engine::Results& r, const std::string& path) {
  const auto v = engine::metric_value(r, path);
  INFO(path);
  REQUIRE(v);
  return *v;
}

}  // namespace

TEST_CASE("training: stages are runs of their own, and the run is their sum", "[unit][training]") {
  const auto staged = load_text(kStaged);
  const auto separate = load_text(kSeparate);
  REQUIRE(staged.training.size() == 3);
  CHECK(staged.training[0].name == "pretrain/8k");
  CHECK(staged.training[1].name == "pretrain/64k");
  CHECK(staged.training[2].name == "pretrain");
  CHECK(staged.training[2].is_total());
  CHECK(staged.training[0].utilisation == 0.4);          // inherited from the run
  CHECK_FALSE(staged.training[1].utilisation.has_value());  // the stage's layout picks the step model
  REQUIRE(staged.training[1].layout.has_value());
  CHECK(staged.training[1].layout->cp == 8);

  const auto rs = engine::evaluate(staged), rp = engine::evaluate(separate);
  // Each stage is the run a user would write for it...
  for (const char* f : {"time_days", "chip_hours", "energy_mwh", "cost_usd", "tokens_per_s_per_chip"}) {
    CHECK(metric(rs, std::string("training.pretrain/8k.") + f) == metric(rp, std::string("training.a.") + f));
    CHECK(metric(rs, std::string("training.pretrain/64k.") + f) == metric(rp, std::string("training.b.") + f));
  }
  // ... and the run adds them up (eq. T15).
  for (const char* f : {"time_days", "chip_hours", "energy_mwh", "cost_usd"}) {
    CHECK(metric(rs, std::string("training.pretrain.") + f) == Approx(metric(rp, std::string("training.a.") + f) + metric(rp, std::string("training.b.") + f)));
  }
  // Its rate lies between the stages' (a token-weighted mean over compute time).
  const double total_rate = metric(rs, "training.pretrain.tokens_per_s_per_chip");
  CHECK(total_rate < metric(rs, "training.pretrain/8k.tokens_per_s_per_chip"));
  CHECK(total_rate > metric(rs, "training.pretrain/64k.tokens_per_s_per_chip"));
  CHECK_FALSE(engine::metric_value(rs, "training.pretrain.mfu_bf16"));  // no one step for mixed stages
  REQUIRE(rs.training[2].stages.size() == 2);
  CHECK(rs.training[2].stages[1] == "pretrain/64k");
  CHECK(rs.training[0].group == "pretrain");
}

TEST_CASE("training: a stage that cannot run makes its run infeasible, saying which", "[unit][training]") {
  auto s = load_text(kStaged);
  s.training[1].layout->tp = 16;  // 16 x 8 x 16 = 2,048 chips on a pool of 1,024
  const auto r = engine::evaluate(s);
  CHECK(r.training[1].estimate.status != perf::EstimateStatus::ok);
  CHECK(r.training[2].estimate.status != perf::EstimateStatus::ok);
  CHECK(r.training[2].estimate.reason.rfind("stage pretrain/64k: ", 0) == 0);
  CHECK_FALSE(engine::metric_value(r, "training.pretrain.time_days"));
}

TEST_CASE("training: sweeps vary stages, never a run's total", "[unit][training]") {
  const auto s = load_text(kStaged);
  const auto paths = engine::parameter_paths(s);
  CHECK(std::find(paths.begin(), paths.end(), "training[pretrain/64k].tokens") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "training[pretrain].tokens") == paths.end());
  CHECK_FALSE(engine::resolve_parameter(s, "training[pretrain].tokens"));
  // A stage's tokens swept: the total follows, as it is summed at each evaluation.
  auto doubled = s;
  doubled.training[1].tokens *= 2;
  const auto r1 = engine::evaluate(s), r2 = engine::evaluate(doubled);
  CHECK(metric(r2, "training.pretrain.time_days") - metric(r1, "training.pretrain.time_days") ==
        Approx(metric(r1, "training.pretrain/64k.time_days")).epsilon(1e-3));
}

TEST_CASE("training: the answer and the tables give a staged run's total with its stages", "[unit][training][cli]") {
  const std::string dir = test::fresh_temp_dir("stages-run");
  const auto r = test::run_flopcast({"run", test::source_dir() + "/scenarios/llama3-405b-stages.yaml", "--no-charts", "-o", dir});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("sum of 2 stages"));
  const std::string json = test::read_file(dir + "/results.json");
  CHECK_THAT(json, Catch::Contains("llama3-405b on 16,384 × h100 takes"));
  CHECK_THAT(json, Catch::Contains("over its 2 stages (8k "));
  CHECK_THAT(json, Catch::Contains("\"stages\": ["));
  CHECK_THAT(json, Catch::Contains("\"group\": \"llama3-405b\""));
  const std::string csv = test::read_file(dir + "/training.csv");
  CHECK_THAT(csv, Catch::Contains(",llama3-405b,,"));  // a stage's group, then its step columns
  // The total: 2 stages, no step of its own, and the held-out error of its family (dense training).
  CHECK_THAT(csv, Catch::Contains(",,2" + std::string(14, ',') + "dense training,"));
}
