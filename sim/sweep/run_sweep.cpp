// The sweep engine: grid points x Monte-Carlo samples on oneTBB. Determinism by construction:
// every draw is a function of (seed, sample index, variable); samples are cut into fixed
// chunks whose partial sums are folded in chunk order; histogram counts are integers.
#include "flopcast/sweep/run_sweep.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

#include "counter_rng.hpp"
#include "distributions.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "log_histogram.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep {
namespace detail {
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
              std::vector<detail::LogHistogram>(histograms ? c.columns() : 0), {}, {}, {}, {}};
  if (!c.differences.empty()) {
    ctx.baseline = c.base;
    apply_point(spec, 0, ctx.baseline);
  }
  // Samples are read only through read_metric: no row names (docs/performance.md).
  ctx.results.projection_scratch.row_labels = ctx.baseline_results.projection_scratch.row_labels = false;
  return ctx;
}

namespace {

/// The axis values of grid point `point` (the last axis varies fastest; zip: all advance together).
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

}  // namespace

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

void add_value(std::optional<double> v, ChunkStats& s, LogHistogram& h) {
  if (!v || !std::isfinite(*v)) {
    ++s.missing;
    return;
  }
  s.sum += *v;
  ++s.count;
  s.min = std::min(s.min, *v);
  s.max = std::max(s.max, *v);
  h.add(*v);
}


}  // namespace

void run_sample(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t point, std::uint64_t k, Context& ctx, ChunkStats* stats,
                double* baseline, bool baseline_known) {
  if (!spec.variables.empty()) {
    draw_sample(spec, c, k, ctx);
    set_sample(spec, ctx.x, ctx.scenario);
  }
  if (!c.layouts.runs.empty()) choose_layouts(c.layouts, spec, point, ctx.scenario, ctx.layouts);
  engine::evaluate_into(ctx.scenario, ctx.results);
  const std::size_t metrics = c.metrics.size();
  for (std::size_t m = 0; m < metrics; ++m) add_value(engine::read_metric(ctx.results, c.metrics[m]), stats[m], ctx.histograms[m]);
  if (c.differences.empty()) return;
  const std::size_t n = c.differences.size();
  auto value_in = [&](const engine::Results& r, std::size_t d) { return engine::read_metric(r, c.metrics[c.differences[d]]); };
  if (point == 0) {  // the baseline is this sample itself: every difference is 0 (or missing)
    for (std::size_t d = 0; d < n; ++d) {
      const auto v = value_in(ctx.results, d);
      if (baseline) baseline[d] = v && std::isfinite(*v) ? *v : std::numeric_limits<double>::quiet_NaN();
      add_value(difference(v, v), stats[metrics + d], ctx.histograms[metrics + d]);
    }
    return;
  }
  if (baseline && baseline_known) {
    for (std::size_t d = 0; d < n; ++d) {
      add_value(difference(value_in(ctx.results, d), baseline[d]), stats[metrics + d], ctx.histograms[metrics + d]);
    }
    return;
  }
  // The baseline on the same draws, evaluated again.
  set_sample(spec, ctx.x, ctx.baseline);
  if (!c.layouts.runs.empty()) choose_layouts(c.layouts, spec, 0, ctx.baseline, ctx.baseline_layouts);
  engine::evaluate_into(ctx.baseline, ctx.baseline_results);
  for (std::size_t d = 0; d < n; ++d) {
    add_value(difference(value_in(ctx.results, d), value_in(ctx.baseline_results, d)), stats[metrics + d], ctx.histograms[metrics + d]);
  }
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

}  // namespace detail

std::uint64_t sweep_evaluations(const engine::SweepSpec& spec) {
  const std::uint64_t samples = spec.variables.empty() ? 1 : spec.samples;
  // One-at-a-time swings: the medians and each input at its P5 and P95; with differences at the
  // second grid point too.
  const std::uint64_t sensitivity = spec.variables.empty() ? 0 : (2 * spec.variables.size() + 1) * (spec.differences.empty() ? 1 : 2);
  // Differences evaluate the baseline again beside every sample of every other point, unless the
  // baseline's values per sample fit the cache (run_core).
  const bool again = !spec.differences.empty() && !spec.variables.empty() && samples > detail::kMaxBaselineCacheBytes / (8 * spec.differences.size());
  const std::uint64_t runs = spec.points() == UINT64_MAX ? UINT64_MAX : again ? 2 * spec.points() - 1 : spec.points();
  std::uint64_t n = 0;
  if (runs == UINT64_MAX || __builtin_mul_overflow(runs, samples, &n) || __builtin_add_overflow(n, sensitivity, &n)) return UINT64_MAX;
  return n;
}

