// Reading shard states back and merging them: every field is checked before anything is
// combined (format, identity, seed, sizes, ranges, finiteness, which shard ran which chunk), so a
// wrong or damaged state is refused with the shard and the field named, never mixed in.
#include <charconv>
#include <cmath>
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "flopcast/sweep/sweep_state.hpp"
#include "sweep_core.hpp"

namespace flopcast::sweep {
namespace {

using detail::ChunkStats;
using detail::LogHistogram;

/// Metrics a state may name; a sweep of the largest shipped projection has a few thousand.
constexpr std::size_t kMaxStateMetrics = 1'000'000;

bool whole(const std::string& w, std::uint64_t& out) {
  const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), out);
  return !w.empty() && ec == std::errc{} && p == w.data() + w.size();
}

/// A hex float (or decimal) number, all of the token; `allow_infinite` for the min and max of a
/// chunk without values, which are written as inf and -inf.
bool real(const std::string& w, double& out, bool allow_infinite = false) {
  if (w.empty()) return false;
  char* end = nullptr;
  out = std::strtod(w.c_str(), &end);
  return end == w.c_str() + w.size() && !std::isnan(out) && (allow_infinite || std::isfinite(out));
}

/// The rest of the line after the first word and one blank (a scenario name may hold blanks).
std::string rest_of(const std::string& line, const std::string& word) {
  return line.size() > word.size() + 1 ? line.substr(word.size() + 1) : std::string();
}

class StateParser {
 public:
  explicit StateParser(std::string& error) : error_(error) {}

  std::optional<SweepState> parse(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    bool ended = false;
    while (std::getline(in, line)) {
      ++line_no_;
      if (ended) return fail("text after the 'end' line");
      std::istringstream l(line);
      std::vector<std::string> w;
      for (std::string x; l >> x;) w.push_back(x);
      if (w.empty()) return fail("an empty line");
      if (line_no_ == 1) {
        if (!header(line)) return std::nullopt;
        continue;
      }
      if (w[0] == "end") {
        ended = true;
        continue;
      }
      if (!field(w, line)) return std::nullopt;
    }
    if (!ended) return fail("the state is truncated (no 'end' line)");
    for (const char* key : kRequired) {
      if (!seen_.count(key)) return fail(std::string("no '") + key + "' line");
    }
    return std::move(s_);
  }

 private:
  std::nullopt_t fail(const std::string& what) {
    error_ = "line " + std::to_string(line_no_) + ": " + what;
    return std::nullopt;
  }
  bool bad(const std::string& field, const std::string& what) {
    fail(field + ": " + what);
    return false;
  }

  bool header(const std::string& line) {
    const std::string expected = "flopcast-sweep-state " + std::to_string(kSweepStateFormat);
    if (line == expected) return true;
    if (line.rfind("flopcast-sweep-state ", 0) == 0) {
      return bad("format", "the state has format '" + line.substr(21, 20) + "'; this flopcast reads format " + std::to_string(kSweepStateFormat) +
                               ": write the shards again with the same flopcast");
    }
    return bad("format", "not a flopcast sweep state (its first line is not '" + expected + "')");
  }

  /// The lines every state has once (format_sweep_state writes them); the others may repeat.
  static constexpr const char* kRequired[] = {"scenario", "identity", "shard", "points", "samples", "seed"};

  bool field(const std::vector<std::string>& w, const std::string& line) {
    const std::string& k = w[0];
    if (std::find(std::begin(kRequired), std::end(kRequired), k) != std::end(kRequired) && !seen_.insert(k).second) {
      return bad(k, "given twice");
    }
    auto count_is = [&](std::size_t n) { return w.size() == n || bad(k, "expected " + std::to_string(n - 1) + " values"); };
    if (k == "scenario") return (s_.scenario_name = rest_of(line, k), true);
    if (k == "identity") return count_is(2) && (s_.identity = w[1], true);
    if (k == "shard") {
      if (!count_is(3) || !whole(w[1], s_.shard_index) || !whole(w[2], s_.shard_count)) return bad(k, "expected two whole numbers");
      if (s_.shard_count < 1 || s_.shard_count > kMaxStateShards || s_.shard_index >= s_.shard_count) return bad(k, "needs 0 <= I < N <= " + std::to_string(kMaxStateShards));
      return true;
    }
    if (k == "points") {
      if (!count_is(2) || !whole(w[1], s_.points) || s_.points < 1 || s_.points > engine::kMaxGridPoints) {
        return bad(k, "must be a whole number from 1 to " + std::to_string(engine::kMaxGridPoints));
      }
      s_.axis_values.assign(s_.points, {});
      return true;
    }
    if (k == "samples") {
      if (!count_is(2) || !whole(w[1], s_.samples_per_point) || s_.samples_per_point < 1 || s_.samples_per_point > engine::kMaxSamples) {
        return bad(k, "must be a whole number from 1 to " + std::to_string(engine::kMaxSamples));
      }
      return true;
    }
    if (k == "seed") return (count_is(2) && whole(w[1], s_.seed)) || bad(k, "expected a whole number");
    if (k == "axis" || k == "metric") {
      // A point, chunk or bin line is checked against the axes and metrics read before it.
      if (records_seen_) return bad(k, "comes after a point, chunk or bin line");
      auto& names = k == "axis" ? s_.axis_paths : s_.metric_names;
      if (!count_is(2)) return false;
      if (names.size() >= kMaxStateMetrics) return bad(k, "too many");
      names.push_back(w[1]);
      return true;
    }
    if (k == "axis_label") return axis_label(w, line);
    if (k == "percentile") {
      double p = 0;
      if (!count_is(2) || !real(w[1], p) || !(p > 0 && p < 100) || s_.percentiles.size() >= 100) return bad(k, "must lie strictly between 0 and 100");
      s_.percentiles.push_back(p);
      return true;
    }
    if (k == "point" || k == "chunk" || k == "bin") records_seen_ = true;
    if (k == "point") return point(w);
    if (k == "chunk") return chunk(w);
    if (k == "bin") return bin(w);
    if (k == "sensitivity") return sensitivity(w);
    return bad(k, "not a field of a sweep state");
  }

