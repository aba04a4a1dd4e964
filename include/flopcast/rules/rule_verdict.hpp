// Classifying a chip under an export-control regime for one destination: which rule decides,
// with what outcome, fee and cap, and the metrics it was decided on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/rules/export_regime.hpp"

namespace flopcast::rules {

/// A chip's export-control metrics. Missing values are unknown, not zero: a condition on an
/// unknown metric can be undecidable (e.g. performance density without a published die area).
struct ChipMetrics {
  std::optional<double> tpp;                           ///< catalog::total_processing_performance; unknown without published figures
  std::optional<double> performance_density;           ///< TPP / logic-die mm²
  std::optional<double> hbm_bytes_per_s;               ///< DRAM bandwidth
  std::optional<double> interconnect_bidir_bytes_per_s;  ///< 2 x scale-up bandwidth per direction
  std::optional<double> hbm_bandwidth_density;         ///< bytes/s per mm² of HBM stack; unknown for accelerators

  [[nodiscard]] std::optional<double> value(Metric m) const;
};

/// Computes the metrics from a catalog entry (TPP and PD through catalog/chip_spec.hpp).
ChipMetrics chip_metrics(const catalog::ChipSpec& chip);

/// The result of classifying one chip under one regime for one destination.
struct Verdict {
  std::string regime_id;
  std::string destination;  ///< as asked, e.g. "HK"
  /// False when a rule in scope could not be decided because a metric it needs is unknown; the
  /// rules after it were not consulted, so `outcome` is not meaningful.
  bool determined = true;
  Outcome outcome = Outcome::allowed;  ///< allowed when no rule matched
  const Rule* rule = nullptr;          ///< the deciding (or undecidable) rule; null when none matched
  ChipMetrics metrics;
  std::vector<Metric> metrics_used;     ///< metrics the deciding rule's condition reads
  std::vector<Metric> unknown_metrics;  ///< when undetermined: the unknown metrics it needed

  [[nodiscard]] std::optional<double> fee_share() const { return rule ? rule->fee_share : std::nullopt; }
  [[nodiscard]] std::optional<double> volume_cap() const { return rule ? rule->volume_cap : std::nullopt; }
};

/// Three-valued truth of a condition: a metric that is unknown makes a comparison unknown.
enum class Truth { no, yes, unknown };

/// Evaluates `c` for a chip; appends the metrics that were needed but unknown to `unknown`.
Truth evaluate_condition(const Condition& c, const catalog::ChipSpec& chip, const ChipMetrics& m,
                         std::vector<Metric>* unknown = nullptr);

/// Classifies `chip` for export to `destination` (an ISO alpha-2 code) for a buyer headquartered
/// in `headquarters` ("" = the destination): the first rule, in order, whose scope covers the
/// destination (or the country it is treated as), or whose headquarters scope covers the buyer's
/// headquarters, and whose condition holds decides. No match -> allowed. The verdict points into
/// `regime`.
Verdict classify_chip(const ExportRegime& regime, const catalog::ChipSpec& chip, std::string_view destination,
                      const DestinationTable& destinations, std::string_view headquarters = {});

}  // namespace flopcast::rules
