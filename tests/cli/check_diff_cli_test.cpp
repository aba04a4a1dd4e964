// flopcast check and flopcast diff through the real binary.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/run_binary.hpp"

using namespace flopcast::test;

namespace {
std::string write_variant(const std::string& name, const std::string& from, const std::string& to) {
  std::string text = read_file(source_dir() + "/scenarios/910c-vs-h100.yaml");
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const std::string path = fresh_temp_dir(name) + "/variant.yaml";
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("cli: check passes when every expectation holds and writes JUnit", "[cli][report]") {
  const std::string junit = fresh_temp_dir("junit") + "/check.xml";
  const auto r = run_flopcast({"check", "scenarios/910c-vs-h100.yaml", "--junit", junit});
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("PASS training.deepseek-v3-on-h100.time_days = ", 0) == 0);
  const auto xml = read_file(junit);
  CHECK(xml.find("<testsuites name=\"flopcast check\" tests=\"2\" failures=\"0\">") != std::string::npos);
}

TEST_CASE("cli: check exits 1 and names the failing expectation", "[cli][report]") {
  // Three weeks -> two days: the H100 run (more than two days) now fails.
  const auto path = write_variant("check-fail", "    below: 21\n  - name: \"the 910C", "    below: 2\n  - name: \"the 910C");
  const std::string junit = fresh_temp_dir("junit-fail") + "/check.xml";
  const auto r = run_flopcast({"check", path, "--junit", junit});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("FAIL training.deepseek-v3-on-h100.time_days = ") != std::string::npos);
  CHECK(r.out.find(", not < 2") != std::string::npos);
  CHECK(read_file(junit).find("<failure message=\"training.deepseek-v3-on-h100.time_days = ") != std::string::npos);
}

TEST_CASE("cli: diff shows what a scenario change moved, and exits 1", "[cli][report]") {
  const auto path = write_variant("diff", "count: 12000", "count: 14000");
  const auto r = run_flopcast({"diff", "scenarios/910c-vs-h100.yaml", path});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("fleet.chips") != std::string::npos);
  CHECK(r.out.find("+6.25 %") != std::string::npos);  // 32,000 -> 34,000 chips
  const auto same = run_flopcast({"diff", "scenarios/910c-vs-h100.yaml", "scenarios/910c-vs-h100.yaml"});
  CHECK(same.exit_code == 0);
  CHECK(same.out.rfind("no differences", 0) == 0);
}