  bool axis_label(const std::vector<std::string>& w, const std::string& line) {
    std::uint64_t a = 0, i = 0;
    if (w.size() < 4 || !whole(w[1], a) || !whole(w[2], i) || a >= s_.axis_paths.size()) return bad("axis_label", "names no axis");
    s_.axis_labels.resize(s_.axis_paths.size());
    if (i != s_.axis_labels[a].size()) return bad("axis_label", "out of order");
    std::istringstream l(line);
    std::string skip, label;
    l >> skip >> skip >> skip;
    std::getline(l >> std::ws, label);  // a label (a regime id) is the rest of the line
    s_.axis_labels[a].push_back(label);
    return true;
  }

  bool point(const std::vector<std::string>& w) {
    std::uint64_t p = 0;
    if (w.size() < 2 || !whole(w[1], p) || p >= s_.points) return bad("point", "index outside the sweep's " + std::to_string(s_.points) + " points");
    if (w.size() - 2 != s_.axis_paths.size()) return bad("point", "needs one value per axis");
    std::vector<double> values(w.size() - 2);
    for (std::size_t i = 2; i < w.size(); ++i) {
      if (!real(w[i], values[i - 2])) return bad("point", "a value is not a finite number: " + w[i]);
    }
    s_.axis_values[p] = std::move(values);
    return true;
  }

  bool chunk(const std::vector<std::string>& w) {
    ChunkRecord c;
    if (w.size() != 9 || !whole(w[1], c.point) || !whole(w[2], c.metric) || !whole(w[3], c.chunk) || !whole(w[7], c.count) ||
        !whole(w[8], c.missing)) {
      return bad("chunk", "expected point, metric, chunk, sum, min, max, count, missing");
    }
    if (!real(w[4], c.sum) || !real(w[5], c.min, c.count == 0) || !real(w[6], c.max, c.count == 0)) {
      return bad("chunk", "its sum, min or max is not a finite number");
    }
    if (c.point >= s_.points || c.metric >= s_.metric_names.size()) return bad("chunk", "names a point or metric outside the sweep");
    if (c.count > 0 && !(c.min <= c.max)) return bad("chunk", "min is above max");
    s_.chunks.push_back(c);
    return true;
  }

  bool bin(const std::vector<std::string>& w) {
    BinRecord b;
    std::uint64_t sign = 0, index = 0;
    const bool negative = w.size() == 6 && w[3] == "-1";
    if (w.size() != 6 || !whole(w[1], b.point) || !whole(w[2], b.metric) || !(negative || whole(w[3], sign)) || !whole(w[4], index) ||
        !whole(w[5], b.count)) {
      return bad("bin", "expected point, metric, sign, bin, count");
    }
    b.sign = negative ? -1 : static_cast<int>(sign);
    if (b.point >= s_.points || b.metric >= s_.metric_names.size() || b.sign > 1 || index > 1'000'000 || b.count == 0 ||
        b.count > s_.samples_per_point) {
      return bad("bin", "outside the sweep (point, metric, sign, bin or count)");
    }
    b.bin = static_cast<int>(index);
    s_.bins.push_back(b);
    return true;
  }

