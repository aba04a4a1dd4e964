// The project bibliography: what a citation key such as [FR23] stands for (author or publisher,
// title, date, url), loaded from scenarios/catalog/sources.yaml and printed as docs/sources.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flopcast/core/diagnostic.hpp"

namespace flopcast::catalog {

struct SourceEntry {
  std::string key;     ///< e.g. "FR23" (cited as [FR23])
  std::string author;  ///< person, company or agency that wrote or published it
  std::string title;
  std::string date;    ///< YYYY, YYYY-MM, YYYY-MM-DD, or "n.d." when the item carries no date
  std::string url;
  std::string via;     ///< the copy it was read through, when not `url`
  std::string notes;
  core::SourceLocation defined_at;
};

class Bibliography {
 public:
  /// Adds an entry; entries keep the order they were added in (the file's, which is sorted).
  void add(SourceEntry e) { entries_.push_back(std::move(e)); }
  [[nodiscard]] const SourceEntry* find(std::string_view key) const;
  [[nodiscard]] const std::vector<SourceEntry>& entries() const { return entries_; }

 private:
  std::vector<SourceEntry> entries_;
};

/// A citation key found in text, with its byte offset.
struct CitedKey {
  std::string key;
  std::size_t offset = 0;
};

/// The citation keys in `text`: [KEY] where KEY starts with an upper-case letter and continues
/// with letters, digits and single hyphens ([FR23], [CM-paper], [NV-8K-APR25]). A bracket that
/// opens a YAML flow sequence (`destinations: [CN]`, `- [A]`) is a list, not a citation, and is
/// skipped: the character before it (spaces aside) is ':', ',', '[' or a list item's '-'.
std::vector<CitedKey> citation_keys(std::string_view text);

/// True for a date field as the bibliography writes it (see SourceEntry::date).
bool is_bibliography_date(std::string_view date);

}  // namespace flopcast::catalog
