// libFuzzer target flopcast_fuzz_sweep: the fuzzer's bytes choose a sweep: and uncertain:
// section (axes by values or from/to/steps, zip or grid, distributions of every kind with
// extreme parameters, correlations, samples, seed, percentiles) on a fixed scenario with a pool,
// a training run and a service. The contract: the loader refuses with located diagnostics, or
// the sweep is refused as too large with a reason, or -- when small -- it runs, and its two
// shards merged give exactly the single run's statistics, all finite. A finding is a crash, a
// sanitizer report, an exception, a refusal without a reason, or a merge that differs.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "flopcast/scenario/load.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "flopcast/sweep/sweep_state.hpp"
#include "fuzz_common.hpp"

using namespace flopcast;

namespace {

constexpr const char* kBase = R"(name: sweep-fuzz
fleet:
  pools:
    - {name: h, chip: h100, count: 1024}
training:
  - {name: t, model: llama-3.1-8b, pools: [h], tokens: "1T tokens", sequence_length: 4096, precision: bf16, global_batch: "4M tokens"}
inference:
  - {name: s, model: llama-3.1-8b, pools: [h], precision: fp8, demand: "10B tokens/day", input_tokens: 1000, output_tokens: 200}
)";

class SweepBuilder {
 public:
  explicit SweepBuilder(FuzzedDataProvider& p) : p_(p) {}

  template <class T>
  const T& pick(const std::vector<T>& v) { return v[p_.ConsumeIntegralInRange<std::size_t>(0, v.size() - 1)]; }

  std::string path() {
    static const std::vector<std::string> paths = {"assumptions.pue", "fleet.pools[h].count", "training[t].tokens", "training[t].utilisation",
                                                   "inference[s].demand", "chips.h100.price", "assumptions.utilisation", "no.such.path"};
    return "\"" + pick(paths) + "\"";
  }
  std::string number() {
    static const std::vector<std::string> values = {"0", "1e-24", "0.5", "1", "1.2", "2", "3", "8", "1000", "1e9", "1e12",
                                                    "1e24", "1.1e24", "-1", "1e308", "100", "0.999"};
    return pick(values);
  }
  std::string list() {
    std::string out = "[";
    for (int i = p_.ConsumeIntegralInRange(0, 4); i > 0; --i) out += number() + (i > 1 ? ", " : "");
    return out + "]";
  }
  std::string axis() {
    std::string a = "    - {path: " + path();
    if (p_.ConsumeBool()) a += ", values: " + list();
    if (p_.ConsumeBool()) a += ", from: " + number() + ", to: " + number() + ", steps: " + pick(std::vector<std::string>{"0", "1", "2", "5", "100001", "-3"});
    return a + "}\n";
  }
  std::string variable() {
    static const std::vector<std::string> kinds = {"uniform", "triangular", "pert", "normal", "lognormal", "choice", "nonsense"};
    std::string v = "    - {path: " + path() + ", distribution: " + pick(kinds);
    for (const char* key : {"low", "mode", "high", "mean", "sd", "median", "sigma"}) {
      if (p_.ConsumeBool()) v += std::string(", ") + key + ": " + number();
    }
    if (p_.ConsumeBool()) v += ", values: " + list();
    return v + "}\n";
  }
  std::string build() {
    std::string text = kBase;
    if (p_.ConsumeBool()) {
      text += std::string("sweep:\n") + (p_.ConsumeBool() ? "  mode: zip\n" : "") + "  axes:\n";
      for (int i = p_.ConsumeIntegralInRange(1, 3); i > 0; --i) text += axis();
    }
    if (p_.ConsumeBool()) {
      text += "uncertain:\n  samples: " + pick(std::vector<std::string>{"1", "7", "20", "1e12", "0", "2.5"}) + "\n";
      if (p_.ConsumeBool()) text += "  seed: " + pick(std::vector<std::string>{"0", "1", "-1", "18446744073709551615"}) + "\n";
      if (p_.ConsumeBool()) text += "  percentiles: " + list() + "\n";
      text += "  variables:\n";
      for (int i = p_.ConsumeIntegralInRange(1, 3); i > 0; --i) text += variable();
      if (p_.ConsumeBool()) text += "  correlations:\n    - {a: " + path() + ", b: " + path() + ", rho: " + number() + "}\n";
    }
    return text;
  }

 private:
  FuzzedDataProvider& p_;
};

bool same(const sweep::MetricSummary& a, const sweep::MetricSummary& b) {
  auto eq = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  if (a.count != b.count || a.missing != b.missing || !eq(a.mean, b.mean) || !eq(a.min, b.min) || !eq(a.max, b.max)) return false;
  if (a.percentiles.size() != b.percentiles.size()) return false;
  for (std::size_t i = 0; i < a.percentiles.size(); ++i) {
    if (!eq(a.percentiles[i], b.percentiles[i])) return false;
  }
  return true;
}

void check_run(const engine::Scenario& s, const engine::SweepSpec& spec, const std::string& text) {
  if (const auto problem = sweep::sweep_size_problem(s, spec, 48)) {
    if (problem->empty()) fuzz::finding("a sweep refused as too large without a reason");
    return;
  }
  sweep::SweepOptions o;
  o.threads = 1;
  const auto single = sweep::run_sweep(s, spec, o);
  std::vector<sweep::SweepState> shards{sweep::run_sweep_shard(s, spec, 0, 2, o), sweep::run_sweep_shard(s, spec, 1, 2, o)};
  std::string error;
  const auto merged = sweep::merge_sweep_states(shards, error);
  if (!merged) fuzz::finding("the shards of one sweep do not merge: " + error + "\n" + text);
  if (merged->points.size() != single.points.size()) fuzz::finding("merged shards have another number of points");
  for (std::size_t p = 0; p < single.points.size(); ++p) {
    for (std::size_t m = 0; m < single.points[p].metrics.size(); ++m) {
      const auto& x = single.points[p].metrics[m];
      if (!same(x, merged->points[p].metrics[m])) fuzz::finding("merged shards differ from the single run at point " + std::to_string(p) + "\n" + text);
      if (x.count > 0 && (!std::isfinite(x.mean) || !std::isfinite(x.min) || !std::isfinite(x.max))) fuzz::finding("a non-finite statistic");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const std::string text = SweepBuilder(provider).build();
  try {
    const auto loaded = scenario::load_scenario_text(text, "sweep-fuzz.yaml", fuzz::builtins());
    if (!loaded.scenario) {
      if (loaded.diagnostics.empty()) fuzz::finding("refused without a diagnostic:\n" + text);
      return 0;
    }
    if (!loaded.sweep.empty()) check_run(*loaded.scenario, loaded.sweep, text);
  } catch (const std::exception& e) {
    fuzz::finding(std::string("exception: ") + e.what() + "\n" + text);
  }
  return 0;
}
