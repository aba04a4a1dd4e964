// Binding catalog entries (chips, models) from YAML into catalog structs.
#pragma once

#include "flopcast/catalog/catalog.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Where entries come from: built-in catalog files require full provenance; a scenario's own
/// entries may omit it (they are the user's assumptions, echoed in the results).
enum class EntryOrigin { builtin_catalog, scenario };

/// Binds every entry of an id -> chip map into `into`. `base:` looks up `bases` first, then `into`.
void bind_chips(YamlReader& r, const YAML::Node& node, const std::string& path, EntryOrigin origin,
                const catalog::Catalog& bases, catalog::Catalog& into);
void bind_models(YamlReader& r, const YAML::Node& node, const std::string& path, EntryOrigin origin,
                 const catalog::Catalog& bases, catalog::Catalog& into);
void bind_modes(YamlReader& r, const YAML::Node& node, const std::string& path, EntryOrigin origin,
                const catalog::Catalog& bases, catalog::Catalog& into);

/// Reads the calibration file of a catalog directory into `into` (its defaults stay for
/// constants the file omits).
void bind_calibration_file(const std::string& path, catalog::Catalog& into, core::DiagnosticSink& sink);

/// Reads the held-out error table of a catalog directory (model-error.yaml) into `into`.
void bind_model_error_file(const std::string& path, catalog::Catalog& into, core::DiagnosticSink& sink);

/// Reads source/confidence/estimated/notes shared by chips and models.
void bind_provenance(YamlReader& r, const CheckedMap& m, catalog::Provenance& p);

/// Reports an unknown id with close matches and the list of known ones.
void report_unknown_reference(YamlReader& r, const YAML::Node& at, const std::string& path, const std::string& what,
                              const std::string& id, const std::vector<std::string>& known);

/// Reports a `base:` that names no known entry. `section` is the map holding the entries (chips:
/// or models:), so a base defined further down the same file, or the entry itself, gets a hint
/// saying so: a base must already be known, which also rules out cycles.
void report_unknown_base(YamlReader& r, const CheckedMap& m, const YAML::Node& section, const std::string& entry,
                         const std::string& what, const std::string& base, const std::vector<std::string>& known);

}  // namespace flopcast::scenario
