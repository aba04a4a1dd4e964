#include "flopcast/core/number_text.hpp"

#include <cmath>
#include <cstdio>

namespace flopcast::core {

std::string grouped(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  if (std::fabs(v) >= 1e15) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string s(buf);
  const auto dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot);
  for (int i = static_cast<int>(int_part.size()) - 3; i > 0; i -= 3) int_part.insert(static_cast<std::size_t>(i), ",");
  // A negative value that rounds to zero prints without its sign ("0", not "-0").
  const bool negative = v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals);
  return (negative ? "-" : "") + int_part + frac;
}

}  // namespace flopcast::core
