// Differences between grid points in words and tables: the paired differences a sweep computed
// on common random numbers (sweep.differences), scaled to each metric's display unit.
#include "flopcast/report/sweep_differences.hpp"

#include <algorithm>
#include <cmath>

#include "answer_parts.hpp"
#include "metric_display.hpp"
#include "prose.hpp"
#include "sweep_chart_common.hpp"

namespace flopcast::report {
namespace {

constexpr std::string_view kDelta = "delta.";

}  // namespace

DifferenceTable difference_table(const sweep::SweepResult& r) {
  DifferenceTable t;
  if (r.points.size() < 2) return t;
  const detail::Bands bands(r.percentiles);  // the charts' band: lowest and highest percentile, P50
  t.low_name = bands.lo_name;
  t.middle_name = bands.mid_name;
  t.high_name = bands.hi_name;
  t.baseline_text = detail::point_text(r, 0);
  for (std::size_t p = 1; p < r.points.size(); ++p) {
    for (std::size_t m = 0; m < r.metric_names.size(); ++m) {
      const auto& name = r.metric_names[m];
      if (!name.starts_with(kDelta)) continue;
      DifferenceRow row;
      row.point = p;
      row.point_text = detail::point_text(r, p);
      row.metric = name.substr(kDelta.size());
      const auto path = detail::split_metric(row.metric);
      const auto d = detail::display_of(path.bare_field(), path.kind);
      row.quantity = std::string(d.quantity);
      row.unit = std::string(d.unit);
      const auto& ms = r.points[p].metrics[m];
      row.samples = ms.count;
      row.missing = ms.missing;
      if (ms.count > 0) {
        row.mean = ms.mean * d.scale;
        row.low = bands.low(ms) * d.scale;
        row.middle = bands.middle(ms) * d.scale;
        row.high = bands.high(ms) * d.scale;
      }
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

namespace detail {

std::string difference_sentence(const sweep::SweepResult& r) {
  const auto t = difference_table(r);
  const auto first = std::find_if(t.rows.begin(), t.rows.end(), [](const DifferenceRow& row) { return row.samples > 0; });
  if (first == t.rows.end()) return "";
  const auto& row = *first;
  const bool sampled = r.samples_per_point > 1;
  const bool unchanged = row.mean == 0 && row.low == 0 && row.high == 0;
  const std::string verb = unchanged ? " leaves " : row.mean < 0 ? " lowers " : row.mean > 0 ? " raises " : " changes ";
  std::string out = "Against " + t.baseline_text + ", " + row.point_text + verb + subject_of(row.metric) + "'s " + row.quantity;
  if (unchanged) return out + " unchanged" + (sampled ? " in the " + t.low_name + "–" + t.high_name + " band of the draws." : ".");
  out += " by " + prose::sig(std::fabs(row.mean)) + " " + row.unit;
  if (!sampled) return out + ".";
  out += " on average (" + t.low_name + "–" + t.high_name + " of the paired difference: " + prose::sig(row.low) + " to " + prose::sig(row.high) + " " +
         row.unit + ", over the same " + prose::grouped(static_cast<double>(r.samples_per_point)) + " draws of the uncertain inputs)";
  // P_high < 0: at least P_high % of the draws lie below zero; P_low > 0: at least 100 - P_low % above
  // (without two percentiles the band is min to max: every draw).
  const detail::Bands bands(r.percentiles);
  const double below = bands.hi ? r.percentiles[*bands.hi] : 100, above = bands.lo ? 100 - r.percentiles[*bands.lo] : 100;
  if (row.high < 0) out += "; lower in at least " + prose::sig(below) + " % of the draws";
  else if (row.low > 0) out += "; higher in at least " + prose::sig(above) + " % of the draws";
  else out += "; the band includes zero, so even the sign is not certain";
  // The input that moves this point's difference most (sensitivities are sorted by swing within a
  // point and metric).
  const auto driver = std::find_if(r.sensitivities.begin(), r.sensitivities.end(),
                                   [&](const sweep::Sensitivity& x) { return x.point == row.point && x.metric == "delta." + row.metric; });
  if (driver != r.sensitivities.end()) {
    const auto path = split_metric(row.metric);
    const double scale = display_of(path.bare_field(), path.kind).scale;
    out += "; " + driver->input + " moves it most (" + prose::sig(driver->at_low * scale) + " to " + prose::sig(driver->at_high * scale) + " " + row.unit +
           " from its P5 to its P95)";
  }
  return out + ".";
}

}  // namespace detail
}  // namespace flopcast::report
