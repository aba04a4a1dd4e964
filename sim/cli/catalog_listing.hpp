// Listings of the built-in catalog for `flopcast catalog`.
#pragma once

#include <string>

#include "flopcast/catalog/catalog.hpp"

namespace flopcast::cli {

std::string list_chips(const catalog::Catalog& c, const std::string& format);
std::string list_models(const catalog::Catalog& c, const std::string& format);
std::string list_modes(const catalog::Catalog& c, const std::string& format);

}  // namespace flopcast::cli
