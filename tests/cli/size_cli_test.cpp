// flopcast size through the real binary: answers written, infeasible targets exit 1 with the
// reason, a target on a metric that does not exist exits 2 with nothing written; each answer
// says how far the model behind its targets is off.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support/run_binary.hpp"

using namespace flopcast::test;
namespace fs = std::filesystem;

TEST_CASE("cli: size answers from the command line and writes the answers and the sized run", "[cli][size]") {
  const std::string dir = fresh_temp_dir("size-cli") + "/o";
  const auto r = run_flopcast({"size", "scenarios/v4-sizing.yaml", "-o", dir, "--vary", "fleet.pools[h200].count", "--target",
                               "inference.flash@{pool}.served_tokens_per_day>=10e12", "--step", "64", "--no-charts", "-q"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("fleet.pools[h200].count") != std::string::npos);
  CHECK(r.out.find("inference.flash@h200.served_tokens_per_day >= 1e+13") != std::string::npos);  // the binding constraint
  for (const char* f : {"size.csv", "size_targets.csv", "size_probes.csv", "size.json", "size_1_target_1.gp", "results.json", "inference.csv"}) {
    INFO(f);
    CHECK(fs::exists(dir + "/" + f));
  }
  CHECK(read_file(dir + "/size.csv").find("fleet.pools[h200].count,met,") != std::string::npos);
  // How far the count may be off: the serving model's held-out error on MoE serving on NVIDIA chips.
  CHECK(r.out.find("  accuracy: On published MoE serving measurements held out of its fit") != std::string::npos);
  CHECK(read_file(dir + "/size.json").find("\"model_error\": \"On published MoE serving measurements") != std::string::npos);
}

TEST_CASE("cli: size beyond the supply is an explicit infeasible answer with exit 1", "[cli][size]") {
  const std::string dir = fresh_temp_dir("size-infeasible") + "/o";
  const auto r = run_flopcast({"size", "scenarios/v4-sizing.yaml", "-o", dir, "--vary", "fleet.pools[pr-train].count", "--target",
                               "training.v4-pro-pretrain.time_days<=60", "--step", "64", "--max", "1024", "--no-charts", "-q"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("infeasible because at 1,024 (max:, the most that may be bought); training.v4-pro-pretrain.time_days") != std::string::npos);
  CHECK(read_file(dir + "/size.csv").find(",infeasible,") != std::string::npos);
}

TEST_CASE("cli: a size target on a metric that does not exist is refused, nothing written", "[cli][size]") {
  const std::string dir = fresh_temp_dir("size-unknown") + "/o";
  const auto r = run_flopcast({"size", "scenarios/v4-sizing.yaml", "-o", dir, "--vary", "fleet.pools[pr-train].count", "--target",
                               "training.v4-pro-pretrain.time_dayz<=60"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[unknown-reference]") != std::string::npos);
  CHECK(r.err.find("no metric named 'training.v4-pro-pretrain.time_dayz'") != std::string::npos);
  CHECK(r.err.find("training.v4-pro-pretrain.time_days") != std::string::npos);  // the suggestion
  CHECK_FALSE(fs::exists(dir));
}
