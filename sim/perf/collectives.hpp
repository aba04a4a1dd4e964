// Time of collective operations on scale-up and scale-out links (internal to perf).
#pragma once

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/perf/calibration.hpp"

namespace flopcast::perf::detail {

/// Per-direction link bandwidths, never zero: a chip without a positive figure for one link uses
/// the other, and one with neither is assumed to have a 100 Gb/s NIC (eq. C1). Dividing by an
/// unknown (0) bandwidth used to make communication time infinite.
double scale_up_bandwidth(const catalog::ChipSpec& chip);
double scale_out_bandwidth(const catalog::ChipSpec& chip);

/// Per-direction bandwidth a group of `group` chips communicates at: the scale-up link when the
/// group fits one scale-up domain, else the scale-out NIC (eq. C1).
double group_bandwidth(const catalog::ChipSpec& chip, long long group, const Calibration& cal);

/// Ring all-reduce of `bytes` over `group` chips: 2 (g-1)/g x bytes / bandwidth (eq. C2).
double all_reduce_s(double bytes, long long group, double bytes_per_s);

/// Ring all-gather or reduce-scatter: (g-1)/g x bytes / bandwidth (eq. C3).
double all_gather_s(double bytes, long long group, double bytes_per_s);

}  // namespace flopcast::perf::detail
