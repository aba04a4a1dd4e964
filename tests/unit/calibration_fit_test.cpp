// The calibration fit (docs/models/calibration.md): more starting points never end at a worse
// objective than the documented start alone, and the fit is deterministic.
#include <catch2/catch.hpp>

#include "flopcast/fit/calibration_fit.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
/// The FlashAttention-3 and FlashMLA kernel cases: few constants move them, so a fit is quick.
fit::CaseSet attention_cases() {
  std::vector<engine::Scenario> scenarios;
  for (const char* file : {"fa3-h100-attention.yaml", "flashmla-h800-decode.yaml"}) {
    auto loaded = scenario::load_scenario(test::source_dir() + "/tests/validation/" + file, test::builtin_catalog());
    REQUIRE(loaded.scenario);
    scenarios.push_back(std::move(*loaded.scenario));
  }
  return fit::make_case_set(std::move(scenarios));
}
}  // namespace

TEST_CASE("fit: more starts never end at a worse objective, and the same starts give the same constants", "[unit][fit]") {
  auto set = attention_cases();
  REQUIRE(set.cases.size() == 8);
  // A start far from where the cases want the constants (every fitted one at its lower bound).
  catalog::Calibration poor;
  for (const auto& p : catalog::calibration_params()) {
    if (p.fitted) poor.*p.member = p.lower;
  }
  const auto one = fit::fit_calibration(set, poor);
  const auto many = fit::fit_calibration_multistart(set, poor, 4);
  REQUIRE(one.converged);
  REQUIRE(many.converged);
  CHECK(many.objective <= one.objective);
  CHECK(many.evaluations > one.evaluations);  // every start's evaluations are counted
  const auto again = fit::fit_calibration_multistart(set, poor, 4);
  CHECK(again.objective == many.objective);
  for (const auto& p : catalog::calibration_params()) {
    INFO(p.name);
    CHECK(again.calibration.*p.member == many.calibration.*p.member);
  }
}
