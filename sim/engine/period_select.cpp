// Period selection for metric paths: "@YYYY" (every period starting in the year), "@YYYY-MM"
// (the period containing the month), or none (the last period).
#include "period_select.hpp"

#include <algorithm>
#include <string>

namespace flopcast::engine::detail {

std::optional<std::pair<std::size_t, std::size_t>> select_periods(const std::vector<core::YearMonth>& periods, std::string_view when) {
  if (periods.empty()) return std::nullopt;
  if (when.empty()) return std::pair{periods.size() - 1, periods.size() - 1};
  if (when.size() == 4 && std::all_of(when.begin(), when.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int year = std::stoi(std::string(when));
    std::optional<std::size_t> first, last;
    for (std::size_t k = 0; k < periods.size(); ++k) {
      if (periods[k].year != year) continue;
      if (!first) first = k;
      last = k;
    }
    if (!first) return std::nullopt;
    return std::pair{*first, *last};
  }
  const auto month = core::parse_year_month(when);
  if (!month) return std::nullopt;
  for (std::size_t k = 0; k < periods.size(); ++k) {
    // A period runs to the next one's start; the last one is as long as the one before it.
    const int length = k + 1 < periods.size() ? periods[k + 1].index() - periods[k].index()
                       : periods.size() > 1   ? periods[k].index() - periods[k - 1].index()
                                              : 1;
    if (periods[k] <= *month && month->index() < periods[k].index() + length) return std::pair{k, k};
  }
  return std::nullopt;
}

}  // namespace flopcast::engine::detail
