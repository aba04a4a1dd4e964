// Aligned plain-text tables for terminal output.
#pragma once

#include <string>
#include <vector>

#include "flopcast/core/number_text.hpp"

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

using core::grouped;  ///< 12345.6 -> "12,346"

}  // namespace flopcast::cli
