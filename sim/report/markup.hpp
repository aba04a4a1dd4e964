// Escaping text for HTML and XML output (report.html, JUnit XML).
#pragma once

#include <string>

namespace flopcast::report {

/// Replaces & < > " with their entities.
inline std::string escape_markup(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace flopcast::report
