// The shell and the small pieces of every report.html page.
#include "html_page.hpp"

#include <cstdio>

#include "chart_text.hpp"
#include "markup.hpp"

namespace flopcast::report::html {
namespace {

/// Strips the XML prolog so an SVG document can be inlined in HTML, and gives its ids a prefix of
/// their own: gnuplot numbers its fill patterns and point symbols the same way in every file
/// (gpPat1, gpPt4, ...), and in one HTML document a reference goes to the first element with
/// that id, so a later chart would be filled with an earlier chart's patterns and colours.
std::string inline_svg(const std::string& svg, const std::string& prefix) {
  const auto at = svg.find("<svg");
  if (at == std::string::npos) return {};
  std::string out = svg.substr(at);
  for (const char q : {'\'', '"'}) {
    detail::replace_all(out, std::string(" id=") + q, std::string(" id=") + q + prefix);
    detail::replace_all(out, std::string("href=") + q + "#", std::string("href=") + q + "#" + prefix);
  }
  detail::replace_all(out, "url(#", "url(#" + prefix);
  return out;
}

}  // namespace

std::string esc(const std::string& s) { return escape_markup(s); }

std::string num(double v, int decimals) {
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  const auto dot = s.find('.');
  for (int i = static_cast<int>(dot == std::string::npos ? s.size() : dot) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string row(const std::vector<std::string>& cells, bool header) {
  std::string out = "<tr>";
  for (const auto& c : cells) out += (header ? "<th>" : "<td>") + c + (header ? "</th>" : "</td>");
  return out + "</tr>\n";
}

std::string row(std::initializer_list<std::string> cells, bool header) { return row(std::vector<std::string>(cells), header); }

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows, bool text) {
  std::string h = text ? "<table class=\"text\">\n" : "<table>\n";
  h += row(header, true);
  for (const auto& r : rows) h += row(r);
  return h + "</table>\n";
}

std::string charts_section(const std::vector<std::pair<std::string, std::string>>& charts) {
  if (charts.empty()) return "";
  std::string h = "<h2>Charts</h2>\n";
  int n = 0;
  for (const auto& [title, svg] : charts) {
    h += "<figure class=\"chart\" data-title=\"" + esc(title) + "\">\n" + inline_svg(svg, "c" + std::to_string(++n) + "-") + "\n</figure>\n";
  }
  return h;
}

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) + " - flopcast report</title>\n"
         "<style>\nbody{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n"
         "table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #bbb;padding:0.3em 0.6em;text-align:right}\n"
         "th{background:#eef}td:first-child,th:first-child,table.text td,table.text th{text-align:left}.note{color:#555;font-size:0.9em}\n"
         ".answer{font-size:1.1em;line-height:1.5;background:#f4f8ee;border-left:4px solid #6a3;padding:0.6em 1em}\n"
         ".accuracy{line-height:1.5;background:#f7f7f2;border-left:4px solid #bb9;padding:0.4em 1em}\n"
         ".pass{color:#2a6b1f;font-weight:bold}.fail{color:#a11;font-weight:bold}\n"
         "figure{margin:1em 0}figure svg{max-width:100%;height:auto;display:block}\n</style>\n</head>\n<body>\n<h1>" +
         esc(title) + "</h1>\n";
}

std::string page_tail() {
  // Marks the page for the headless-browser test: every chart laid out with a non-zero size.
  return "<script>\nwindow.addEventListener('load',function(){var f=document.querySelectorAll('figure.chart svg'),ok=0;"
         "for(var i=0;i<f.length;i++){var b=f[i].getBoundingClientRect();if(b.width>0&&b.height>0)ok++;}"
         "document.body.setAttribute('data-charts-visible',ok+'/'+f.length);});\n</script>\n</body>\n</html>\n";
}

std::string answer_block(const std::vector<std::string>& sentences) {
  if (sentences.empty()) return "";
  std::string text;
  for (const auto& s : sentences) text += (text.empty() ? "" : " ") + esc(s);
  return "<p class=\"answer\"><strong>Answer:</strong> " + text + "</p>\n";
}

std::string accuracy_block(const std::string& model_error) {
  if (model_error.empty()) return "";
  return "<p class=\"accuracy\"><strong>Accuracy:</strong> " + esc(model_error) + "</p>\n";
}

}  // namespace flopcast::report::html
