// Plain-text table layout: widths from the widest cell, numbers right-aligned.
#include "text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace flopcast::cli {
namespace {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count UTF-8 code points
  return n;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
    : header_(std::move(header)), right_(std::move(right_aligned)) {
  right_.resize(header_.size(), false);
}

void TextTable::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

std::string TextTable::str() const {
  std::vector<std::size_t> width(header_.size());
  for (std::size_t i = 0; i < header_.size(); ++i) {
    width[i] = display_width(header_[i]);
    for (const auto& r : rows_) width[i] = std::max(width[i], display_width(r[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(width[i] - display_width(cells[i]), ' ');
      out += (i ? "  " : "") + (right_[i] ? pad + cells[i] : cells[i] + (i + 1 < cells.size() ? pad : ""));
    }
    return out + "\n";
  };
  std::string out = line(header_);
  std::string rule;
  for (std::size_t i = 0; i < width.size(); ++i) rule += (i ? "  " : "") + std::string(width[i], '-');
  out += rule + "\n";
  for (const auto& r : rows_) out += line(r);
  return out;
}

std::string grouped(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  if (std::fabs(v) >= 1e15) {  // %.*f would need up to 309 digits and was cut off at 63: a wrong number
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string s(buf);
  const auto dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot);
  for (int i = static_cast<int>(int_part.size()) - 3; i > 0; i -= 3) int_part.insert(static_cast<std::size_t>(i), ",");
  return (v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + int_part + frac;
}

}  // namespace flopcast::cli
