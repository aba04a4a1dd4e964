// Rendering `flopcast classify`: export-control verdicts per chip and regime as a table, CSV or JSON.
#pragma once

#include <string>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/rules/export_regime.hpp"

namespace flopcast::cli {

struct ClassifyRequest {
  std::vector<const rules::ExportRegime*> regimes;  ///< in the order to show
  std::vector<const catalog::ChipSpec*> chips;
  std::string destination;  ///< ISO alpha-2 code
  const rules::DestinationTable* destinations = nullptr;
};

/// Classifies every chip under every regime and renders the verdicts (`format`: table, csv, json).
std::string list_verdicts(const ClassifyRequest& q, const std::string& format);

}  // namespace flopcast::cli
