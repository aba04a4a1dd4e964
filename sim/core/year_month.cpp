// Calendar months: parsing "2026-03" and printing them back.
#include "flopcast/core/year_month.hpp"

#include <charconv>
#include <cstdio>

namespace flopcast::core {

std::string YearMonth::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
  // YYYY-MM or YYYY-MM-DD; the day is accepted (YAML users write full dates) and dropped, but
  // only a day the month has (2026-02-30 is a typo, not February).
  if (text.size() != 7 && text.size() != 10) return std::nullopt;
  if (text[4] != '-' || (text.size() == 10 && text[7] != '-')) return std::nullopt;
  int y = 0, m = 0, d = 1;
  auto num = [](std::string_view s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
  };
  if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m)) return std::nullopt;
  if (text.size() == 10 && !num(text.substr(8, 2), d)) return std::nullopt;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return YearMonth{y, m};
}

}  // namespace flopcast::core
