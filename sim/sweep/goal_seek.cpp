// Goal-seek on the engine: each candidate a full evaluation (layouts and replicas searched), the
// search itself in seek.cpp (docs/sizing.md).
#include "flopcast/sweep/goal_seek.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "flopcast/core/suggest.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "seek.hpp"

namespace flopcast::sweep {
namespace {

using detail::grid_down;
using detail::grid_up;
using detail::seek_smallest;
using detail::SeekGrid;
using detail::SeekOracle;
using Op = engine::Expectation::Op;

std::string number(double v) {
  char buf[48];
  if (std::fabs(v) < 1e9 && v == std::round(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    std::string s(buf), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && s[i - 1] != '-' && (s.size() - i) % 3 == 0) out += ',';
      out += s[i];
    }
    return out;
  }
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

/// Evaluates candidates and remembers every probe by value.
class Prober : public SeekOracle {
 public:
  Prober(const engine::Scenario& s, const engine::SizeProblem& p, std::vector<engine::MetricRef> refs)
      : s_(s), p_(p), refs_(std::move(refs)), work_(s) {}

  bool holds_at(double v) override { return at(v).holds; }
  void evaluate_all(const std::vector<double>& values) override { all(values, threads_); }
  void set_threads(int threads) { threads_ = threads; }

  const SizeProbe& at(double v) {
    if (auto it = probes_.find(v); it != probes_.end()) return it->second;
    return probes_.emplace(v, evaluate(work_, results_, v)).first->second;
  }

  /// Every candidate of `values` not yet probed, in parallel; the probes do not depend on order.
  void all(const std::vector<double>& values, int threads) {
    std::vector<double> todo;
    for (double v : values) if (!probes_.count(v)) todo.push_back(v);
    std::vector<SizeProbe> out(todo.size());
    tbb::enumerable_thread_specific<std::pair<engine::Scenario, engine::Results>> scratch([&] { return std::pair{s_, engine::Results{}}; });
    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, todo.size(), [&](std::size_t i) {
        auto& [scenario, results] = scratch.local();
        out[i] = evaluate(scenario, results, todo[i]);
      });
    });
    for (std::size_t i = 0; i < todo.size(); ++i) probes_.emplace(todo[i], std::move(out[i]));
  }

  [[nodiscard]] const std::map<double, SizeProbe>& probes() const { return probes_; }
  [[nodiscard]] engine::Results results_at(double v) const {
    engine::Scenario x = s_;
    engine::set_parameter(x, p_.vary, v);
    return engine::evaluate(x);
  }

 private:
  SizeProbe evaluate(engine::Scenario& x, engine::Results& r, double v) const {
    engine::set_parameter(x, p_.vary, v);
    engine::evaluate_into(x, r);  // layouts and replicas searched as a direct run does
    SizeProbe probe{v, true, {}};
    for (std::size_t i = 0; i < refs_.size(); ++i) {
      const auto m = engine::read_metric(r, refs_[i]);
      probe.metrics.push_back(m && std::isfinite(*m) ? m : std::nullopt);
      if (!probe.metrics.back() || !engine::holds(p_.targets[i].op, *probe.metrics.back(), p_.targets[i].threshold)) probe.holds = false;
    }
    return probe;
  }

  const engine::Scenario& s_;
  const engine::SizeProblem& p_;
  std::vector<engine::MetricRef> refs_;
  engine::Scenario work_;
  engine::Results results_;
  std::map<double, SizeProbe> probes_;
  int threads_ = 0;
};

/// Why a target has no value in `r`: the engine's reason for an infeasible run or service.
std::string no_value_reason(const engine::Results& r, const engine::MetricRef& ref) {
  if (ref.kind == engine::MetricRef::Kind::training && r.training[ref.index].estimate.status != perf::EstimateStatus::ok) {
    return r.training[ref.index].estimate.reason;
  }
  if (ref.kind == engine::MetricRef::Kind::inference && !r.inference[ref.index].estimate.feasible) return r.inference[ref.index].estimate.reason;
  return "an input it needs is unknown";
}

