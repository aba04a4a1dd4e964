// The answer for training runs: which finishes first and by how much, what decides it, and
// what each spends (chip-hours, energy, cost).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "answer_parts.hpp"
#include "metric_display.hpp"
#include "model_error.hpp"
#include "flopcast/core/enum_table.hpp"
#include "prose.hpp"

namespace flopcast::report::detail {
namespace {

using namespace prose;

bool feasible(const engine::TrainingResult& t) { return t.estimate.status == perf::EstimateStatus::ok && t.estimate.time_s > 0; }

std::string precision_of(const engine::Scenario& s, const engine::TrainingResult& t) {
  const auto* run = find_run(s, t.name);
  return run ? std::string(core::enum_token(catalog::precision_names(), run->precision)) : "";
}

/// How a run is named in a sentence: by its chips ("the 12,000 × h100 run") when no other run
/// has the same chips, else by its name.
struct RunNames {
  std::string run, fleet, name;
};

RunNames names_of(const engine::Scenario& s, const engine::TrainingResult& t) {
  const auto* run = find_run(s, t.name);
  const std::string chips = run ? pools_text(s, run->pools) : t.chip_summary;
  int same = 0;
  for (const auto& other : s.training) same += pools_text(s, other.pools) == chips;
  if (same > 1 || chips.empty()) return {t.name, t.name + "'s fleet", t.name};
  return {"the " + chips + " run", "the " + chips + " fleet", t.name};
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// Throughput = peak x utilisation on one basis: the dense BF16 peak and MFU for the step model
/// (DeepSeek's convention, whatever precision the run computes in), else the peak at the run's
/// precision and the stated utilisation.
struct Decomposition {
  double work = 0, peak = 0, utilisation = 0, goodput = 0;
  std::string basis;  ///< "BF16" or the run's precision
};

Decomposition decompose(const engine::Scenario& s, const engine::TrainingResult& t) {
  Decomposition d;
  d.work = t.estimate.total_flops;
  d.goodput = t.goodput.fraction;
  if (t.step && t.step->mfu_bf16 > 0) {
    d.utilisation = t.step->mfu_bf16;
    d.peak = t.estimate.achieved_flop_per_s / d.utilisation;
    d.basis = "BF16";
  } else {
    d.utilisation = t.utilisation;
    d.peak = t.estimate.fleet_peak_flop_per_s;
    d.basis = upper(precision_of(s, t));
  }
  return d;
}

/// One factor of the speed ratio (faster over slower): > 1 favours the faster run.
struct Factor {
  std::string name;
  double speedup = 1;
  std::string favour;   ///< a clause: how it reads when it favours the faster run
  std::string against;  ///< a noun phrase: how it reads when it favours the slower run
};

/// "15.0 vs 11.8 EFLOP/s" (one unit when both share it).
std::string versus(const std::string& a, const std::string& b) {
  const auto unit_a = a.substr(a.find(' ') + 1), unit_b = b.substr(b.find(' ') + 1);
  return unit_a == unit_b ? a.substr(0, a.find(' ')) + " vs " + b : a + " vs " + b;
}

std::vector<Factor> factors(const engine::Scenario& s, const engine::TrainingResult& a, const engine::TrainingResult& b) {
  const auto da = decompose(s, a), db = decompose(s, b);
  const auto na = names_of(s, a), nb = names_of(s, b);
  const std::string pa = upper(precision_of(s, a)), pb = upper(precision_of(s, b));
  std::vector<Factor> out;
  out.push_back({"peak", da.peak / db.peak,
                 percent_more(da.peak, db.peak) + " more peak " + da.basis + " in " + na.fleet + " (" + versus(flop_rate(da.peak), flop_rate(db.peak)) + ")",
                 "the " + percent_more(db.peak, da.peak) + " more peak " + db.basis + " of " + nb.fleet + " (" +
                     versus(flop_rate(db.peak), flop_rate(da.peak)) + ")"});
  if (da.basis == db.basis) {
    std::string note = "MFU on the dense " + da.basis + " peak";
    if (pa != pb) note += "; it computes in " + pa + ", the other in " + pb;
    out.push_back({"utilisation", da.utilisation / db.utilisation,
                   na.run + " reaches " + percent(da.utilisation, 1) + " against " + percent(db.utilisation, 1) + " (" + note + ")",
                   "the higher utilisation of " + nb.run + " (" + percent(db.utilisation, 1) + " vs " + percent(da.utilisation, 1) + ", " + note + ")"});
  }
  out.push_back({"goodput", da.goodput / db.goodput,
                 na.run + " keeps " + percent(da.goodput, 1) + " of its time for training against " + percent(db.goodput, 1) +
                     " (failures, checkpoints, restarts)",
                 "the higher goodput of " + nb.run + " (" + percent(db.goodput, 1) + " vs " + percent(da.goodput, 1) +
                     " of its time left for training after failures, checkpoints and restarts)"});
  if (std::fabs(da.work / db.work - 1) > 0.005) {
    out.push_back({"work", db.work / da.work,
                   na.run + " has " + percent_more(da.work, db.work) + " less to compute (" + flop_total(da.work) + " vs " + flop_total(db.work) + ")",
                   "the smaller workload of " + nb.run + " (" + flop_total(db.work) + " vs " + flop_total(da.work) + ")"});
  }
  return out;
}

/// "21 % fewer chip-hours", "120 % more energy": `ratio` of one quantity to another's.
std::string relative(double ratio, const std::string& more, const std::string& less, const std::string& what) {
  return percent(std::fabs(ratio - 1)) + " " + (ratio >= 1 ? more : less) + " " + what;
}

/// What each run spends, the slower against the faster.
std::string resources_sentence(const engine::Scenario& s, const engine::TrainingResult& fast, const engine::TrainingResult& slow) {
  std::vector<std::string> parts;
  parts.push_back(relative(slow.estimate.chip_hours / fast.estimate.chip_hours, "more", "fewer", "chip-hours"));
  if (fast.energy_j && slow.energy_j && *fast.energy_j > 0) {
    parts.push_back(relative(*slow.energy_j / *fast.energy_j, "more", "less", "energy (chip power × PUE)"));
  }
  std::string cost;
  if (fast.cost_usd && slow.cost_usd) {
    cost = "; it costs $" + sig(*slow.cost_usd / 1e6, 2) + "M against $" + sig(*fast.cost_usd / 1e6, 2) + "M (amortised purchase or rent, plus electricity)";
  } else {
    cost = "; cost unknown (a chip without a price in the catalog)";
  }
  return capitalised(names_of(s, slow).run) + " uses " + join_and(parts) + " than " + names_of(s, fast).run + cost + ".";
}

/// A multi-stage run (eq. T15): its total, then each stage's days (a total is feasible only when
/// every stage is).
std::string staged_run_sentence(const engine::Scenario& s, const engine::Results& r, const engine::TrainingResult& t) {
  const auto* run = find_run(s, t.name);
  std::vector<std::string> parts;
  if (run) {
    for (const std::size_t i : run->stage_runs) parts.push_back(s.training[i].stage + " " + sig(r.training[i].estimate.time_s / 86400) + " days");
  }
  return t.name + " on " + (run ? pools_text(s, run->pools) : t.chip_summary) + " takes " + sig(t.estimate.time_s / 86400) + " days and " +
         sig(t.estimate.chip_hours / 1e6) + " million chip-hours over its " + std::to_string(t.stages.size()) + " stages (" + join_and(parts) + "): " +
         flop_rate(t.estimate.achieved_flop_per_s) + " of model FLOPs on average, " + percent(t.goodput.fraction, 1) + " goodput.";
}

std::string single_run_sentence(const engine::Scenario& s, const engine::TrainingResult& t) {
  const auto d = decompose(s, t);
  const auto* run = find_run(s, t.name);
  return t.name + " on " + (run ? pools_text(s, run->pools) : t.chip_summary) + " takes " + sig(t.estimate.time_s / 86400) + " days and " +
         sig(t.estimate.chip_hours / 1e6) + " million chip-hours: " + flop_rate(t.estimate.achieved_flop_per_s) + " of model FLOPs at " +
         percent(d.utilisation, 1) + (t.step ? " MFU (dense " + d.basis + " peak)" : " utilisation (stated)") + ", " + percent(d.goodput, 1) +
         " goodput.";
}

}  // namespace

const engine::TrainingRun* find_run(const engine::Scenario& s, const std::string& name) {
  for (const auto& t : s.training) if (t.name == name) return &t;
  return nullptr;
}

std::string training_deciding_sentence(const engine::Scenario& s, const engine::TrainingResult& faster, const engine::TrainingResult& slower,
                                       std::string& factor) {
  auto fs = factors(s, faster, slower);
  const auto favour = std::max_element(fs.begin(), fs.end(), [](const Factor& x, const Factor& y) { return x.speedup < y.speedup; });
  const auto against = std::min_element(fs.begin(), fs.end(), [](const Factor& x, const Factor& y) { return x.speedup < y.speedup; });
  if (favour->speedup <= 1.005) return "";
  factor = favour->name;
  std::string out = capitalised(favour->name) + " decides: " + favour->favour;
  if (against->speedup < 0.995) out += ", which outweighs " + against->against;
  return out + ".";
}

Answer training_answer(const engine::Scenario& s, const engine::Results& r) {
  Answer a;
  a.basis = "training runs";
  std::vector<const engine::TrainingResult*> ok;
  for (const auto& t : r.training) {
    if (!t.group.empty()) continue;  // a stage: its multi-stage run's total answers for it
    if (feasible(t)) ok.push_back(&t);
    else a.sentences.push_back(t.name + " cannot run: " + t.estimate.reason + ".");
  }
  std::vector<WorkloadError> vouched;
  for (const auto* t : ok) {
    if (auto e = training_error(s, *t)) vouched.push_back(*e);
  }
  a.model_error = model_error_sentence(vouched);
  if (ok.size() == 1) {
    a.compared.push_back("training." + ok.front()->name + ".time_days");
    a.sentences.insert(a.sentences.begin(), ok.front()->stages.empty() ? single_run_sentence(s, *ok.front()) : staged_run_sentence(s, r, *ok.front()));
    return a;
  }
  if (ok.empty()) return a;
  std::stable_sort(ok.begin(), ok.end(), [](const auto* x, const auto* y) { return x->estimate.time_s < y->estimate.time_s; });
  const auto& fast = *ok[0];
  const auto& slow = *ok[1];
  for (const auto* t : ok) a.compared.push_back("training." + t->name + ".time_days");
  const auto nf = names_of(s, fast), ns = names_of(s, slow);
  const double fast_days = fast.estimate.time_s / 86400, slow_days = slow.estimate.time_s / 86400;
  std::string first = capitalised(nf.run) + " finishes in " + sig(fast_days) + " days, " + percent(1 - fast_days / slow_days) + " sooner than " +
                      ns.run + " (" + sig(slow_days) + " days)";
  if (std::fabs(fast_days / slow_days - 1) < 0.01) {
    first = capitalised(nf.run) + " and " + ns.run + " finish within 1 % of each other (" + sig(fast_days) + " and " + sig(slow_days) + " days)";
  }
  first += ", delivering " + versus(flop_rate(fast.estimate.achieved_flop_per_s), flop_rate(slow.estimate.achieved_flop_per_s)) + " of model FLOPs";
  for (std::size_t i = 2; i < ok.size(); ++i) first += (i == 2 ? "; then " : ", ") + names_of(s, *ok[i]).run + " (" + sig(ok[i]->estimate.time_s / 86400) + " days)";
  a.sentences.insert(a.sentences.begin(), first + ".");
  if (auto why = training_deciding_sentence(s, fast, slow, a.deciding_factor); !why.empty()) a.sentences.push_back(why);
  a.sentences.push_back(resources_sentence(s, fast, slow));
  const auto ef = training_error(s, fast), es = training_error(s, slow);
  if (ef && es && !a.model_error.empty()) {
    if (auto gap = gap_sentence(slow_days / fast_days - 1, *ef, *es); !gap.empty()) a.model_error += " " + gap;
  }
  return a;
}

}  // namespace flopcast::report::detail
