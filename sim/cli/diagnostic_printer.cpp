// Diagnostic rendering at the edge: location, message, source excerpt, caret, hints.
#include "diagnostic_printer.hpp"

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>

namespace flopcast::cli {
namespace {

std::string location_text(const core::SourceLocation& l) {
  std::string s = l.file;
  if (l.line > 0) s += ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  return s;
}

std::string source_line(const std::string& file, int line) {
  std::ifstream in(file);
  std::string text;
  for (int i = 1; std::getline(in, text); ++i) {
    if (i == line) return text;
  }
  return {};
}

std::string join_quoted(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + "'" + s + "'";
  return out;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    if (static_cast<unsigned char>(c) < 0x20) {  // JSON forbids raw control characters in strings
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// The source line as printable text: control characters (a terminal would act on them) become '?'.
std::string printable(std::string text) {
  for (auto& c : text) {
    if (c == '\t') c = ' ';
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

}  // namespace

std::string render_diagnostic(const core::Diagnostic& d) {
  std::ostringstream o;
  o << location_text(d.location) << ": error[" << core::error_code_name(d.code) << "]: ";
  if (!d.path.empty()) o << d.path << ": ";
  o << d.message << "\n";
  if (d.location.line > 0) {
    std::string text = printable(source_line(d.location.file, d.location.line));
    if (!text.empty()) {
      const std::string num = std::to_string(d.location.line);
      std::size_t col = static_cast<std::size_t>(std::max(1, d.location.column)) - 1;
      std::size_t shift = 0;
      if (text.size() > 100 && col > 60) {  // long line: show the part around the error
        shift = col - 40;
        text = "..." + text.substr(shift);
        col = col - shift + 3;
      }
      if (text.size() > 120) text = text.substr(0, 117) + "...";
      const std::string gutter(num.size(), ' ');
      o << " " << num << " | " << text << "\n";
      const std::size_t width = std::max(1, d.location.length);
      o << " " << gutter << " | " << std::string(col, ' ') << "^" << std::string(width > 1 ? width - 1 : 0, '~') << "\n";
    }
  }
  if (!d.expected.empty()) o << "  expected: " << d.expected << "\n";
  if (!d.candidates.empty() && d.candidates.size() <= 40) o << "  expected one of: " << join_quoted(d.candidates, ", ") << "\n";
  if (!d.suggestions.empty()) o << "  hint: did you mean " << join_quoted(d.suggestions, " or ") << "?\n";
  if (!d.hint.empty()) o << "  hint: " << d.hint << "\n";
  for (const auto& n : d.notes) o << "  note: " << location_text(n.location) << ": " << n.text << "\n";
  return o.str();
}

std::string render_diagnostic_json(const core::Diagnostic& d) {
  std::ostringstream o;
  o << "{\"file\": " << json_string(d.location.file) << ", \"line\": " << d.location.line << ", \"column\": " << d.location.column
    << ", \"code\": " << json_string(std::string(core::error_code_name(d.code))) << ", \"path\": " << json_string(d.path)
    << ", \"message\": " << json_string(d.message) << ", \"expected\": " << json_string(d.expected)
    << ", \"found\": " << json_string(d.found) << ", \"hint\": " << json_string(d.hint) << ", \"candidates\": [";
  for (std::size_t i = 0; i < d.suggestions.size(); ++i) o << (i ? ", " : "") << json_string(d.suggestions[i]);
  o << "]}";
  return o.str();
}

void print_diagnostics(std::ostream& out, const std::vector<core::Diagnostic>& ds, ErrorFormat format) {
  for (const auto& d : ds) out << (format == ErrorFormat::json ? render_diagnostic_json(d) + "\n" : render_diagnostic(d));
  if (format == ErrorFormat::text && ds.size() >= core::DiagnosticSink::max_diagnostics) {
    out << "(stopped after " << ds.size() << " errors)\n";
  }
}

}  // namespace flopcast::cli
