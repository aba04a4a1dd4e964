// Text helpers for chart templates and data files (internal to the report module).
#pragma once

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace flopcast::report::detail {

/// Replaces every occurrence of `from` in `text` with `to` (left to right, not rescanning `to`).
inline void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) text.replace(pos, from.size(), to);
}

inline std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [key, value] : fields) replace_all(text, "@" + key + "@", value);
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
