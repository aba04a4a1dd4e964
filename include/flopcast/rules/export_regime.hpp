// Export-control regimes as data: a regime is an ordered list of rules, each a condition over a
// chip's export-control metrics, a destination scope and an outcome. The language is described
// in docs/rules.md; the shipped regimes are scenarios/regimes/*.yaml.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/catalog/provenance.hpp"
#include "flopcast/core/enum_table.hpp"
#include "flopcast/core/year_month.hpp"

namespace flopcast::rules {

/// The chip quantities rule thresholds are written in (3A090 technical notes, 88 FR 73458).
enum class Metric {
  tpp,                         ///< Total Processing Performance, dimensionless
  performance_density,         ///< TPP per mm² of logic die
  hbm_bandwidth,               ///< DRAM (HBM) bandwidth, bytes/s
  interconnect_bidirectional,  ///< aggregate bidirectional chip-to-chip I/O, bytes/s (2 x per direction)
  hbm_bandwidth_density,       ///< HBM stack bandwidth per mm² of stack, bytes/s per mm² (3A090.c)
};
std::span<const core::EnumName<Metric>> metric_names();

/// Comparison operators; tokens are the operators themselves (">=", ">", "<", "<=").
enum class Comparison { at_least, above, below, at_most };
std::span<const core::EnumName<Comparison>> comparison_names();

/// What kind of item a rule is about. Every catalog chip is an accelerator (a logic IC with its
/// HBM co-packaged); hbm_stack exists so the Dec 2024 HBM rule (3A090.c) can be written down.
enum class ItemKind { accelerator, hbm_stack };
std::span<const core::EnumName<ItemKind>> item_kind_names();

/// What a matching rule means for an export.
enum class Outcome {
  allowed,  ///< no licence needed
  notify,   ///< allowed after notifying the government (NAC/ACA, LPP)
  licence,  ///< a licence is needed; reviewed case by case or with a presumption of approval
  denied,   ///< prohibited, or a licence under a presumption of denial
};
std::span<const core::EnumName<Outcome>> outcome_names();

/// A node of a rule's condition tree. Leaves compare one metric, name chips, or test a chip
/// property; all/any/negate combine children. Evaluation is three-valued (see regime_eval.cpp).
///
/// Children are shared, not owned: a named condition (`conditions:` in a regime file) is one
/// node, and every `meets:` that uses it points at that node. Conditions that build on each
/// other therefore take memory linear in the file, however often each is used, and evaluation
/// memoises the named (labelled) nodes so it is linear too (docs/reliability.md, Resource limits).
struct Condition {
  enum class Kind { all, any, negate, compare, named_chips, datacenter, item, available_in_us, origin };
  Kind kind = Kind::all;
  std::vector<std::shared_ptr<const Condition>> children;  ///< all, any; negate has exactly one
  Metric metric = Metric::tpp;      ///< compare
  Comparison op = Comparison::at_least;
  double threshold = 0;             ///< compare: SI units of `metric`
  std::vector<std::string> chips;   ///< named_chips: catalog chip ids; origin: ISO country codes
  bool datacenter = true;           ///< datacenter, available_in_us: the value the chip must have
  ItemKind item = ItemKind::accelerator;
  /// Name of the regime condition this node is ("3A090.a"), if any. Only named nodes are shared.
  std::string label;
  /// Levels from this node down to its deepest leaf, counting through named conditions; the
  /// binder bounds it (kMaxConditionDepth) so evaluation's recursion is bounded.
  std::uint16_t depth = 1;
};

/// The most levels a condition may have, counting through `meets:` (docs/reliability.md).
inline constexpr int kMaxConditionDepth = 64;

/// The countries a rule applies to: as written (country codes, group ids, "*") and resolved.
struct DestinationScope {
  bool everywhere = false;             ///< "*" was listed
  std::vector<std::string> written;    ///< tokens as in the file, e.g. ["D:5", "MO"]
  std::vector<std::string> countries;  ///< ISO 3166 alpha-2 codes after resolving groups, sorted

