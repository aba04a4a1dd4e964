// Evaluating a scenario's expect: conditions and writing JUnit XML for CI systems.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

struct ExpectationVerdict {
  std::string name;     ///< the expectation's name, or its condition spelled out
  std::string where;    ///< file:line
  bool pass = false;
  std::string message;  ///< "8.3 < 60" or why it failed
};

/// Checks every expectation of `s`: plain metrics on `r`; percentile ones on `swept` (at every
/// grid point; the worst point decides).
std::vector<ExpectationVerdict> check_expectations(const engine::Scenario& s, const engine::Results& r,
                                                   const sweep::SweepResult* swept);

/// JUnit XML: one <testsuite> per scenario, one <testcase> per expectation.
std::string junit_xml(const std::vector<std::pair<std::string, std::vector<ExpectationVerdict>>>& suites);

}  // namespace flopcast::report
