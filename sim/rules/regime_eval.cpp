// Evaluating a regime for one chip and destination: three-valued conditions, first match decides.
#include <algorithm>
#include <cmath>

#include "flopcast/core/assert.hpp"
#include "flopcast/rules/rule_verdict.hpp"

namespace flopcast::rules {
namespace {

// Thresholds in rule text are exact ("TPP >= 4,800"), but chip metrics are products of decimal
// datasheet figures; a relative tolerance keeps 4,000 GB/s from failing ">= 4000 GB/s" by rounding.
constexpr double kRelativeTolerance = 1e-9;

bool compare(double value, Comparison op, double threshold) {
  const double slack = kRelativeTolerance * std::fabs(threshold);
  switch (op) {
    case Comparison::at_least: return value >= threshold - slack;
    case Comparison::above: return value > threshold + slack;
    case Comparison::below: return value < threshold - slack;
    case Comparison::at_most: return value <= threshold + slack;
  }
  return false;
}

Truth from_bool(bool b) { return b ? Truth::yes : Truth::no; }

void add_unique(std::vector<Metric>& into, Metric m) {
  if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
}

void collect_metrics(const Condition& c, std::vector<Metric>& into) {
  if (c.kind == Condition::Kind::compare) add_unique(into, c.metric);
  for (const auto& child : c.children) collect_metrics(child, into);
}

/// Kleene logic: all is no if any child is no, else unknown if any is unknown; any is yes if
/// any child is yes, else unknown if any is unknown.
Truth combine(const Condition& c, const catalog::ChipSpec& chip, const ChipMetrics& m, std::vector<Metric>* unknown) {
  const Truth decisive = c.kind == Condition::Kind::all ? Truth::no : Truth::yes;
  bool saw_unknown = false;
  std::vector<Metric> pending;  // unknown metrics matter only if no child decides
  for (const auto& child : c.children) {
    const Truth t = evaluate_condition(child, chip, m, &pending);
    if (t == decisive) return decisive;
    saw_unknown = saw_unknown || t == Truth::unknown;
  }
  if (!saw_unknown) return c.kind == Condition::Kind::all ? Truth::yes : Truth::no;
  if (unknown) for (Metric x : pending) add_unique(*unknown, x);
  return Truth::unknown;
}

}  // namespace

std::optional<double> ChipMetrics::value(Metric m) const {
  switch (m) {
    case Metric::tpp: return tpp;
    case Metric::performance_density: return performance_density;
    case Metric::hbm_bandwidth: return hbm_bytes_per_s;
    case Metric::interconnect_bidirectional: return interconnect_bidir_bytes_per_s;
    case Metric::hbm_bandwidth_density: return hbm_bandwidth_density;
  }
  return std::nullopt;
}

ChipMetrics chip_metrics(const catalog::ChipSpec& chip) {
  ChipMetrics m;
  if (chip.specs_published) m.tpp = catalog::total_processing_performance(chip);
  m.performance_density = catalog::performance_density(chip);
  if (chip.hbm_bytes_per_s > 0) m.hbm_bytes_per_s = chip.hbm_bytes_per_s;
  // The catalog stores scale-up bandwidth per direction; 3A090 (2022) counts both directions.
  if (chip.scale_up_bytes_per_s > 0) m.interconnect_bidir_bytes_per_s = 2 * chip.scale_up_bytes_per_s;
  // HBM bandwidth density needs the stack area, which the catalog does not hold; and HBM
  // co-packaged with a logic die is excluded from 3A090.c anyway [FR24].
  return m;
}

Truth evaluate_condition(const Condition& c, const catalog::ChipSpec& chip, const ChipMetrics& m, std::vector<Metric>* unknown) {
  switch (c.kind) {
    case Condition::Kind::all:
    case Condition::Kind::any: return combine(c, chip, m, unknown);
    case Condition::Kind::negate: {
      FLOPCAST_ASSERT(c.children.size() == 1, "a negation has exactly one child");
      const Truth t = evaluate_condition(c.children.front(), chip, m, unknown);
      return t == Truth::unknown ? t : from_bool(t == Truth::no);
    }
    case Condition::Kind::compare: {
      const auto v = m.value(c.metric);
      if (!v) {
        if (unknown) add_unique(*unknown, c.metric);
        return Truth::unknown;
      }
      return from_bool(compare(*v, c.op, c.threshold));
    }
    case Condition::Kind::named_chips: return from_bool(std::find(c.chips.begin(), c.chips.end(), chip.id) != c.chips.end());
    case Condition::Kind::datacenter: return from_bool(chip.datacenter == c.datacenter);
    case Condition::Kind::item: return from_bool(c.item == ItemKind::accelerator);  // catalog chips are accelerators
  }
  return Truth::no;
}

Verdict classify_chip(const ExportRegime& regime, const catalog::ChipSpec& chip, std::string_view destination,
                      const DestinationTable& destinations) {
  Verdict v;
  v.regime_id = regime.id;
  v.destination = std::string(destination);
  v.metrics = chip_metrics(chip);
  const std::string treated = destinations.treated_country(destination);
  for (const auto& rule : regime.rules) {
    if (!rule.destinations.covers(destination) && !rule.destinations.covers(treated)) continue;
    std::vector<Metric> unknown;
    const Truth t = evaluate_condition(rule.when, chip, v.metrics, &unknown);
    if (t == Truth::no) continue;
    v.rule = &rule;
    collect_metrics(rule.when, v.metrics_used);
    if (t == Truth::unknown) {
      v.determined = false;
      v.unknown_metrics = std::move(unknown);
    } else {
      v.outcome = rule.outcome;
    }
    return v;
  }
  return v;
}

}  // namespace flopcast::rules
