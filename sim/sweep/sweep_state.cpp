// Sharded sweeps: a shard records raw accumulators; merging the shards' states reproduces the
// single run exactly (chunk stats are placed by chunk index and folded in order; histogram
// counts add). The text form prints doubles as hex floats, so nothing is lost in transit.
// Checking and merging states is in merge_states.cpp.
#include "flopcast/sweep/sweep_state.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep {
namespace {

using detail::ChunkStats;
using detail::LogHistogram;

class StateSink : public detail::PointSink {
 public:
  explicit StateSink(SweepState& s) : s_(s) {}
  void value(std::uint64_t p, const std::vector<double>& axis, std::size_t m, std::optional<double> v) override {
    s_.axis_values[p] = axis;
    ChunkRecord r{p, m, 0, v.value_or(0), v.value_or(0), v.value_or(0), v ? 1u : 0u, v ? 0u : 1u};
    s_.chunks.push_back(r);
  }
  void samples(std::uint64_t p, const std::vector<double>& axis, const std::vector<ChunkStats>& chunks,
               const std::vector<LogHistogram>& histograms, const std::vector<bool>& ran) override {
    s_.axis_values[p] = axis;
    const std::size_t metrics = histograms.size();
    for (std::size_t k = 0; k < ran.size(); ++k) {
      if (!ran[k]) continue;
      for (std::size_t m = 0; m < metrics; ++m) {
        const auto& c = chunks[k * metrics + m];
        s_.chunks.push_back({p, m, k, c.sum, c.min, c.max, c.count, c.missing});
      }
    }
    for (std::size_t m = 0; m < metrics; ++m) {
      histograms[m].for_each_bin([&](int sign, int bin, std::uint64_t count) { s_.bins.push_back({p, m, sign, bin, count}); });
    }
  }

 private:
  SweepState& s_;
};

std::string hex(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

/// FNV-1a, 64 bits: a fingerprint against accidents (shards of another scenario), not attacks.
class Fingerprint {
 public:
  void add(const std::string& text) {
    for (const unsigned char c : text) h_ = (h_ ^ c) * 0x100000001b3ULL;
    h_ = (h_ ^ 0xffU) * 0x100000001b3ULL;  // a separator, so "ab"+"c" differs from "a"+"bc"
  }
  void add(double v) { add(hex(v)); }
  [[nodiscard]] std::string hex_digest() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, h_);
    return buf;
  }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

void add_spec(Fingerprint& f, const engine::SweepSpec& spec) {
  f.add(spec.zip ? "zip" : "grid");
  for (const auto& a : spec.axes) {
    f.add("axis " + a.parameter.path);
    for (double v : a.values) f.add(v);
    for (const auto& l : a.labels) f.add(l);
  }
  for (const auto& v : spec.variables) {
    const auto& d = v.distribution;
    f.add("variable " + v.parameter.path + " " + std::to_string(static_cast<int>(d.kind)));
    for (double x : {d.low, d.mode, d.high, d.mean, d.sd, d.median, d.sigma}) f.add(x);
    for (double x : d.values) f.add(x);
    for (double x : d.cumulative_weights) f.add(x);
  }
  for (const auto& d : spec.differences) f.add("difference " + d);
  for (const auto& c : spec.correlations) f.add("correlation " + std::to_string(c.a) + " " + std::to_string(c.b) + " " + hex(c.rho));
}

}  // namespace

std::string sweep_identity(const engine::Scenario& scenario, const engine::SweepSpec& spec) {
  // The bound scenario as the sweep sees it: every parameter a sweep could set, and every metric
  // of the base evaluation (which the chips, models and regimes behind them decide).
  Fingerprint f;
  f.add(scenario.name);
  for (const auto& path : engine::parameter_paths(scenario)) {
    if (const auto ref = engine::resolve_parameter(scenario, path)) f.add(path), f.add(engine::get_parameter(scenario, *ref));
  }
  const auto base = engine::evaluate(scenario);
  for (const auto& name : engine::metric_names(base)) {
    const auto ref = engine::resolve_metric(base, name);
    const auto v = ref ? engine::read_metric(base, *ref) : std::nullopt;
    f.add(name);
    f.add(v ? hex(*v) : "none");
  }
  add_spec(f, spec);
  return f.hex_digest();
}

SweepState run_sweep_shard(const engine::Scenario& scenario, const engine::SweepSpec& spec, std::uint64_t index, std::uint64_t count,
                           const SweepOptions& options) {
  const auto c = detail::compile(scenario, spec);
  SweepState s;
  s.scenario_name = scenario.name;
  s.identity = sweep_identity(scenario, spec);
  s.shard_index = index;
  s.shard_count = count;
  s.samples_per_point = spec.variables.empty() ? 1 : spec.samples;
  s.seed = spec.seed;
  s.points = spec.points();
  for (const auto& a : spec.axes) s.axis_paths.push_back(a.parameter.path), s.axis_labels.push_back(a.labels);
  s.metric_names = c.metric_names;
  s.percentiles = spec.percentiles;
  s.axis_values.resize(s.points);
  StateSink sink(s);
  s.cancelled = !detail::run_core(c, spec, options, index, count, sink);
  if (!s.cancelled && index == 0) s.sensitivities = detail::sensitivities(spec, c);
  return s;
}

std::string format_sweep_state(const SweepState& s) {
  std::ostringstream o;
  o << "flopcast-sweep-state " << kSweepStateFormat << "\nscenario " << s.scenario_name << "\nidentity " << s.identity << "\nshard "
    << s.shard_index << " " << s.shard_count << "\npoints " << s.points << "\nsamples " << s.samples_per_point << "\nseed " << s.seed << "\n";
  for (const auto& a : s.axis_paths) o << "axis " << a << "\n";
  for (std::size_t a = 0; a < s.axis_labels.size(); ++a) {
    for (std::size_t i = 0; i < s.axis_labels[a].size(); ++i) o << "axis_label " << a << " " << i << " " << s.axis_labels[a][i] << "\n";
  }
  for (const auto& m : s.metric_names) o << "metric " << m << "\n";
  for (double p : s.percentiles) o << "percentile " << hex(p) << "\n";
  for (std::size_t p = 0; p < s.axis_values.size(); ++p) {
    if (s.axis_values[p].empty() && !s.axis_paths.empty()) continue;
    o << "point " << p;
    for (double v : s.axis_values[p]) o << " " << hex(v);
    o << "\n";
  }
  for (const auto& c : s.chunks) {
    o << "chunk " << c.point << " " << c.metric << " " << c.chunk << " " << hex(c.sum) << " " << hex(c.min) << " " << hex(c.max) << " " << c.count
      << " " << c.missing << "\n";
  }
  for (const auto& b : s.bins) o << "bin " << b.point << " " << b.metric << " " << b.sign << " " << b.bin << " " << b.count << "\n";
  for (const auto& x : s.sensitivities) {
    o << "sensitivity " << x.point << " " << x.input << " " << x.metric << " " << hex(x.at_low) << " " << hex(x.at_high) << " " << (x.base ? hex(*x.base) : "none") << "\n";
  }
  o << "end\n";
  return o.str();
}

}  // namespace flopcast::sweep
