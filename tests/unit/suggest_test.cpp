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
