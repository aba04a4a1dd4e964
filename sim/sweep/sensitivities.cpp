// One-at-a-time sensitivities (tornado data): each uncertain input at its P5 and its P95, the
// others at their medians, at the first grid point; for each difference, the swing of (second
// grid point - first) with both at the same inputs (docs/sweeps.md#differences).
#include <algorithm>
#include <cmath>

#include "distributions.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep::detail {

std::vector<Sensitivity> sensitivities(const engine::SweepSpec& spec, const Compiled& c) {
  std::vector<Sensitivity> out;
  if (spec.variables.empty()) return out;
  // Levels at the first grid point; differences between the second point and the first, both
  // with the same inputs (the swing of the difference itself: what drives it).
  const bool differences = !c.differences.empty() && spec.points() > 1;
  engine::Scenario s = c.base, second = c.base;
  apply_point(spec, 0, s);
  if (differences) apply_point(spec, 1, second);
  const std::size_t metrics = c.metrics.size(), columns = metrics + (differences ? c.differences.size() : 0);
  auto set_all_medians = [&] {
    for (const auto& v : spec.variables) {
      engine::set_parameter(s, v.parameter, detail::quantile(v.distribution, 0.5));
      if (differences) engine::set_parameter(second, v.parameter, detail::quantile(v.distribution, 0.5));
    }
  };
  engine::Results r, r2;
  // Every column of the scenario as it stands: levels at the first point, then differences.
  // A difference's magnitude: the larger of its two sides, seen over every evaluation here.
  std::vector<double> magnitude(columns, 0.0);
  auto read_columns = [&](std::vector<std::optional<double>>& values) {
    engine::evaluate_into(s, r);
    if (differences) engine::evaluate_into(second, r2);
    values.assign(columns, std::nullopt);
    for (std::size_t m = 0; m < metrics; ++m) {
      const auto v = engine::read_metric(r, c.metrics[m]);
      if (v && std::isfinite(*v)) values[m] = v;
    }
    for (std::size_t d = metrics; d < columns; ++d) {
      const auto& ref = c.metrics[c.differences[d - metrics]];
      const auto a = engine::read_metric(r2, ref), b = engine::read_metric(r, ref);
      values[d] = difference(a, b);
      if (values[d]) magnitude[d] = std::max({magnitude[d], std::fabs(*a), std::fabs(*b)});
    }
  };
  // The base: every input at its median, nothing else moved.
  set_all_medians();
  std::vector<std::optional<double>> base, low, high;
  read_columns(base);
  for (std::size_t j = 0; j < spec.variables.size(); ++j) {
    for (int side = 0; side < 2; ++side) {
      set_all_medians();
      const double x = detail::quantile(spec.variables[j].distribution, side ? 0.95 : 0.05);
      engine::set_parameter(s, spec.variables[j].parameter, x);
      if (differences) engine::set_parameter(second, spec.variables[j].parameter, x);
      read_columns(side ? high : low);
    }
    for (std::size_t m = 0; m < columns; ++m) {
      if (!low[m] || !high[m] || *low[m] == *high[m]) continue;  // inputs that do not move a metric are not listed
      out.push_back({spec.variables[j].parameter.path, c.metric_names[m], *low[m], *high[m], std::fabs(*high[m] - *low[m]), base[m]});
    }
  }
  // Two large equal sides differ by rounding (0.06 tokens/day of 420T): that is not a swing.
  std::erase_if(out, [&](const Sensitivity& x) {
    const auto m = static_cast<std::size_t>(std::find(c.metric_names.begin(), c.metric_names.end(), x.metric) - c.metric_names.begin());
    return m >= metrics && x.swing <= 1e-9 * magnitude[m];
  });
  std::stable_sort(out.begin(), out.end(), [](const Sensitivity& a, const Sensitivity& b) {
    return a.metric != b.metric ? a.metric < b.metric : a.swing > b.swing;
  });
  return out;
}

}  // namespace flopcast::sweep::detail
