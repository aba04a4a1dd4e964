// The steps of one period of a fleet projection (internal to the fleet module): what each step
// reads and writes is in PeriodContext and the scratch arrays, so project_fleet_into() is a
// sequence of calls and each step is one decision.
#pragma once

#include <vector>

#include "flopcast/fleet/projection.hpp"

namespace flopcast::fleet::detail {

constexpr double kSecondsPerYear = 365.25 * 86400;

inline bool active_at(const std::optional<core::YearMonth>& from, const std::optional<core::YearMonth>& to, core::YearMonth t) {
  return (!from || *from <= t) && (!to || t <= *to);
}

/// Whether [from, to] overlaps the period starting at t of `months` months (production windows
/// and volume availability: a chip released in May is there in the April quarter).
inline bool overlaps(const std::optional<core::YearMonth>& from, const std::optional<core::YearMonth>& to, core::YearMonth t, int months) {
  return (!from || from->index() < t.index() + months) && (!to || t <= *to);
}

/// A line's verdict where no export controls are in force: every chip passes, no fee.
inline const LineVerdict kNoExportControls{};

/// One period of the projection, as the steps see it.
struct PeriodContext {
  const ProjectionInputs& in;
  ProjectionScratch& w;
  std::vector<ActorPeriod>& out;  ///< every period's rows (earlier periods are read for the installed stock)
  int k = 0;                      ///< period index
  core::YearMonth t;
  double years = 0, seconds = 0;  ///< the period's length
  int life = 1;                   ///< service life in periods
  const LineVerdict* exports = nullptr;  ///< [line] of the export step in force; null: no controls
  const LineVerdict* imports = nullptr;  ///< [line] of the import step in force; null: none
  const double* flow_share = nullptr;    ///< [flow] of the export step in force; null: every flow whole
  ProductPeriod* made = nullptr;         ///< [product] of this period, or null
  const std::string* regime_id = nullptr;  ///< the export regime in force, or null

  [[nodiscard]] ActorPeriod* row() const { return &out[static_cast<std::size_t>(k) * in.actors.size()]; }
  /// Inline: the procurement steps ask it for every line many times a period.
  [[nodiscard]] const LineVerdict& export_verdict(std::size_t line) const { return exports ? exports[line] : kNoExportControls; }
  [[nodiscard]] double import_share(std::size_t line) const { return imports ? imports[line].import_share_at(t) : 1.0; }
  [[nodiscard]] const ProcurementLine& line(std::size_t a, std::size_t li) const {
    return in.actors[a].lines[li - static_cast<std::size_t>(in.actor_first_line[a])];
  }
  /// Share of wanted chips of a line the regimes let in this period (export x import side).
  [[nodiscard]] double pass_share(std::size_t li) const {
    return export_verdict(li).export_share(t, in.licence_approval) * import_share(li);
  }
  /// The actor's budget this period (inf without one), grown from the timeline start.
  [[nodiscard]] double budget(std::size_t a) const;
};

// procurement.cpp: eq. P1-P2b, P4.
void begin_period(const PeriodContext& p);
void apply_volume_caps(const PeriodContext& p);
void estimate_demand(const PeriodContext& p);
void allocate_orders(const PeriodContext& p);
void settle_orders(const PeriodContext& p, std::size_t a);
void end_orders(const PeriodContext& p);  ///< fixed orders are settled: their quantity reservations end
double quantity_left(const PeriodContext& p, std::size_t li);  ///< H100e (by TPP) the line's quantity caps still allow
void reserve_quantity(const PeriodContext& p, std::size_t li, double chips);
void use_quantity(const PeriodContext& p, std::size_t li, double chips);

// options.cpp: eq. P12.
void buy_options(const PeriodContext& p, std::size_t a);

// supply.cpp: eq. P3-P3e.
void start_supply(const ProjectionInputs& in, ProjectionScratch& w);
void supply_caps(const PeriodContext& p);
void produce(const PeriodContext& p);
void draw_supply(const PeriodContext& p);

// fleet_stock.cpp: eq. P5-P7, P11.
void tally_fleet(const PeriodContext& p, std::size_t a);

// allocation.cpp: eq. P8-P10a.
void split_work(const PeriodContext& p, std::size_t a);

}  // namespace flopcast::fleet::detail
