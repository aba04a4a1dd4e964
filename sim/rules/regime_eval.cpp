// Evaluating a regime for one chip and destination: three-valued conditions, first match decides.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

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

/// A set of metrics, one bit per Metric: what a condition reads, or needed but found unknown.
using MetricSet = unsigned;
MetricSet bit(Metric m) { return 1U << static_cast<unsigned>(m); }

void append_metrics(MetricSet set, std::vector<Metric>& into) {
  for (const auto& m : metric_names()) {
    if ((set & bit(m.value)) && std::find(into.begin(), into.end(), m.value) == into.end()) into.push_back(m.value);
  }
}

/// A condition's truth, and the unknown metrics that made it unknown.
struct Evaluated {
  Truth truth = Truth::no;
  MetricSet unknown = 0;
};

/// Evaluates one condition tree for one chip. Named conditions are shared nodes that a tree may
/// reach many times (`all: [{meets: C}, {meets: C}]`, nested); each is evaluated once and then
/// read from `memo`, so the cost is linear in the number of distinct nodes.
class Evaluator {
 public:
  Evaluator(const catalog::ChipSpec& chip, const ChipMetrics& m) : chip_(chip), m_(m) {}

  Evaluated operator()(const Condition& c) {
    if (c.label.empty()) return evaluate(c);
    if (const auto it = memo_.find(&c); it != memo_.end()) return it->second;
    const Evaluated e = evaluate(c);
    memo_.emplace(&c, e);
    return e;
  }

 private:
  Evaluated evaluate(const Condition& c) {
    switch (c.kind) {
      case Condition::Kind::all:
      case Condition::Kind::any: return combine(c);
      case Condition::Kind::negate: {
        FLOPCAST_ASSERT(c.children.size() == 1 && c.children.front(), "a negation has exactly one child");
        const Evaluated e = (*this)(*c.children.front());
        return e.truth == Truth::unknown ? e : Evaluated{from_bool(e.truth == Truth::no), 0};
      }
      case Condition::Kind::compare: {
        const auto v = m_.value(c.metric);
        if (!v) return {Truth::unknown, bit(c.metric)};
        return {from_bool(compare(*v, c.op, c.threshold)), 0};
      }
      case Condition::Kind::named_chips:
        return {from_bool(std::find(c.chips.begin(), c.chips.end(), chip_.id) != c.chips.end()), 0};
      case Condition::Kind::datacenter: return {from_bool(chip_.datacenter == c.datacenter), 0};
      case Condition::Kind::item: return {from_bool(c.item == ItemKind::accelerator), 0};  // catalog chips are accelerators
      case Condition::Kind::available_in_us:
        return {chip_.available_in_us ? from_bool(*chip_.available_in_us == c.datacenter) : Truth::unknown, 0};
      case Condition::Kind::origin: return {from_bool(std::find(c.chips.begin(), c.chips.end(), chip_.origin) != c.chips.end()), 0};
    }
    return {};
  }

  /// Kleene logic: all is no if any child is no, else unknown if any is unknown; any is yes if
  /// any child is yes, else unknown if any is unknown. Unknown metrics matter only if no child decides.
  Evaluated combine(const Condition& c) {
    const Truth decisive = c.kind == Condition::Kind::all ? Truth::no : Truth::yes;
    bool saw_unknown = false;
    MetricSet pending = 0;
    for (const auto& child : c.children) {
      const Evaluated e = (*this)(*child);
      if (e.truth == decisive) return {decisive, 0};
      saw_unknown = saw_unknown || e.truth == Truth::unknown;
      pending |= e.unknown;
    }
    if (!saw_unknown) return {c.kind == Condition::Kind::all ? Truth::yes : Truth::no, 0};
    return {Truth::unknown, pending};
  }

  const catalog::ChipSpec& chip_;
  const ChipMetrics& m_;
  std::unordered_map<const Condition*, Evaluated> memo_;  ///< named nodes only: the only shared ones
};

/// The metrics a condition reads, visiting each shared named node once.
MetricSet metrics_read(const Condition& c, std::unordered_set<const Condition*>& seen) {
  if (!c.label.empty() && !seen.insert(&c).second) return 0;
  MetricSet out = c.kind == Condition::Kind::compare ? bit(c.metric) : 0;
  for (const auto& child : c.children) out |= metrics_read(*child, seen);
  return out;
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
  const Evaluated e = Evaluator(chip, m)(c);
  if (unknown && e.truth == Truth::unknown) append_metrics(e.unknown, *unknown);
  return e.truth;
}

Verdict classify_chip(const ExportRegime& regime, const catalog::ChipSpec& chip, std::string_view destination,
                      const DestinationTable& destinations, std::string_view headquarters) {
  Verdict v;
  v.regime_id = regime.id;
  v.destination = std::string(destination);
  v.metrics = chip_metrics(chip);
  const std::string treated = destinations.treated_country(destination);
  const std::string hq = headquarters.empty() ? treated : destinations.treated_country(headquarters);
  for (const auto& rule : regime.rules) {
    const bool by_destination = rule.destinations.covers(destination) || rule.destinations.covers(treated);
    if (!by_destination && !rule.headquarters.covers(hq)) continue;
    FLOPCAST_ASSERT(rule.when != nullptr, "a bound rule has a condition");
    const Evaluated e = Evaluator(chip, v.metrics)(*rule.when);
    if (e.truth == Truth::no) continue;
    v.rule = &rule;
    std::unordered_set<const Condition*> seen;
    append_metrics(metrics_read(*rule.when, seen), v.metrics_used);
    if (e.truth == Truth::unknown) {
      v.determined = false;
      append_metrics(e.unknown, v.unknown_metrics);
    } else {
      v.outcome = rule.outcome;
    }
    return v;
  }
  return v;
}

}  // namespace flopcast::rules
