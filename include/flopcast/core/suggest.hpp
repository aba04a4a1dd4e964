// "Did you mean ...?": close matches by edit distance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flopcast::core {

/// Levenshtein distance between two strings (case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Up to `max_results` candidates close to `word` (distance at most about a third of its
/// length, or a snake_case/kebab-case respelling), nearest first, ties in candidate order.
std::vector<std::string> suggest_closest(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t max_results = 3);

}  // namespace flopcast::core
