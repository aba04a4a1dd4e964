// Edit-distance suggestions for misspelt keys and names.
#include "flopcast/core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace flopcast::core {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions
  // ("cuont" -> "count" is one edit), the usual typo model.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::vector<std::string> suggest_closest(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t max_results) {
  auto normalise = [](std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '-', '_');
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
  };
  const std::string w = normalise(word);
  const std::size_t limit = std::max<std::size_t>(1, (w.size() + 2) / 3);
  std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string c = normalise(candidates[i]);
    const std::size_t d = edit_distance(w, c);
    if (d <= limit) scored.emplace_back(d, i);
    // A short form of a longer name ("jan2026" for "jan2026-h200"): the word is the candidate's
    // first dash- or underscore-separated parts. Ranked after every near spelling.
    else if (w.size() >= 3 && c.size() > w.size() && c.compare(0, w.size(), w) == 0 && c[w.size()] == '_') scored.emplace_back(limit + 1, i);
  }
  std::stable_sort(scored.begin(), scored.end(), [](auto x, auto y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, i] : scored) {
    if (out.size() == max_results) break;
    out.push_back(candidates[i]);
  }
  return out;
}

}  // namespace flopcast::core
