// Projection charts: per actor, per period, effective EFLOP/s of each chip type's active chips.
#include "projection_charts.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <sstream>

#include "chart_templates.hpp"
#include "flopcast/report/write.hpp"
#include "chart_text.hpp"

namespace flopcast::report {
namespace {


std::string slug(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
  return out;
}

}  // namespace

std::vector<ChartFiles> make_projection_charts(const engine::Scenario& s, const engine::Results& r, const std::string& version) {
  std::vector<ChartFiles> out;
  if (!s.projection || r.projection.empty()) return out;
  const auto& refs = s.projection->reference_flop_per_s;
  for (const auto& actor : s.projection->actors) {
    // Chip types in the order the actor lists them.
    std::vector<std::string> chips;
    for (const auto& l : actor.lines) if (std::find(chips.begin(), chips.end(), l.chip.id) == chips.end()) chips.push_back(l.chip.id);
    std::ostringstream data;
    data << "period";
    for (const auto& c : chips) data << '\t' << c;
    data << '\n';
    for (const auto& p : r.projection) {
      if (p.actor != actor.name) continue;
      data << p.period.str();
      for (const auto& id : chips) {
        double eflops = 0;
        for (const auto& c : p.chips) {
          if (c.chip_id != id) continue;
          const auto ref = refs.find(id);
          eflops += c.active * (ref == refs.end() ? 0.0 : ref->second) / 1e18;
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "\t%.4f", eflops);
        data << buf;
      }
      data << '\n';
    }
    const std::string stem = "capacity_over_time_" + slug(actor.name);
    const std::string title = s.name + ": effective compute of " + actor.name + " (" + actor.destination + ") by chip type";
    const std::string source = "flopcast " + version + " | scenario " + s.source_file + " | effective = model FLOP/s of " +
                               s.assumptions.reference_model + " (best layout) on the active chips";
    out.push_back({stem,
                   {{stem + ".dat", data.str()},
                    {stem + ".gp", detail::fill(std::string(chart_template("capacity_over_time")),
                                        {{"TITLE", title}, {"SOURCE", source}, {"STEM", stem}, {"CHIPS", std::to_string(chips.size())}})}},
                   chart_images(stem)});
  }
  return out;
}

ChartFiles make_regime_comparison_chart(const engine::Scenario& s, const std::vector<std::string>& regimes,
                                        const std::vector<engine::Results>& runs, const std::string& version) {
  std::ostringstream data;
  data << "period";
  for (const auto& id : regimes) data << '\t' << id;
  data << '\n';
  const auto& base = runs.front().projection;
  for (std::size_t k = 0; k < base.size(); ++k) {
    if (k > 0 && base[k].period == base[k - 1].period) continue;  // one row per period
    data << base[k].period.str();
    for (const auto& run : runs) {
      double total = 0;
      for (const auto& p : run.projection) if (p.period == base[k].period) total += p.effective_flop_per_s;
      char buf[32];
      std::snprintf(buf, sizeof buf, "\t%.4f", total / 1e18);
      data << buf;
    }
    data << '\n';
  }
  const std::string stem = "regime_comparison";
  const std::string title = s.name + ": effective compute under each regime";
  const std::string source = "flopcast " + version + " | scenario " + s.source_file + " | flopcast compare | reference workload " +
                             s.assumptions.reference_model;
  return {stem,
          {{stem + ".dat", data.str()},
           {stem + ".gp", detail::fill(std::string(chart_template("regime_comparison")),
                                       {{"TITLE", title}, {"SOURCE", source}, {"STEM", stem}, {"REGIMES", std::to_string(regimes.size())}})}},
          chart_images(stem)};
}

ExtraFiles regime_comparison_chart(const engine::Scenario& s, const std::vector<std::string>& regimes,
                                   const std::vector<engine::Results>& runs, const std::string& version) {
  return make_regime_comparison_chart(s, regimes, runs, version).files;
}

}  // namespace flopcast::report
