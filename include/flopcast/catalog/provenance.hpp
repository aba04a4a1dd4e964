// Where a catalog number comes from: the source it cites and how much to trust it.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/core/enum_table.hpp"

namespace flopcast::catalog {

/// Confidence grades of the reference fact sheet: A = vendor datasheet, rule text or the
/// vendor's own paper; B = consistent secondary transcriptions; C = single source, estimate, rumour.
enum class Confidence { A, B, C };
std::span<const core::EnumName<Confidence>> confidence_names();

struct Provenance {
  std::string source;                  ///< citation(s), e.g. "[N-H100] nvidia.com/... datasheet"
  Confidence confidence = Confidence::C;
  std::vector<std::string> estimated;  ///< fields whose value is a grade-C estimate
  std::string notes;
  core::SourceLocation defined_at;     ///< file:line of the entry (for error notes)
};

}  // namespace flopcast::catalog
