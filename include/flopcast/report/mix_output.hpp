// flopcast mix outputs: mix.csv (per pool), mix_services.csv (replicas per service and pool),
// mix_constraints.csv (binding, LP dual, relaxed), mix.json, and the chips chart.
#pragma once

#include <string>

#include "flopcast/mix/cheapest_mix.hpp"
#include "flopcast/report/write.hpp"

namespace flopcast::report {

ExtraFiles mix_files(const engine::Scenario& s, const mix::MixAnswer& a, const std::string& version);

/// How far the serving and step models behind the chosen options' rates are off (a mix is as
/// right as they are): the held-out error sentence of the services and runs it places; empty
/// when it places none.
std::string mix_model_error(const engine::Scenario& s, const mix::MixAnswer& a);

/// The report's "Cheapest mix" section (HTML), placed before the scenario's run.
std::string mix_report_section(const engine::Scenario& s, const mix::MixAnswer& a);

}  // namespace flopcast::report
