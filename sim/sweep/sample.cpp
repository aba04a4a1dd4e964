// One Monte-Carlo sample of a sweep: the spec compiled once (inverse-CDF tables, metric
// references, layout plans), a thread's context, a grid point's axis values, a sample's draws,
// its evaluation and the recording of its metrics and differences (run_sweep.cpp drives them).
#include <algorithm>
#include <cmath>
#include <limits>

#include "counter_rng.hpp"
#include "distributions.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "log_histogram.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep::detail {
namespace {

constexpr int kTableSteps = 4096;  // PERT inverse-CDF table resolution (see inverse_cdf_table)


/// Beta quantiles (PERT) cost microseconds each in Boost.Math; tabulate the inverse CDF once
/// at 4,097 points and interpolate linearly (error below 1e-4 of the range for PERT shapes).
std::vector<double> inverse_cdf_table(const engine::Distribution& d) {
  std::vector<double> t(kTableSteps + 1);
  t.front() = d.low;
  t.back() = d.high;
  for (int i = 1; i < kTableSteps; ++i) t[static_cast<std::size_t>(i)] = detail::quantile(d, static_cast<double>(i) / kTableSteps);
  return t;
}

double table_quantile(const std::vector<double>& t, double u) {
  const double x = u * kTableSteps;
  const auto i = std::min(static_cast<std::size_t>(x), t.size() - 2);
  const double f = x - static_cast<double>(i);
  return t[i] + f * (t[i + 1] - t[i]);
}

}  // namespace

/// Binds once: resolves every metric of the base results and finds the runs that re-plan.
Compiled compile(const engine::Scenario& scenario, const engine::SweepSpec& spec) {
  Compiled c;
  c.base = scenario;
  const auto base = engine::evaluate(c.base);
  for (const auto& name : engine::metric_names(base)) {
    if (auto ref = engine::resolve_metric(base, name)) {
      c.metric_names.push_back(name);
      c.metrics.push_back(*ref);
    }
  }
  for (const auto& name : spec.differences) {
    const auto it = std::find(c.metric_names.begin(), c.metric_names.end(), name);
    FLOPCAST_ASSERT(it != c.metric_names.end(), "the loader accepted a difference of a metric the base run does not have");
    c.differences.push_back(static_cast<std::size_t>(it - c.metric_names.begin()));
  }
  for (const auto& name : spec.differences) c.metric_names.push_back("delta." + name);
  if (!c.differences.empty() && spec.variables.empty()) {
    engine::Scenario first = c.base;
    apply_point(spec, 0, first);
    const auto r = engine::evaluate(first);
    for (const auto& m : c.metrics) {
      const auto v = engine::read_metric(r, m);
      c.baseline_values.push_back(v && std::isfinite(*v) ? v : std::nullopt);
    }
  }
  for (const auto& v : spec.variables) {
    c.tables.push_back(v.distribution.kind == engine::DistributionKind::pert ? inverse_cdf_table(v.distribution) : std::vector<double>{});
  }
  // A pure grid evaluates each point once, searching as a direct run does; samples re-plan
  // through the bounds of layout_plan.hpp.
  if (!spec.variables.empty()) c.layouts = plan_layouts(c.base, spec);
  if (!spec.correlations.empty()) {
    auto l = engine::correlation_cholesky(spec);
    FLOPCAST_ASSERT(l.has_value(), "the loader accepted a correlation matrix that is not positive definite");
    c.cholesky = std::move(*l);
  }
  return c;
}

Context make_context(const Compiled& c, const engine::SweepSpec& spec, bool histograms) {
  Context ctx{c.base, {}, std::vector<double>(spec.variables.size()), std::vector<double>(spec.variables.size()),
              HistogramBatch(histograms ? c.columns() : 0), {}, {}, {}, {}};
  if (!c.differences.empty()) {
    ctx.baseline = c.base;
    apply_point(spec, 0, ctx.baseline);
  }
  // Samples are read only through read_metric: no row names (docs/performance.md).
  ctx.results.projection_scratch.row_labels = ctx.baseline_results.projection_scratch.row_labels = false;
  return ctx;
}

void point_values(const engine::SweepSpec& spec, std::uint64_t point, std::vector<double>& values) {
  values.resize(spec.axes.size());
  std::uint64_t rest = point;
  for (std::size_t a = spec.axes.size(); a-- > 0;) {
    const auto& axis = spec.axes[a];
    const std::uint64_t i = spec.zip ? point : rest % axis.values.size();
    if (!spec.zip) rest /= axis.values.size();
    values[a] = axis.values[i];
  }
}

void apply_point(const engine::SweepSpec& spec, std::uint64_t point, engine::Scenario& s) {
  std::uint64_t rest = point;
  for (std::size_t a = spec.axes.size(); a-- > 0;) {
    const auto& axis = spec.axes[a];
    const std::uint64_t i = spec.zip ? point : rest % axis.values.size();
    if (!spec.zip) rest /= axis.values.size();
    engine::set_parameter(s, axis.parameter, axis.values[i]);
  }
}

