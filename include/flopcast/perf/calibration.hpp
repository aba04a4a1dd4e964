// The performance models' calibration constants (defined with the catalog, which loads the
// fitted values from scenarios/catalog/calibration.yaml; docs/models/calibration.md).
#pragma once

#include "flopcast/catalog/calibration.hpp"

namespace flopcast::perf {

using catalog::Calibration;

/// The struct's initial values: the starting point of `flopcast calibrate`. Runs use the fitted
/// values of the catalog (`Catalog::calibration()`); this is for code that has no catalog.
const Calibration& default_calibration();

}  // namespace flopcast::perf
