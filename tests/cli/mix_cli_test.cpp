// flopcast mix through the real binary: the shipped mix scenario answers and writes its tables,
// an infeasible cap exits 1 with the reason, a bad option exits 2 with nothing written.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support/run_binary.hpp"

using namespace flopcast::test;
namespace fs = std::filesystem;

TEST_CASE("cli: mix answers the shipped scenario and writes the mix, its services and constraints", "[cli][mix]") {
  const std::string dir = fresh_temp_dir("mix-cli") + "/o";
  const auto r = run_flopcast({"mix", "scenarios/v4-flash-mix.yaml", "-o", dir, "--no-charts"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Cheapest mix for v4-flash-mix: TCO $") != std::string::npos);
  CHECK(r.out.find("within 0.01 % of the cheapest") != std::string::npos);
  CHECK(r.out.find("power cap") != std::string::npos);
  CHECK(r.out.find("pr not bought: ascend-950pr has no price") != std::string::npos);
  for (const char* f : {"mix.csv", "mix_services.csv", "mix_constraints.csv", "mix.json", "mix_chips.gp", "mix_chips.dat", "results.json"}) {
    INFO(f);
    CHECK(fs::exists(dir + "/" + f));
  }
  CHECK(read_file(dir + "/mix.json").find("\"status\": \"optimal\"") != std::string::npos);
  CHECK(read_file(dir + "/mix.json").find("\"relative_gap\": 1e-04") != std::string::npos);
  // The rates it trades rest on the serving model: how far off it is, on each vendor the mix buys.
  CHECK(r.out.find("\nAccuracy: On published MoE serving measurements held out of its fit") != std::string::npos);
  CHECK(read_file(dir + "/mix.json").find("\"model_error\": \"On published MoE serving measurements") != std::string::npos);
  CHECK(read_file(dir + "/mix_constraints.csv").rfind("constraint,binding,slack,unit,lp_dual,relaxed,objective_relaxed,objective_change,relaxed_gap,relaxed_unsolved\n", 0) == 0);
}

TEST_CASE("cli: mix under a power cap no mix can meet is an explicit infeasible answer with exit 1", "[cli][mix]") {
  const std::string dir = fresh_temp_dir("mix-infeasible") + "/o";
  const auto r = run_flopcast({"mix", "scenarios/v4-flash-mix.yaml", "-o", dir, "--power-cap", "1 MW", "--no-charts"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("No mix for v4-flash-mix: infeasible because of the power cap") != std::string::npos);
  CHECK(read_file(dir + "/mix.json").find("\"status\": \"infeasible\"") != std::string::npos);
}

TEST_CASE("cli: mix with an objective it does not know is refused, nothing written", "[cli][mix]") {
  const std::string dir = fresh_temp_dir("mix-bad") + "/o";
  const auto r = run_flopcast({"mix", "scenarios/v4-flash-mix.yaml", "-o", dir, "--objective", "cheap"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--objective takes capex, tco, power or training_left, not 'cheap'") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
}