namespace {

/// Draws sample `k` of every variable into ctx.x (eq. S1-S2).
void draw_sample(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t k, Context& ctx) {
  const std::size_t n = spec.variables.size();
  for (std::size_t j = 0; j < n; ++j) ctx.z[j] = detail::uniform01(spec.seed, k, j);
  if (!c.cholesky.empty()) {
    // Gaussian copula: correlate standard normals, map back to uniforms.
    for (std::size_t j = 0; j < n; ++j) ctx.z[j] = detail::normal_quantile(ctx.z[j]);
    for (std::size_t i = n; i-- > 0;) {
      double zi = 0;
      for (std::size_t j = 0; j <= i; ++j) zi += c.cholesky[i * n + j] * ctx.z[j];
      ctx.z[i] = std::clamp(detail::normal_cdf(zi), 1e-15, 1 - 1e-15);
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    ctx.x[j] = c.tables[j].empty() ? detail::quantile(spec.variables[j].distribution, ctx.z[j]) : table_quantile(c.tables[j], ctx.z[j]);
  }
}

void set_sample(const engine::SweepSpec& spec, const std::vector<double>& x, engine::Scenario& s) {
  for (std::size_t j = 0; j < x.size(); ++j) engine::set_parameter(s, spec.variables[j].parameter, x[j]);
}

/// Folds a column's value into its chunk stats and puts it in the sample's histogram row (none
/// without histograms).
void add_value(std::optional<double> v, ChunkStats& s, double* histogram_cell) {
  if (!v || !std::isfinite(*v)) {
    ++s.missing;
    return;
  }
  s.sum += *v;
  ++s.count;
  s.min = std::min(s.min, *v);
  s.max = std::max(s.max, *v);
  if (histogram_cell) *histogram_cell = *v;
}

/// run_sample() up to the histograms: stats and the sample's row of held-back values.
void record_sample(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t point, std::uint64_t k, Context& ctx, ChunkStats* stats,
                   double* baseline, bool baseline_known) {
  double* row = ctx.histograms.size() > 0 ? ctx.histograms.row() : nullptr;
  auto cell = [row](std::size_t column) { return row ? row + column : nullptr; };
  if (!spec.variables.empty()) {
    draw_sample(spec, c, k, ctx);
    set_sample(spec, ctx.x, ctx.scenario);
  }
  if (!c.layouts.runs.empty()) choose_layouts(c.layouts, spec, point, ctx.scenario, ctx.layouts);
  engine::evaluate_into(ctx.scenario, ctx.results);
  const std::size_t metrics = c.metrics.size();
  for (std::size_t m = 0; m < metrics; ++m) add_value(engine::read_metric(ctx.results, c.metrics[m]), stats[m], cell(m));
  if (c.differences.empty()) return;
  const std::size_t n = c.differences.size();
  auto value_in = [&](const engine::Results& r, std::size_t d) { return engine::read_metric(r, c.metrics[c.differences[d]]); };
  if (point == 0) {  // the baseline is this sample itself: every difference is 0 (or missing)
    for (std::size_t d = 0; d < n; ++d) {
      const auto v = value_in(ctx.results, d);
      if (baseline) baseline[d] = v && std::isfinite(*v) ? *v : std::numeric_limits<double>::quiet_NaN();
      add_value(difference(v, v), stats[metrics + d], cell(metrics + d));
    }
    return;
  }
  if (baseline && baseline_known) {
    for (std::size_t d = 0; d < n; ++d) {
      add_value(difference(value_in(ctx.results, d), baseline[d]), stats[metrics + d], cell(metrics + d));
    }
    return;
  }
  // The baseline on the same draws, evaluated again.
  set_sample(spec, ctx.x, ctx.baseline);
  if (!c.layouts.runs.empty()) choose_layouts(c.layouts, spec, 0, ctx.baseline, ctx.baseline_layouts);
  engine::evaluate_into(ctx.baseline, ctx.baseline_results);
  for (std::size_t d = 0; d < n; ++d) {
    add_value(difference(value_in(ctx.results, d), value_in(ctx.baseline_results, d)), stats[metrics + d], cell(metrics + d));
  }
}

}  // namespace

void run_sample(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t point, std::uint64_t k, Context& ctx, ChunkStats* stats,
                double* baseline, bool baseline_known) {
  record_sample(spec, c, point, k, ctx, stats, baseline, baseline_known);
  if (ctx.histograms.size() > 0) ctx.histograms.end_row();
}

void summarise(const std::vector<ChunkStats>& chunks, std::size_t metrics, std::size_t m, const detail::LogHistogram& h,
               const std::vector<double>& percentiles, MetricSummary& out) {
  double sum = 0;
  out.min = std::numeric_limits<double>::infinity();
  out.max = -std::numeric_limits<double>::infinity();
  out.count = out.missing = 0;
  for (std::size_t chunk = 0; chunk * metrics < chunks.size(); ++chunk) {  // fixed order
    const auto& s = chunks[chunk * metrics + m];
    sum += s.sum;
    out.count += s.count;
    out.missing += s.missing;
    out.min = std::min(out.min, s.min);
    out.max = std::max(out.max, s.max);
  }
  if (out.count == 0) {
    out.min = out.max = out.mean = 0;
    out.percentiles.assign(percentiles.size(), 0);
    return;
  }
  // Rounding in a long sum can put the mean of equal values a hair outside [min, max].
  out.mean = std::clamp(sum / static_cast<double>(out.count), out.min, out.max);
  out.percentiles.clear();
  for (double p : percentiles) out.percentiles.push_back(out.count == 1 ? out.mean : h.quantile(p / 100.0, out.min, out.max));
}

}  // namespace flopcast::sweep::detail
