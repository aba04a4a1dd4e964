// The pieces every report.html page shares: escaping, numbers, table rows, inlined SVG charts,
// and the page's head and tail (internal to the report module).
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace flopcast::report::html {

std::string esc(const std::string& s);
/// Fixed-point with thousands separators: num(12345.6) -> "12,346".
std::string num(double v, int decimals = 0);
std::string row(std::initializer_list<std::string> cells, bool header = false);
std::string row(const std::vector<std::string>& cells, bool header = false);
/// A table from a header and rows; `text` aligns every column left (for words, not numbers).
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows, bool text = false);

/// `charts` are (title, SVG document) pairs: each inlined in a <figure>, its ids made unique.
std::string charts_section(const std::vector<std::pair<std::string, std::string>>& charts);

/// <!DOCTYPE ...><body><h1>title</h1>: styles inlined, nothing fetched.
std::string page_head(const std::string& title);
/// The check script (marks the page for the headless-browser test) and </html>.
std::string page_tail();

/// "<p class="answer">...</p>": the answer, first on every page.
std::string answer_block(const std::vector<std::string>& sentences);
/// The answer's "Accuracy:" line: the models' held-out error for its workloads (Answer::model_error).
std::string accuracy_block(const std::string& model_error);

}  // namespace flopcast::report::html
