// The answer to a scenario's question: which metrics it compares (the scenario's answer:, or
// chosen from what it holds), the sentences that set them side by side, and the sweep's band.
#include "flopcast/report/answer.hpp"

#include <algorithm>
#include <cmath>

#include "answer_parts.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "metric_display.hpp"
#include "model_error.hpp"
#include "prose.hpp"

namespace flopcast::report {
namespace detail {
namespace {

using namespace prose;

constexpr std::size_t kMaxSentences = 3;

std::string value_text(double v, const MetricDisplay& d) { return sig(v * d.scale); }

/// The index of the best item by `better` (the largest for `neither`), among known values.
std::optional<std::size_t> best_index(const std::vector<Compared>& items, Better better) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].value) continue;
    const bool lower = better == Better::lower;
    if (!best || (lower ? *items[i].value < *items[*best].value : *items[i].value > *items[*best].value)) best = i;
  }
  return best;
}

/// The fleet alone (no workload, no projection): what it holds.
Answer capacity_answer(const engine::Scenario& s, const engine::Results& r) {
  Answer a;
  a.basis = "fleet capacity";
  const auto& c = r.fleet_total;
  const auto p = static_cast<std::size_t>(s.assumptions.capacity_precision);
  const std::string prec(core::enum_token(catalog::precision_names(), s.assumptions.capacity_precision));
  a.sentences.push_back("The fleet's " + grouped(c.chips) + " chips have " + flop_rate(c.peak_flop_per_s[p]) + " of dense " + prec + " peak (" +
                        sig(c.h100e_by_tpp) + " H100-equivalents by TPP); at an assumed " + percent(s.assumptions.effective_utilisation) +
                        " utilisation that is " + flop_rate(r.fleet_effective_flop_per_s) + ".");
  a.compared.push_back("fleet.peak_bf16_flop_per_s");
  return a;
}

/// The scenario's own answer: the metrics it names, side by side, and what decides between
/// training runs when it compares them.
Answer stated_answer(const engine::Scenario& s, const engine::Results& r) {
  Answer a;
  a.basis = "answer.compare";
  a.compared = s.answer.compare;
  std::vector<Compared> items;
  for (const auto& m : s.answer.compare) items.push_back({subject_of(m), m, engine::metric_value(r, m)});
  a.sentences.push_back(comparison_sentence(items));
  // Training runs compared on any field: what decides between the fastest two.
  std::vector<const engine::TrainingResult*> runs;
  for (const auto& m : s.answer.compare) {
    const auto path = split_metric(m);
    if (path.kind != "training") continue;
    for (const auto& t : r.training) if (t.name == path.subject && t.estimate.status == perf::EstimateStatus::ok) runs.push_back(&t);
  }
  if (runs.size() >= 2) {
    std::stable_sort(runs.begin(), runs.end(), [](const auto* x, const auto* y) { return x->estimate.time_s < y->estimate.time_s; });
    if (auto why = training_deciding_sentence(s, *runs[0], *runs[1], a.deciding_factor); !why.empty()) a.sentences.push_back(why);
  }
  a.model_error = model_error_sentence(metric_workloads(s, r, s.answer.compare));
  return a;
}

/// The grid point whose axis values are the base scenario's (else the first point).
std::size_t base_point(const engine::Scenario& s, const sweep::SweepResult& swept) {
  std::vector<std::optional<double>> base;
  for (const auto& path : swept.axis_paths) {
    const auto ref = engine::resolve_parameter(s, path);
    base.push_back(ref ? std::optional(engine::get_parameter(s, *ref)) : std::nullopt);
  }
  for (std::size_t i = 0; i < swept.points.size(); ++i) {
    bool same = true;
    for (std::size_t a = 0; a < base.size(); ++a) same = same && base[a] && std::fabs(swept.points[i].axis_values[a] - *base[a]) <= 1e-9 * std::fabs(*base[a]);
    if (same) return i;
  }
  return 0;
}


