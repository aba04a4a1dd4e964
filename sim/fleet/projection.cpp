// Fleet projection over time (eq. P1-P8 in docs/models/fleet.md).
#include "flopcast/fleet/projection.hpp"

#include <algorithm>
#include <cmath>

#include "flopcast/rules/rule_verdict.hpp"

namespace flopcast::fleet {
namespace {

bool active_at(const std::optional<core::YearMonth>& from, const std::optional<core::YearMonth>& to, core::YearMonth t) {
  return (!from || *from <= t) && (!to || t <= *to);
}

const rules::ExportRegime* regime_at(const ProjectionInputs& in, core::YearMonth t) {
  const rules::ExportRegime* r = nullptr;
  for (const auto& step : in.regimes) {
    if (step.from <= t) r = &step.regime;  // steps are sorted by `from`
  }
  return r;
}

/// eq. P2: the expected share of wanted chips an export regime lets through.
double permitted_share(const ProjectionInputs& in, const rules::ExportRegime* regime, const Actor& a, const ProcurementLine& l,
                       ChipPeriod& out) {
  out.outcome = "allowed";
  if (l.leakage) {
    out.outcome = "leakage";
    return 1.0;
  }
  if (!regime) return 1.0;
  if (l.chip.origin != "US") {
    // The shipped regimes are US export controls: a chip of another origin (Huawei's for a
    // Chinese buyer) is not an export they decide (reference section 2c notes).
    out.outcome = "not-controlled-origin";
    return 1.0;
  }
  const auto v = rules::classify_chip(*regime, l.chip, a.destination, in.destinations);
  out.rule = v.rule ? v.rule->id : "";
  if (!v.determined) {
    out.outcome = "unknown";
    return 1.0;  // a rule needs a metric the catalog lacks: counted as allowed, and flagged
  }
  out.outcome = std::string(core::enum_token(rules::outcome_names(), v.outcome));
  out.fee_share = v.rule && v.rule->fee_share ? *v.rule->fee_share : 0.0;
  switch (v.outcome) {
    case rules::Outcome::allowed: return 1.0;
    case rules::Outcome::denied: return 0.0;
    default: return v.rule && v.rule->approval_probability ? *v.rule->approval_probability : in.licence_approval;
  }
}

}  // namespace

std::vector<ActorPeriod> project_fleet(const ProjectionInputs& in) {
  const int periods = in.timeline.periods();
  const double period_years = in.timeline.step_months / 12.0;
  const double period_s = period_years * 365.25 * 86400;
  const int life = std::max(1, static_cast<int>(std::lround(in.service_life_s / period_s)));
  // deliveries[actor][line][period]: the history retirement needs (eq. P5).
  std::vector<std::vector<std::vector<double>>> deliveries(in.actors.size());
  for (std::size_t a = 0; a < in.actors.size(); ++a) deliveries[a].assign(in.actors[a].lines.size(), std::vector<double>(static_cast<std::size_t>(periods)));
  std::vector<ActorPeriod> out;
  for (int k = 0; k < periods; ++k) {
    const auto t = in.timeline.period(k);
    const auto* regime = regime_at(in, t);
    // eq. P1-P2: wanted and permitted per actor and line.
    std::vector<std::vector<ChipPeriod>> lines(in.actors.size());
    std::map<std::string, double> demand;  // permitted, non-leakage, per chip id
    for (std::size_t a = 0; a < in.actors.size(); ++a) {
      for (const auto& l : in.actors[a].lines) {
        ChipPeriod c;
        c.chip_id = l.chip.id;
        if (active_at(l.from, l.to, t)) c.wanted = l.per_year * period_years;
        c.permitted = c.wanted * permitted_share(in, regime, in.actors[a], l, c);
        if (!l.leakage) demand[l.chip.id] += c.permitted;
        lines[a].push_back(c);
      }
    }
    // eq. P3: a supply cap shared pro rata to permitted demand.
    std::map<std::string, double> supply_scale;
    for (const auto& [chip, wanted] : demand) {
      double cap = 0;
      bool capped = false;
      for (const auto& s : in.supply) {
        if (s.chip_id == chip && active_at(s.from, s.to, t)) {
          cap += s.per_year * period_years;
          capped = true;
        }
      }
      supply_scale[chip] = capped && wanted > cap ? cap / wanted : 1.0;
    }
    for (std::size_t a = 0; a < in.actors.size(); ++a) {
      const auto& actor = in.actors[a];
      ActorPeriod ap;
      ap.period = t;
      ap.actor = actor.name;
      ap.regime = regime ? regime->id : "";
      // eq. P3-P4: supply, then the budget (fees and tariffs raise the price).
      double spend = 0;
      for (std::size_t i = 0; i < actor.lines.size(); ++i) {
        auto& c = lines[a][i];
        const double scale = actor.lines[i].leakage ? 1.0 : supply_scale[c.chip_id];
        ap.supply_limited = ap.supply_limited || scale < 1.0;
        c.delivered = c.permitted * scale;
        spend += c.delivered * actor.lines[i].chip.price_usd.value_or(0) * (1 + c.fee_share);
      }
      if (actor.budget_usd_per_year && spend > *actor.budget_usd_per_year * period_years) {
        const double b = *actor.budget_usd_per_year * period_years / spend;
        for (auto& c : lines[a]) c.delivered *= b;
        spend *= b;
        ap.budget_limited = true;
      }
      ap.spend_usd = spend;
      // eq. P5: installed = deliveries of the last `life` periods.
      std::map<std::string, ChipPeriod> by_chip;
      std::map<std::string, const catalog::ChipSpec*> specs;
      for (std::size_t i = 0; i < actor.lines.size(); ++i) {
        deliveries[a][i][static_cast<std::size_t>(k)] = lines[a][i].delivered;
        double installed = 0;
        for (int j = std::max(0, k - life + 1); j <= k; ++j) installed += deliveries[a][i][static_cast<std::size_t>(j)];
        auto& c = by_chip[lines[a][i].chip_id];
        if (c.chip_id.empty()) c = lines[a][i], c.wanted = c.permitted = c.delivered = 0;
        c.wanted += lines[a][i].wanted;
        c.permitted += lines[a][i].permitted;
        c.delivered += lines[a][i].delivered;
        c.installed += installed;
        specs[c.chip_id] = &actor.lines[i].chip;
      }
      // eq. P6: a power cap switches chips off pro rata.
      double power = 0;
      for (const auto& [id, c] : by_chip) power += c.installed * specs[id]->power_w().value_or(0) * in.pue;
      const double on = actor.power_cap_w && power > *actor.power_cap_w ? *actor.power_cap_w / power : 1.0;
      ap.power_limited = on < 1.0;
      for (auto& [id, c] : by_chip) {
        c.active = c.installed * on;
        const auto& chip = *specs[id];
        ap.installed_chips += c.installed;
        ap.active_chips += c.active;
        ap.peak_bf16_flop_per_s += c.active * chip.peak(catalog::Precision::bf16);
        ap.peak_fp8_flop_per_s += c.active * chip.peak(catalog::Precision::fp8);
        // eq. P7: effective compute from the calibrated reference workload.
        const auto ref = in.reference_flop_per_s.find(id);
        const double flops = ref == in.reference_flop_per_s.end() ? 0.0 : ref->second;
        ap.effective_flop_per_s += c.active * flops;
        ap.h100e_by_tpp += c.active * catalog::h100_equivalents_by_tpp(chip);
        if (in.h100_reference_flop_per_s > 0) ap.h100e_by_throughput += c.active * flops / in.h100_reference_flop_per_s;
        ap.power_w += c.active * chip.power_w().value_or(0) * in.pue;
        ap.chips.push_back(c);
      }
      ap.training_flops = ap.effective_flop_per_s * period_s;  // eq. P8
      out.push_back(std::move(ap));
    }
  }
  return out;
}

}  // namespace flopcast::fleet
