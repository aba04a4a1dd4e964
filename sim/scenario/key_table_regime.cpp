// Keys of export-control regime files and the destination table (docs/rules.md).
#include "key_builders.hpp"

namespace flopcast::scenario {
namespace {

using namespace keys;
using D = core::Dimension;
using V = ValueKind;

// A condition map is recursive (all/any/not hold conditions), so its section is declared first.
// It is not reachable from scenario_section(), so the scenario JSON Schema never walks it.
extern const Section kConditionSection;

KeySpec number(std::string_view n, std::string_view d) { return {n, V::number, d}; }
KeySpec fraction(std::string_view n, std::string_view d) { return qty(n, D::fraction, d); }

const std::vector<KeySpec> kNumberBounds = {
    number(">=", "at least this value"), number(">", "greater than this value"),
    number("<", "less than this value"), number("<=", "at most this value"),
};
const Section kNumberBoundsSection{"bounds", "comparisons that must all hold, e.g. {\">=\": 2400, \"<\": 4800}", kNumberBounds};

const std::vector<KeySpec> kRateBounds = {
    qty(">=", D::byte_rate, "at least this bandwidth, e.g. \"4000 GB/s\""),
    qty(">", D::byte_rate, "more than this bandwidth"),
    qty("<", D::byte_rate, "less than this bandwidth, e.g. \"6500 GB/s\""),
    qty("<=", D::byte_rate, "at most this bandwidth"),
};
const Section kRateBoundsSection{"bounds", "bandwidth comparisons that must all hold, e.g. {\">=\": \"600 GB/s\"}", kRateBounds};

const std::vector<KeySpec> kCondition = {
    nested("all", V::list_of_maps, &kConditionSection, "every listed condition holds"),
    nested("any", V::list_of_maps, &kConditionSection, "at least one listed condition holds"),
    nested("not", V::map, &kConditionSection, "the condition does not hold"),
    str("meets", "a named condition of this regime or its base, e.g. 3A090.a"),
    list("chips", "named catalog chips, e.g. [h20]"),
    flag("datacenter", "the chip is (true) or is not (false) designed or marketed for datacenters"),
    choice("item", item_kind_tokens, "the kind of item: accelerator (every catalog chip) or hbm_stack"),
    flag("available_in_us", "the chip is (true) or is not (false) commercially available in the US (R8's eligibility test)"),
    list("origin", "the chip's country of origin is one of these ISO codes, e.g. [US]"),
    nested("tpp", V::map, &kNumberBoundsSection, "Total Processing Performance bounds"),
    nested("performance_density", V::map, &kNumberBoundsSection, "TPP per mm2 of logic die bounds"),
    nested("hbm_bandwidth", V::map, &kRateBoundsSection, "DRAM (HBM) bandwidth bounds"),
    nested("interconnect_bidirectional", V::map, &kRateBoundsSection, "bidirectional chip-to-chip bandwidth bounds"),
    nested("hbm_bandwidth_density", V::map, &kNumberBoundsSection, "HBM stack bandwidth density bounds, GB/s per mm2"),
};
const Section kConditionSection{"condition", "a condition on a chip; several keys in one map must all hold", kCondition};

const std::vector<KeySpec> kApprovalStep = {
    date("from", "first month of this approval probability, YYYY-MM", true),
    qty("probability", D::fraction, "chance a licence is granted from that month, 0..1", true),
};
const Section kApprovalStepSection{"approval step", "an approval probability from a month on", kApprovalStep};

std::vector<std::string> cap_period_tokens() { return {"year", "total"}; }
const std::vector<KeySpec> kQuantityCap = {
    number("h100e", "the cap in H100-equivalents by TPP (TPP / 15,832), e.g. 750000"),
    number("tpp", "the cap in total TPP (stored as H100e: / 15,832)"),
    choice("per", cap_period_tokens, "year (each calendar year, the default) or total (over the rule's life)"),
};
const Section kQuantityCapSection{"quantity cap", "a cap on what every buyer the rule decides receives, in H100e or TPP", kQuantityCap};

const std::vector<KeySpec> kRule = {
    str("id", "the provision, e.g. 3A090.a (rules may share an id, one per destination scope)", true),
    str("title", "one line: what the rule does"),
    nested("when", V::map, &kConditionSection, "the chips the rule applies to", true),
    list("destinations", "country codes (CN), groups from destinations.yaml (D:5) or * for everywhere", true),
    choice("outcome", outcome_tokens, "allowed, notify, licence or denied", true),
    fraction("approval_probability", "licence: chance a licence is granted, 0..1"),
    nested("approval_schedule", V::list_of_maps, &kApprovalStepSection, "licence: the chance per period, [{from: YYYY-MM, probability: P}]"),
    nested("quantity_cap", V::map, &kQuantityCapSection, "a cap in H100e or TPP on what the rule's buyers receive, per year or in total"),
    list("headquarters", "end-user scope: the rule also applies, wherever the chip goes, to buyers headquartered in these countries or groups"),
    fraction("fee_share", "share of revenue paid to the US government, e.g. 0.15"),
    fraction("volume_cap", "shipments capped at this fraction of US end-use volume, e.g. 0.5"),
    str("source", "citation: Federal Register document and reference key, e.g. \"[FR23] 88 FR 73458\"", true),
    str("notes", "interpretation, what is not encoded"),
};
const Section kRuleSection{"rule", "an export-control rule", kRule};

const std::vector<KeySpec> kSupplyControl = {
    str("id", "the provision, e.g. 3A090.c", true),
    str("title", "one line: what the control does"),
    str("cuts", "the flow tag it cuts: production inputs name it in control:, e.g. hbm-imports", true),
    fraction("share", "share of the tagged flows cut, 0..1 (default 1)"),
    list("destinations", "where producers are cut off: country codes, groups or *", true),
    str("source", "citation: Federal Register document and reference key", true),
    str("notes", "interpretation, what is not encoded"),
};
const Section kSupplyControlSection{"supply control", "a control that cuts a production input", kSupplyControl};

const std::vector<KeySpec> kRegimeFile = {
    str("title", "what the regime is, one line", true),
    date("effective", "month the regime took effect, YYYY-MM (omit for counterfactuals)"),
    date("rescinded", "month it was rescinded or stopped being enforced"),
    str("citation", "the instrument(s): Federal Register citation, FR Doc number"),
    str("notes", "scope, what is and is not encoded"),
    str("base", "a regime whose rules (and named conditions) follow this one's"),
    str("issuer", "whose rules: US (export rules on US-origin chips, the default) or an importing country's ISO code (its import rules)"),
    nested("conditions", V::map_of_maps, &kConditionSection, "named conditions, used in rules with meets:"),
    nested("rules", V::list_of_maps, &kRuleSection, "the rules in order; the first match decides", true),
    nested("supply_controls", V::list_of_maps, &kSupplyControlSection, "controls on production inputs (HBM, tools, foundry services) for producers in their destinations"),
};
const Section kRegimeFileSection{"regime", "an export-control regime file", kRegimeFile};

const std::vector<KeySpec> kDestinationGroup = {
    str("title", "what the group is"),
    list("members", "ISO 3166 alpha-2 codes, e.g. [CN]", true),
    str("source", "where the membership comes from", true),
    str("notes", "whether the list is complete"),
};
const Section kDestinationGroupSection{"group", "a destination group", kDestinationGroup};

const std::vector<KeySpec> kCountry = {
    str("treated_as", "the country whose rules apply, e.g. CN for HK", true),
    str("source", "citation", true),
    str("notes", "remarks"),
};
const Section kCountrySection{"country", "a country treated as another one", kCountry};

const std::vector<KeySpec> kDestinationsFile = {
    nested("groups", V::map_of_maps, &kDestinationGroupSection, "destination groups by id", true),
    nested("countries", V::map_of_maps, &kCountrySection, "countries treated as another one"),
};
const Section kDestinationsFileSection{"destinations", "the destination group table", kDestinationsFile};


}  // namespace

const Section& regime_file_section() { return kRegimeFileSection; }
const Section& destinations_file_section() { return kDestinationsFileSection; }

}  // namespace flopcast::scenario
