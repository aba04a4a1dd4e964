// YAML chip entry -> catalog::ChipSpec (catalog files and a scenario's chips: section).
#include <algorithm>

#include "bind_entries.hpp"
#include "flopcast/core/suggest.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

void bind_dense_peak(YamlReader& r, const CheckedMap& chip, catalog::ChipSpec& c) {
  const MapEntry* e = chip.get("dense_peak");
  if (!e) return;
  auto m = r.map(e->value, chip.child_path("dense_peak"), *e->spec->child);
  if (!m) return;
  for (const auto& p : catalog::precision_names()) {
    double v = 0;
    if (r.read(*m, p.token, v)) c.dense_peak_flop_per_s[static_cast<std::size_t>(p.value)] = v;
  }
}

void bind_gemm_efficiency(YamlReader& r, const CheckedMap& chip, catalog::ChipSpec& c) {
  const MapEntry* e = chip.get("gemm_efficiency");
  if (!e) return;
  auto m = r.map(e->value, chip.child_path("gemm_efficiency"), *e->spec->child);
  if (!m) return;
  for (const auto& p : catalog::precision_names()) {
    double v = 0;
    if (r.read(*m, p.token, v)) c.gemm_efficiency[static_cast<std::size_t>(p.value)] = v;
  }
}

void bind_collective_latency(YamlReader& r, const CheckedMap& chip, catalog::ChipSpec& c) {
  const MapEntry* e = chip.get("collective_latency");
  if (!e) return;
  auto m = r.map(e->value, chip.child_path("collective_latency"), *e->spec->child);
  if (!m) return;
  catalog::ChipSpec::CollectiveLatency l;
  r.read(*m, "base", l.base_s);
  r.read(*m, "scale_up_step", l.scale_up_step_s);
  r.read(*m, "scale_out_step", l.scale_out_step_s);
  c.collective_latency = l;
}

}  // namespace

void report_unknown_reference(YamlReader& r, const YAML::Node& at, const std::string& path, const std::string& what,
                              const std::string& id, const std::vector<std::string>& known) {
  auto d = r.make(ErrorCode::unknown_reference, at, path, "unknown " + what + " '" + id + "'");
  d.suggestions = core::suggest_closest(id, known);
  d.candidates = known;
  d.hint = what == "pool"     ? "pools are the names given under fleet.pools"
           : what == "regime" ? "regimes are the files in scenarios/regimes/ ('flopcast classify' shows each)"
                              : "list the built-in " + what + "s with 'flopcast catalog " + what + "s', or define it in this file";
  r.report(std::move(d));
}

/// Where `key` stands in the map relative to `entry`: -1 before it, 1 after it, 0 not in the map.
static int order_in_map(const YAML::Node& map, const std::string& key, const std::string& entry) {
  if (!map.IsMap()) return 0;
  for (const auto& kv : map) {
    const auto name = kv.first.Scalar();
    if (name == key) return -1;
    if (name == entry) return map[key] ? 1 : 0;
  }
  return 0;
}

void report_unknown_base(YamlReader& r, const CheckedMap& m, const YAML::Node& section, const std::string& entry,
                         const std::string& what, const std::string& base, const std::vector<std::string>& known) {
  auto d = r.make(ErrorCode::unknown_reference, m.value_node("base"), m.child_path("base"), "unknown " + what + " '" + base + "'");
  d.suggestions = core::suggest_closest(base, known);
  d.candidates = known;
  if (base == entry)
    d.hint = "an entry cannot be its own base; name a built-in " + what + " ('flopcast catalog " + what + "s')";
  else if (const int order = order_in_map(section, base, entry); order > 0)
    d.hint = "'" + base + "' is defined further down this file; a base must be a built-in " + what + " or one defined above '" +
             entry + "': move '" + base + "' up";
  else if (order < 0)
    d.hint = "'" + base + "' is defined above but has errors of its own (reported above); fix those first";
  else
    d.hint = "list the built-in " + what + "s with 'flopcast catalog " + what + "s', or define it above '" + entry + "' in this file";
  r.report(std::move(d));
}

void bind_provenance(YamlReader& r, const CheckedMap& m, catalog::Provenance& p) {
  r.read(m, "source", p.source);
  r.read_enum(m, "confidence", catalog::confidence_names(), p.confidence);
  r.read(m, "estimated", p.estimated);
  r.read(m, "notes", p.notes);
  for (const auto& field : p.estimated) {
    const std::string top = field.substr(0, field.find('.'));
    if (!m.section->find(top)) {
      auto d = r.make(ErrorCode::invalid_value, m.value_node("estimated"), m.child_path("estimated"),
                      "'" + field + "' in estimated: is not a field of this entry");
      d.suggestions = core::suggest_closest(top, m.section->key_names());
      r.report(std::move(d));
    }
  }
}

