// Text helpers for chart templates and data files (internal to the report module).
#pragma once

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace flopcast::report::detail {

inline std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [key, value] : fields) {
    const std::string marker = "@" + key + "@";
    for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos + value.size())) {
      text.replace(pos, marker.size(), value);
    }
  }
  return text;
}

/// gnuplot string literal content: escape what a double-quoted gnuplot string treats specially.
inline std::string gp_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

inline std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}


}  // namespace flopcast::report::detail
