// serving_vs_demand: per pool, the chips each service (mode) needs, stacked, against the pool's
// chips; the share of the pool that is and how much of the demand the pool can serve.
#include "serving_charts.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/core/number_text.hpp"

namespace flopcast::report {
namespace {

using namespace detail;

/// Tokens/day as "140T", "1.5T", "800B".
std::string tokens_per_day(double tokens_per_s) {
  const double per_day = tokens_per_s * 86400;
  char buf[32];
  if (per_day >= 0.9995e12) std::snprintf(buf, sizeof buf, "%.3gT", per_day / 1e12);
  else std::snprintf(buf, sizeof buf, "%.3gB", per_day / 1e9);
  return buf;
}

std::string gp_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "\"" : ", \"") + gp_escape(i) + "\"";
  return out;
}

struct PoolRow {
  const fleet::Pool* pool = nullptr;
  double demand_tokens_per_s = 0;        ///< summed over the services on the pool
  std::vector<double> needed;            ///< per segment (service name)
  std::vector<bool> listed;              ///< per segment: the service is listed on the pool
  std::vector<std::string> infeasible;   ///< services that do not fit on the pool
};

/// One row per pool that lists a service: its demand and the chips each service needs on it.
std::vector<PoolRow> pool_rows(const engine::Scenario& s, const engine::Results& r, const std::vector<std::string>& segments) {
  std::vector<PoolRow> rows;
  for (const auto& p : s.fleet.pools) rows.push_back({&p, 0, std::vector<double>(segments.size(), 0.0), std::vector<bool>(segments.size(), false), {}});
  for (const auto& ir : r.inference) {
    const auto i = static_cast<std::size_t>(std::find(segments.begin(), segments.end(), ir.name) - segments.begin());
    auto row = std::find_if(rows.begin(), rows.end(), [&](const PoolRow& x) { return x.pool->name == ir.pool; });
    FLOPCAST_ASSERT(i < segments.size() && row != rows.end(), "an inference result names no service or pool of the scenario");
    // A service listed twice on one pool (prefill and decode there) counts its demand once.
    if (!row->listed[i]) row->demand_tokens_per_s += ir.demand_tokens_per_s;
    row->listed[i] = true;
    if (ir.estimate.feasible) row->needed[i] += ir.chips_needed;
    else row->infeasible.push_back(ir.name);
  }
  std::erase_if(rows, [](const PoolRow& x) { return std::find(x.listed.begin(), x.listed.end(), true) == x.listed.end(); });
  return rows;
}

/// The chart's data: a row per pool (its labels, then the chips each segment needs); `largest`
/// gets the largest bar or pool, which sets the axis unit.
std::string serving_vs_demand_data(const std::vector<PoolRow>& rows, const std::vector<std::string>& segments, double& largest) {
  std::ostringstream data;
  data << "# serving_vs_demand: chips needed on each pool, by service (mode), each pool as if it alone served every service listed on it\n"
       << "# pool\tchips_in_pool\tdemand_on_pool\tchips_available\tchips_needed\tneeded_pct_of_pool\tlabel\tlabel2";
  for (const auto& name : segments) data << '\t' << name;
  data << '\n';
  for (const auto& row : rows) {
    double needed = 0;
    for (double v : row.needed) needed += v;
    const double available = row.pool->count;
    const double share = available > 0 ? needed / available : 0;
    largest = std::max({largest, needed, available});
    std::string label2;
    if (!row.infeasible.empty()) {
      label2 = "does not fit:";
      for (const auto& n : row.infeasible) label2 += " " + n;
      label2 += " (not counted)";
    } else {
      label2 = needed <= available ? "the pool serves all the demand"
                                   : "the pool serves " + fixed(std::floor(100 * available / needed), 0) + "% of the demand";
    }
    data << '"' << row.pool->name << "\"\t\"" << core::grouped(available) << " x " << row.pool->chip.id << "\"\t\""
         << tokens_per_day(row.demand_tokens_per_s) << " tokens/day\"\t" << fixed(available, 0) << '\t' << fixed(needed, 0) << '\t'
         << fixed(100 * share, 1) << "\t\"" << core::grouped(needed) << " chips = " << fixed(100 * share, 0) << "% of the pool\"\t\"" << label2
         << '"';
    for (double v : row.needed) data << '\t' << fixed(v, 0);
    data << '\n';
  }
  return data.str();
}

}  // namespace

std::optional<ChartFiles> make_serving_vs_demand_chart(const engine::Scenario& s, const engine::Results& r, const std::string& version) {
  if (s.inference.empty()) return std::nullopt;
  // Segments: the (mode-expanded) services in scenario order; each result row names its pool.
  std::vector<std::string> segments, segment_group;
  for (const auto& svc : s.inference) {
    segments.push_back(svc.name);
    segment_group.push_back(svc.group.empty() ? svc.name : svc.group);
  }
  const auto rows = pool_rows(s, r, segments);
  if (rows.empty()) return std::nullopt;

  // Colours follow the parent service; fill patterns differ per segment (greyscale).
  std::vector<std::string> groups, colours;
  for (const auto& g : segment_group) {
    auto it = std::find(groups.begin(), groups.end(), g);
    if (it == groups.end()) it = groups.insert(groups.end(), g);
    colours.push_back(std::to_string(it - groups.begin() + 1));
  }
  double largest = 0;  // sets the axis unit: chips, thousands or millions
  const std::string data = serving_vs_demand_data(rows, segments, largest);
  const bool millions = largest >= 2e6, thousands = !millions && largest >= 2e4;
  const std::string ylabel = millions ? "Chips (millions)" : thousands ? "Chips (thousands)" : "Chips";
  const std::string stem = "serving_vs_demand";
  const std::string title = s.name + ": chips needed to serve the demand, by pool and mode";
  const std::string subtitle = "each pool as if it alone served every service listed on it; line: the chips in the pool";
  const std::string source = "flopcast " + version + " | scenario " + s.source_file;
  std::string colour_list;
  for (const auto& c : colours) colour_list += (colour_list.empty() ? "" : ", ") + c;
  const std::string script =
      fill(std::string(chart_template("serving_vs_demand")),
           {{"TITLE", gp_escape(title)}, {"SUBTITLE", gp_escape(subtitle)}, {"SOURCE", gp_escape(source)}, {"STEM", stem},
            {"POOLS", std::to_string(rows.size())}, {"SEGMENTS", std::to_string(segments.size())}, {"NAMES", gp_list(segments)},
            {"COLOURS", colour_list},
            {"YLABEL", ylabel}, {"SCALE", millions ? "1e6" : thousands ? "1e3" : "1"}});
  FLOPCAST_ASSERT(!script.empty(), "chart template serving_vs_demand is missing");
  return ChartFiles{stem, {{stem + ".dat", data}, {stem + ".gp", script}}, chart_images(stem)};
}

}  // namespace flopcast::report