/// The note of a chip built on `base`: "based on BASE", then the notes of the chip at the root of
/// the chain. Only the nearest base is named: naming every link made a chain of n chips hold
/// n^2 / 2 characters of notes (10,000 chained chips took 1.5 GB and 20 s).
static std::string based_on_note(const std::string& base, std::string_view base_notes) {
  constexpr std::string_view kPrefix = "based on ";
  if (base_notes.starts_with(kPrefix)) {
    const auto end = base_notes.find("; ");
    base_notes = end == std::string_view::npos ? std::string_view() : base_notes.substr(end + 2);
  }
  return std::string(kPrefix) + base + (base_notes.empty() ? "" : "; " + std::string(base_notes));
}

void bind_chips(YamlReader& r, const YAML::Node& node, const std::string& path, EntryOrigin origin,
                const catalog::Catalog& bases, catalog::Catalog& into) {
  for (const auto& entry : r.id_map(node, path)) {
    const std::string entry_path = path + "." + entry.key;
    auto m = r.map(entry.value, entry_path, chip_section());
    if (!m) continue;
    catalog::ChipSpec c;
    std::string base;
    bool base_unpublished = false;  // a base without figures: an override must give all it needs
    if (r.read(*m, "base", base)) {
      const catalog::ChipSpec* b = bases.find_chip(base);
      if (!b) b = into.find_chip(base);
      if (!b) {
        auto known = bases.chip_ids();
        for (auto& id : into.chip_ids()) if (std::find(known.begin(), known.end(), id) == known.end()) known.push_back(id);
        report_unknown_base(r, *m, node, entry.key, "chip", base, known);
        continue;
      }
      c = *b;
      base_unpublished = !b->specs_published;
      c.provenance.notes = based_on_note(base, b->provenance.notes);
    } else {
      r.read(*m, "specs_published", c.specs_published);
      if (c.specs_published) r.require(*m, {"display_name", "dense_peak", "hbm_capacity", "hbm_bandwidth"}, "(a chip without base: needs it)");
      if (origin == EntryOrigin::builtin_catalog) r.require(*m, {"vendor", "release", "status", "source", "confidence"}, "(catalog entries need it)");
    }
    c.id = entry.key;
    c.provenance.defined_at = r.at(entry.key_node);
    r.read(*m, "display_name", c.display_name);
    if (c.display_name.empty()) c.display_name = c.id;
    r.read(*m, "vendor", c.vendor);
    r.read(*m, "origin", c.origin);
    r.read(*m, "release", c.release);
    r.read_enum(*m, "status", catalog::chip_status_names(), c.status);
    r.read(*m, "datacenter", c.datacenter);
    bind_dense_peak(r, *m, c);
    if (m->has("dense_peak") && !m->has("specs_published")) c.specs_published = true;  // an override that gives the figures
    bind_gemm_efficiency(r, *m, c);
    r.read(*m, "attention_efficiency", c.attention_efficiency);
    r.read(*m, "compute_units", c.compute_units);
    r.read(*m, "hbm_capacity", c.hbm_bytes);
    r.read(*m, "hbm_usable", c.hbm_usable_bytes);
    r.read(*m, "hbm_bandwidth", c.hbm_bytes_per_s);
    r.read(*m, "scale_up_bandwidth", c.scale_up_bytes_per_s);
    r.read(*m, "scale_up_domain", c.scale_up_domain);
    r.read(*m, "scale_up_system", c.scale_up_system);
    r.read(*m, "scale_out_bandwidth", c.scale_out_bytes_per_s);
    r.read(*m, "tdp", c.tdp_w);
    r.read(*m, "system_power", c.system_power_w);
    r.read(*m, "scale_up_efficiency", c.scale_up_efficiency);
    bind_collective_latency(r, *m, c);
    r.read(*m, "die_area", c.die_area_mm2);
    r.read(*m, "price", c.price_usd);
    r.read(*m, "system_price", c.system_price_usd);
    r.read(*m, "available_in_us", c.available_in_us);
    if (r.read(*m, "specs_published", c.specs_published) && !c.specs_published && m->has("dense_peak")) {
      r.report(r.make(ErrorCode::invalid_value, m->value_node("specs_published"), m->child_path("specs_published"),
                      "specs_published: false contradicts the dense_peak given here"));
    }
    // The step and serving models divide by both: without them every time came out infinite.
    if (base_unpublished && c.specs_published) {
      r.require(*m, {"hbm_capacity", "hbm_bandwidth"}, "('" + base + "' publishes no figures, so a chip built on it gives these with its dense_peak)");
    }
    r.read(*m, "mtbf", c.mtbf_s);
    bind_provenance(r, *m, c.provenance);
    if (m->has("dense_peak") && std::all_of(c.dense_peak_flop_per_s.begin(), c.dense_peak_flop_per_s.end(), [](double v) { return v <= 0; })) {
      r.report(r.make(ErrorCode::missing_key, m->get("dense_peak")->key_node, m->child_path("dense_peak"),
                      "dense_peak gives no precision; at least one of fp4, fp8, int8, bf16, fp16 is needed"));
    }
    into.put_chip(std::move(c));
  }
}

}  // namespace flopcast::scenario
