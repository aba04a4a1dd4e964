// Plausibility warnings of evaluated results, as sentences (cold path: the estimates carry only
// bits, so evaluation allocates nothing for them).
#include "flopcast/engine/warnings.hpp"

#include "flopcast/engine/evaluate.hpp"

namespace flopcast::engine {

std::vector<RunWarning> run_warnings(const Scenario& s, const Results& r) {
  std::vector<RunWarning> out;
  for (std::size_t i = 0; i < r.training.size() && i < s.training.size(); ++i) {
    const auto& tr = r.training[i];
    const auto& run = s.training[i];
    if (!tr.step || !tr.layout || tr.step->warnings == 0 || run.pools.size() != 1) continue;
    const auto in = training_step_inputs(s, run, find_pool(s, run.pools.front()), *tr.layout);
    for (auto& text : perf::describe_warnings(*tr.step, in)) out.push_back({"training", tr.name, std::move(text)});
  }
  for (const auto& ir : r.inference) {
    if (!ir.estimate.feasible || ir.estimate.warnings == 0) continue;
    for (auto& text : perf::describe_warnings(ir.estimate, find_pool(s, ir.pool).chip)) {
      out.push_back({"inference", ir.name + " on " + ir.pool, std::move(text)});
    }
  }
  return out;
}

}  // namespace flopcast::engine
