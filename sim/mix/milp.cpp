// The MILP through GLPK's C API (docs/dependencies.md says why GLPK).
#include "milp.hpp"

#include <algorithm>

#include <glpk.h>

#include <cfloat>
#include <cmath>
#include <memory>

#include "flopcast/core/assert.hpp"

namespace flopcast::mix::detail {
namespace {

struct ProblemDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

int bound_type(const std::optional<double>& lo, const std::optional<double>& hi) {
  if (lo && hi) return *lo == *hi ? GLP_FX : GLP_DB;
  if (lo) return GLP_LO;
  if (hi) return GLP_UP;
  return GLP_FR;
}

/// GLPK aborts the process on a non-finite coefficient; flopcast never hands it one.
void check_finite(const Milp& m) {
  for (const auto& c : m.columns) FLOPCAST_ASSERT(std::isfinite(c.lo) && std::isfinite(c.hi) && std::isfinite(c.cost), "non-finite MILP column " + c.name);
  for (const auto& r : m.rows) {
    FLOPCAST_ASSERT((!r.lo || std::isfinite(*r.lo)) && (!r.hi || std::isfinite(*r.hi)), "non-finite MILP row bound " + r.name);
    for (const auto& [j, a] : r.terms) FLOPCAST_ASSERT(std::isfinite(a) && j < m.columns.size(), "bad MILP term in row " + r.name);
  }
}

std::unique_ptr<glp_prob, ProblemDeleter> build(const Milp& m) {
  std::unique_ptr<glp_prob, ProblemDeleter> p(glp_create_prob());
  glp_set_obj_dir(p.get(), m.maximise ? GLP_MAX : GLP_MIN);
  if (!m.rows.empty()) glp_add_rows(p.get(), static_cast<int>(m.rows.size()));
  if (!m.columns.empty()) glp_add_cols(p.get(), static_cast<int>(m.columns.size()));
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const auto& r = m.rows[i];
    const int row = static_cast<int>(i) + 1;
    glp_set_row_bnds(p.get(), row, bound_type(r.lo, r.hi), r.lo.value_or(0), r.hi.value_or(0));
    for (const auto& [j, a] : r.terms) {
      ia.push_back(row);
      ja.push_back(static_cast<int>(j) + 1);
      ar.push_back(a);
    }
  }
  for (std::size_t j = 0; j < m.columns.size(); ++j) {
    const auto& c = m.columns[j];
    const int col = static_cast<int>(j) + 1;
    const bool upper = c.hi >= 0;
    glp_set_col_bnds(p.get(), col, upper ? (c.lo == c.hi ? GLP_FX : GLP_DB) : GLP_LO, c.lo, upper ? c.hi : 0);
    glp_set_obj_coef(p.get(), col, c.cost);
    if (c.integer) glp_set_col_kind(p.get(), col, GLP_IV);
  }
  glp_load_matrix(p.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  return p;
}

/// What branch and cut has proven so far, and when to stop.
struct Search {
  long long node_limit = 0;  ///< stop after this many node selections with an incumbent (0: never)
  long long nodes = 0;
  double gap = 0;            ///< |incumbent - best bound| when last seen
};

/// GLPK's callback: at each new incumbent and node selection, the proven gap; with a node limit,
/// stops the search there once an incumbent exists (a count of nodes, not seconds, so that the
/// answer is the same on any machine).
void watch_gap(glp_tree* tree, void* info) {
  const int reason = glp_ios_reason(tree);
  if (reason != GLP_IBINGO && reason != GLP_ISELECT) return;
  auto& search = *static_cast<Search*>(info);
  if (reason == GLP_ISELECT) ++search.nodes;
  const int node = glp_ios_best_node(tree);
  if (node == 0 || glp_ios_mip_gap(tree) == DBL_MAX) return;  // no open node, or no incumbent yet
  search.gap = std::fabs(glp_mip_obj_val(glp_ios_get_prob(tree)) - glp_ios_node_bound(tree, node));
  if (search.node_limit > 0 && search.nodes >= search.node_limit) glp_ios_terminate(tree);
}

}  // namespace

MilpSolution solve(const Milp& m, double time_limit_s, long long node_limit) {
  check_finite(m);
  MilpSolution out;
  glp_term_out(GLP_OFF);
  auto p = build(m);
  glp_scale_prob(p.get(), GLP_SF_AUTO);
  // The LP relaxation first: its basis starts branch and cut, and its duals are kept.
  glp_smcp lp;
  glp_init_smcp(&lp);
  lp.msg_lev = GLP_MSG_OFF;
  lp.presolve = GLP_ON;
  const int lp_ret = glp_simplex(p.get(), &lp);
  if (lp_ret == GLP_ENOPFS || (lp_ret == 0 && glp_get_status(p.get()) == GLP_NOFEAS)) {
    out.status = MilpSolution::Status::infeasible;
    return out;
  }
  if (lp_ret != 0 || glp_get_status(p.get()) != GLP_OPT) {
    out.message = "GLPK's simplex did not find the LP relaxation's optimum (code " + std::to_string(lp_ret) + ")";
    return out;
  }
  for (std::size_t i = 0; i < m.rows.size(); ++i) out.lp_duals.push_back(glp_get_row_dual(p.get(), static_cast<int>(i) + 1));
  if (std::none_of(m.columns.begin(), m.columns.end(), [](const Milp::Column& c) { return c.integer; })) {
    // A pure LP: the relaxation is the answer (glp_intopt leaves its MIP solution at zero then).
    out.status = MilpSolution::Status::optimal;
    out.objective = glp_get_obj_val(p.get());
    for (std::size_t j = 0; j < m.columns.size(); ++j) out.values.push_back(glp_get_col_prim(p.get(), static_cast<int>(j) + 1));
    return out;
  }
  glp_iocp mip;
  glp_init_iocp(&mip);
  mip.msg_lev = GLP_MSG_OFF;
  // Until 7 Dec 2026 the gap was 0 and no cuts were made: after a refit of the serving model the
  // national 140T mix's bound stalled between 1e-5 and 1e-4 of its incumbent and no time limit
  // proved the last replica; one of its "relaxed" re-solves still ran past 10 s at 1e-4 until
  // mixed-integer rounding, Gomory, cover and clique cuts and the feasibility pump were on
  // (then 1.5 s for the whole command).
  mip.mip_gap = kRelativeGap;
  mip.mir_cuts = GLP_ON;
  mip.gmi_cuts = GLP_ON;
  mip.cov_cuts = GLP_ON;
  mip.clq_cuts = GLP_ON;
  mip.fp_heur = GLP_ON;
  mip.tm_lim = static_cast<int>(std::min(time_limit_s * 1000, 2e9));
  Search search{node_limit, 0, 0};
  mip.cb_func = watch_gap;
  mip.cb_info = &search;
  const int ret = glp_intopt(p.get(), &mip);
  const int status = glp_mip_status(p.get());
  if (ret == GLP_ETMLIM) {
    out.status = MilpSolution::Status::time_limit;
    out.message = status == GLP_FEAS ? "a mix was found but not proven cheapest" : "no mix was found";
    return out;
  }
  if (status == GLP_NOFEAS || ret == GLP_ENOPFS) {
    out.status = MilpSolution::Status::infeasible;
    return out;
  }
  // GLP_EMIPGAP: stopped at the relative gap, GLP_ESTOP: at the node limit (watch_gap); either
  // way with the incumbent feasible: the answer, `gap` from the optimum at most.
  const bool at_gap = (ret == GLP_EMIPGAP || ret == GLP_ESTOP) && status == GLP_FEAS;
  if (!at_gap && (ret != 0 || status != GLP_OPT)) {
    out.message = "GLPK's branch and cut failed (code " + std::to_string(ret) + ", status " + std::to_string(status) + ")";
    return out;
  }
  out.status = MilpSolution::Status::optimal;
  out.gap = at_gap ? search.gap : 0.0;
  out.objective = glp_mip_obj_val(p.get());
  for (std::size_t j = 0; j < m.columns.size(); ++j) out.values.push_back(glp_mip_col_val(p.get(), static_cast<int>(j) + 1));
  return out;
}

}  // namespace flopcast::mix::detail
