// Which held-out error row vouches for a run, and how an answer says it.
#include "model_error.hpp"

#include <algorithm>

#include "answer_parts.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "metric_display.hpp"
#include "prose.hpp"

namespace flopcast::report::detail {
namespace {

using namespace prose;

WorkloadError lookup(const engine::Scenario& s, bool moe, bool training, const std::string& vendor) {
  WorkloadError e{catalog::workload_family(moe, training), vendor};
  const auto& table = s.catalog.model_error();
  e.row = table.find(e.family, vendor);
  for (const auto& r : table.rows) {
    if (r.family == e.family && r.vendor == vendor && &r != e.row) e.own = &r;
  }
  return e;
}

/// "14 % on Huawei chips (one case in five by more than 37 %; 6 cases)", or for a vendor
/// without enough cases of its own, the family's figure on all chips and why.
std::string vendor_clause(const WorkloadError& e, bool first) {
  const auto& r = *e.row;
  const std::string spread = first ? "one case in five by more than " + percent(r.p80) : percent(r.p80);
  const std::string figures = percent(r.median) + " (" + spread + "; " + grouped(static_cast<double>(r.cases)) + " cases)";
  if (r.vendor == e.vendor) return figures + " on " + e.vendor + " chips";
  // A scenario's own chip may name no vendor: then no vendor's cases can vouch for it.
  const std::string why = e.vendor.empty() ? "the chip names no vendor"
                          : !e.own         ? "none on " + e.vendor + " chips"
                                           : "the " + grouped(static_cast<double>(e.own->cases)) + " on " + e.vendor + " chips alone: " +
                                         percent(e.own->median);
  return figures + " on all chips (" + why + ")";
}

}  // namespace

double WorkloadError::typical() const {
  const double quoted = row ? row->median : 0;
  return own ? std::max(quoted, own->median) : quoted;
}

std::optional<WorkloadError> training_error_on(const engine::Scenario& s, const std::string& run_name, const std::string& pool) {
  const auto* run = find_run(s, run_name);
  if (!run) return std::nullopt;
  const auto* priced = run->is_total() ? &s.training[run->stage_runs.front()] : run;
  if (priced->utilisation) return std::nullopt;
  return lookup(s, run->model.is_moe(), true, engine::find_pool(s, pool).chip.vendor);
}

std::optional<WorkloadError> serving_error_on(const engine::Scenario& s, const std::string& service, const std::string& pool) {
  for (const auto& svc : s.inference) {
    if (svc.name != service) continue;
    return lookup(s, svc.model.is_moe(), false, engine::find_pool(s, pool).chip.vendor);
  }
  return std::nullopt;
}

std::optional<WorkloadError> training_error(const engine::Scenario& s, const engine::TrainingResult& t) {
  const auto* run = find_run(s, t.name);
  if (!run || run->pools.empty()) return std::nullopt;
  return training_error_on(s, t.name, run->pools.front());
}

std::optional<WorkloadError> serving_error(const engine::Scenario& s, const engine::InferenceResult& i) { return serving_error_on(s, i.name, i.pool); }

std::vector<WorkloadError> metric_workloads(const engine::Scenario& s, const engine::Results& r, const std::vector<std::string>& metrics) {
  std::vector<WorkloadError> out;
  for (const auto& m : metrics) {
    const auto path = split_metric(m);
    if (path.kind == "training") {
      for (const auto& t : r.training) {
        if (t.name != path.subject || t.estimate.status != perf::EstimateStatus::ok) continue;
        if (auto e = training_error(s, t)) out.push_back(*e);
      }
    } else if (path.kind == "inference") {
      // inference.<service>[@<chip or pool>]: every row of the service the metric reads (one
      // sentence names each row's figure once).
      const auto at = path.subject.find('@');
      const std::string name = path.subject.substr(0, at), on = at == std::string::npos ? "" : path.subject.substr(at + 1);
      for (const auto& i : r.inference) {
        const bool here = on.empty() || i.chip_id == on || i.pool == on;
        if ((i.name != name && i.group != name) || !here || !i.estimate.feasible) continue;
        if (auto e = serving_error(s, i)) out.push_back(*e);
      }
    }
  }
  return out;
}

std::string model_error_sentence(const std::vector<WorkloadError>& workloads) {
  // One clause per family, one figure per distinct row (two H100 runs quote NVIDIA's once).
  std::vector<std::string> families;
  for (const auto& w : workloads) {
    if (w.row && std::find(families.begin(), families.end(), w.family) == families.end()) families.push_back(w.family);
  }
  std::vector<std::string> parts;
  for (const auto& family : families) {
    std::vector<std::string> clauses;
    std::vector<std::pair<const catalog::HeldOutError*, std::string>> seen;
    for (const auto& w : workloads) {
      if (w.family != family || !w.row) continue;
      const std::pair key{w.row, w.vendor};
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      clauses.push_back(vendor_clause(w, clauses.empty()));
    }
    parts.push_back((parts.empty() ? "on published " + family + " measurements held out of its fit, the model is off by a median "
                                   : "on " + family + " ones by ") +
                    join_and(clauses));
  }
  if (parts.empty()) return "";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return capitalised(out) + ".";
}

std::string gap_sentence(double gap, const WorkloadError& faster, const WorkloadError& slower) {
  if (!faster.row || !slower.row) return "";
  const double typical = std::max(faster.typical(), slower.typical());
  const double together = faster.typical() + slower.typical();
  const std::string head = "The " + percent(gap) + " difference in time between the two ";
  if (gap <= typical) return head + "is within that typical error: the model does not settle which is faster.";
  if (gap <= together) return head + "is wider than either run's typical error but not than both together (errors of opposite sign): likely, not certain.";
  return head + "is wider than both runs' typical errors together.";
}

}  // namespace flopcast::report::detail
