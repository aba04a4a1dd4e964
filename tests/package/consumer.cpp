// Uses the installed engine API: builds a one-pool fleet in code and evaluates it.
#include <cstdio>

#include "flopcast/engine/evaluate.hpp"

int main() {
  flopcast::engine::Scenario s;
  s.name = "consumer";
  flopcast::fleet::Pool pool;
  pool.name = "p";
  pool.chip.id = "x";
  pool.chip.dense_peak_flop_per_s[static_cast<std::size_t>(flopcast::catalog::Precision::bf16)] = 1e15;
  pool.count = 10;
  s.fleet.pools.push_back(pool);
  const auto r = flopcast::engine::evaluate(s);
  // 10 chips x 1 PFLOP/s = 1e16 FLOP/s
  const double peak = r.fleet_total.peak_flop_per_s[static_cast<std::size_t>(flopcast::catalog::Precision::bf16)];
  std::printf("fleet bf16 peak %g\n", peak);
  return peak == 1e16 ? 0 : 1;
}
