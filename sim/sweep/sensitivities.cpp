// One-at-a-time sensitivities (tornado data): at every grid point, each uncertain input at its P5
// and its P95, the others at their medians; for each difference, the swing of (this grid point -
// the first) with both at the same inputs (docs/sweeps.md#differences).
#include <algorithm>
#include <cmath>
#include <iterator>

#include "distributions.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep::detail {

namespace {

/// The differenced metrics at the baseline (the first grid point), as read, for each setting of
/// the inputs in the order point_sensitivities makes them: all at their medians, then each input
/// at its P5 and at its P95. Recorded at the baseline and read at every other point, so the
/// baseline is evaluated once.
using BaselineReadings = std::vector<std::vector<std::optional<double>>>;

/// The swings at one grid point: levels at `point`, and (for a point past the baseline, when the
/// sweep has differences) each difference between `point` and the baseline, both on the same
/// inputs: what drives the difference itself.
void point_sensitivities(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t point, BaselineReadings& baseline, std::vector<Sensitivity>& out) {
  const bool differences = !c.differences.empty() && point > 0, record = !c.differences.empty() && point == 0;
  engine::Scenario s = c.base;
  apply_point(spec, point, s);
  const std::size_t metrics = c.metrics.size(), columns = metrics + (differences ? c.differences.size() : 0);
  auto set_all_medians = [&] {
    for (const auto& v : spec.variables) engine::set_parameter(s, v.parameter, detail::quantile(v.distribution, 0.5));
  };
  engine::Results r;
  std::size_t setting = 0;
  // Every column of the scenario as it stands: levels, then differences. A difference's
  // magnitude: the larger of its two sides, seen over every evaluation here.
  std::vector<double> magnitude(columns, 0.0);
  auto read_columns = [&](std::vector<std::optional<double>>& values) {
    engine::evaluate_into(s, r);
    values.assign(columns, std::nullopt);
    for (std::size_t m = 0; m < metrics; ++m) {
      const auto v = engine::read_metric(r, c.metrics[m]);
      if (v && std::isfinite(*v)) values[m] = v;
    }
    if (record) {
      auto& row = baseline.emplace_back();
      for (const std::size_t m : c.differences) row.push_back(engine::read_metric(r, c.metrics[m]));
    }
    for (std::size_t d = metrics; d < columns; ++d) {
      const auto a = engine::read_metric(r, c.metrics[c.differences[d - metrics]]), b = baseline[setting][d - metrics];
      values[d] = difference(a, b);
      if (values[d]) magnitude[d] = std::max({magnitude[d], std::fabs(*a), std::fabs(*b)});
    }
    ++setting;
  };
  // The base: every input at its median, nothing else moved.
  set_all_medians();
  std::vector<std::optional<double>> base, low, high;
  read_columns(base);
  std::vector<Sensitivity> found;
  for (const auto& v : spec.variables) {
    for (int side = 0; side < 2; ++side) {
      set_all_medians();
      engine::set_parameter(s, v.parameter, detail::quantile(v.distribution, side ? 0.95 : 0.05));
      read_columns(side ? high : low);
    }
    for (std::size_t m = 0; m < columns; ++m) {
      if (!low[m] || !high[m] || *low[m] == *high[m]) continue;  // inputs that do not move a metric are not listed
      found.push_back({v.parameter.path, c.metric_names[m], *low[m], *high[m], std::fabs(*high[m] - *low[m]), base[m], point});
    }
  }
  // Two large equal sides differ by rounding (0.06 tokens/day of 420T): that is not a swing.
  // (A difference's magnitude is known once every input has moved.)
  std::erase_if(found, [&](const Sensitivity& x) {
    const auto m = static_cast<std::size_t>(std::find(c.metric_names.begin(), c.metric_names.end(), x.metric) - c.metric_names.begin());
    return m >= metrics && x.swing <= 1e-9 * magnitude[m];
  });
  out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

}  // namespace

std::vector<Sensitivity> sensitivities(const engine::SweepSpec& spec, const Compiled& c) {
  std::vector<Sensitivity> out;
  if (spec.variables.empty()) return out;
  BaselineReadings baseline;
  for (std::uint64_t p = 0; p < spec.points(); ++p) point_sensitivities(spec, c, p, baseline, out);
  std::stable_sort(out.begin(), out.end(), [](const Sensitivity& a, const Sensitivity& b) {
    if (a.point != b.point) return a.point < b.point;
    return a.metric != b.metric ? a.metric < b.metric : a.swing > b.swing;
  });
  return out;
}

}  // namespace flopcast::sweep::detail
