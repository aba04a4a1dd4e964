// Domestic production as a model (eq. P3c-P3e in docs/fleet-over-time.md): chips made from
// inputs (HBM stacks, logic dies from wafers or a die bank, assembly capacity) that are bounded
// per period, and flows of those inputs that supply-side controls can cut from a date.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/core/year_month.hpp"

namespace flopcast::fleet {

/// A flow into a production input: so many units a year over a window, cut by a regime's supply
/// controls that name its `control` tag (e.g. "hbm-imports") for the producing country.
struct InputFlow {
  double per_year = 0;
  std::optional<core::YearMonth> from, to;
  std::string control;  ///< tag a supply control cuts; "" = no control can touch it
};

/// A shared input of production: HBM stacks, dies, wafers or assembly slots.
struct ProductionInput {
  std::string name;   ///< e.g. "hbm", "tsmc-die-bank", "smic-7nm-wafers"
  std::string unit;   ///< what one unit is (stacks, dies, wafers, chips): for reports
  /// A capacity (wafer starts, assembly slots) is used in its period or lost; goods (stacks,
  /// dies) that are not used stay in stock for later periods.
  bool capacity = false;
  double stock = 0;   ///< goods on hand from `stock_from` (a stockpile, a die bank)
  std::optional<core::YearMonth> stock_from;
  std::vector<InputFlow> flows;
  double scale = 1;   ///< multiplies stock and flows (for uncertainty around the stated figures)
};

/// One alternative source of a need: `input`, converted by dies per wafer and yield when the
/// input is wafers and the need is dies (units of input per unit of need = 1 / (dpw x yield)).
struct NeedSource {
  std::string input;
  int input_index = -1;      ///< filled by prepare_projection
  double dies_per_wafer = 0; ///< 0: the input is counted in the need's own unit
  double yield = 1;
  [[nodiscard]] double units_per_need() const { return dies_per_wafer > 0 ? 1.0 / (dies_per_wafer * yield) : 1.0; }
};

/// What one chip consumes: `amount` of a need (8 HBM stacks, 2 logic dies), met from the sources
/// in order (the die bank first, then new wafers).
struct ProductionNeed {
  std::string what;  ///< "hbm", "dies": for reports
  double amount = 0;
  std::vector<NeedSource> sources;
};

/// A chip made from the inputs. Products draw on shared inputs in the order they are listed.
struct ProductionLine {
  std::string chip_id;
  std::optional<core::YearMonth> from, to;
  std::vector<ProductionNeed> needs;
};

struct Production {
  std::string country;  ///< where production happens (ISO alpha-2): the scope supply controls are tested on
  std::vector<ProductionInput> inputs;
  std::vector<ProductionLine> products;
  [[nodiscard]] bool empty() const { return products.empty(); }
};

/// What bound a product in a period (eq. P3d): the need whose inputs ran out first, or demand.
struct ProductBound {
  double capacity = 0;  ///< chips the inputs allowed this period
  double made = 0;      ///< chips made (at most the capacity; what buyers took)
  int binding_need = -1;  ///< index into the product's needs; -1 when no need bound (demand did)
};

}  // namespace flopcast::fleet
