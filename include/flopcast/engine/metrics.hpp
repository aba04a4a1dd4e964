// Named metrics of a run ("training.<run>.mfu_bf16"), for validation cases, sweeps and checks.
// Resolve a name once to a MetricRef, then read it from any Results of the same scenario
// without allocating (the sweep hot path).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/engine/results.hpp"

namespace flopcast::engine {

struct MetricRef {
  enum class Kind { fleet, training, inference, projection, projection_chip, production, kernel };
  Kind kind = Kind::fleet;
  std::size_t index = 0;  ///< run, service, projection row or production row (the last one read)
  int field = 0;
  std::size_t chip_row = 0;  ///< projection_chip: the chip's row in the actor's period
  /// A year's flow (@YYYY): the sum of `count` rows ending at `index`, `stride` apart.
  std::size_t count = 1, stride = 1;
  /// A projection field of one row that needs no completeness check, read as
  /// row.*member x multiplier inline (the sweep records hundreds per sample); else null.
  double fleet::ActorPeriod::*member = nullptr;
  double multiplier = 1;
};

/// Paths (also kernel.<name>.{seconds, tflops} for a scenario's kernels:):
///   fleet.{chips, peak_bf16_flop_per_s, effective_flop_per_s, power_w, h100e_by_tpp, capex_usd,
///          facility_power_w}
///   training.<run>.{tokens_per_s_per_chip, model_tflops_per_chip, hardware_tflops_per_chip,
///                   mfu_bf16, step_s, time_days, chip_hours, energy_mwh, cost_usd, capex_usd,
///                   facility_power_w}
///   inference.<service>.{prefill_tokens_per_s_per_chip, decode_tokens_per_s_per_chip,
///                        output_tokens_per_s_per_chip, tpot_ms, chips_needed,
///                        usd_per_million_tokens, replicas_needed, capex_usd, facility_power_w,
///                        tco_usd_per_year, served_tokens_per_day, pool_share_left (the pool's
///                        share left, e.g. for training, once the demand has its whole replicas;
///                        negative when the pool is short)}  (the service's first pool row;
///                        inference.<service>@<pool or chip>.<field> for another)
///   projection.<actor>.<field>[@YYYY-MM | @YYYY]  (fleet over time; without @: the last period;
///     @YYYY: a flow summed over the year, a stock at the year's last period), field one of
///     installed_chips, active_chips, peak_bf16_flop_per_s, effective_flop_per_s (every active chip),
///     training_flop_per_s (training chips only), training_flops, cumulative_training_flops,
///     h100e_by_tpp, h100e_by_throughput, spend_usd, power_w, energy_mwh, electricity_usd,
///     bought_h100e, blocked_h100e, training_chips, serving_chips, serving_capacity_tokens_per_day,
///     demand_tokens_per_day, served_tokens_per_day, shortfall_tokens_per_day
///   projection.<actor>@<chip>.{delivered, smuggled, installed, active, training, blocked_h100e}[@...]
///   production.<chip>.{made, capacity}[@...]  (domestic production)
std::optional<MetricRef> resolve_metric(const Results& r, const std::string& path);

/// read_metric for every kind (the out-of-line part).
std::optional<double> read_metric_general(const Results& r, const MetricRef& m);

/// The metric's value, or nothing if the run is infeasible or the value is unknown.
inline std::optional<double> read_metric(const Results& r, const MetricRef& m) {
  if (m.member) return r.projection[m.index].*m.member * m.multiplier;
  return read_metric_general(r, m);
}

/// resolve_metric then read_metric.
std::optional<double> metric_value(const Results& r, const std::string& path);

/// Whether some actor of the projection serves (a demand, or chips allocated to serving): the
/// serving fields, columns and tables exist only then.
bool projection_serves(const Results& r);

/// The fields of one family of metrics ("fleet", "training", "inference", "kernel"): what may
/// follow `fleet.`, `training.<run>.`, ... (empty for another family). docs/scenario-format.md
/// lists them; a test holds the two together.
std::vector<std::string> metric_fields(std::string_view family);

/// Every metric name `resolve_metric` understands for `r`.
std::vector<std::string> metric_names(const Results& r);

}  // namespace flopcast::engine
