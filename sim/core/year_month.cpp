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
  // YYYY-MM or YYYY-MM-DD; the day is accepted (YAML users write full dates) and dropped.
  if (text.size() != 7 && text.size() != 10) return std::nullopt;
  if (text[4] != '-' || (text.size() == 10 && text[7] != '-')) return std::nullopt;
  int y = 0, m = 0, d = 1;
  auto num = [](std::string_view s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
  };
  if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m)) return std::nullopt;
  if (text.size() == 10 && !num(text.substr(8, 2), d)) return std::nullopt;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return YearMonth{y, m};
}

}  // namespace flopcast::core
