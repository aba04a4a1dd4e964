// The table of unit spellings flopcast accepts, per dimension (internal to core).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "flopcast/core/units.hpp"

namespace flopcast::core::detail {

struct UnitSpelling {
  std::string_view text;  ///< stored in a static table, so string_view is safe
  Dimension dimension;
  double si_factor;  ///< multiply the written number by this to get SI
};

/// Every accepted unit spelling (prefixed forms included), built once.
const std::vector<UnitSpelling>& unit_spellings();

/// The spelling `text` in any dimension, if it is one.
std::optional<UnitSpelling> find_unit(std::string_view text, std::optional<Dimension> in_dimension);

/// The canonical unit printed for a dimension ("FLOP/s", "B", "B/s", ...), empty for counts.
std::string_view canonical_unit(Dimension d);

}  // namespace flopcast::core::detail