/// With two metrics and a grid: the grid points where their order differs from `point`'s (by
/// the middle of their bands), or that it holds everywhere.
std::string order_over_grid(const sweep::SweepResult& swept, const std::vector<std::size_t>& metrics, std::size_t lo, std::size_t hi, std::size_t point) {
  if (swept.points.size() < 2 || metrics.size() != 2) return "";
  auto middle = [&](std::size_t p, std::size_t m) {
    const auto& ms = swept.points[p].metrics[metrics[m]];
    return ms.count == 0 ? std::optional<double>() : std::optional((ms.percentiles[lo] + ms.percentiles[hi]) / 2);
  };
  const auto a0 = middle(point, 0), b0 = middle(point, 1);
  if (!a0 || !b0) return "";
  std::vector<std::string> flipped;
  for (std::size_t p = 0; p < swept.points.size(); ++p) {
    const auto a = middle(p, 0), b = middle(p, 1);
    if (a && b && ((*a < *b) != (*a0 < *b0))) flipped.push_back(point_text(swept, p));
  }
  if (flipped.empty()) return "; the order is the same at all " + grouped(static_cast<double>(swept.points.size())) + " grid points";
  return "; the order reverses at " + join_and(flipped);
}

}  // namespace

std::string subject_of(const std::string& metric) {
  const auto m = split_metric(metric);
  std::string who = m.subject.empty() ? "the fleet" : m.subject;
  if (const auto at = who.find('@'); at != std::string::npos) who = who.substr(0, at) + " on " + who.substr(at + 1);
  if (const auto period = m.period(); !period.empty()) who += " in " + period;
  return who;
}

std::string point_text(const sweep::SweepResult& swept, std::size_t i) {
  std::vector<std::string> parts;
  for (std::size_t a = 0; a < swept.axis_paths.size(); ++a) {
    const double v = swept.points[i].axis_values[a];
    const auto& labels = a < swept.axis_labels.size() ? swept.axis_labels[a] : std::vector<std::string>{};
    const auto k = static_cast<std::size_t>(v);
    parts.push_back(swept.axis_paths[a] + " = " + (v >= 0 && k < labels.size() ? labels[k] : sig(v, 6)));
  }
  return join_and(parts);
}

std::string comparison_sentence(const std::vector<Compared>& items) {
  if (items.empty()) return "";
  const auto first = split_metric(items.front().metric);
  const bool one_field = std::all_of(items.begin(), items.end(), [&](const Compared& c) { return split_metric(c.metric).bare_field() == first.bare_field(); });
  std::vector<std::string> parts;
  if (!one_field) {
    for (const auto& c : items) {
      const auto path = split_metric(c.metric);
      const auto d = display_of(path.bare_field(), path.kind);
      parts.push_back(c.label + ": " + std::string(d.quantity) + " " + (c.value ? value_text(*c.value, d) + " " + std::string(d.unit) : "unknown"));
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return capitalised(out) + ".";
  }
  const auto d = display_of(first.bare_field(), first.kind);
  for (const auto& c : items) parts.push_back(c.label + " " + (c.value ? value_text(*c.value, d) : "unknown"));
  std::string out = capitalised(d.quantity) + " (" + std::string(d.unit) + "): " + join_and(parts);
  const auto best = best_index(items, d.better);
  std::optional<std::size_t> next;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i == best || !items[i].value) continue;
    const bool closer = !next || std::fabs(*items[i].value - *items[*best].value) < std::fabs(*items[*next].value - *items[*best].value);
    if (closer) next = i;
  }
  if (best && next && *items[*next].value != 0) {
    const double b = *items[*best].value, n = *items[*next].value;
    const bool lower = b < n;
    out += "; " + items[*best].label + " is " + percent(std::fabs(b / n - 1)) + (lower ? " lower" : " higher") + " than " + items[*next].label;
  }
  return out + ".";
}

