// How far the performance models are off on published measurements they were not fitted to:
// the held-out (leave-one-source-out) |error| per workload family and chip vendor, generated
// from tests/validation/ into scenarios/catalog/model-error.yaml (docs/models/calibration.md,
// "The honest error") and quoted beside every answer that rests on the step or serving model.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flopcast::catalog {

/// The held-out |relative error| of one group of validation cases.
struct HeldOutError {
  std::string family;  ///< workload_family(): "dense training", "MoE training", ...
  std::string vendor;  ///< a chip vendor as the catalog spells it, or kAllVendors
  int cases = 0;       ///< cases with a held-out prediction
  double median = 0;   ///< median |error|
  double p80 = 0;      ///< 80th percentile |error| (nearest rank): one case in five is further off
  double max = 0;      ///< the largest |error|
};

inline constexpr std::string_view kAllVendors = "all";
/// Fewer cases than this on one vendor's chips say too little: the family's row over all
/// vendors is quoted instead.
inline constexpr int kMinVendorCases = 5;

/// "dense training", "MoE training", "dense serving" or "MoE serving": how validation cases and
/// the runs they vouch for are grouped.
std::string workload_family(bool moe, bool training);

struct ModelErrorTable {
  std::vector<HeldOutError> rows;

  /// The row to quote for a workload of `family` on `vendor`'s chips: the vendor's own with at
  /// least kMinVendorCases cases, else the family's over all vendors; nullptr if neither exists.
  [[nodiscard]] const HeldOutError* find(std::string_view family, std::string_view vendor) const;
};

}  // namespace flopcast::catalog
