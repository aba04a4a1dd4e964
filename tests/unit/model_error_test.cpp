// The models' held-out error beside the answers: the catalog's table is what the validation
// cases give (generated, never hand-kept), the row quoted for a run is its family's on its
// chips' vendor (over all vendors when that vendor has too few cases), a run at a stated
// utilisation quotes none, and the gap sentence follows the two runs' errors.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../../sim/report/model_error.hpp"
#include "../../sim/report/prose.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/validation_report.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

catalog::HeldOutError row(const std::string& family, const std::string& vendor, int cases, double median) {
  return {family, vendor, cases, median, 2 * median, 3 * median};
}

report::ValidationRow case_row(const std::string& family, const std::string& vendor, double published, double predicted,
                               const std::string& quality = "full") {
  report::ValidationRow r;
  r.family = family;
  r.vendor = vendor;
  r.published = published;
  r.predicted = predicted;
  r.quality = quality;
  return r;
}

}  // namespace

TEST_CASE("model error: scenarios/catalog/model-error.yaml is what validate-cases generates", "[validation][report]") {
  // Regenerate with: ./build/bin/flopcast validate-cases tests/validation --format model-error > scenarios/catalog/model-error.yaml
  const auto r = test::run_flopcast({"validate-cases", "tests/validation", "--format", "model-error"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(test::read_file(test::source_dir() + "/scenarios/catalog/model-error.yaml") == r.out);
  // Every workload family has a row over all vendors, so every step-model answer can quote one.
  const auto& table = test::builtin_catalog().model_error();
  for (bool moe : {false, true}) {
    for (bool training : {false, true}) {
      const auto* all = table.find(catalog::workload_family(moe, training), "no such vendor");
      REQUIRE(all != nullptr);
      CHECK(all->vendor == catalog::kAllVendors);
      CHECK(all->cases >= catalog::kMinVendorCases);
    }
  }
}

TEST_CASE("model error: a vendor's own row is quoted from five cases, else the family's over all vendors", "[unit][report]") {
  catalog::ModelErrorTable t;
  t.rows = {row("MoE training", "all", 27, 0.17), row("MoE training", "NVIDIA", 21, 0.10), row("MoE training", "Huawei", 4, 0.30)};
  CHECK(t.find("MoE training", "NVIDIA")->median == 0.10);
  CHECK(t.find("MoE training", "Huawei")->vendor == "all");  // 4 < kMinVendorCases
  CHECK(t.find("MoE training", "AMD")->vendor == "all");     // no case at all
  CHECK(t.find("dense serving", "NVIDIA") == nullptr);       // no row for the family
}

TEST_CASE("model error: each group's median, nearest-rank 80th percentile and largest |error|; bands and kernels left out", "[unit][report]") {
  std::vector<report::ValidationRow> rows;
  // Held-out errors of +10, -20, +30, -40 and +50 % on NVIDIA, one of +5 % on Huawei.
  for (double e : {0.1, -0.2, 0.3, -0.4, 0.5}) rows.push_back(case_row("dense training", "NVIDIA", 100, 100 * (1 + e)));
  rows.push_back(case_row("dense training", "Huawei", 200, 210));
  rows.push_back(case_row("dense training", "NVIDIA", 100, 900, "band"));  // never fitted: not a held-out error
  rows.push_back(case_row("GEMM kernels", "NVIDIA", 100, 900));            // vouches for kernels, not runs
  const auto out = report::held_out_errors(rows);
  REQUIRE(out.size() == 3);  // dense training on Huawei, NVIDIA, all (sorted by vendor)
  const auto find = [&](const std::string& vendor) {
    return *std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.vendor == vendor; });
  };
  const auto nvidia = find("NVIDIA"), all = find("all"), huawei = find("Huawei");
  CHECK(nvidia.cases == 5);
  CHECK(nvidia.median == Approx(0.3));
  CHECK(nvidia.p80 == Approx(0.4));  // the 4th of 5 sorted: ceil(0.8 x 5) = 4
  CHECK(nvidia.max == Approx(0.5));
  CHECK(all.cases == 6);
  CHECK(all.median == Approx(0.25));  // 0.05, 0.1, 0.2 | 0.3, 0.4, 0.5
  CHECK(all.p80 == Approx(0.4));      // the 5th of 6
  CHECK(huawei.cases == 1);
  CHECK(huawei.median == Approx(0.05));
  // What the catalog reads back is what was summarised, to the three digits the file keeps.
  CHECK(contains(report::model_error_yaml(rows), "  - {family: dense training, vendor: NVIDIA, cases: 5, median: 0.3, p80: 0.4, max: 0.5}\n"));
}

TEST_CASE("model error: the flagship answer quotes its two runs' rows, in the answer, results.json and training.csv", "[cli][report]") {
  const auto& table = test::builtin_catalog().model_error();
  const auto* huawei = table.find("MoE training", "Huawei");
  const auto* nvidia = table.find("MoE training", "NVIDIA");
  REQUIRE(huawei != nullptr);
  REQUIRE(nvidia != nullptr);
  const std::string dir = test::fresh_temp_dir("model-error-outputs");
  const auto r = test::run_flopcast({"run", "scenarios/910c-vs-h100.yaml", "-o", dir, "--no-charts"});
  REQUIRE(r.exit_code == 0);
  // The line after the answer, with both rows' medians as the results give them.
  const auto accuracy = r.out.find("\nAccuracy: On published MoE training measurements held out of its fit");
  REQUIRE(accuracy != std::string::npos);
  CHECK(accuracy > r.out.find("Answer:   "));
  const std::string text = r.out.substr(accuracy, r.out.find("\n\n", accuracy) - accuracy);
  CHECK(contains(text, report::prose::percent(nvidia->median)));
  CHECK(contains(text, report::prose::percent(huawei->median)));
  const auto json = test::read_file(dir + "/results.json");
  CHECK(contains(json, "\"model_error\": \"On published MoE training measurements"));
  CHECK(contains(json, "\"model_error\": {\n        \"family\": \"MoE training\",\n        \"vendor\": \"" + nvidia->vendor + "\""));
  const auto csv = test::read_file(dir + "/training.csv");
  CHECK(contains(csv.substr(0, csv.find('\n')), ",model_error_family,model_error_vendor,model_error_cases,model_error_median,model_error_p80"));
  CHECK(contains(csv, ",MoE training," + nvidia->vendor + ","));
}

