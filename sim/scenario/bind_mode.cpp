// YAML serving-mode entry -> catalog::ServingMode (catalog files and a scenario's modes: section).
#include "bind_entries.hpp"

namespace flopcast::scenario {

void bind_modes(YamlReader& r, const YAML::Node& node, const std::string& path, EntryOrigin origin,
                const catalog::Catalog& bases, catalog::Catalog& into) {
  for (const auto& entry : r.id_map(node, path)) {
    auto m = r.map(entry.value, path + "." + entry.key, mode_section());
    if (!m) continue;
    catalog::ServingMode mode;
    std::string base;
    if (r.read(*m, "base", base)) {
      const catalog::ServingMode* b = bases.find_mode(base);
      if (!b) b = into.find_mode(base);
      if (!b) {
        report_unknown_reference(r, m->value_node("base"), m->child_path("base"), "mode", base, bases.mode_ids());
        continue;
      }
      mode = *b;
    } else {
      for (const char* k : {"input_tokens", "output_tokens"}) {
        if (m->has(k)) continue;
        r.report(r.make(core::ErrorCode::missing_key, m->node, m->child_path(k), std::string("missing key '") + k + "' (a mode without base: needs it)"));
      }
      if (origin == EntryOrigin::builtin_catalog && (!m->has("source") || !m->has("confidence"))) {
        r.report(r.make(core::ErrorCode::missing_key, m->node, m->child_path("source"), "catalog entries need source: and confidence:"));
      }
    }
    mode.id = entry.key;
    mode.provenance.defined_at = r.at(entry.key_node);
    r.read(*m, "display_name", mode.display_name);
    if (mode.display_name.empty()) mode.display_name = mode.id;
    r.read(*m, "input_tokens", mode.input_tokens);
    r.read(*m, "output_tokens", mode.output_tokens);
    r.read(*m, "images_per_request", mode.images_per_request);
    r.read(*m, "image_tokens", mode.image_tokens);
    r.read(*m, "vision_flops_per_image", mode.vision_flops_per_image);
    r.read(*m, "tpot_target", mode.tpot_target_s);
    r.read(*m, "ttft_target", mode.ttft_target_s);
    bind_provenance(r, *m, mode.provenance);
    into.put_mode(std::move(mode));
  }
}

}  // namespace flopcast::scenario
