// The fit (NLopt BOBYQA over the fitted constants, scaled to their bounds) and leave-one-source-
// out cross-validation (docs/models/calibration.md).
#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "flopcast/fit/calibration_fit.hpp"

namespace flopcast::fit {
namespace {

/// A missing or infeasible case counts as if it were off by a factor of 3: the fit steers away
/// from constants that break a case, without an infinite objective.
constexpr double kMissingPenalty = 1.0986122886681098 * 1.0986122886681098;  // log(3)^2

std::vector<const catalog::CalibrationParam*> fitted_params() {
  std::vector<const catalog::CalibrationParam*> out;
  for (const auto& p : catalog::calibration_params()) {
    if (p.fitted) out.push_back(&p);
  }
  return out;
}

catalog::Calibration with_values(catalog::Calibration c, const std::vector<const catalog::CalibrationParam*>& params, const double* unit) {
  for (std::size_t i = 0; i < params.size(); ++i) c.*params[i]->member = params[i]->lower + unit[i] * (params[i]->upper - params[i]->lower);
  return c;
}

struct Objective {
  CaseSet* set;
  catalog::Calibration base;
  std::vector<const catalog::CalibrationParam*> params;
  std::vector<bool> include;
  int evaluations = 0;
};

double objective_value(CaseSet& set, const std::vector<bool>& include, const catalog::Calibration& c) {
  const auto sim = simulate(set, c);
  double sum = 0, weights = 0;
  for (std::size_t i = 0; i < set.cases.size(); ++i) {
    if (!include[i]) continue;
    const auto& k = set.cases[i];
    const double published = set.scenarios[k.scenario].validation[k.check].published;
    const double e = sim[i] && *sim[i] > 0 ? std::log(*sim[i] / published) : 0.0;
    sum += k.weight * (sim[i] && *sim[i] > 0 ? e * e : kMissingPenalty);
    weights += k.weight;
  }
  return weights > 0 ? sum / weights : 0.0;
}

double nlopt_objective(unsigned n, const double* x, double* /*grad*/, void* data) {
  auto& o = *static_cast<Objective*>(data);
  ++o.evaluations;
  (void)n;
  return objective_value(*o.set, o.include, with_values(o.base, o.params, x));
}

std::string stop_reason(nlopt::result r) {
  switch (r) {
    case nlopt::SUCCESS: return "converged";
    case nlopt::FTOL_REACHED: return "converged (objective change below tolerance)";
    case nlopt::XTOL_REACHED: return "converged (constants' change below tolerance)";
    case nlopt::STOPVAL_REACHED: return "converged (objective at its floor)";
    case nlopt::MAXEVAL_REACHED: return "did not converge: evaluation limit reached";
    case nlopt::MAXTIME_REACHED: return "did not converge: time limit reached";
    default: return "the optimiser failed";
  }
}

}  // namespace

FitResult fit_calibration(CaseSet& set, const catalog::Calibration& start, const std::vector<bool>& include, int max_evaluations) {
  Objective o{&set, start, fitted_params(), include, 0};
  if (o.include.empty()) {
    o.include.resize(set.cases.size());
    for (std::size_t i = 0; i < set.cases.size(); ++i) o.include[i] = set.cases[i].fitted;
  }
  const std::size_t n = o.params.size();
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto* p = o.params[i];
    x[i] = std::clamp((start.*p->member - p->lower) / (p->upper - p->lower), 0.0, 1.0);
  }
  nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(n));
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_min_objective(nlopt_objective, &o);
  opt.set_xtol_rel(1e-4);
  opt.set_ftol_rel(1e-7);
  opt.set_maxeval(max_evaluations);
  opt.set_initial_step(0.05);
  FitResult r;
  double best = 0;
  nlopt::result code = nlopt::FAILURE;
  try {
    code = opt.optimize(x, best);
  } catch (const std::exception& e) {
    r.message = std::string("the optimiser failed: ") + e.what();
  }
  r.calibration = with_values(start, o.params, x.data());
  r.objective = objective_value(set, o.include, r.calibration);
  r.evaluations = o.evaluations;
  r.converged = code > 0 && code != nlopt::MAXEVAL_REACHED && code != nlopt::MAXTIME_REACHED;
  if (r.message.empty()) r.message = stop_reason(code);
  return r;
}

namespace {

/// The radical inverse of `i` in base `b`: coordinate of the i-th Halton point.
double radical_inverse(unsigned i, unsigned b) {
  double f = 1, r = 0;
  for (; i > 0; i /= b) {
    f /= b;
    r += f * static_cast<double>(i % b);
  }
  return r;
}

}  // namespace

FitResult fit_calibration_multistart(CaseSet& set, const catalog::Calibration& start, int extra_starts, int max_evaluations) {
  FitResult best = fit_calibration(set, start, {}, max_evaluations);
  int evaluations = best.evaluations;  // every start's, whichever wins
  const auto params = fitted_params();
  static constexpr unsigned kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
  for (int k = 1; k <= extra_starts; ++k) {
    std::vector<double> unit(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) unit[i] = radical_inverse(static_cast<unsigned>(k), kPrimes[i % std::size(kPrimes)]);
    const auto fit = fit_calibration(set, with_values(start, params, unit.data()), {}, max_evaluations);
    evaluations += fit.evaluations;
    if (fit.converged && (!best.converged || fit.objective < best.objective)) best = fit;
  }
  best.evaluations = evaluations;
  return best;
}

CrossValidation cross_validate(CaseSet& set, const catalog::Calibration& fitted, int max_evaluations) {
  CrossValidation cv;
  cv.predicted = simulate(set, fitted);
  cv.folds.assign(set.cases.size(), "");
  std::set<std::string> sources;
  for (const auto& k : set.cases) {
    if (k.fitted) sources.insert(k.source_key);
  }
  for (const auto& source : sources) {
    std::vector<bool> include(set.cases.size());
    for (std::size_t i = 0; i < set.cases.size(); ++i) include[i] = set.cases[i].fitted && set.cases[i].source_key != source;
    const auto fold = fit_calibration(set, fitted, include, max_evaluations);
    if (!fold.converged) {
      cv.converged = false;
      cv.message = "the fold without [" + source + "] " + fold.message;
    }
    const auto sim = simulate(set, fold.calibration);
    for (std::size_t i = 0; i < set.cases.size(); ++i) {
      if (set.cases[i].fitted && set.cases[i].source_key == source) {
        cv.predicted[i] = sim[i];
        cv.folds[i] = source;
      }
    }
  }
  return cv;
}

}  // namespace flopcast::fit
