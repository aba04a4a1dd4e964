// The calibration set: every validation check with its source, family and chip vendor, and the
// simulated value of each under a given calibration.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/fit/calibration_fit.hpp"

namespace flopcast::fit {
namespace {

/// The first "[KEY]" of a source text, else "".
std::string first_key(const std::string& source) {
  const auto open = source.find('[');
  const auto close = source.find(']', open);
  if (open == std::string::npos || close == std::string::npos || close == open + 1) return "";
  return source.substr(open + 1, close - open - 1);
}

/// The workload a metric path names: "training.<run>.<field>" or "inference.<service>[@chip].<field>".
std::string workload_of(const std::string& metric, std::string& kind) {
  const auto dot = metric.find('.');
  const auto last = metric.rfind('.');
  if (dot == std::string::npos || last == dot) return "";
  kind = metric.substr(0, dot);
  std::string name = metric.substr(dot + 1, last - dot - 1);
  if (const auto at = name.find('@'); at != std::string::npos) name.resize(at);
  return name;
}

const catalog::ChipSpec* chip_of(const engine::Scenario& s, const std::vector<std::string>& pools) {
  for (const auto& name : pools) {
    for (const auto& p : s.fleet.pools) {
      if (p.name == name) return &p.chip;
    }
  }
  return nullptr;
}

/// "dense training" ... "MoE serving", and the chip vendor, of the workload a check measures.
void classify(const engine::Scenario& s, const engine::ValidationCheck& c, Case& out) {
  std::string kind;
  const std::string name = workload_of(c.metric, kind);
  const catalog::ModelProfile* model = nullptr;
  const catalog::ChipSpec* chip = nullptr;
  if (kind == "training") {
    for (const auto& r : s.training) {
      if (r.name == name) model = &r.model, chip = chip_of(s, r.pools);
    }
  } else if (kind == "kernel") {
    bool attention = false;
    for (const auto& k : s.kernels) {
      if (k.name == name) chip = &k.chip, attention = k.kind != engine::KernelBenchmark::Kind::gemm;
    }
    out.family = attention ? "attention kernels" : "GEMM kernels";
    out.vendor = chip ? chip->vendor : "unknown";
    return;
  } else if (kind == "inference") {
    for (const auto& svc : s.inference) {
      if (svc.name != name && svc.group != name) continue;
      model = &svc.model;
      chip = chip_of(s, svc.pools);
      if (!chip) chip = chip_of(s, svc.decode_pools);
      if (!chip) chip = chip_of(s, svc.prefill_pools);
    }
  }
  out.family = catalog::workload_family(model && model->is_moe(), kind == "training");
  out.vendor = chip ? chip->vendor : "unknown";
}

}  // namespace

CaseSet make_case_set(std::vector<engine::Scenario> scenarios) {
  CaseSet set;
  set.scenarios = std::move(scenarios);
  std::map<std::pair<std::size_t, std::string>, int> per_case;
  for (std::size_t i = 0; i < set.scenarios.size(); ++i) {
    const auto& s = set.scenarios[i];
    for (std::size_t j = 0; j < s.validation.size(); ++j) {
      const auto& c = s.validation[j];
      Case k;
      k.scenario = i;
      k.check = j;
      k.source_key = first_key(c.source);
      if (k.source_key.empty()) k.source_key = c.case_id;
      k.fitted = c.quality != "band";
      classify(s, c, k);
      if (k.fitted) ++per_case[{i, c.case_id}];
      set.cases.push_back(std::move(k));
    }
  }
  for (auto& k : set.cases) {
    const auto n = per_case[{k.scenario, set.scenarios[k.scenario].validation[k.check].case_id}];
    k.weight = n > 0 ? 1.0 / n : 0.0;
  }
  return set;
}

std::vector<std::optional<double>> simulate(CaseSet& set, const catalog::Calibration& c) {
  std::vector<engine::Results> results(set.scenarios.size());
  tbb::parallel_for(std::size_t{0}, set.scenarios.size(), [&](std::size_t i) {
    set.scenarios[i].catalog.set_calibration(c);
    results[i] = engine::evaluate(set.scenarios[i]);
  });
  std::vector<std::optional<double>> out;
  out.reserve(set.cases.size());
  for (const auto& k : set.cases) out.push_back(engine::metric_value(results[k.scenario], set.scenarios[k.scenario].validation[k.check].metric));
  return out;
}

}  // namespace flopcast::fit