TEST_CASE("model error: a run at a stated utilisation quotes none (its speed is the user's assumption)", "[unit][report]") {
  const std::string text = R"(name: stated
fleet:
  pools:
    - {name: h, chip: h100, count: 1024}
training:
  - {name: t, model: llama-3.1-70b, tokens: "1T tokens", sequence_length: 8192, precision: bf16, utilisation: 0.4, pools: [h]}
)";
  const auto loaded = scenario::load_scenario_text(text, "stated.yaml", test::builtin_catalog());
  REQUIRE(loaded.scenario);
  const auto& s = *loaded.scenario;
  const auto results = engine::evaluate(s);
  CHECK(report::answer_question(s, results).model_error.empty());
  CHECK_FALSE(report::detail::training_error(s, results.training.front()).has_value());
}

TEST_CASE("model error: a scenario's own chip without a vendor is vouched for by the family over all chips, and says so", "[unit][report]") {
  const std::string text = R"(name: own-chip
chips:
  my-chip: {display_name: "My chip", dense_peak: {bf16: "1000 TFLOPS", fp8: "2000 TFLOPS"}, hbm_capacity: "96 GB", hbm_bandwidth: "4 TB/s"}
fleet:
  pools:
    - {name: m, chip: my-chip, count: 8}
inference:
  - {name: s, model: llama-3.1-70b, demand: "1T tokens/day", input_tokens: 1000, output_tokens: 1000, precision: fp8, pools: [m]}
)";
  const auto loaded = scenario::load_scenario_text(text, "own-chip.yaml", test::builtin_catalog());
  INFO((loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().message));
  REQUIRE(loaded.scenario);
  const auto& s = *loaded.scenario;
  const auto results = engine::evaluate(s);
  const auto e = report::detail::serving_error(s, results.inference.front());
  REQUIRE(e.has_value());
  REQUIRE(e->row != nullptr);
  CHECK(e->row->vendor == catalog::kAllVendors);
  CHECK(contains(report::answer_question(s, results).model_error, "on all chips (the chip names no vendor)"));
}

TEST_CASE("model error: the gap between two runs against their typical errors", "[unit][report]") {
  const auto nvidia = row("MoE training", "NVIDIA", 21, 0.10), huawei = row("MoE training", "Huawei", 6, 0.14);
  const report::detail::WorkloadError fast{"MoE training", "Huawei", &huawei}, slow{"MoE training", "NVIDIA", &nvidia};
  CHECK(contains(report::detail::gap_sentence(0.12, fast, slow), "does not settle which is faster"));  // within the larger median
  CHECK(contains(report::detail::gap_sentence(0.20, fast, slow), "likely, not certain"));              // within 0.14 + 0.10
  CHECK(contains(report::detail::gap_sentence(0.49, fast, slow), "wider than both runs' typical errors together"));
  const report::detail::WorkloadError unknown{"MoE training", "Cambricon", nullptr};
  CHECK(report::detail::gap_sentence(0.49, fast, unknown).empty());
  // A vendor quoted through the family's row whose own few cases are further off is read at its own.
  const auto all = row("MoE training", "all", 27, 0.17), few = row("MoE training", "Huawei", 3, 0.31);
  const report::detail::WorkloadError fallback{"MoE training", "Huawei", &all, &few};
  CHECK(fallback.typical() == Approx(0.31));
  CHECK(contains(report::detail::gap_sentence(0.40, fallback, slow), "likely, not certain"));  // 0.31 < 0.40 <= 0.31 + 0.10
}

TEST_CASE("model error: a malformed model-error.yaml is a located error", "[unit][scenario]") {
  const std::string dir = test::fresh_temp_dir("model-error-catalog");
  fs::copy(test::source_dir() + "/scenarios/catalog", dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::ofstream(dir + "/model-error.yaml") << "held_out_error:\n"
                                              "  - {family: MoE training, vendor: all, cases: 27, median: 0.3, p80: 0.2, max: 0.5}\n"
                                              "  - {family: MoE trainng, vendor: all, cases: 27, median: 0.1, p80: 0.2, max: 0.5}\n";
  const auto loaded = scenario::load_catalog_dir(dir);
  REQUIRE(loaded.diagnostics.size() == 2);
  CHECK(loaded.diagnostics[0].location.line == 2);
  CHECK_THAT(loaded.diagnostics[0].message, Catch::Contains("median, p80 and max must not decrease"));
  CHECK(loaded.diagnostics[1].location.line == 3);
  REQUIRE_FALSE(loaded.diagnostics[1].suggestions.empty());
  CHECK(loaded.diagnostics[1].suggestions.front() == "MoE training");  // the closest first
}
