// A calendar month, the time step of flopcast scenarios ("2026-03").
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace flopcast::core {

/// A calendar month. Months are the finest time resolution flopcast models.
struct YearMonth {
  int year = 0;
  int month = 1;  ///< 1..12

  /// Months since year 0, for arithmetic and ordering.
  [[nodiscard]] constexpr int index() const { return year * 12 + (month - 1); }
  [[nodiscard]] static constexpr YearMonth from_index(int i) { return {i / 12, i % 12 + 1}; }
  [[nodiscard]] constexpr YearMonth plus_months(int n) const { return from_index(index() + n); }
  [[nodiscard]] std::string str() const;  ///< "2026-03"

  friend constexpr auto operator<=>(const YearMonth& a, const YearMonth& b) { return a.index() <=> b.index(); }
  friend constexpr bool operator==(const YearMonth& a, const YearMonth& b) { return a.index() == b.index(); }
};

/// Parses "YYYY-MM" (also accepts "YYYY-MM-DD", keeping the month). Returns nothing if malformed.
std::optional<YearMonth> parse_year_month(std::string_view text);

}  // namespace flopcast::core
