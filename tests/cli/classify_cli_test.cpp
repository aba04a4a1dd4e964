// flopcast classify, run as a user would: verdicts per chip and regime, formats, and bad input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/run_binary.hpp"

using namespace flopcast::test;
namespace fs = std::filesystem;

TEST_CASE("cli: classify --help explains the command with examples", "[cli][rules]") {
  const auto r = run_flopcast({"classify", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Examples:") != std::string::npos);
  CHECK(r.out.find("--destination") != std::string::npos);
  CHECK(run_flopcast({"--help"}).out.find("classify") != std::string::npos);
}

TEST_CASE("cli: classify shows each chip's metrics and the rule that decides under each regime", "[cli][rules]") {
  const auto r = run_flopcast({"classify", "--chips", "h20,h200", "--regime", "oct2023,jan2026-h200"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("Export-control verdicts for exports to CN (in D:1, D:4, D:5)\n", 0) == 0);
  // H20: TPP 296 x 8 = 2,368, PD 2,368 / 814 = 2.91, 4.00 TB/s, 2 x 450 = 900 GB/s.
  CHECK(r.out.find("h20    2,368   2.91      4.00       900  oct2023       allowed  -") != std::string::npos);
  // H200 in R8 tariff band 1: 25 % tariff, 50 % cap.
  CHECK(r.out.find("jan2026-h200  licence  R8.tariff-band-1  25%  50%") != std::string::npos);
}

TEST_CASE("cli: classify --format csv has one row per chip and regime with SI numbers", "[cli][rules]") {
  const auto r = run_flopcast({"classify", "--chips", "b200", "--regime", "jan2026-h200", "--format", "csv"});
  REQUIRE(r.exit_code == 0);
  // B200: 9,000 FP4 TFLOPS x 4 = 36,000; PD 36,000 / 1,600 = 22.5; 8 TB/s; 2 x 900 GB/s = 1.8 TB/s.
  CHECK(r.out ==
        "chip,regime,destination,tpp,performance_density,hbm_bandwidth_bytes_per_s,interconnect_bidirectional_bytes_per_s,outcome,rule,"
        "rule_defined_in,fee_share,volume_cap,approval_probability,metrics_used,unknown_metrics,source\n"
        "b200,jan2026-h200,CN,36000,22.5,8e+12,1.8e+12,denied,R8.blackwell,jan2026-h200,,,,,,"
        "[FR26] 91 FR 1684; [ECT] (Blackwell and Rubin stay presumption of denial)\n");
}

TEST_CASE("cli: classify --format json carries the rule, fee and source of each verdict", "[cli][rules]") {
  const auto r = run_flopcast({"classify", "--chips", "h20", "--regime", "aug2025-revenue-share", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"rule\": \"R6.revenue-share\"") != std::string::npos);
  CHECK(r.out.find("\"fee_share\": 0.15") != std::string::npos);
  CHECK(r.out.find("\"source\": \"[FT-AUG25]") != std::string::npos);
}

TEST_CASE("cli: classify treats Hong Kong as China and says when a destination is in no group", "[cli][rules]") {
  const auto hk = run_flopcast({"classify", "--chips", "h100", "--regime", "oct2023", "--destination", "hk"});
  REQUIRE(hk.exit_code == 0);
  CHECK(hk.out.find("exports to HK (treated as CN; in D:1, D:4, D:5)") != std::string::npos);
  CHECK(hk.out.find("denied") != std::string::npos);
  const auto br = run_flopcast({"classify", "--chips", "h100", "--regime", "jan2025-diffusion", "-d", "BR"});
  CHECK(br.out.find("R4.tier-2") != std::string::npos);
  CHECK(br.out.find("note: BR is in no destination group") != std::string::npos);
}

TEST_CASE("cli: classify with an unknown regime suggests the closest name and exits 2", "[cli][rules]") {
  const auto r = run_flopcast({"classify", "--regime", "oct2023,0ct2022"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("unknown regime '0ct2022'") != std::string::npos);
  CHECK(r.err.find("did you mean 'oct2022'") != std::string::npos);
}

TEST_CASE("cli: classify rejects an unknown chip, a bad destination and a bad format with exit 2", "[cli][rules]") {
  const auto chip = run_flopcast({"classify", "--chips", "h2O"});
  CHECK(chip.exit_code == 2);
  CHECK(chip.err.find("did you mean 'h20'") != std::string::npos);
  CHECK(run_flopcast({"classify", "--destination", "CHN"}).exit_code == 2);
  CHECK(run_flopcast({"classify", "--format", "xml"}).exit_code == 2);
}

TEST_CASE("cli: classify reports a broken regime file with its location, exit 2", "[cli][rules]") {
  const std::string dir = fresh_temp_dir("classify-regimes");
  fs::copy_file(source_dir() + "/scenarios/regimes/destinations.yaml", dir + "/destinations.yaml");
  std::ofstream(dir + "/bad.yaml") << "title: bad\nrules:\n  - id: x\n    when: {tpp: {\">=\": 4800}}\n"
                                      "    destinations: [CN]\n    outcome: banned\n    source: test\n";
  const auto r = run_flopcast({"classify", "--regimes", dir});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.yaml:6:14: error[invalid-value]: rules[0].outcome: unknown value \"banned\" for outcome") != std::string::npos);
  const auto missing = run_flopcast({"classify", "--regimes", dir + "/nowhere"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("error[file-not-found]") != std::string::npos);
}