std::string band_sentence(const std::vector<std::string>& metrics, const std::vector<std::string>& labels, const sweep::SweepResult& swept,
                          std::size_t point) {
  if (swept.points.empty() || swept.percentiles.size() < 2 || swept.samples_per_point < 2) return "";
  const auto [lo_it, hi_it] = std::minmax_element(swept.percentiles.begin(), swept.percentiles.end());
  const auto lo = static_cast<std::size_t>(lo_it - swept.percentiles.begin()), hi = static_cast<std::size_t>(hi_it - swept.percentiles.begin());
  const std::string band = "P" + sig(*lo_it, 2) + "–P" + sig(*hi_it, 2);
  std::vector<std::string> parts;
  std::vector<std::pair<double, double>> ranges;
  std::vector<std::size_t> found;  // indexes into swept.metric_names of the metrics with a band
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    const auto m = std::find(swept.metric_names.begin(), swept.metric_names.end(), metrics[k]);
    if (m == swept.metric_names.end()) continue;
    const auto path = split_metric(metrics[k]);
    const auto d = display_of(path.bare_field(), path.kind);
    const auto& ms = swept.points[point].metrics[static_cast<std::size_t>(m - swept.metric_names.begin())];
    if (ms.count == 0) continue;
    found.push_back(static_cast<std::size_t>(m - swept.metric_names.begin()));
    ranges.emplace_back(ms.percentiles[lo], ms.percentiles[hi]);
    parts.push_back(labels[k] + " " + value_text(ms.percentiles[lo], d) + "–" + value_text(ms.percentiles[hi], d) + " " + std::string(d.unit));
  }
  if (parts.empty()) return "";
  std::string out = "Over " + grouped(static_cast<double>(swept.samples_per_point)) + " samples of the uncertain inputs (" + band + "): " + join_and(parts);
  if (!swept.axis_paths.empty()) out += " at " + point_text(swept, point);
  if (ranges.size() == 2) {
    const bool apart = ranges[0].second < ranges[1].first || ranges[1].second < ranges[0].first;
    out += apart ? "; the bands do not overlap" : "; the bands overlap, so the order is not certain";
    out += order_over_grid(swept, found, lo, hi, point);
  }
  return out + ".";
}

}  // namespace detail

std::string Answer::text() const {
  std::string out;
  for (const auto& s : sentences) out += (out.empty() ? "" : " ") + s;
  return out;
}

Answer answer_question(const engine::Scenario& s, const engine::Results& r, const sweep::SweepResult* swept) {
  using namespace detail;
  Answer a = !s.answer.compare.empty() ? stated_answer(s, r)
             : !r.training.empty()     ? training_answer(s, r)
             : !r.inference.empty()    ? serving_answer(s, r)
             : !r.projection.empty()   ? projection_answer(s, r)
             : !r.kernels.empty()      ? kernels_answer(s, r)
                                       : capacity_answer(s, r);
  if (swept) {
    std::vector<std::string> labels;
    for (const auto& m : a.compared) {
      // A projection metric without a month is the last period's: say which.
      const bool last = m.starts_with("projection.") && m.find('@') == std::string::npos && !r.projection.empty();
      labels.push_back(subject_of(m) + (last ? " in " + r.projection.back().period.str() : ""));
    }
    if (auto band = band_sentence(a.compared, labels, *swept, base_point(s, *swept)); !band.empty()) {
      if (a.sentences.size() >= kMaxSentences) a.sentences.resize(kMaxSentences - 1);
      a.sentences.push_back(band);
    }
    // What the scenario asked to difference says more than a second level: it goes first.
    if (auto difference = difference_sentence(*swept); !difference.empty()) {
      if (a.sentences.size() >= kMaxSentences) a.sentences.resize(kMaxSentences - 1);
      a.sentences.insert(a.sentences.begin() + std::min<std::ptrdiff_t>(1, static_cast<std::ptrdiff_t>(a.sentences.size())), difference);
    }
  }
  return a;
}

std::string model_error_of(const engine::Scenario& s, const engine::Results& r, const std::vector<std::string>& metrics) {
  return detail::model_error_sentence(detail::metric_workloads(s, r, metrics));
}

std::string model_error_of_placements(const engine::Scenario& s, const std::vector<std::pair<std::string, std::string>>& services,
                                      const std::vector<std::pair<std::string, std::string>>& runs) {
  std::vector<detail::WorkloadError> workloads;
  for (const auto& [name, pool] : runs) {
    if (auto e = detail::training_error_on(s, name, pool)) workloads.push_back(*e);
  }
  for (const auto& [name, pool] : services) {
    if (auto e = detail::serving_error_on(s, name, pool)) workloads.push_back(*e);
  }
  return detail::model_error_sentence(workloads);
}

Answer answer_regime_comparison(const engine::Scenario& s, const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs) {
  return detail::regime_comparison_answer(s, regimes, runs);
}

}  // namespace flopcast::report