  [[nodiscard]] bool covers(std::string_view country) const;
};

struct Rule {
  std::string id;       ///< the provision, e.g. "3A090.a"; several rules may share one (one per scope)
  std::string title;
  std::string defined_in;  ///< id of the regime whose file holds this rule (rules are inherited via base:)
  std::shared_ptr<const Condition> when;  ///< never null in a bound rule
  DestinationScope destinations;
  Outcome outcome = Outcome::licence;
  std::optional<double> approval_probability;  ///< licence: chance a licence is granted, 0..1
  /// licence: the chance per period, (from, p) in increasing months; before the first, the
  /// constant above (or the scenario's default)
  std::vector<std::pair<core::YearMonth, double>> approval_schedule;
  std::optional<double> fee_share;             ///< share of revenue paid to the US government, 0..1
  std::optional<double> volume_cap;            ///< cap as a fraction of US end-use volume, 0..1
  /// Quantity cap per destination in H100e by TPP (a TPP cap is stored / 15,832): what every buyer
  /// the rule decides receives in total, per calendar year or over the rule's whole life.
  std::optional<double> quantity_cap_h100e;
  bool quantity_cap_per_year = true;
  /// End-user scope: the rule also applies, wherever the chip goes, to buyers headquartered in
  /// these countries or groups (the Oct 2023 rule's D:5/Macau-headquartered companies).
  DestinationScope headquarters;
  catalog::Provenance provenance;              ///< source: the Federal Register / reference key
};

/// A supply-side control: cuts a tagged flow into production (foreign HBM, tools, foundry
/// services) for producers in its destinations, from the regime's effective date.
struct SupplyControl {
  std::string id;     ///< the provision, e.g. "3A090.c"
  std::string title;
  std::string defined_in;
  std::string cuts;   ///< the flow tag production inputs name in `control:`, e.g. "hbm-imports"
  double share = 1;   ///< share of the flow cut, 0..1
  DestinationScope destinations;
  catalog::Provenance provenance;
};

struct ExportRegime {
  std::string id;  ///< the file name without .yaml, e.g. "oct2023"
  /// Whose rules these are: "US" (export rules on US-origin chips, the default) or an importing
  /// country (its import rules on chips entering it, whatever their origin).
  std::string issuer = "US";
  std::string title;
  std::optional<core::YearMonth> effective;  ///< none for counterfactuals
  std::optional<core::YearMonth> rescinded;
  std::string citation;  ///< the instrument, e.g. "88 FR 73458, FR Doc 2023-23055"
  std::string notes;
  std::string base;         ///< regime whose rules follow this one's, or empty
  std::vector<Rule> rules;  ///< own rules first, then the base's; the first match decides
  std::vector<SupplyControl> supply_controls;  ///< own first, then the base's; every one applies
  core::SourceLocation defined_at;
};

/// A named set of destination countries (a Country Group of 15 CFR 740 Supp. 1, or a tier).
struct DestinationGroup {
  std::string id;  ///< "D:5", "diffusion:tier1"
  std::string title;
  std::vector<std::string> members;  ///< ISO 3166 alpha-2 codes
  catalog::Provenance provenance;
};

/// Destination groups plus countries treated as another one (Hong Kong is treated as China).
struct DestinationTable {
  std::vector<DestinationGroup> groups;
  std::vector<std::pair<std::string, std::string>> treated_as;  ///< (country, treated as)

  [[nodiscard]] const DestinationGroup* find_group(std::string_view id) const;
  [[nodiscard]] std::vector<std::string> group_ids() const;
  /// The country whose rules apply to `country` ("HK" -> "CN"); itself when not aliased.
  [[nodiscard]] std::string treated_country(std::string_view country) const;
  /// Ids of the groups that contain `country`.
  [[nodiscard]] std::vector<std::string> groups_of(std::string_view country) const;
};

/// True for a two-letter upper-case code such as "CN" (the form destinations are written in).
bool is_country_code(std::string_view text);

}  // namespace flopcast::rules
