// What a run spends after evaluating: writing its outputs (issue 16: "whole-run time is mostly
// gnuplot"). Figures and the command are in docs/performance.md; speed is never asserted, but
// the smoke run fails if the outputs cannot be written.
//
// - write_outputs_flagship/charts:1: report::write_outputs for scenarios/910c-vs-h100.yaml as
//   `flopcast run -o DIR` does it: results.json, the CSV tables and every chart rendered by
//   gnuplot (three formats each, the gnuplot processes in parallel), staged and renamed into place.
// - write_outputs_flagship/charts:0: the same with --no-charts (data and scripts, no gnuplot).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"

using namespace flopcast;

namespace {

struct Flagship {
  std::optional<engine::Scenario> scenario;
  engine::Results results;
};

const Flagship& flagship() {
  static const Flagship loaded = [] {
    static const auto catalog = scenario::load_catalog_dir(FLOPCAST_SOURCE_DIR "/scenarios/catalog");
    auto l = scenario::load_scenario(FLOPCAST_SOURCE_DIR "/scenarios/910c-vs-h100.yaml", catalog.catalog);
    Flagship f{l.scenario, {}};
    if (f.scenario) f.results = engine::evaluate(*f.scenario);
    return f;
  }();
  return loaded;
}

void write_outputs_flagship(benchmark::State& state) {
  const auto& f = flagship();
  if (!f.scenario) {
    state.SkipWithError("scenarios/910c-vs-h100.yaml does not load");
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("flopcast-bench-outputs-" + std::to_string(state.range(0)));
  report::WriteOptions options;
  options.render_charts = state.range(0) != 0;
  options.version = "bench";
  for (auto _ : state) {
    const auto outcome = report::write_outputs(*f.scenario, f.results, dir.string(), options);
    if (outcome.error) {
      state.SkipWithError(("the outputs were not written: " + outcome.error->message).c_str());
      break;
    }
    benchmark::DoNotOptimize(outcome.files.size());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(write_outputs_flagship)->ArgName("charts")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
