// A small mixed-integer linear program and its solution by GLPK (internal to the mix module):
// the model is built as plain data, so it can be inspected, relaxed and solved again.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flopcast::mix::detail {

struct Milp {
  struct Column {
    std::string name;
    double lo = 0, hi = 0;  ///< hi < 0: no upper bound
    bool integer = true;
    double cost = 0;        ///< objective coefficient
  };
  struct Row {
    std::string name;
    std::optional<double> lo, hi;  ///< lo <= sum <= hi; either may be absent
    std::vector<std::pair<std::size_t, double>> terms;  ///< (column, coefficient)
  };
  bool maximise = false;
  std::vector<Column> columns;
  std::vector<Row> rows;

  std::size_t add_column(Column c) {
    columns.push_back(std::move(c));
    return columns.size() - 1;
  }
  std::size_t add_row(Row r) {
    rows.push_back(std::move(r));
    return rows.size() - 1;
  }
};

struct MilpSolution {
  enum class Status { optimal, infeasible, time_limit, failed };
  Status status = Status::failed;
  double objective = 0;
  std::vector<double> values;    ///< per column
  std::vector<double> lp_duals;  ///< per row: the LP relaxation's duals (empty if it did not solve)
  std::string message;           ///< what went wrong, for a failed or timed-out solve
  /// How far the objective may be from the optimum, in objective units: the incumbent less the
  /// best bound when branch and cut stopped (0 when it closed the search).
  double gap = 0;
};

/// Relative gap at which branch and cut stops: the answer's objective is within this fraction of
/// the best possible (the default of CPLEX and Gurobi). Proving a gap of 0 on covering problems
/// with thousands of replicas can take longer than any time limit.
inline constexpr double kRelativeGap = 1e-4;

/// Solves `m` to the relative gap `kRelativeGap` with GLPK's branch and cut, after the LP
/// relaxation whose duals it keeps; gives up after `time_limit_s`. With `node_limit` > 0 it
/// stops after that many branch-and-bound nodes once it has a solution, and returns it with its
/// proven `gap`. Every coefficient and bound must be finite.
MilpSolution solve(const Milp& m, double time_limit_s, long long node_limit = 0);

}  // namespace flopcast::mix::detail
