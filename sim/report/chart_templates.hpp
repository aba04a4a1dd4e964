// Chart templates from plots/*.gp, embedded at build time (generated chart_templates.cpp).
#pragma once

#include <string_view>

namespace flopcast::report {

/// The template text of plots/<name>.gp, or empty if there is none.
std::string_view chart_template(std::string_view name);

}  // namespace flopcast::report
