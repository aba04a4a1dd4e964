// The generated answer: it follows the results (never a number written here), names the deciding
// factor consistently with the runs' figures, uses the scenario's answer: metrics, and carries a
// sweep's band; the summary, results.json and report.html all lead with it.
#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>

#include "../../sim/report/metric_display.hpp"
#include "../../sim/report/prose.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {

scenario::ScenarioLoad load(const std::string& file) {
  auto loaded = scenario::load_scenario(test::source_dir() + "/" + file, test::builtin_catalog(), &test::builtin_regimes());
  REQUIRE(loaded.scenario);
  return loaded;
}

scenario::ScenarioLoad load_text(const std::string& text) {
  auto loaded = scenario::load_scenario_text(text, "answer-test.yaml", test::builtin_catalog());
  INFO((loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().message));
  REQUIRE(loaded.scenario);
  return loaded;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("answer: two training runs, the faster named first with the ratio the results give", "[unit][report]") {
  const auto loaded = load("scenarios/910c-vs-h100.yaml");
  const auto& s = *loaded.scenario;
  const auto r = engine::evaluate(s);
  const auto a = report::answer_question(s, r);
  REQUIRE(a.sentences.size() >= 2);
  CHECK(a.sentences.size() <= 3);
  CHECK(a.basis == "training runs");
  // Which run is faster, and by how much, from the results themselves.
  const auto& x = r.training[0];
  const auto& y = r.training[1];
  const bool x_first = x.estimate.time_s < y.estimate.time_s;
  const auto& fast = x_first ? x : y;
  const auto& slow = x_first ? y : x;
  const std::string fast_chips = x_first ? "20,000 × ascend-910c" : "12,000 × h100";
  const std::string slow_chips = x_first ? "12,000 × h100" : "20,000 × ascend-910c";
  CHECK(a.sentences[0].rfind("The " + fast_chips + " run finishes in " + report::prose::sig(fast.estimate.time_s / 86400) + " days, " +
                                 report::prose::percent(1 - fast.estimate.time_s / slow.estimate.time_s) + " sooner than the " + slow_chips + " run",
                             0) == 0);
  CHECK(a.compared == std::vector<std::string>{"training." + fast.name + ".time_days", "training." + slow.name + ".time_days"});
  // The deciding factor favours the faster run.
  REQUIRE(!a.deciding_factor.empty());
  CHECK(contains(a.sentences[1], report::detail::capitalised(a.deciding_factor) + " decides: "));
  if (a.deciding_factor == "utilisation") CHECK(fast.step->mfu_bf16 > slow.step->mfu_bf16);
  if (a.deciding_factor == "goodput") CHECK(fast.goodput.fraction > slow.goodput.fraction);
  if (a.deciding_factor == "peak") CHECK(fast.estimate.achieved_flop_per_s / fast.step->mfu_bf16 > slow.estimate.achieved_flop_per_s / slow.step->mfu_bf16);
}

TEST_CASE("answer: a scenario's answer: compare names the metrics, and a misspelt one is bad input", "[unit][report]") {
  std::string text = test::read_file(test::source_dir() + "/scenarios/910c-vs-h100.yaml");
  const std::string question = "question: \"20,000 Ascend 910C vs 12,000 H100: same aggregate training throughput?\"\n";
  REQUIRE(text.find(question) != std::string::npos);
  const std::string with_answer = question + "answer:\n  compare: [training.deepseek-v3-on-910c.cost_usd, training.deepseek-v3-on-h100.cost_usd]\n";
  text.replace(text.find(question), question.size(), with_answer);
  const auto loaded = load_text(text);
  const auto r = engine::evaluate(*loaded.scenario);
  const auto a = report::answer_question(*loaded.scenario, r);
  CHECK(a.basis == "answer.compare");
  CHECK(a.compared == loaded.scenario->answer.compare);
  const double c910 = *engine::metric_value(r, "training.deepseek-v3-on-910c.cost_usd");
  const double ch100 = *engine::metric_value(r, "training.deepseek-v3-on-h100.cost_usd");
  CHECK(a.sentences[0].rfind("Training cost ($M): deepseek-v3-on-910c " + report::prose::sig(c910 / 1e6) + " and deepseek-v3-on-h100 " +
                                 report::prose::sig(ch100 / 1e6) + "; ",
                             0) == 0);
  CHECK(contains(a.sentences[0], c910 < ch100 ? "deepseek-v3-on-910c is " : "deepseek-v3-on-h100 is "));

  std::string typo = text;
  typo.replace(typo.find("h100.cost_usd"), 13, "h100.cost_usdd");
  const auto bad = scenario::load_scenario_text(typo, "answer-test.yaml", test::builtin_catalog());
  REQUIRE(!bad.scenario);
  CHECK(bad.diagnostics.front().code == core::ErrorCode::unknown_reference);
  CHECK(bad.diagnostics.front().path == "answer.compare[1]");
  const auto line = 1 + std::count(typo.begin(), typo.begin() + static_cast<long>(typo.find("training.deepseek-v3-on-h100.cost_usdd")), '\n');
  CHECK(bad.diagnostics.front().location.line == line);
}

TEST_CASE("answer: a sweep adds the band of the compared metrics at the base grid point", "[unit][report][sweep]") {
  auto loaded = load("scenarios/910c-vs-h100-uncertainty.yaml");
  loaded.sweep.samples = 64;  // enough for a band, quick
  const auto& s = *loaded.scenario;
  const auto r = engine::evaluate(s);
  const auto swept = sweep::run_sweep(s, loaded.sweep, {});
  const auto a = report::answer_question(s, r, &swept);
  REQUIRE(a.sentences.size() == 3);
  CHECK(a.sentences.back().rfind("Over 64 samples of the uncertain inputs (P5–P95): ", 0) == 0);
  CHECK(contains(a.sentences.back(), " at fleet.pools[nvidia-h100].count = 12,000"));  // the scenario's own fleet size
  CHECK((contains(a.sentences.back(), "the bands do not overlap") || contains(a.sentences.back(), "the bands overlap")));
}

TEST_CASE("answer: serving says the chips each service takes as a share of each pool", "[unit][report]") {
  const auto loaded = load("scenarios/v4-on-950pr.yaml");
  const auto r = engine::evaluate(*loaded.scenario);
  const auto a = report::answer_question(*loaded.scenario, r);
  CHECK(a.basis == "serving");
  double needed = 0, available = 0;
  for (const auto& i : r.inference) {
    if (i.chip_id != "h20") continue;
    needed += i.chips_needed;
    available = i.chips_available;
  }
  CHECK(contains(a.sentences[0], report::prose::grouped(needed) + " × h20 (" + report::prose::percent(needed / available) + " of the "));
}

TEST_CASE("answer: a fleet projection gives the end state, the compute delivered and a yardstick", "[unit][report][fleet]") {
  const auto loaded = load("scenarios/china-2025-2027-regimes.yaml");
  const auto r = engine::evaluate(*loaded.scenario);
  const auto a = report::answer_question(*loaded.scenario, r);
  CHECK(a.basis == "fleet projection");
  const auto& last = r.projection.back();
  CHECK(a.sentences[0].rfind("By " + last.period.str() + " " + last.actor + " has " + report::prose::count(last.installed_chips) + " chips installed", 0) == 0);
  CHECK(contains(a.sentences[1], report::prose::flop_total(last.cumulative_training_flops)));
  CHECK(contains(a.sentences[1], "DeepSeek-V3 pre-training runs"));
  // The yardstick is the engine's own count of a DeepSeek-V3 run: 14.8T tokens x training FLOPs per token.
  const double run = report::prose::yardstick_flops(*loaded.scenario);
  CHECK(run > 0);
  CHECK(report::prose::everyday_flops(*loaded.scenario, 3 * run) == "≈ 3 DeepSeek-V3 pre-training runs");
}

TEST_CASE("answer: several buyers of one supply say how much of their orders each received", "[unit][report][fleet]") {
  const auto loaded = load("scenarios/hyperscaler-950pr-orders.yaml");
  const auto r = engine::evaluate(*loaded.scenario);
  const auto a = report::answer_question(*loaded.scenario, r);
  double wanted = 0, delivered = 0;
  for (const auto& p : r.projection) {
    if (p.actor != "bytedance") continue;
    for (const auto& c : p.chips) wanted += c.wanted, delivered += c.delivered;
  }
  CHECK(contains(a.sentences[0], "bytedance " + report::prose::count(delivered) + " of " + report::prose::count(wanted)));
}

TEST_CASE("answer: kernels timed alone give each one's time, rate and bandwidth from the results", "[unit][report]") {
  const auto loaded = load("tests/validation/flashmla-h800-decode.yaml");
  const auto& s = *loaded.scenario;
  const auto r = engine::evaluate(s);
  REQUIRE(r.kernels.size() == 2);
  const auto a = report::answer_question(s, r);
  CHECK(a.basis == "kernels");
  REQUIRE(a.sentences.size() == 1);
  const auto& text = a.sentences.front();
  for (const auto& k : r.kernels) {
    INFO(text);
    CHECK(contains(text, k.name + " on " + k.chip + " takes "));
    CHECK(contains(text, report::prose::percent(k.hbm_share) + " of the HBM bandwidth"));
    CHECK(contains(text, report::prose::percent(k.peak_share) + " of the dense peak"));
  }
  CHECK(a.compared == std::vector<std::string>{"kernel.flashmla-memory.seconds", "kernel.flashmla-compute.seconds"});
  // Beyond three kernels the rest are counted, not named.
  const auto many = load("tests/validation/deepgemm-h800.yaml");
  const auto rm = engine::evaluate(*many.scenario);
  const auto am = report::answer_question(*many.scenario, rm);
  CHECK(am.compared.size() == 3);
  CHECK(contains(am.sentences.front(), std::to_string(rm.kernels.size() - 3) + " more in the Kernels table"));
}

TEST_CASE("answer: prose numbers read as numbers", "[unit][report]") {
  using namespace report::prose;
  CHECK(sig(5.384) == "5.38");
  CHECK(sig(70.0) == "70");
  CHECK(sig(0.99999) == "1");
  CHECK(sig(1234567) == "1,230,000");
  CHECK(sig(0.01234) == "0.0123");
  CHECK(count(287500) == "287,500");
  CHECK(count(3732500) == "3.73 million");
  CHECK(flop_rate(5.384e18) == "5.38 EFLOP/s");
  CHECK(flop_rate(2.16e21) == "2,160 EFLOP/s");
  CHECK(flop_total(6.7e28) == "6.7×10²⁸ FLOP");
  CHECK(percent(0.455, 1) == "45.5 %");
  CHECK(times(1.94) == "1.9×");
}

TEST_CASE("answer: the summary, results.json and report.html lead with it", "[cli][report]") {
  const std::string dir = test::fresh_temp_dir("answer-outputs");
  const auto r = test::run_flopcast({"run", "scenarios/910c-vs-h100.yaml", "-o", dir, "--no-charts", "--report"});
  REQUIRE(r.exit_code == 0);
  const auto question = r.out.find("Question: ");
  const auto answer = r.out.find("Answer:   The ");
  CHECK(question != std::string::npos);
  CHECK(answer == r.out.find('\n', question) + 1);  // the line after the question
  const auto json = test::read_file(dir + "/results.json");
  CHECK(json.find("\"answer\": {\n    \"text\": \"The ") < json.find("\"assumptions\""));
  CHECK(contains(json, "\"deciding_factor\": "));
  const auto html = test::read_file(dir + "/report.html");
  CHECK(html.find("<p class=\"answer\"><strong>Answer:</strong> The ") < html.find("<h2>"));
}

TEST_CASE("answer: when work decides, the smaller run has that share less to compute (never above 100 %)", "[unit][report]") {
  // Two runs at one stated MFU on one pool: 1T tokens against 5T of the same model. The first has
  // 80 % less to compute (1 - 1/5), not "400 % less" (the ratio the other way round).
  const auto loaded = load_text(R"(name: work
fleet:
  pools:
    - {name: h, chip: h100, count: 64}
training:
  - {name: small, model: llama-3.1-8b, tokens: "1T tokens", sequence_length: 8192, precision: bf16, utilisation: "40%", pools: [h]}
  - {name: large, model: llama-3.1-8b, tokens: "5T tokens", sequence_length: 8192, precision: bf16, utilisation: "40%", pools: [h]}
)");
  const auto& s = *loaded.scenario;
  const auto a = report::answer_question(s, engine::evaluate(s));
  REQUIRE(a.deciding_factor == "work");
  CHECK(contains(a.text(), "has 80 % less to compute"));
}
