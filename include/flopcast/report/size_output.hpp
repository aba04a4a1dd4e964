// flopcast size outputs: size.csv (one row per answer), size_targets.csv, size_probes.csv (every
// candidate evaluated), size.json, a chart per target, and the report's sizing section.
#pragma once

#include <string>
#include <vector>

#include "flopcast/engine/size_spec.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/sweep/goal_seek.hpp"

namespace flopcast::report {

/// The files, charts among them (write them with write_outputs' extra files to render).
ExtraFiles size_files(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers,
                      const std::string& version);

/// The report's "Sizing" section (HTML), placed before the run at the answers.
std::string size_report_section(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers);

/// The money and power of an answer: the sized pool's at the answer, or the whole fleet's when
/// the parameter is not a pool's count; and which of the two, in words.
const engine::Economics& sized_economics(const engine::SizeProblem& p, const sweep::SizeAnswer& a);
std::string economics_scope(const engine::SizeProblem& p);

}  // namespace flopcast::report
