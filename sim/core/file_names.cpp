// Names in output file names (file_names.hpp).
#include "flopcast/core/file_names.hpp"

#include <cctype>

namespace flopcast::core {

std::string file_stem(std::string_view name) {
  std::string out;
  for (const char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

bool file_stems_clash(std::string_view a, std::string_view b) {
  const std::string x = file_stem(a), y = file_stem(b);
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(x[i])) != std::tolower(static_cast<unsigned char>(y[i]))) return false;
  }
  return true;
}

}  // namespace flopcast::core
