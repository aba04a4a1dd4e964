// The built-in catalog and regimes, loaded once for the whole test binary.
#pragma once

#include "flopcast/scenario/load.hpp"

namespace flopcast::test {

const catalog::Catalog& builtin_catalog();
const scenario::RegimeLoad& builtin_regimes();

}  // namespace flopcast::test