  bool sensitivity(const std::vector<std::string>& w) {
    Sensitivity x;
    if (w.size() != 7) return bad("sensitivity", "expected point, input, metric, low, high, base");
    if (!whole(w[1], x.point) || x.point >= s_.points) return bad("sensitivity", "names a grid point outside the sweep's " + std::to_string(s_.points) + " points");
    x.input = w[2], x.metric = w[3];
    double base = 0;
    if (!real(w[4], x.at_low) || !real(w[5], x.at_high) || (w[6] != "none" && !real(w[6], base))) return bad("sensitivity", "a value is not a finite number");
    x.swing = std::fabs(x.at_high - x.at_low);
    if (w[6] != "none") x.base = base;
    s_.sensitivities.push_back(x);
    return true;
  }

  std::string& error_;
  SweepState s_;
  std::set<std::string> seen_;  ///< the kRequired lines read so far
  bool records_seen_ = false;   ///< a point, chunk or bin line has been read
  int line_no_ = 0;
};

/// The first field in which `s` differs from `first`, as "FIELD is X, but the first state's is Y".
std::optional<std::string> differs(const SweepState& s, const SweepState& first) {
  auto text = [](auto v) { return std::to_string(v); };
  if (s.identity != first.identity) return "identity (a hash of the scenario and its sweep) is " + s.identity + ", but the first state's is " + first.identity + ": the shards come from different scenarios or sweeps";
  if (s.seed != first.seed) return "seed is " + text(s.seed) + ", but the first state's is " + text(first.seed);
  if (s.shard_count != first.shard_count) return "shard count is " + text(s.shard_count) + ", but the first state's is " + text(first.shard_count);
  if (s.samples_per_point != first.samples_per_point) return "samples is " + text(s.samples_per_point) + ", but the first state's is " + text(first.samples_per_point);
  if (s.points != first.points) return "points is " + text(s.points) + ", but the first state's is " + text(first.points);
  if (s.metric_names != first.metric_names) return "its metrics differ from the first state's";
  if (s.axis_paths != first.axis_paths || s.axis_labels != first.axis_labels) return "its axes differ from the first state's";
  if (s.percentiles != first.percentiles) return "its percentiles differ from the first state's";
  return std::nullopt;
}

/// Checks that state `s` holds exactly the chunks its shard runs, each complete: samples in
/// chunk order, (point, chunk) pairs dealt round-robin to the shards.
std::optional<std::string> check_coverage(const SweepState& s) {
  const std::uint64_t samples = s.samples_per_point, chunks = (samples + detail::kChunk - 1) / detail::kChunk;
  const std::uint64_t metrics = s.metric_names.size();
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> seen;  // (point, chunk) -> metrics recorded
  for (const auto& c : s.chunks) {
    if (c.chunk >= chunks) return "chunk " + std::to_string(c.chunk) + " of point " + std::to_string(c.point) + " lies outside the samples";
    const bool mine = samples == 1 ? c.point % s.shard_count == s.shard_index : (c.point * chunks + c.chunk) % s.shard_count == s.shard_index;
    if (!mine) return "chunk " + std::to_string(c.chunk) + " of point " + std::to_string(c.point) + " belongs to another shard";
    const std::uint64_t in_chunk = std::min(samples, (c.chunk + 1) * detail::kChunk) - c.chunk * detail::kChunk;
    if (c.count + c.missing != in_chunk) {
      return "chunk " + std::to_string(c.chunk) + " of point " + std::to_string(c.point) + " counts " + std::to_string(c.count + c.missing) +
             " samples, not " + std::to_string(in_chunk);
    }
    ++seen[{c.point, c.chunk}];
  }
  for (const auto& [key, n] : seen) {
    if (n != metrics) return "point " + std::to_string(key.first) + " chunk " + std::to_string(key.second) + " has " + std::to_string(n) + " metric records, not " + std::to_string(metrics);
  }
  return std::nullopt;
}

}  // namespace

std::optional<SweepState> parse_sweep_state(const std::string& text, std::string& error) { return StateParser(error).parse(text); }

namespace {

/// Why a merge failed: the message and the shard to blame (the number of shards: none in
/// particular).
struct MergeFailure {
  std::size_t culprit;
  std::string error;
};

MergeFailure shard_failure(const std::vector<SweepState>& shards, std::size_t i, const std::string& what) {
  return {i, "shard " + std::to_string(shards[i].shard_index) + " of " + std::to_string(shards[i].shard_count) + ": " + what};
}

/// The shards agree with the first, each appears once with exactly its chunks, and none is missing.
std::optional<MergeFailure> check_shard_set(const std::vector<SweepState>& shards) {
  const auto& first = shards.front();
  std::vector<bool> seen(first.shard_count);
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const auto& s = shards[i];
    if (auto d = differs(s, first)) return shard_failure(shards, i, *d);
    if (seen[s.shard_index]) return shard_failure(shards, i, "appears twice");
    seen[s.shard_index] = true;
    if (auto c = check_coverage(s)) return shard_failure(shards, i, *c);
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) return MergeFailure{shards.size(), "shard " + std::to_string(i) + " of " + std::to_string(seen.size()) + " is missing"};
  }
  return std::nullopt;
}

