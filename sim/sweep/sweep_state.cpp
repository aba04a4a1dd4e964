// Sharded sweeps: a shard records raw accumulators; merging the shards' states reproduces the
// single run exactly (chunk stats are placed by chunk index and folded in order; histogram
// counts add). The text form prints doubles as hex floats, so nothing is lost in transit.
#include "flopcast/sweep/sweep_state.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

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

}  // namespace

SweepState run_sweep_shard(const engine::Scenario& scenario, const engine::SweepSpec& spec, std::uint64_t index, std::uint64_t count,
                           const SweepOptions& options) {
  const auto c = detail::compile(scenario, spec);
  SweepState s;
  s.scenario_name = scenario.name;
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
  o << "flopcast-sweep-state 2\nscenario " << s.scenario_name << "\nshard " << s.shard_index << " " << s.shard_count << "\npoints " << s.points << "\nsamples "
    << s.samples_per_point << "\nseed " << s.seed << "\n";
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
    o << "sensitivity " << x.input << " " << x.metric << " " << hex(x.at_low) << " " << hex(x.at_high) << " " << (x.base ? hex(*x.base) : "none") << "\n";
  }
  o << "end\n";
  return o.str();
}

std::optional<SweepState> parse_sweep_state(const std::string& text, std::string& error) {
  std::istringstream in(text);
  std::string line, word;
  SweepState s;
  int line_no = 0;
  bool ended = false;
  auto num = [](const std::string& w) { return std::strtod(w.c_str(), nullptr); };
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream l(line);
    l >> word;
    bool ok = true;
    if (line_no == 1) {
      ok = word == "flopcast-sweep-state" && line == "flopcast-sweep-state 2";  // 1: before sensitivities had a base
      if (word == "flopcast-sweep-state" && !ok) {
        error = "the state has format '" + line.substr(word.size() + (line.size() > word.size() ? 1 : 0), 20) +
                "'; this flopcast reads format 2: write the shards again with the same flopcast";
        return std::nullopt;
      }
    } else if (word == "scenario") {
      ok = static_cast<bool>(l >> s.scenario_name);
    } else if (word == "shard") {
      ok = static_cast<bool>(l >> s.shard_index >> s.shard_count);
    } else if (word == "points") {
      ok = static_cast<bool>(l >> s.points);
      s.axis_values.resize(s.points);
    } else if (word == "samples") {
      ok = static_cast<bool>(l >> s.samples_per_point);
    } else if (word == "seed") {
      ok = static_cast<bool>(l >> s.seed);
    } else if (word == "axis" || word == "metric") {
      std::string name;
      ok = static_cast<bool>(l >> name);
      (word == "axis" ? s.axis_paths : s.metric_names).push_back(name);
    } else if (word == "axis_label") {
      std::size_t a = 0, i = 0;
      std::string label;
      ok = static_cast<bool>(l >> a >> i >> label) && a < s.axis_paths.size();
      if (ok) {
        s.axis_labels.resize(s.axis_paths.size());
        ok = i == s.axis_labels[a].size();  // in order
        if (ok) s.axis_labels[a].push_back(label);
      }
    } else if (word == "percentile") {
      std::string v;
      ok = static_cast<bool>(l >> v);
      s.percentiles.push_back(num(v));
    } else if (word == "point") {
      std::uint64_t p;
      ok = static_cast<bool>(l >> p) && p < s.points;
      std::string v;
      std::vector<double> values;
      while (ok && l >> v) values.push_back(num(v));
      if (ok) s.axis_values[p] = values;
    } else if (word == "chunk") {
      ChunkRecord c;
      std::string sum, mn, mx;
      ok = static_cast<bool>(l >> c.point >> c.metric >> c.chunk >> sum >> mn >> mx >> c.count >> c.missing);
      c.sum = num(sum), c.min = num(mn), c.max = num(mx);
      ok = ok && c.point < s.points && c.metric < s.metric_names.size();
      if (ok) s.chunks.push_back(c);
    } else if (word == "bin") {
      BinRecord b;
      ok = static_cast<bool>(l >> b.point >> b.metric >> b.sign >> b.bin >> b.count) && b.point < s.points && b.metric < s.metric_names.size();
      if (ok) s.bins.push_back(b);
    } else if (word == "sensitivity") {
      Sensitivity x;
      std::string lo, hi, base;
      ok = static_cast<bool>(l >> x.input >> x.metric >> lo >> hi >> base);
      x.at_low = num(lo), x.at_high = num(hi), x.swing = std::fabs(x.at_high - x.at_low);
      if (base != "none") x.base = num(base);
      if (ok) s.sensitivities.push_back(x);
    } else if (word == "end") {
      ended = true;
    } else {
      ok = false;
    }
    if (!ok) {
      error = "line " + std::to_string(line_no) + ": malformed sweep state: " + line.substr(0, 80);
      return std::nullopt;
    }
  }
  if (!ended) {
    error = "the state is truncated (no 'end' line)";
    return std::nullopt;
  }
  return s;
}

