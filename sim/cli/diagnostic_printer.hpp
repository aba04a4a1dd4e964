// Rendering diagnostics for people (gcc style, with the source line and a caret) or machines (JSON).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"

namespace flopcast::cli {

enum class ErrorFormat { text, json };

/// One diagnostic as text, with the offending source line when the file can be read.
std::string render_diagnostic(const core::Diagnostic& d);
/// One diagnostic as a single-line JSON object.
std::string render_diagnostic_json(const core::Diagnostic& d);

void print_diagnostics(std::ostream& out, const std::vector<core::Diagnostic>& ds, ErrorFormat format);

}  // namespace flopcast::cli