/// The records of one grid point across the shards (each bin with the shard it came from).
struct PointRecords {
  std::vector<const ChunkRecord*> chunks;
  std::vector<std::pair<std::size_t, const BinRecord*>> bins;
};

/// Rebuilds one grid point's statistics exactly as a single run would, from `chunks` chunks per
/// metric (`stats` and `histograms` are scratch of the right sizes).
std::optional<MergeFailure> rebuild_point(const std::vector<SweepState>& shards, std::uint64_t p, std::uint64_t chunks, const PointRecords& records,
                                          std::vector<ChunkStats>& stats, std::vector<LogHistogram>& histograms, SweepResult& r) {
  const auto& first = shards.front();
  const std::size_t metrics = first.metric_names.size();
  if (records.chunks.size() != chunks * metrics) {
    return MergeFailure{shards.size(), "point " + std::to_string(p) + " has " + std::to_string(records.chunks.size()) + " chunk records across the shards, not " +
                                           std::to_string(chunks * metrics)};
  }
  std::fill(stats.begin(), stats.end(), ChunkStats{});
  for (auto& h : histograms) h.clear();
  for (const auto* c : records.chunks) stats[c->chunk * metrics + c->metric] = {c->sum, c->count ? c->min : INFINITY, c->count ? c->max : -INFINITY, c->count, c->missing};
  for (const auto& [i, b] : records.bins) {
    if (!histograms[b->metric].add_bin(b->sign, b->bin, b->count)) return shard_failure(shards, i, "bin " + std::to_string(b->bin) + " lies outside the histogram");
  }
  r.points[p].metrics.resize(metrics);
  if (first.samples_per_point == 1) {
    // A pure grid: one value per point and metric, no histogram (as the single run's SummarySink).
    if (!records.bins.empty()) return shard_failure(shards, records.bins.front().first, "a grid without samples has no histogram bins");
    for (std::size_t m = 0; m < metrics; ++m) {
      const auto& c = stats[m];
      auto& out = r.points[p].metrics[m];
      out.count = c.count;
      out.missing = c.missing;
      out.mean = out.min = out.max = c.count ? c.sum : 0;
      out.percentiles.assign(r.percentiles.size(), out.mean);
    }
    return std::nullopt;
  }
  for (std::size_t m = 0; m < metrics; ++m) {
    std::uint64_t counted = 0;
    for (std::uint64_t k = 0; k < chunks; ++k) counted += stats[k * metrics + m].count;
    if (histograms[m].count() != counted) {
      return MergeFailure{shards.size(), "point " + std::to_string(p) + ", metric " + first.metric_names[m] + ": the histogram bins hold " +
                                             std::to_string(histograms[m].count()) + " values but the chunks count " + std::to_string(counted) +
                                             " (a bin record is missing or extra)"};
    }
    detail::summarise(stats, metrics, m, histograms[m], r.percentiles, r.points[p].metrics[m]);
  }
  return std::nullopt;
}

}  // namespace

std::optional<SweepResult> merge_sweep_states(const std::vector<SweepState>& shards, std::string& error, std::size_t* culprit) {
  auto fail = [&](const MergeFailure& f) {
    if (culprit) *culprit = f.culprit;
    error = f.error;
    return std::nullopt;
  };
  if (shards.empty()) {
    error = "no shard states";
    return std::nullopt;
  }
  if (auto f = check_shard_set(shards)) return fail(*f);
  const auto& first = shards.front();
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
  // Index the records by point, then rebuild each point exactly as a single run would.
  std::map<std::uint64_t, PointRecords> by_point;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const auto& s = shards[i];
    for (const auto& c : s.chunks) by_point[c.point].chunks.push_back(&c);
    for (const auto& b : s.bins) by_point[b.point].bins.push_back({i, &b});
    for (std::uint64_t p = 0; p < s.points; ++p) if (!s.axis_values[p].empty()) r.points[p].axis_values = s.axis_values[p];
    if (s.shard_index == 0) r.sensitivities = s.sensitivities;
  }
  const std::size_t metrics = first.metric_names.size();
  const std::uint64_t chunks = (first.samples_per_point + detail::kChunk - 1) / detail::kChunk;
  std::vector<ChunkStats> stats(chunks * metrics);
  std::vector<LogHistogram> histograms(metrics);
  for (std::uint64_t p = 0; p < first.points; ++p) {
    if (auto f = rebuild_point(shards, p, chunks, by_point[p], stats, histograms, r)) return fail(*f);
  }
  return r;
}

}  // namespace flopcast::sweep
