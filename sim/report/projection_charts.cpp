// Projection charts: per actor and period, peak and effective compute (capacity_over_time_<actor>)
// and serving demand, capacity and chips (serving_over_time_<actor>); regimes side by side.
#include "projection_charts.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "chart_templates.hpp"
#include "flopcast/report/write.hpp"
#include "chart_text.hpp"
#include "flopcast/core/file_names.hpp"

namespace flopcast::report {
namespace {


std::string slug(const std::string& s) { return core::file_stem(s); }  // unique per actor: the binder checks

std::string gp_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "\"" : ", \"") + detail::gp_escape(i) + "\"";
  return out;
}

std::string num4(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

/// The precision a chip's effective compute is measured in (bind_projection.cpp, eq. P7): FP8
/// where the chip has it, else BF16, else FP16.
catalog::Precision training_precision(const catalog::ChipSpec& chip) {
  return chip.supports(catalog::Precision::fp8)    ? catalog::Precision::fp8
         : chip.supports(catalog::Precision::bf16) ? catalog::Precision::bf16
                                                    : catalog::Precision::fp16;
}

/// capacity_over_time_<actor>: effective compute stacked by chip type, with the dense peak of the
/// active chips in BF16 and in each chip's training precision as lines.
ChartFiles capacity_over_time(const engine::Scenario& s, const engine::Results& r, const fleet::Actor& actor, const std::string& version) {
  const auto& refs = s.projection->reference_flop_per_s;
  // Chip types in the order the actor lists them.
  std::vector<const catalog::ChipSpec*> chips;
  for (const auto& l : actor.lines) {
    if (std::none_of(chips.begin(), chips.end(), [&](const auto* c) { return c->id == l.chip.id; })) chips.push_back(&l.chip);
  }
  std::vector<std::string> names, no_bf16;
  for (const auto* c : chips) {
    names.push_back(c->id);
    if (!c->supports(catalog::Precision::bf16)) no_bf16.push_back(c->id);
  }
  std::ostringstream data;
  data << "# period";
  for (const auto& n : names) data << '\t' << n;
  data << "\tpeak_bf16\tpeak_training_precision\n";
  data << "# EFLOP/s: effective compute of each chip type's active chips, then the dense peak of all active chips in BF16 and in each chip's training precision\n";
  for (const auto& p : r.projection) {
    if (p.actor != actor.name) continue;
    data << p.period.str();
    double peak_training = 0;
    for (const auto* chip : chips) {
      double eflops = 0;
      for (const auto& c : p.chips) {
        if (c.chip_id != chip->id) continue;
        const auto ref = refs.find(chip->id);
        eflops += c.active * (ref == refs.end() ? 0.0 : ref->second) / 1e18;
        peak_training += c.active * chip->peak(training_precision(*chip));
      }
      data << '\t' << num4(eflops);
    }
    data << '\t' << num4(p.peak_bf16_flop_per_s / 1e18) << '\t' << num4(peak_training / 1e18) << '\n';
  }
  // A chip type without a BF16 figure adds nothing to the BF16 peak: the legend says which.
  std::string bf16_title = "Peak BF16 dense";
  if (!no_bf16.empty()) {
    bf16_title += " (excl. ";
    for (std::size_t i = 0; i < no_bf16.size(); ++i) bf16_title += (i ? ", " : "") + no_bf16[i];
    bf16_title += ")";
  }
  const std::string stem = "capacity_over_time_" + slug(actor.name);
  const std::string title = s.name + ": peak and effective compute of " + actor.name + " (" + actor.destination + ")";
  const std::string source = "flopcast " + version + " | scenario " + s.source_file + " | effective = model FLOP/s of " +
                             s.assumptions.reference_model + " (best layout) on the active chips";
  return {stem,
          {{stem + ".dat", data.str()},
           {stem + ".gp", detail::fill(std::string(chart_template("capacity_over_time")),
                                       {{"TITLE", detail::gp_escape(title)}, {"SOURCE", detail::gp_escape(source)}, {"STEM", stem},
                                        {"CHIPS", std::to_string(chips.size())}, {"NAMES", gp_list(names)},
                                        {"PEAK_BF16_TITLE", detail::gp_escape(bf16_title)},
                                        {"SHOW_BF16", no_bf16.size() < chips.size() ? "1" : "0"}})}},
          chart_images(stem)};
}

/// serving_over_time_<actor>: demand, serving capacity and served tokens/day, and the active
/// chips split between serving and training. Only for an actor with demand or serving chips.
std::optional<ChartFiles> serving_over_time(const engine::Scenario& s, const engine::Results& r, const fleet::Actor& actor,
                                            const std::string& version) {
  bool serves = false;
  std::size_t periods = 0;
  std::ostringstream data;
  data << "# period\tdemand\tserving_capacity\tserved\tserving_chips\ttraining_chips\n"
       << "# tokens/day in trillions (input + output); chips in thousands\n";
  for (const auto& p : r.projection) {
    if (p.actor != actor.name) continue;
    serves = serves || p.demand_tokens_per_s > 0 || p.serving_chips > 0;
    ++periods;
    data << p.period.str() << '\t' << num4(p.demand_tokens_per_s * 86400 / 1e12) << '\t'
         << num4(p.serving_capacity_tokens_per_s * 86400 / 1e12) << '\t' << num4(p.served_tokens_per_s * 86400 / 1e12) << '\t'
         << num4(p.serving_chips / 1e3) << '\t' << num4(p.training_chips / 1e3) << '\n';
  }
  if (!serves) return std::nullopt;
  const auto& alloc = actor.allocation;
  const std::string service = s.assumptions.reference_service_model + " " + s.assumptions.reference_service_modes() +
                              (s.assumptions.reference_service_mix.empty() ? " mode" : "");
  const std::string subtitle =
      alloc.policy == fleet::Allocation::Policy::serving_first
          ? std::string(alloc.serve_on == fleet::Allocation::ServeOn::best_suited
                            ? "serving first, best-suited chips serve the demand ("
                            : "serving first, one share of every chip type serves the demand (") +
                service + "), the rest train"
          : detail::fixed(100 * (1 - std::clamp(alloc.training_share, 0.0, 1.0)), 0) + "% of the active chips serve (" + service +
                "), the rest train";
  const std::string stem = "serving_over_time_" + slug(actor.name);
  const std::string title = s.name + ": serving demand and capacity of " + actor.name + " (" + actor.destination + ")";
  // The subtitle names the service; the source line stays short enough for the canvas.
  const std::string source = "flopcast " + version + " | scenario " + s.source_file + " | capacity: 8-bit, best replica (eq. P10)";
  return ChartFiles{stem,
                    {{stem + ".dat", data.str()},
                     {stem + ".gp", detail::fill(std::string(chart_template("serving_over_time")),
                                                 {{"TITLE", detail::gp_escape(title)}, {"SUBTITLE", detail::gp_escape(subtitle)},
                                                  {"SOURCE", detail::gp_escape(source)}, {"STEM", stem},
                                                  {"PERIODS", std::to_string(periods)}})}},
                    chart_images(stem)};
}

}  // namespace

std::vector<ChartFiles> make_projection_charts(const engine::Scenario& s, const engine::Results& r, const std::string& version) {
  std::vector<ChartFiles> out;
  if (!s.projection || r.projection.empty()) return out;
  for (const auto& actor : s.projection->actors) out.push_back(capacity_over_time(s, r, actor, version));
  for (const auto& actor : s.projection->actors) {
    if (auto c = serving_over_time(s, r, actor, version)) out.push_back(std::move(*c));
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