/// "infeasible because ..." at the largest candidate, with the best value any candidate reached.
std::string infeasible_reason(const engine::SizeProblem& p, const std::vector<engine::MetricRef>& refs, const Prober& prober, double top) {
  const auto results = prober.results_at(top);
  const auto& at_top = prober.probes().at(top);
  std::string out = "infeasible because at " + number(top) + " (max:, the most that may be bought)";
  for (std::size_t i = 0; i < p.targets.size(); ++i) {
    const auto& t = p.targets[i];
    const auto& v = at_top.metrics[i];
    if (v && engine::holds(t.op, *v, t.threshold)) continue;
    out += v ? "; " + t.metric + " = " + number(*v) + ", not " + engine::op_symbol(t.op) + " " + number(t.threshold)
             : "; " + t.metric + " has no value (" + no_value_reason(results, refs[i]) + ")";
    // The closest any candidate came (targets need not improve with the count).
    std::optional<std::pair<double, double>> best;
    const bool upper = t.op == Op::below || t.op == Op::at_most;
    for (const auto& [value, probe] : prober.probes()) {
      const auto& m = probe.metrics[i];
      if (m && (!best || (upper ? *m < best->second : *m > best->second))) best = std::pair{value, *m};
    }
    if (best && best->first != top) out += " (best over the counts tried: " + number(best->second) + " at " + number(best->first) + ")";
  }
  return out;
}

}  // namespace

bool target_holds(const engine::SizeTarget& t, double value) { return engine::holds(t.op, value, t.threshold); }

std::string describe_target(const engine::SizeTarget& t) { return t.metric + " " + engine::op_symbol(t.op) + " " + number(t.threshold); }

std::vector<core::Diagnostic> check_size_targets(const engine::Scenario&, const engine::Results& base, const engine::SizeProblem& p) {
  std::vector<core::Diagnostic> out;
  for (const auto& t : p.targets) {
    if (engine::resolve_metric(base, t.metric)) continue;
    core::Diagnostic d;
    d.code = core::ErrorCode::unknown_reference;
    d.location = t.where;
    d.path = t.path;
    d.message = "no metric named '" + t.metric + "' in this scenario";
    d.suggestions = core::suggest_closest(t.metric, engine::metric_names(base));
    d.hint = "targets take the metric paths of expect: (docs/ci.md; flopcast sweep lists a scenario's metrics in sweep.csv)";
    out.push_back(std::move(d));
  }
  return out;
}

SizeAnswer solve_size(const engine::Scenario& s, const engine::SizeProblem& p, int threads) {
  SizeAnswer a;
  a.name = p.name.empty() ? p.vary.path : p.name;
  a.vary = p.vary.path;
  const auto base = engine::evaluate(s);
  std::vector<engine::MetricRef> refs;
  for (const auto& t : p.targets) refs.push_back(*engine::resolve_metric(base, t.metric));  // checked by check_size_targets
  Prober prober(s, p, refs);
  prober.set_threads(threads);
  const double lo = grid_up(std::max(p.min, p.step), p.step), hi = std::max(lo, grid_down(p.max, p.step));

  const SeekGrid grid{p.step, lo, hi, p.scan_below};
  double scanned_from = 0;
  const auto found = seek_smallest(grid, prober, scanned_from);
  if (!found) {
    a.value = hi;
    a.reason = infeasible_reason(p, refs, prober, hi);
  } else {
    a.met = true;
    a.value = *found;
    a.scanned_from = scanned_from;
    if (*found > lo) {
      const auto& below = prober.at(*found - p.step);
      for (std::size_t i = 0; i < p.targets.size(); ++i) {
        if (!below.metrics[i] || !engine::holds(p.targets[i].op, *below.metrics[i], p.targets[i].threshold)) a.binding.push_back(i);
      }
    } else {
      a.reason = "met at the smallest candidate (" + number(lo) + "): lower min: or step: to size more finely";
    }
  }
  a.metrics = prober.probes().at(a.value).metrics;
  a.results = prober.results_at(a.value);
  for (const auto& [value, probe] : prober.probes()) {
    a.probes.push_back(probe);
    if (a.met && value > a.value && !probe.holds) a.fails_above.push_back(value);
  }
  return a;
}

}  // namespace flopcast::sweep
