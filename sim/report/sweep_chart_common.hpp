// Shared pieces of the sweep charts (tornado, fan, vs fleet size): statistics bands, the first
// axis as a chart axis, number and name formatting, the key metrics (internal to the report module).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charts.hpp"
#include "flopcast/core/units.hpp"
#include "metric_display.hpp"

namespace flopcast::report::detail {

constexpr std::size_t kMaxTornados = 6;        // tornado charts per sweep
constexpr std::size_t kMaxTornadoInputs = 12;  // bars per tornado (largest swings)
constexpr std::size_t kMaxTornadoPanels = 4;   // grid points per tornado (evenly spaced beyond)
constexpr std::size_t kMaxLabelledTics = 12;   // axis values printed as tics; more: automatic tics
constexpr std::array<std::string_view, 2> kTrainingKeyFields{"time_days", "cost_usd"};
constexpr std::array<std::string_view, 3> kInferenceKeyFields{"chips_needed", "decode_tokens_per_s_per_chip", "prefill_tokens_per_s_per_chip"};
constexpr std::array<std::string_view, 4> kProjectionKeyFields{"effective_flop_per_s", "cumulative_training_flops", "served_tokens_per_day",
                                                               "h100e_by_throughput"};

/// Data numbers: six significant digits, C locale, same bytes everywhere.
std::string g6(double v);
/// 12000 -> "12,000"; non-integers with four significant digits.
std::string readable(double v);
/// A file-name-safe form of a run or service name ("chat/fast" -> "chat-fast").
std::string file_safe(const std::string& s);

/// Which statistics draw the band and the line: the lowest and highest percentiles asked for
/// (min and max if fewer than two) and P50 (the mean if it was not asked for).
struct Bands {
  std::optional<std::size_t> lo, mid, hi;
  std::string lo_name = "min", mid_name = "mean", hi_name = "max";

  explicit Bands(const std::vector<double>& percentiles);
  [[nodiscard]] double low(const sweep::MetricSummary& m) const { return lo ? m.percentiles[*lo] : m.min; }
  [[nodiscard]] double middle(const sweep::MetricSummary& m) const { return mid ? m.percentiles[*mid] : m.mean; }
  [[nodiscard]] double high(const sweep::MetricSummary& m) const { return hi ? m.percentiles[*hi] : m.max; }
  [[nodiscard]] std::string band() const { return lo_name + "-" + hi_name; }
};

/// The first sweep axis as a chart axis: label with unit, a short name for titles, the factor
/// from SI to the unit shown, and the value in the scenario file.
struct AxisDisplay {
  std::string path, label, name, unit;
  double scale = 1;
  std::optional<double> base;  ///< the parameter's value in the scenario, in the unit shown
  std::optional<std::string> pool;  ///< set when the axis is a pool's count
};

AxisDisplay axis_display(const engine::Scenario& s, const std::string& path);

/// The unit a parameter of dimension `d` is shown in, and the factor from SI to it.
struct UnitDisplay {
  std::string unit;
  double scale = 1;
};
UnitDisplay display_unit(core::Dimension d);

/// "fleet.pools[gpu].count = 1,000 chips", or "regime = oct2023" for a named axis: the first
/// grid point's value of the first axis, for subtitles.
std::string first_point_axis_text(const sweep::SweepResult& r, const AxisDisplay& axis);
/// The same for grid point `point`: "regime = timeline" (axis `index`, the first by default).
std::string point_axis_text(const sweep::SweepResult& r, const AxisDisplay& axis, std::size_t point, std::size_t index = 0);
/// Every axis's value at grid point `point`: "regime = timeline, fleet.pools[gpu].count = 8,000 chips".
std::string point_axes_text(const engine::Scenario& s, const sweep::SweepResult& r, std::size_t point);

/// The grid points along the first axis, in axis order. With more axes (a Cartesian grid), the
/// other axes stay at the first point's values; zipped axes all advance, so every point is used.
std::vector<std::size_t> first_axis_points(const sweep::SweepResult& r);

/// `set xtics` at the axis values (with or without labels), or automatic tics for many values.
std::string xtics_command(const sweep::SweepResult& r, const std::vector<std::size_t>& points, double scale, bool labels);

/// A gnuplot array literal of strings: "a", "b".
std::string gp_string_list(const std::vector<std::string>& items);

/// A name as a quoted data-file string (gnuplot data strings have no escapes).
std::string dat_string(const std::string& s);

/// "%.2f" for values around 9, "%.0f" around 1,900: three significant digits of `typical`, and
/// enough decimals to tell apart values `step` apart (at most four).
std::string value_format(double typical, double step);

/// A run or service as a legend entry: its name and where its metrics come from. A training
/// run's metrics cover all its pools; a service's are those of its first (service, pool) row
/// (engine/metrics.hpp): its first co-located pool, else its first prefill pool.
std::string series_name(const engine::Scenario& s, const MetricPath& m);

struct SweepContext {
  const engine::Scenario& s;
  const sweep::SweepResult& r;
  std::string version;
  Bands bands;
  std::string samples_text;  ///< "20,000 samples per grid point"
  std::string source;

  SweepContext(const engine::Scenario& scenario, const sweep::SweepResult& result, std::string v);

  [[nodiscard]] std::optional<std::size_t> metric_index(const std::string& name) const {
    for (std::size_t i = 0; i < r.metric_names.size(); ++i) if (r.metric_names[i] == name) return i;
    return std::nullopt;
  }
};

/// The key metrics, in chart order: each field in turn (training time, chips needed, training
/// cost, decode and prefill throughput), for every run or service that has it, so a capped set
/// of tornados covers runs and services before it covers a second field of each.
std::vector<std::string> key_metrics(const sweep::SweepResult& r);

// One file per chart family.
std::optional<ChartFiles> tornado(const SweepContext& c, const std::string& metric);                    // tornado_chart.cpp
std::optional<ChartFiles> fan(const SweepContext& c, std::string_view kind, std::string_view field);    // fan_charts.cpp
std::optional<ChartFiles> fan_over_time(const SweepContext& c, std::string_view field);                 // fan_charts.cpp
std::optional<ChartFiles> vs_fleet_size(const SweepContext& c);                                         // fleet_size_chart.cpp

}  // namespace flopcast::report::detail
