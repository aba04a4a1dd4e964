// The real flopcast binary: help, version, exit codes, files written (and not written).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/run_binary.hpp"

using namespace flopcast::test;
namespace fs = std::filesystem;

TEST_CASE("cli: --help teaches the commands and exit codes", "[cli]") {
  const auto r = run_flopcast({"--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("run SCENARIO") != std::string::npos);
  CHECK(r.out.find("Exit codes:") != std::string::npos);
  for (const char* cmd : {"run", "validate", "catalog", "schema"}) {
    const auto h = run_flopcast({cmd, "--help"});
    INFO(cmd);
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("Example") != std::string::npos);
  }
}

TEST_CASE("cli: --version prints the version", "[cli]") {
  const auto r = run_flopcast({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("flopcast ", 0) == 0);
}

TEST_CASE("cli: an unknown command suggests the closest one and exits 2", "[cli]") {
  const auto r = run_flopcast({"rnu"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean 'run'?") != std::string::npos);
}

TEST_CASE("cli: run writes results, tables and a rendered chart, and lists them", "[cli]") {
  const std::string out = fresh_temp_dir("run-ok") + "/out";
  const auto r = run_flopcast({"run", "scenarios/910c-vs-h100.yaml", "-o", out});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Capacity by chip type") != std::string::npos);
  for (const char* f : {"results.json", "pools.csv", "chip_types.csv", "training.csv", "inference.csv", "capacity_by_chip.dat",
                        "capacity_by_chip.gp", "capacity_by_chip.svg", "capacity_by_chip.png"}) {
    INFO(f);
    CHECK(fs::exists(fs::path(out) / f));
    CHECK(r.out.find(f) != std::string::npos);
  }
  // No staging directory is left behind.
  for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().filename().string().rfind(".flopcast-staging", 0) != 0);
}

TEST_CASE("cli: two runs of one scenario write byte-identical results", "[cli]") {
  const std::string dir = fresh_temp_dir("determinism");
  REQUIRE(run_flopcast({"run", "scenarios/deepseek-v3-h800.yaml", "-o", dir + "/a", "--no-charts"}).exit_code == 0);
  REQUIRE(run_flopcast({"run", "scenarios/deepseek-v3-h800.yaml", "-o", dir + "/b", "--no-charts"}).exit_code == 0);
  for (const char* f : {"results.json", "training.csv", "capacity_by_chip.dat", "capacity_by_chip.gp"}) {
    INFO(f);
    CHECK(read_file(dir + "/a/" + f) == read_file(dir + "/b/" + f));
  }
}

TEST_CASE("cli: bad input exits 2 and writes nothing", "[cli]") {
  const std::string out = fresh_temp_dir("run-bad") + "/out";
  const auto r = run_flopcast({"run", "tests/errors/unknown-key/pool-key-typo.yaml", "-o", out});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[unknown-key]") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli: an unwritable output directory is reported, exit 2", "[cli]") {
  const std::string dir = fresh_temp_dir("unwritable");
  const std::string blocker = dir + "/file";
  { std::ofstream(blocker) << "x"; }
  const auto r = run_flopcast({"run", "scenarios/deepseek-v3-h800.yaml", "-o", blocker + "/out"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[output-not-writable]") != std::string::npos);
}

TEST_CASE("cli: validate accepts the shipped scenarios", "[cli]") {
  const auto r = run_flopcast({"validate", "scenarios/910c-vs-h100.yaml", "scenarios/deepseek-v3-h800.yaml"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "scenarios/910c-vs-h100.yaml: ok\nscenarios/deepseek-v3-h800.yaml: ok\n");
}

TEST_CASE("cli: validate --parameters lists what a sweep can set, with the scenario's values", "[cli]") {
  const auto r = run_flopcast({"validate", "scenarios/china-2025-2027-regimes.yaml", "--parameters"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("  assumptions.pue = 1.3\n") != std::string::npos);
  CHECK(r.out.find("  production.sources[smic-n7].yield = 0.3\n") != std::string::npos);
  CHECK(r.out.find("  actors[china-aggregate].smuggled[h100].per_year = 140 k\n") != std::string::npos);
  CHECK(r.out.find("  regime = (a regime id") != std::string::npos);
  // Every path listed is one a sweep accepts: the uncertainty scenario's variables are among them.
  for (const char* path : {"production.inputs[ascend-packaging].scale", "supply[ascend-950pr].output_scale", "assumptions.licence_approval"}) {
    CHECK(r.out.find(std::string("  ") + path + " = ") != std::string::npos);
  }
}

TEST_CASE("cli: catalog lists chips and models as table, csv and json", "[cli]") {
  const auto table = run_flopcast({"catalog", "chips"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("ascend-910c") != std::string::npos);
  const auto csv = run_flopcast({"catalog", "chips", "--format", "csv"});
  CHECK(csv.out.rfind("id,display_name,vendor", 0) == 0);
  const auto json = run_flopcast({"catalog", "models", "--format", "json"});
  CHECK(json.out.find("\"id\": \"deepseek-v4-pro\"") != std::string::npos);
  const auto bad = run_flopcast({"catalog", "gpus"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("cli: --error-format json prints one object per diagnostic", "[cli]") {
  const auto r = run_flopcast({"--error-format", "json", "validate", "tests/errors/unknown-key/pool-key-typo.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("{\"file\": \"tests/errors/unknown-key/pool-key-typo.yaml\", \"line\": ", 0) == 0);
  CHECK(r.err.find("\"code\": \"unknown-key\"") != std::string::npos);
}

TEST_CASE("cli: a missing scenario file is reported as file-not-found, exit 2", "[cli]") {
  const auto r = run_flopcast({"validate", "scenarios/no-such-file.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "scenarios/no-such-file.yaml: error[file-not-found]: cannot open file\n"
                 "  hint: check the path; it is taken relative to the current directory\n");
}

TEST_CASE("cli: a directory given as a scenario is reported, exit 2", "[cli]") {
  const auto r = run_flopcast({"validate", "scenarios"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[file-not-found]") != std::string::npos);
}

TEST_CASE("cli: an oversized file is refused before parsing as too-large, exit 2", "[cli]") {
  // Generated here rather than committed: 5 MiB of comments, over the 4 MiB limit.
  const std::string path = fresh_temp_dir("too-large") + "/huge.yaml";
  {
    std::ofstream out(path);
    const std::string line(1023, '#');
    for (int i = 0; i < 5 * 1024; ++i) out << line << '\n';
  }
  const auto r = run_flopcast({"validate", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[too-large]") != std::string::npos);
}
