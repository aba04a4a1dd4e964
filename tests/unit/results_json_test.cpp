// results.json: deterministic, units in key names, assumptions echoed with who set them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

TEST_CASE("report: results.json is byte-identical across evaluations and echoes assumptions", "[unit][report]") {
  const auto cat = scenario::load_catalog_dir(test::source_dir() + "/scenarios/catalog");
  REQUIRE(cat.diagnostics.empty());
  const auto loaded = scenario::load_scenario(test::source_dir() + "/scenarios/910c-vs-h100.yaml", cat.catalog);
  REQUIRE(loaded.scenario);
  const auto a = report::results_json(*loaded.scenario, engine::evaluate(*loaded.scenario), "test");
  const auto b = report::results_json(*loaded.scenario, engine::evaluate(*loaded.scenario), "test");
  CHECK(a == b);
  // 20,000 x 752 TFLOPS = 1.504e19 FLOP/s of BF16 peak, written in shortest round-trip form.
  CHECK(a.find("\"bf16\": 1.504e+19") != std::string::npos);
  CHECK(a.find("\"effective_utilisation\": {\n      \"value\": 0.35,\n      \"set_by\": \"scenario\"") != std::string::npos);
  CHECK(a.find("\"training_utilisation\": {\n      \"value\": 0.4,\n      \"set_by\": \"default\"") != std::string::npos);
}

TEST_CASE("report: compare.csv quotes names and keeps every digit of its numbers", "[unit][report]") {
  engine::Results none, oct;
  fleet::ActorPeriod p;
  p.period = core::YearMonth{2026, 1};
  p.actor = "lab \"A\", Beijing";  // a comma and quotes: RFC 4180 quoting
  p.installed_chips = 1234.5;
  p.effective_flop_per_s = 1.2345678901234567e18;  // integral: written exactly, as in every CSV and results.json
  p.cumulative_training_flops = 3e-7;               // ... and in plain digits, never an exponent
  none.projection = {p};
  p.installed_chips = 1000;
  oct.projection = {p};
  const auto csv = report::compare_csv({"none", "oct2023"}, {none, oct});
  CHECK(csv ==
        "period,actor,regime,installed_chips,effective_flop_per_s,h100e_by_throughput,cumulative_training_flops,served_tokens_per_day\n"
        "2026-01,\"lab \"\"A\"\", Beijing\",none,1234.5,1234567890123456768,0,0.0000003,0\n"
        "2026-01,\"lab \"\"A\"\", Beijing\",oct2023,1000,1234567890123456768,0,0.0000003,0\n");
}

TEST_CASE("report: flopcast diff names each serving row by service, pool and role", "[unit][report]") {
  // Two pools of one chip, a service disaggregated across them: name@chip alone would collide.
  const std::string path = test::fresh_temp_dir("diff-rows") + "/results.json";
  std::ofstream(path) << R"({"inference": [
    {"name": "svc", "chip": "h100", "pool": "a", "role": "prefill", "chips_needed": 10},
    {"name": "svc", "chip": "h100", "pool": "b", "role": "decode", "chips_needed": 30},
    {"name": "chat", "chip": "h100", "pool": "a", "role": "prefill+decode", "chips_needed": 5}]})";
  const auto n = scenario::load_results_numbers(path);
  REQUIRE(n.diagnostics.empty());
  using Row = std::pair<std::string, double>;
  CHECK(n.numbers == std::vector<Row>{{"inference[svc@a/prefill].chips_needed", 10}, {"inference[svc@b/decode].chips_needed", 30},
                                      {"inference[chat@a].chips_needed", 5}});
}

