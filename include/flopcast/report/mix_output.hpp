// flopcast mix outputs: mix.csv (per pool), mix_services.csv (replicas per service and pool),
// mix_constraints.csv (binding, LP dual, relaxed), mix.json, and the chips chart.
#pragma once

#include <string>

#include "flopcast/mix/cheapest_mix.hpp"
#include "flopcast/report/write.hpp"

namespace flopcast::report {

ExtraFiles mix_files(const engine::Scenario& s, const mix::MixAnswer& a, const std::string& version);

/// The report's "Cheapest mix" section (HTML), placed before the scenario's run.
std::string mix_report_section(const engine::Scenario& s, const mix::MixAnswer& a);

}  // namespace flopcast::report
