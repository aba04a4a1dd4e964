// Name tables of the rule language and lookups in the destination table.
#include "flopcast/rules/export_regime.hpp"

#include <algorithm>
#include <array>

namespace flopcast::rules {
namespace {

constexpr std::array<core::EnumName<Metric>, 5> kMetrics{{
    {Metric::tpp, "tpp", "Total Processing Performance: dense tera-ops/s x bit length, max over precisions (a plain number)"},
    {Metric::performance_density, "performance_density", "TPP per mm2 of logic die (a plain number)"},
    {Metric::hbm_bandwidth, "hbm_bandwidth", "DRAM (HBM) bandwidth, e.g. \"4000 GB/s\""},
    {Metric::interconnect_bidirectional, "interconnect_bidirectional",
     "aggregate bidirectional chip-to-chip bandwidth = 2 x the catalog's per-direction scale_up_bandwidth, e.g. \"600 GB/s\""},
    {Metric::hbm_bandwidth_density, "hbm_bandwidth_density",
     "HBM stack bandwidth per mm2 of stack, in GB/s per mm2 (a plain number); unknown for accelerators"},
}};

constexpr std::array<core::EnumName<Comparison>, 4> kComparisons{{
    {Comparison::at_least, ">=", "at least"},
    {Comparison::above, ">", "greater than"},
    {Comparison::below, "<", "less than"},
    {Comparison::at_most, "<=", "at most"},
}};

constexpr std::array<core::EnumName<ItemKind>, 2> kItems{{
    {ItemKind::accelerator, "accelerator", "a logic IC with co-packaged HBM (every catalog chip)"},
    {ItemKind::hbm_stack, "hbm_stack", "a stand-alone HBM stack (3A090.c); no catalog entry is one"},
}};

constexpr std::array<core::EnumName<Outcome>, 4> kOutcomes{{
    {Outcome::allowed, "allowed", "no licence needed"},
    {Outcome::notify, "notify", "allowed after notifying the government (NAC/ACA, LPP)"},
    {Outcome::licence, "licence", "a licence is needed (case by case, or a presumption of approval)"},
    {Outcome::denied, "denied", "prohibited, or a licence under a presumption of denial"},
}};

}  // namespace

std::span<const core::EnumName<Metric>> metric_names() { return kMetrics; }
std::span<const core::EnumName<Comparison>> comparison_names() { return kComparisons; }
std::span<const core::EnumName<ItemKind>> item_kind_names() { return kItems; }
std::span<const core::EnumName<Outcome>> outcome_names() { return kOutcomes; }

bool DestinationScope::covers(std::string_view country) const {
  return everywhere || std::binary_search(countries.begin(), countries.end(), country);
}

const DestinationGroup* DestinationTable::find_group(std::string_view id) const {
  for (const auto& g : groups) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

std::vector<std::string> DestinationTable::group_ids() const {
  std::vector<std::string> out;
  for (const auto& g : groups) out.push_back(g.id);
  return out;
}

std::string DestinationTable::treated_country(std::string_view country) const {
  for (const auto& [from, to] : treated_as) {
    if (from == country) return to;
  }
  return std::string(country);
}

std::vector<std::string> DestinationTable::groups_of(std::string_view country) const {
  std::vector<std::string> out;
  for (const auto& g : groups) {
    if (std::find(g.members.begin(), g.members.end(), country) != g.members.end()) out.push_back(g.id);
  }
  return out;
}

bool is_country_code(std::string_view text) {
  return text.size() == 2 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace flopcast::rules