TEST_CASE("report: every CSV of a run writes its numbers in one format, plain digits", "[unit][report]") {
  const std::string dir = test::fresh_temp_dir("csv-format");
  const auto r = test::run_flopcast({"run", "scenarios/china-2025-2027-regimes.yaml", "-o", dir, "--no-charts", "-q"});
  REQUIRE(r.exit_code == 0);
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".csv") continue;
    ++files;
    const auto text = test::read_file(e.path().string());
    INFO(e.path().filename().string());
    CHECK(text.find("e+") == std::string::npos);
    CHECK(text.find("e-0") == std::string::npos);
  }
  CHECK(files >= 4);
}

TEST_CASE("report: a plausibility warning reaches the terminal and results.json, naming the term", "[unit][report]") {
  // Llama 3.1 70B on 8 H100 with every weight, gradient and optimizer state on each chip and no
  // recomputation: the stated layout is far above 80 GB, which the step model flags (eq. T11)
  // rather than refusing a layout the user says ran.
  const std::string dir = test::fresh_temp_dir("warnings");
  const std::string file = dir + "/overfull.yaml";
  std::ofstream(file) << R"(name: overfull
fleet:
  pools:
    - {name: h, chip: h100, count: 8}
training:
  - name: too-big
    model: llama-3.1-70b
    tokens: "1T tokens"
    sequence_length: 8192
    global_batch: "65536 tokens"
    precision: bf16
    pools: [h]
    layout: {tp: 1, pp: 1, dp: 8, micro_batch: 1, zero_stage: 0, recompute: none}
)";
  const auto r = test::run_flopcast({"run", file, "-o", dir + "/out", "--no-charts"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Warnings (plausibility guards") &&
                        Catch::Contains("training too-big: the memory model puts this stated layout at") &&
                        Catch::Contains("above the 80 GB of HBM"));
  const auto json = test::read_file(dir + "/out/results.json");
  CHECK_THAT(json, Catch::Contains("\"warnings\": [\n    {\n      \"kind\": \"training\",\n      \"subject\": \"too-big\""));
  // `check` passes its conditions but says what the guard doubts, on stderr, exit code unchanged.
  const auto checked = test::run_flopcast({"check", file});
  CHECK(checked.exit_code == 0);
  CHECK_THAT(checked.err, Catch::Contains("overfull.yaml: warning: training too-big: the memory model puts this stated layout at"));
  // A run without a warning has an empty array, so readers need not test for the key.
  const auto clean = test::run_flopcast({"run", "scenarios/910c-vs-h100.yaml", "-o", dir + "/clean", "--no-charts", "-q"});
  REQUIRE(clean.exit_code == 0);
  CHECK_THAT(test::read_file(dir + "/clean/results.json"), Catch::Contains("\"warnings\": []"));
}

TEST_CASE("report: serving rows that prefill and decode say how their prompts were scheduled", "[unit][report]") {
  // The same MoE service on one pool scheduled whole (eq. I14) and on disaggregated pools: the
  // co-located row names its scheduling, the prefill and decode rows have no such key.
  const std::string dir = test::fresh_temp_dir("scheduling");
  const std::string file = dir + "/scheduling.yaml";
  std::ofstream(file) << R"(name: scheduling
fleet:
  pools:
    - {name: h, chip: h200, count: 8}
inference:
  - {name: together, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 1024, output_tokens: 2048, precision: fp8,
     replica_chips: 8, attention_parallelism: data, prefill_scheduling: whole, pools: [h]}
  - {name: apart, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 1024, output_tokens: 2048, precision: fp8,
     replica_chips: 8, prefill_pools: [h], decode_pools: [h]}
)";
  const auto r = test::run_flopcast({"run", file, "-o", dir + "/out", "--no-charts", "-q"});
  REQUIRE(r.exit_code == 0);
  const auto json = test::read_file(dir + "/out/results.json");
  CHECK_THAT(json, Catch::Contains("\"precision\": \"fp8\",\n      \"prefill_scheduling\": \"whole\""));
  std::size_t count = 0;
  for (auto at = json.find("\"prefill_scheduling\""); at != std::string::npos; at = json.find("\"prefill_scheduling\"", at + 1)) ++count;
  CHECK(count == 1);
}
