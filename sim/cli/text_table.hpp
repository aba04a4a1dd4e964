// Aligned plain-text tables for terminal output.
#pragma once

#include <string>
#include <vector>

namespace flopcast::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header, std::vector<bool> right_aligned = {});
  void add(std::vector<std::string> row);
  [[nodiscard]] std::string str() const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// Fixed-point with thousands separators: 12345.6 -> "12,346" (decimals = 0).
std::string grouped(double v, int decimals = 0);

}  // namespace flopcast::cli
