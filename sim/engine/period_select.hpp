// Which periods of a timeline a metric's "@YYYY-MM" or "@YYYY" suffix reads (metrics.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "flopcast/core/year_month.hpp"

namespace flopcast::engine::detail {

/// Which of `periods` (ascending starts) a "@YYYY-MM" or "@YYYY" suffix reads: [first, last] by
/// position. A month reads the period that contains it (2026-03 in a quarterly timeline is the
/// 2026-01 quarter); a year every period starting in it; no suffix the last period.
std::optional<std::pair<std::size_t, std::size_t>> select_periods(const std::vector<core::YearMonth>& periods, std::string_view when);

}  // namespace flopcast::engine::detail
