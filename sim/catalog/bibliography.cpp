// Citation keys in text and lookups in the bibliography.
#include "flopcast/catalog/bibliography.hpp"

#include <algorithm>
#include <cctype>

namespace flopcast::catalog {
namespace {

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

/// Length of a key starting at `text[i]` (just after '['), up to the closing ']'; 0 if none.
std::size_t key_length(std::string_view text, std::size_t i) {
  if (i >= text.size() || !upper(text[i])) return 0;
  std::size_t j = i;
  while (j < text.size()) {
    if (key_char(text[j])) {
      ++j;
    } else if (text[j] == '-' && j + 1 < text.size() && key_char(text[j + 1]) && key_char(text[j - 1])) {
      ++j;
    } else {
      break;
    }
  }
  return j < text.size() && text[j] == ']' ? j - i : 0;
}

/// A '[' that opens a YAML flow sequence rather than a citation.
bool opens_flow_sequence(std::string_view text, std::size_t bracket) {
  std::size_t i = bracket;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (i == 0 || text[i - 1] == '\n') return false;  // at the start of a line: text, e.g. a folded note
  const char before = text[i - 1];
  if (before == ':' || before == ',' || before == '[') return true;
  if (before != '-') return false;
  // "- [X]": a list item when only indentation precedes the dash.
  std::size_t k = i - 1;
  while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
  return k == 0 || text[k - 1] == '\n';
}

}  // namespace

const SourceEntry* Bibliography::find(std::string_view key) const {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const SourceEntry& e) { return e.key == key; });
  return it == entries_.end() ? nullptr : &*it;
}

std::vector<CitedKey> citation_keys(std::string_view text) {
  std::vector<CitedKey> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '[') continue;
    const std::size_t n = key_length(text, i + 1);
    if (n == 0 || opens_flow_sequence(text, i)) continue;
    out.push_back({std::string(text.substr(i + 1, n)), i + 1});
    i += n;
  }
  return out;
}

bool is_bibliography_date(std::string_view d) {
  if (d == "n.d.") return true;
  auto digits = [&](std::size_t from, std::size_t n) {
    return std::all_of(d.begin() + static_cast<std::ptrdiff_t>(from), d.begin() + static_cast<std::ptrdiff_t>(from + n),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  if (!digits(0, 4)) return false;
  for (std::size_t at = 4; at < d.size(); at += 3) {
    if (d[at] != '-' || !digits(at + 1, 2)) return false;
  }
  return true;
}

}  // namespace flopcast::catalog