namespace {

/// 60000013 -> "60,000,013"; the saturated count says what it is.
std::string grouped_count(std::uint64_t n) {
  if (n == UINT64_MAX) return "more than 1.8e19";
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> sweep_size_problem(const engine::Scenario& scenario, const engine::SweepSpec& spec,
                                              std::uint64_t max_evaluations) {
  const std::uint64_t evals = sweep_evaluations(spec);
  const std::uint64_t samples = spec.variables.empty() ? 1 : spec.samples;
  auto text = grouped_count;
  if (evals > max_evaluations) {
    return "this sweep needs " + text(evals) + " evaluations (" + text(spec.points()) + " grid points x " + text(samples) +
           " samples); the limit is " + text(max_evaluations);
  }
  const auto metrics = static_cast<std::uint64_t>(engine::metric_names(engine::evaluate(scenario)).size() + spec.differences.size());
  // Per grid point and metric a summary with its percentiles; per metric a record per chunk of samples.
  const std::uint64_t per_summary = sizeof(MetricSummary) + 16 + 8 * spec.percentiles.size();
  const std::uint64_t chunks = (samples + detail::kChunk - 1) / detail::kChunk;
  const long double bytes = static_cast<long double>(spec.points()) * metrics * per_summary +
                            static_cast<long double>(chunks) * metrics * sizeof(detail::ChunkStats);
  if (bytes > static_cast<long double>(kMaxSweepStatisticsBytes)) {
    return "this sweep's statistics (" + text(spec.points()) + " grid points x " + text(samples) + " samples x " + text(metrics) +
           " metrics) would take " + text(static_cast<std::uint64_t>(bytes / (1 << 20))) + " MiB; the limit is " +
           text(kMaxSweepStatisticsBytes >> 20) + " MiB";
  }
  return std::nullopt;
}

namespace detail {

/// The sweep loop shared by a single run and a shard (eq. S3: fixed chunks, ordered folds).
bool run_core(const Compiled& c, const engine::SweepSpec& spec, const SweepOptions& options, std::uint64_t shard, std::uint64_t shards,
              PointSink& sink) {
  const std::uint64_t samples = spec.variables.empty() ? 1 : spec.samples;
  const std::uint64_t points = spec.points();
  const std::size_t metrics = c.columns();
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> finished{false};
  const std::uint64_t total = (points * samples + shards - 1) / shards;
  std::thread reporter;
  if (options.progress) {
    reporter = std::thread([&] {
      while (!finished.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        options.progress(std::min(done.load(), total), total);
      }
    });
  }
  auto cancelled = [&] { return options.cancel && options.cancel->load(); };
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  tbb::enumerable_thread_specific<Context> contexts([&] { return make_context(c, spec, samples > 1); });
  const std::uint64_t chunks = (samples + kChunk - 1) / kChunk;
  std::vector<ChunkStats> chunk_stats(chunks * metrics);
  std::vector<bool> ran(chunks);
  // The first grid point's differenced metrics per sample, when they fit: the other points read
  // them for the chunks this shard ran at the first point, and evaluate the baseline otherwise.
  const std::size_t n_diff = c.differences.size();
  const bool cache_baseline = n_diff > 0 && samples > 1 && points > 1 && samples <= kMaxBaselineCacheBytes / (8 * n_diff);
  std::vector<double> baseline_cache(cache_baseline ? samples * n_diff : 0);
  std::vector<bool> baseline_known(cache_baseline ? chunks : 0);
  std::mutex sink_mutex;  // sink calls are rare (once per point) and made in point order per thread
  arena.execute([&] {
    if (samples == 1) {
      // A pure grid: points are independent; each shard takes every shards-th point.
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, points, 16), [&](const tbb::blocked_range<std::uint64_t>& range) {
        Context& ctx = contexts.local();
        std::vector<double> axis;
        for (std::uint64_t p = range.begin(); p != range.end(); ++p) {
          if (cancelled()) return;
          if (p % shards != shard) continue;
          point_values(spec, p, axis);
          apply_point(spec, p, ctx.scenario);
          engine::evaluate_into(ctx.scenario, ctx.results);
          std::lock_guard lock(sink_mutex);
          for (std::size_t m = 0; m < c.metrics.size(); ++m) {
            const auto v = engine::read_metric(ctx.results, c.metrics[m]);
            sink.value(p, axis, m, v && std::isfinite(*v) ? v : std::nullopt);
          }
          for (std::size_t d = 0; d < c.differences.size(); ++d) {
            const auto v = engine::read_metric(ctx.results, c.metrics[c.differences[d]]);
            sink.value(p, axis, c.metrics.size() + d, difference(v, c.baseline_values[c.differences[d]]));
          }
          done.fetch_add(1, std::memory_order_relaxed);
        }
      }, tbb::simple_partitioner());
      return;
    }
    std::vector<double> axis;
    for (std::uint64_t p = 0; p < points && !cancelled(); ++p) {
      point_values(spec, p, axis);
      std::fill(chunk_stats.begin(), chunk_stats.end(), ChunkStats{});
      for (std::uint64_t k = 0; k < chunks; ++k) ran[k] = (p * chunks + k) % shards == shard;
      for (auto& ctx : contexts) for (auto& h : ctx.histograms) h.clear();
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, chunks, 1), [&](const tbb::blocked_range<std::uint64_t>& range) {
        Context& ctx = contexts.local();
        for (std::uint64_t chunk = range.begin(); chunk != range.end(); ++chunk) {
          if (cancelled() || !ran[chunk]) continue;
          apply_point(spec, p, ctx.scenario);
          const std::uint64_t first = chunk * kChunk, last = std::min(samples, first + kChunk);
          for (std::uint64_t k = first; k < last; ++k) {
            double* baseline = cache_baseline ? &baseline_cache[k * n_diff] : nullptr;
            run_sample(spec, c, p, k, ctx, &chunk_stats[chunk * metrics], baseline, cache_baseline && baseline_known[chunk]);
          }
          done.fetch_add(last - first, std::memory_order_relaxed);
        }
      }, tbb::simple_partitioner());
      // Integer histogram counts merge identically in any order.
      std::vector<detail::LogHistogram> merged(metrics);
      for (auto& ctx : contexts) for (std::size_t m = 0; m < metrics; ++m) merged[m].merge(ctx.histograms[m]);
      if (p == 0 && cache_baseline) baseline_known = ran;
      if (!cancelled()) sink.samples(p, axis, chunk_stats, merged, ran);
    }
  });
  finished = true;
  if (reporter.joinable()) reporter.join();
  return !cancelled();
}

}  // namespace detail

