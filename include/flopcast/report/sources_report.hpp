// The bibliography as a document: docs/sources.md is this text (a test checks it).
#pragma once

#include <string>

#include "flopcast/catalog/bibliography.hpp"

namespace flopcast::report {

/// Markdown listing every entry: an anchor per key, author, title, date, url, the copy it was
/// read through and notes. `flopcast catalog sources --format markdown` prints it.
std::string bibliography_markdown(const catalog::Bibliography& b);

}  // namespace flopcast::report
