// flopcast mix on the national 140T-tokens/day question (issue 14: under 1 s). Figures and the
// command are in docs/performance.md; speed is never asserted, but the smoke run fails if the
// scenario does not load or the solver neither reaches an optimum nor proves there is none.
//
// - mix_national: mix::cheapest_mix on scenarios/national-140T-mix.yaml as `flopcast mix` runs it:
//   the candidates (one evaluation of the scenario: six services x three chip types, each replica
//   sized under its TPOT target), the MILP solved to optimality by GLPK, then every binding
//   constraint relaxed and solved again (each relaxed TPOT target re-evaluates the candidates).
//   The counter milp_ms is the first MILP solve alone (MixAnswer::solve_s).
// - mix_v4_flash: the same on scenarios/v4-flash-mix.yaml, whose answer is an optimum (the
//   national one is infeasible under its assumptions), so the relaxations run too.
#include <benchmark/benchmark.h>

#include "flopcast/mix/cheapest_mix.hpp"
#include "flopcast/scenario/load.hpp"

using namespace flopcast;

namespace {

struct Loaded {
  std::optional<engine::Scenario> scenario;
  engine::MixSpec spec;
};

Loaded load(const char* path) {
  static const auto catalog = scenario::load_catalog_dir(FLOPCAST_SOURCE_DIR "/scenarios/catalog");
  auto l = scenario::load_scenario(path, catalog.catalog);
  return Loaded{l.scenario, l.buy.value_or(engine::MixSpec{})};
}

/// cheapest_mix on a loaded scenario, `optimum` requiring an optimal answer.
void run_mix(benchmark::State& state, const Loaded& n, bool optimum) {
  if (!n.scenario) {
    state.SkipWithError("the scenario does not load");
    return;
  }
  double milp_s = 0;
  for (auto _ : state) {
    auto a = mix::cheapest_mix(*n.scenario, n.spec);
    // An optimum or a proof that none exists are both answers; a time limit or failure is not.
    const bool answered = a.status == mix::MixAnswer::Status::optimal || (!optimum && a.status == mix::MixAnswer::Status::infeasible);
    if (!answered) {
      state.SkipWithError(("the solver gave no answer: " + a.reason).c_str());
      return;
    }
    milp_s += a.solve_s;
    benchmark::DoNotOptimize(a);
  }
  state.counters["milp_ms"] = benchmark::Counter(milp_s * 1e3 / static_cast<double>(state.iterations()));
}

void mix_national(benchmark::State& state) {
  static const Loaded n = load(FLOPCAST_SOURCE_DIR "/scenarios/national-140T-mix.yaml");
  run_mix(state, n, false);
}
BENCHMARK(mix_national)->Unit(benchmark::kMillisecond);

void mix_v4_flash(benchmark::State& state) {
  static const Loaded n = load(FLOPCAST_SOURCE_DIR "/scenarios/v4-flash-mix.yaml");
  run_mix(state, n, true);
}
BENCHMARK(mix_v4_flash)->Unit(benchmark::kMillisecond);

}  // namespace
