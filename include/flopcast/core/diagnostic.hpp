// Diagnostics: what is wrong with an input, where, and how to fix it. Rendered only by the CLI.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flopcast::core {

/// A position in an input file. Line and column are 1-based; 0 means "the whole file".
struct SourceLocation {
  std::string file;  ///< as the user gave it, never made absolute
  int line = 0;
  int column = 0;
  int length = 1;  ///< width of the offending token, for the caret run
};

/// Stable error codes; each has a section in docs/errors.md and at least one test case.
enum class ErrorCode {
  unknown_key,
  wrong_type,
  bad_unit,
  out_of_range,
  not_finite,
  unknown_reference,
  duplicate_key,
  missing_key,
  invalid_value,
  too_deep,
  too_large,
  not_yaml,
  file_not_found,
  output_not_writable,
  chart_failed,
};

/// The token printed in brackets, e.g. "unknown-key".
std::string_view error_code_name(ErrorCode code);

struct DiagnosticNote {
  SourceLocation location;
  std::string text;
};

/// One problem with an input, with everything a person or a CI annotator needs to fix it.
struct Diagnostic {
  ErrorCode code = ErrorCode::invalid_value;
  SourceLocation location;
  std::string path;      ///< field path, e.g. "fleet.pools[1].count"
  std::string message;   ///< one line: what is wrong
  std::string expected;  ///< what would have been accepted
  std::string found;     ///< what was written
  std::vector<std::string> candidates;  ///< valid keys/values ("expected one of")
  std::vector<std::string> suggestions; ///< close matches ("did you mean")
  std::string hint;
  std::vector<DiagnosticNote> notes;
};

/// Collects diagnostics while loading continues, so a user sees every problem at once.
class DiagnosticSink {
 public:
  static constexpr std::size_t max_diagnostics = 20;

  void add(Diagnostic d);
  [[nodiscard]] bool has_errors() const { return count_ > 0; }
  [[nodiscard]] std::size_t count() const { return count_; }
  [[nodiscard]] bool full() const { return items_.size() >= max_diagnostics; }
  /// Diagnostics sorted by file, line, column (stable for equal positions).
  [[nodiscard]] std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t count_ = 0;  ///< including those dropped past the cap
};

}  // namespace flopcast::core