std::optional<SweepResult> merge_sweep_states(const std::vector<SweepState>& shards, std::string& error) {
  if (shards.empty()) {
    error = "no shard states";
    return std::nullopt;
  }
  const auto& first = shards.front();
  std::vector<bool> seen(first.shard_count);
  for (const auto& s : shards) {
    if (s.shard_count != first.shard_count || s.points != first.points || s.samples_per_point != first.samples_per_point ||
        s.seed != first.seed || s.metric_names != first.metric_names || s.axis_paths != first.axis_paths) {
      error = "the shards come from different sweeps (scenario, seed, samples or shard count differ)";
      return std::nullopt;
    }
    if (s.shard_index >= s.shard_count || seen[s.shard_index]) {
      error = "shard " + std::to_string(s.shard_index) + " is missing its peers or appears twice";
      return std::nullopt;
    }
    seen[s.shard_index] = true;
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) {
      error = "shard " + std::to_string(i) + " of " + std::to_string(seen.size()) + " is missing";
      return std::nullopt;
    }
  }
  SweepResult r;
  r.scenario_name = first.scenario_name;
  r.axis_paths = first.axis_paths;
  r.axis_labels = first.axis_labels;
  r.axis_labels.resize(r.axis_paths.size());
  r.metric_names = first.metric_names;
  r.percentiles = first.percentiles;
  r.samples_per_point = first.samples_per_point;
  r.seed = first.seed;
  r.points.resize(first.points);
  const std::size_t metrics = first.metric_names.size();
  const std::uint64_t chunks = (first.samples_per_point + detail::kChunk - 1) / detail::kChunk;
  // Index the records by point, then rebuild each point exactly as a single run would.
  std::map<std::uint64_t, std::vector<const ChunkRecord*>> chunk_by_point;
  std::map<std::uint64_t, std::vector<const BinRecord*>> bins_by_point;
  for (const auto& s : shards) {
    for (const auto& c : s.chunks) chunk_by_point[c.point].push_back(&c);
    for (const auto& b : s.bins) bins_by_point[b.point].push_back(&b);
    for (std::uint64_t p = 0; p < s.points; ++p) if (!s.axis_values[p].empty()) r.points[p].axis_values = s.axis_values[p];
    if (s.shard_index == 0) r.sensitivities = s.sensitivities;
  }
  std::vector<ChunkStats> stats(chunks * metrics);
  std::vector<LogHistogram> histograms(metrics);
  for (std::uint64_t p = 0; p < first.points; ++p) {
    std::fill(stats.begin(), stats.end(), ChunkStats{});
    for (auto& h : histograms) h.clear();
    for (const auto* c : chunk_by_point[p]) {
      if (c->chunk >= chunks) {
        error = "a chunk index lies outside the sweep";
        return std::nullopt;
      }
      auto& st = stats[c->chunk * metrics + c->metric];
      st = {c->sum, c->count ? c->min : st.min, c->count ? c->max : st.max, c->count, c->missing};
    }
    for (const auto* b : bins_by_point[p]) histograms[b->metric].add_bin(b->sign, b->bin, b->count);
    r.points[p].metrics.resize(metrics);
    for (std::size_t m = 0; m < metrics; ++m) detail::summarise(stats, metrics, m, histograms[m], r.percentiles, r.points[p].metrics[m]);
  }
  return r;
}

}  // namespace flopcast::sweep
