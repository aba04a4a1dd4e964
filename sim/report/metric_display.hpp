// How each metric field reads to a person: what it measures, its unit and basis, the factor from
// the metric's own unit (engine/metrics.hpp), and which way is better. One table for charts,
// answers and reports (internal to the report module).
#pragma once

#include <string>
#include <string_view>

namespace flopcast::report::detail {

enum class Better { lower, higher, neither };

struct MetricDisplay {
  std::string_view field, quantity, unit;
  double scale;  ///< metric value x scale = the value in `unit`
  Better better = Better::neither;
};

/// The display of a field; `kind` "projection" picks the country-scale units of fleets over
/// time. A field not in the table shows as itself, in the unit of sweep.csv.
MetricDisplay display_of(std::string_view field, std::string_view kind = "");

/// "training.<run>.time_days" -> {"training", "<run>", "time_days"}; "fleet.chips" -> {"fleet", "", "chips"}.
/// A projection field keeps its "@YYYY-MM" (see `period`).
struct MetricPath {
  std::string kind, subject, field;
  [[nodiscard]] std::string bare_field() const { return field.substr(0, field.find('@')); }
  [[nodiscard]] std::string period() const {
    const auto at = field.find('@');
    return at == std::string::npos ? "" : field.substr(at + 1);
  }
};
MetricPath split_metric(const std::string& m);

std::string capitalised(std::string_view s);

}  // namespace flopcast::report::detail
