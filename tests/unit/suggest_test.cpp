// Edit distance and "did you mean" suggestions.
#include <catch2/catch.hpp>

#include "flopcast/core/suggest.hpp"

using namespace flopcast::core;

TEST_CASE("core: edit distance counts single-character edits", "[unit][core]") {
  CHECK(edit_distance("count", "count") == 0);
  CHECK(edit_distance("cout", "count") == 1);      // one insertion
  CHECK(edit_distance("kitten", "sitting") == 3);  // the textbook example
}

TEST_CASE("core: suggestions are close matches only, nearest first", "[unit][core]") {
  const std::vector<std::string> keys{"name", "chip", "count", "owner", "country", "in_service", "retire"};
  CHECK(suggest_closest("chip_cout", keys).empty());  // too far from every key
  CHECK(suggest_closest("cuont", keys) == std::vector<std::string>{"count"});
  CHECK(suggest_closest("in-service", keys) == std::vector<std::string>{"in_service"});  // kebab -> snake
  CHECK(suggest_closest("xyz", keys).empty());
}

TEST_CASE("core: a short form of a longer name is suggested after near spellings", "[unit][core]") {
  const std::vector<std::string> regimes{"oct2023", "jan2025-diffusion", "apr2025-h20", "jan2026-h200"};
  CHECK(suggest_closest("jan2026", regimes) == std::vector<std::string>{"jan2026-h200"});
  CHECK(suggest_closest("apr2025", regimes) == std::vector<std::string>{"apr2025-h20"});
  CHECK(suggest_closest("jan", regimes).empty());        // not a whole first part
  CHECK(suggest_closest("jan20", regimes).empty());      // cut mid-part
  CHECK(suggest_closest("oct2032", regimes) == std::vector<std::string>{"oct2023"});  // a near spelling still wins
}
