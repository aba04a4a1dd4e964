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

#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "log_histogram.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep {

std::uint64_t sweep_evaluations(const engine::SweepSpec& spec) {
  const std::uint64_t samples = spec.variables.empty() ? 1 : spec.samples;
  // One-at-a-time swings at every grid point: the medians and each input at its P5 and P95 (a
  // difference reads the baseline's, evaluated once).
  const std::uint64_t points = spec.points();
  // Differences evaluate the baseline again beside every sample of every other point, unless the
  // baseline's values per sample fit the cache (run_core).
  const bool again = !spec.differences.empty() && !spec.variables.empty() && samples > detail::kMaxBaselineCacheBytes / (8 * spec.differences.size());
  const std::uint64_t runs = points == UINT64_MAX ? UINT64_MAX : again ? 2 * points - 1 : points;
  std::uint64_t n = 0;
  std::uint64_t sensitivity = 0;
  if (!spec.variables.empty() && (points == UINT64_MAX || __builtin_mul_overflow(2 * spec.variables.size() + 1, points, &sensitivity))) return UINT64_MAX;
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

namespace {

using Contexts = tbb::enumerable_thread_specific<Context>;

bool is_cancelled(const SweepOptions& options) { return options.cancel && options.cancel->load(); }

/// A pure grid: points are independent; each shard takes every shards-th point.
void run_grid(const Compiled& c, const engine::SweepSpec& spec, const SweepOptions& options, std::uint64_t shard, std::uint64_t shards, Contexts& contexts,
              PointSink& sink, std::atomic<std::uint64_t>& done) {
  std::mutex sink_mutex;  // sink calls are rare (once per point) and made in point order per thread
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, spec.points(), 16), [&](const tbb::blocked_range<std::uint64_t>& range) {
    Context& ctx = contexts.local();
    std::vector<double> axis;
    for (std::uint64_t p = range.begin(); p != range.end(); ++p) {
      if (is_cancelled(options)) return;
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
}

/// Monte Carlo: point by point, the point's chunks in parallel, this shard's chunks only; each
/// point's statistics reach the sink in chunk order.
void run_sampled(const Compiled& c, const engine::SweepSpec& spec, const SweepOptions& options, std::uint64_t shard, std::uint64_t shards, Contexts& contexts,
                 PointSink& sink, std::atomic<std::uint64_t>& done) {
  const std::uint64_t samples = spec.samples, points = spec.points();
  const std::size_t metrics = c.columns();
  const std::uint64_t chunks = (samples + kChunk - 1) / kChunk;
  std::vector<ChunkStats> chunk_stats(chunks * metrics);
  std::vector<bool> ran(chunks);
  // The first grid point's differenced metrics per sample, when they fit: the other points read
  // them for the chunks this shard ran at the first point, and evaluate the baseline otherwise.
  const std::size_t n_diff = c.differences.size();
  const bool cache_baseline = n_diff > 0 && points > 1 && samples <= kMaxBaselineCacheBytes / (8 * n_diff);
  std::vector<double> baseline_cache(cache_baseline ? samples * n_diff : 0);
  std::vector<bool> baseline_known(cache_baseline ? chunks : 0);
  std::vector<double> axis;
  for (std::uint64_t p = 0; p < points && !is_cancelled(options); ++p) {
    point_values(spec, p, axis);
    std::fill(chunk_stats.begin(), chunk_stats.end(), ChunkStats{});
    for (std::uint64_t k = 0; k < chunks; ++k) ran[k] = (p * chunks + k) % shards == shard;
    for (auto& ctx : contexts) ctx.histograms.clear();
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, chunks, 1), [&](const tbb::blocked_range<std::uint64_t>& range) {
      Context& ctx = contexts.local();
      for (std::uint64_t chunk = range.begin(); chunk != range.end(); ++chunk) {
        if (is_cancelled(options) || !ran[chunk]) continue;
        apply_point(spec, p, ctx.scenario);
        const std::uint64_t first = chunk * kChunk, last = std::min(samples, first + kChunk);
        for (std::uint64_t k = first; k < last; ++k) {
          double* baseline = cache_baseline ? &baseline_cache[k * n_diff] : nullptr;
          run_sample(spec, c, p, k, ctx, &chunk_stats[chunk * metrics], baseline, cache_baseline && baseline_known[chunk]);
        }
        ctx.histograms.flush();  // so that the merge below sees every sample
        done.fetch_add(last - first, std::memory_order_relaxed);
      }
    }, tbb::simple_partitioner());
    // Integer histogram counts merge identically in any order.
    std::vector<detail::LogHistogram> merged(metrics);
    for (auto& ctx : contexts) for (std::size_t m = 0; m < metrics; ++m) merged[m].merge(ctx.histograms[m]);
    if (p == 0 && cache_baseline) baseline_known = ran;
    if (!is_cancelled(options)) sink.samples(p, axis, chunk_stats, merged, ran);
  }
}

}  // namespace

/// The sweep loop shared by a single run and a shard (eq. S3: fixed chunks, ordered folds).
bool run_core(const Compiled& c, const engine::SweepSpec& spec, const SweepOptions& options, std::uint64_t shard, std::uint64_t shards,
              PointSink& sink) {
  const std::uint64_t samples = spec.variables.empty() ? 1 : spec.samples;
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> finished{false};
  const std::uint64_t total = (spec.points() * samples + shards - 1) / shards;
  std::thread reporter;
  if (options.progress) {
    reporter = std::thread([&] {
      while (!finished.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        options.progress(std::min(done.load(), total), total);
      }
    });
  }
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  Contexts contexts([&] { return make_context(c, spec, samples > 1); });
  arena.execute([&] {
    if (samples == 1) run_grid(c, spec, options, shard, shards, contexts, sink, done);
    else run_sampled(c, spec, options, shard, shards, contexts, sink, done);
  });
  finished = true;
  if (reporter.joinable()) reporter.join();
  return !is_cancelled(options);
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
