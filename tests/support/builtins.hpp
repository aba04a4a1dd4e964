// The built-in catalog and regimes, loaded once for the whole test binary.
#pragma once

#include <string>

#include "flopcast/scenario/load.hpp"

namespace flopcast::test {

const catalog::Catalog& builtin_catalog();
const scenario::RegimeLoad& builtin_regimes();

/// The YAML of a small fleet projection the sweep tests share: a CN buyer of 400k H20, 100k H100
/// and 200k 910C a year over 2025-2026 under oct2023 then apr2025-h20. Tests append sweep: and
/// uncertain: sections.
std::string cn_buyer_projection_yaml(const std::string& name);

}  // namespace flopcast::test