namespace {

using namespace detail;

/// Summarises each point as it completes (a single run).
class SummarySink : public PointSink {
 public:
  SummarySink(SweepResult& r, std::size_t metrics, const std::vector<double>& percentiles) : r_(r), metrics_(metrics), pct_(percentiles) {}
  void value(std::uint64_t p, const std::vector<double>& axis, std::size_t m, std::optional<double> v) override {
    auto& point = r_.points[p];
    point.axis_values = axis;
    point.metrics.resize(metrics_);
    auto& out = point.metrics[m];
    out.count = v ? 1 : 0;
    out.missing = v ? 0 : 1;
    out.mean = out.min = out.max = v.value_or(0);
    out.percentiles.assign(pct_.size(), out.mean);
  }
  void samples(std::uint64_t p, const std::vector<double>& axis, const std::vector<ChunkStats>& chunks,
               const std::vector<detail::LogHistogram>& histograms, const std::vector<bool>&) override {
    auto& point = r_.points[p];
    point.axis_values = axis;
    point.metrics.resize(metrics_);
    for (std::size_t m = 0; m < metrics_; ++m) summarise(chunks, metrics_, m, histograms[m], pct_, point.metrics[m]);
  }

 private:
  SweepResult& r_;
  std::size_t metrics_;
  const std::vector<double>& pct_;
};

}  // namespace

SweepResult run_sweep(const engine::Scenario& scenario, const engine::SweepSpec& spec, const SweepOptions& options) {
  const detail::Compiled c = detail::compile(scenario, spec);
  SweepResult result;
  result.scenario_name = scenario.name;
  for (const auto& a : spec.axes) result.axis_paths.push_back(a.parameter.path), result.axis_labels.push_back(a.labels);
  result.metric_names = c.metric_names;
  result.percentiles = spec.percentiles;
  result.seed = spec.seed;
  result.samples_per_point = spec.variables.empty() ? 1 : spec.samples;
  result.points.resize(spec.points());
  SummarySink sink(result, c.columns(), spec.percentiles);
  result.cancelled = !detail::run_core(c, spec, options, 0, 1, sink);
  if (!result.cancelled) result.sensitivities = detail::sensitivities(spec, c);
  return result;
}

}  // namespace flopcast::sweep
