// Goodput: the share of wall-clock time a large run spends making progress, given failures,
// checkpointing and restarts (Young 1974 / Daly 2006). Equations: docs/models/training.md eq. G1-G3.
#pragma once

namespace flopcast::perf {

struct GoodputInputs {
  double chips = 0;
  double chip_mtbf_s = 0;         ///< mean time between interruptions caused by one chip (with its share of host and network)
  double checkpoint_write_s = 0;  ///< time the run stalls to write a checkpoint
  double restart_s = 0;           ///< time from an interruption to training again
};

struct Goodput {
  double fraction = 1;            ///< useful time / wall-clock time
  double fleet_mtbf_s = 0;        ///< chip MTBF / chips
  double checkpoint_interval_s = 0;  ///< Young/Daly optimum sqrt(2 x write x fleet MTBF)
  double interruptions_per_day = 0;
};

Goodput estimate_goodput(const GoodputInputs& in);

/// The default per-chip MTBF: Llama 3 saw 419 unexpected interruptions in 54 days on 16,384
/// H100 (arXiv 2407.21783, section 3.3.4): 54 x 24 h x 16,384 / 419 = 50,700 chip-hours.
inline constexpr double llama3_chip_mtbf_s = 54.0 * 86400.0 * 16384.0 / 419.0;

}  // namespace flopcast::perf
