// Reads scenarios/catalog/calibration.yaml: the fitted constants of the performance models
// (written by `flopcast calibrate`, docs/models/calibration.md). Every constant is checked
// against the physical bounds a fit keeps it in; a missing file leaves the defaults.
#include "bind_entries.hpp"

#include <string>
#include <vector>

#include "flopcast/core/units.hpp"
#include "key_builders.hpp"
#include "yaml_document.hpp"

namespace flopcast::scenario {
namespace {

const Section& calibration_values_section() {
  static const std::vector<KeySpec> keys = [] {
    std::vector<KeySpec> out;
    for (const auto& p : catalog::calibration_params()) out.push_back(keys::qty(p.name, core::Dimension::count, p.description));
    return out;
  }();
  static const Section section{"calibration", "the performance models' constants", keys};
  return section;
}

const Section& calibration_file_section() {
  static const std::vector<KeySpec> keys = {
      keys::nested("calibration", ValueKind::map, &calibration_values_section(), "constant name: value", true),
  };
  static const Section section{"calibration file", "scenarios/catalog/calibration.yaml", keys};
  return section;
}

}  // namespace

void bind_calibration_file(const std::string& path, catalog::Catalog& into, core::DiagnosticSink& sink) {
  auto root = parse_yaml_file(path, sink);
  if (!root) return;
  YamlReader r(path, sink);
  auto top = r.map(*root, "", calibration_file_section());
  if (!top) return;
  const MapEntry* e = top->get("calibration");
  if (!e) return;
  auto m = r.map(e->value, "calibration", calibration_values_section());
  if (!m) return;
  catalog::Calibration cal = into.calibration();
  for (const auto& p : catalog::calibration_params()) {
    double v = 0;
    if (!r.read(*m, p.name, v)) continue;
    if (!(v >= p.lower && v <= p.upper)) {
      r.report(core::ErrorCode::out_of_range, m->get(p.name)->value, m->child_path(std::string(p.name)),
               std::string(p.name) + " must lie in [" + core::format_quantity(p.lower, core::Dimension::count) + ", " +
                   core::format_quantity(p.upper, core::Dimension::count) + "], found " +
                   core::format_quantity(v, core::Dimension::count),
               "these are physical bounds (docs/models/calibration.md); refit with `flopcast calibrate`");
      continue;
    }
    cal.*p.member = v;
  }
  into.set_calibration(cal);
}

}  // namespace flopcast::scenario
