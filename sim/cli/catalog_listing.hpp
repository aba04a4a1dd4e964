// Listings of the built-in catalog for `flopcast catalog`.
#pragma once

#include <string>

#include "flopcast/catalog/bibliography.hpp"
#include "flopcast/catalog/catalog.hpp"

namespace flopcast::cli {

std::string list_chips(const catalog::Catalog& c, const std::string& format);
std::string list_models(const catalog::Catalog& c, const std::string& format);
std::string list_modes(const catalog::Catalog& c, const std::string& format);
/// The bibliography as a table (key, date, author, title), CSV or JSON (every field).
std::string list_sources(const catalog::Bibliography& b, const std::string& format);

}  // namespace flopcast::cli
