// Goodput from failures and checkpoints (eq. G1-G3 in docs/models/training.md).
#include "flopcast/perf/goodput.hpp"

#include <algorithm>
#include <cmath>

namespace flopcast::perf {

Goodput estimate_goodput(const GoodputInputs& in) {
  Goodput g;
  if (in.chips <= 0 || in.chip_mtbf_s <= 0) return g;
  g.fleet_mtbf_s = in.chip_mtbf_s / in.chips;                                   // eq. G1
  g.interruptions_per_day = 86400.0 / g.fleet_mtbf_s;
  g.checkpoint_interval_s = std::sqrt(2.0 * in.checkpoint_write_s * g.fleet_mtbf_s);  // eq. G2 (Young)
  // eq. G3: lost to writing checkpoints, plus per failure half an interval of redone work and the restart.
  const double checkpoint = g.checkpoint_interval_s > 0 ? in.checkpoint_write_s / g.checkpoint_interval_s : 0.0;
  const double failures = (g.checkpoint_interval_s / 2 + in.restart_s) / g.fleet_mtbf_s;
  g.fraction = std::clamp(1.0 - checkpoint - failures, 0.0, 1.0);
  return g;
}

}  // namespace flopcast::perf