TEST_CASE("cli: compare runs a fleet projection under several regimes", "[cli][fleet]") {
  const auto r = run_flopcast({"compare", "scenarios/china-2025-2027-regimes.yaml", "--regimes", "none,timeline"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("none EFLOP/s") != std::string::npos);
  CHECK(r.out.find("timeline vs none") != std::string::npos);
  CHECK(r.out.find("2027-10  china-aggregate") != std::string::npos);
  const auto bad = run_flopcast({"compare", "scenarios/china-2025-2027-regimes.yaml", "--regimes", "oct2032"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("did you mean 'oct2022' or 'oct2023'?") != std::string::npos);
  CHECK(bad.err.find("known regimes: timeline, none,") != std::string::npos);
  // The issue's own spelling of the January 2026 rule: pointed at its id.
  const auto short_form = run_flopcast({"compare", "scenarios/china-2025-2027-regimes.yaml", "--regimes", "none,jan2026"});
  CHECK(short_form.exit_code == 2);
  CHECK(short_form.err.find("did you mean 'jan2026-h200'?") != std::string::npos);
}

TEST_CASE("cli: compare -o writes the table and the regime-comparison chart data", "[cli][fleet]") {
  const std::string dir = fresh_temp_dir("compare");
  const auto r = run_flopcast({"compare", "scenarios/china-2025-2027-regimes.yaml", "--regimes", "none,oct2023", "-o", dir});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::ifstream dat(dir + "/regime_comparison.dat");
  REQUIRE(dat);
  std::string header, period;
  std::getline(dat, header);
  CHECK(header == "period\tnone\toct2023");
  double none = 0, oct2023 = 0;
  dat >> period >> none >> oct2023;
  CHECK(period == "2025-01");
  // Both regimes start from the same installed base; the stricter one can only take away.
  CHECK(oct2023 > 0);
  CHECK(oct2023 <= none);
  CHECK(std::ifstream(dir + "/regime_comparison.gp").good());
  CHECK(std::ifstream(dir + "/compare.csv").good());
}

TEST_CASE("cli: compare --no-charts writes the chart's data and script but renders nothing", "[cli][fleet]") {
  const std::string dir = fresh_temp_dir("compare-no-charts");
  // A gnuplot that does not exist: --no-charts must not need it.
  const auto r = run_flopcast({"compare", "scenarios/china-2025-2027-regimes.yaml", "--regimes", "none,timeline", "-o", dir, "--no-charts",
                               "--gnuplot", "/nonexistent/gnuplot"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(std::ifstream(dir + "/regime_comparison.dat").good());
  CHECK(std::ifstream(dir + "/regime_comparison.gp").good());
  CHECK(std::ifstream(dir + "/compare.csv").good());
  CHECK_FALSE(std::ifstream(dir + "/regime_comparison.svg").good());
  CHECK_FALSE(std::ifstream(dir + "/regime_comparison.png").good());
}

TEST_CASE("cli: run on a fleet projection says what one chip counts for and where serving goes", "[cli][fleet]") {
  const auto r = run_flopcast({"run", "scenarios/china-2025-2027-regimes.yaml", "-o", fresh_temp_dir("china-run"), "--no-charts"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Fleet over time") != std::string::npos);
  CHECK(r.out.find("What one chip counts for (training: llama-3.1-405b, best layout; serving: deepseek-v3 fast 60% + expert 30% + vision "
                   "10%, 8-bit)") != std::string::npos);
  CHECK(r.out.find("tokens/s per training TFLOP/s") != std::string::npos);
  CHECK(r.out.find("serve_on: best-suited") != std::string::npos);
}

TEST_CASE("cli: check reads a month inside a projection period and suggests a misspelt metric", "[cli][report][fleet]") {
  // The issue's own example: "served tokens/day >= 140e12 at 2026-03" on a quarterly timeline.
  const std::string scenario = read_file(source_dir() + "/scenarios/china-2025-2027-regimes.yaml");
  const std::string path = fresh_temp_dir("check-month") + "/china.yaml";
  std::ofstream(path) << scenario << "\nexpect:\n"
                                     "  - metric: projection.china-aggregate.served_tokens_per_day@2026-03\n"
                                     "    at_least: 1e12\n";
  const auto r = run_flopcast({"check", path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("PASS projection.china-aggregate.served_tokens_per_day@2026-03 (the period from 2026-01) = ") != std::string::npos);
  // A misspelt field is bad input (exit 2), found before anything runs, with the close name.
  const std::string typo = fresh_temp_dir("check-month-typo") + "/china.yaml";
  std::ofstream(typo) << scenario << "\nexpect:\n"
                                     "  - metric: projection.china-aggregate.served_tokens_per_dya@2026-04\n"
                                     "    at_least: 1e12\n";
  const auto bad = run_flopcast({"check", typo});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("did you mean 'projection.china-aggregate.served_tokens_per_day@2026-04'") != std::string::npos);
}

TEST_CASE("cli: a misspelt metric in expect: is bad input for check and validate, located", "[cli][report]") {
  const auto path = write_variant("check-typo", "metric: training.deepseek-v3-on-h100.time_days", "metric: training.deepseek-v3-on-h100.time_day");
  const std::string out = fresh_temp_dir("typo-out") + "/run";
  for (const std::vector<std::string>& command : {std::vector<std::string>{"check", path}, {"validate", path}, {"run", path, "-o", out}}) {
    const auto r = run_flopcast(command);
    INFO(command.front() << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("error[unknown-reference]: expect[0].metric: no metric named 'training.deepseek-v3-on-h100.time_day'") != std::string::npos);
    CHECK(r.err.find("did you mean 'training.deepseek-v3-on-h100.time_days'") != std::string::npos);
  }
  CHECK(!std::filesystem::exists(out));  // bad input: nothing written
}

TEST_CASE("cli: a percentile the sweep does not report is bad input", "[cli][report]") {
  std::string text = read_file(source_dir() + "/scenarios/910c-vs-h100-uncertainty.yaml");
  const auto at = text.find("percentile: 95");
  REQUIRE(at != std::string::npos);
  text.replace(at, 14, "percentile: 90");
  const std::string path = fresh_temp_dir("pct") + "/variant.yaml";
  std::ofstream(path) << text;
  const auto r = run_flopcast({"validate", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("the condition is on P90, which the sweep does not report") != std::string::npos);
}

TEST_CASE("cli: a percentile check names the grid point that decides it", "[cli][report]") {
  // Fewer samples keep the test quick; the grid (three H100 fleet sizes) is the scenario's own.
  std::string text = read_file(source_dir() + "/scenarios/910c-vs-h100-uncertainty.yaml");
  const auto at = text.find("samples: 20000");
  REQUIRE(at != std::string::npos);
  text.replace(at, 14, "samples: 200");
  const std::string path = fresh_temp_dir("pct-point") + "/variant.yaml";
  std::ofstream(path) << text;
  const auto r = run_flopcast({"check", path});
  INFO(r.err);
  CHECK((r.exit_code == 0 || r.exit_code == 1));
  CHECK(r.out.find(" at fleet.pools[nvidia-h100].count = ") != std::string::npos);
  CHECK(r.out.find("(the worst of 3 grid points)") != std::string::npos);
}

TEST_CASE("cli: diff keys projection rows by actor and period, so a shifted timeline matches period by period", "[cli][report][fleet]") {
  const std::string base = source_dir() + "/scenarios/china-2025-2027-regimes.yaml";
  std::string text = read_file(base);
  const std::string from = "timeline: {start: 2025-01,";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "timeline: {start: 2025-04,");
  const std::string shifted = fresh_temp_dir("diff-shift") + "/shifted.yaml";
  std::ofstream(shifted) << text;
  const auto r = run_flopcast({"diff", base, shifted});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("projection[0]") == std::string::npos);  // never a position
  CHECK(r.out.find("projection[1]") == std::string::npos);
  // The quarter only the base timeline has is named by its actor and period, on one side only.
  CHECK(r.out.find("projection[china-aggregate@2025-01].installed_chips") != std::string::npos);
  CHECK(r.out.find("only in A") != std::string::npos);
}
