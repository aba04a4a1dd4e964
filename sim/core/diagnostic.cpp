// Diagnostic codes and the sink that collects them.
#include "flopcast/core/diagnostic.hpp"

#include <algorithm>

namespace flopcast::core {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::unknown_key: return "unknown-key";
    case ErrorCode::wrong_type: return "wrong-type";
    case ErrorCode::bad_unit: return "bad-unit";
    case ErrorCode::out_of_range: return "out-of-range";
    case ErrorCode::not_finite: return "not-finite";
    case ErrorCode::unknown_reference: return "unknown-reference";
    case ErrorCode::duplicate_key: return "duplicate-key";
    case ErrorCode::missing_key: return "missing-key";
    case ErrorCode::invalid_value: return "invalid-value";
    case ErrorCode::too_deep: return "too-deep";
    case ErrorCode::too_large: return "too-large";
    case ErrorCode::not_yaml: return "not-yaml";
    case ErrorCode::file_not_found: return "file-not-found";
    case ErrorCode::output_not_writable: return "output-not-writable";
    case ErrorCode::chart_failed: return "chart-failed";
  }
  return "error";
}

void DiagnosticSink::add(Diagnostic d) {
  ++count_;
  if (items_.size() < max_diagnostics) items_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const auto& x = a.location;
    const auto& y = b.location;
    if (x.file != y.file) return x.file < y.file;
    if (x.line != y.line) return x.line < y.line;
    return x.column < y.column;
  });
  return out;
}

}  // namespace flopcast::core
