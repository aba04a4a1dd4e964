#include "chart_render.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

namespace flopcast::test {

void check_renders(const report::ChartFiles& c, const std::string& dir) {
  namespace fs = std::filesystem;
  INFO(c.name);
  for (const auto& [file, content] : c.files) std::ofstream(dir + "/" + file) << content;
  const auto problem = report::run_gnuplot("gnuplot", dir, c.name + ".gp");
  INFO(problem.value_or(""));
  REQUIRE_FALSE(problem.has_value());
  for (const auto& image : c.images) {
    INFO(image);
    REQUIRE(fs::exists(dir + "/" + image));
    CHECK(fs::file_size(dir + "/" + image) > 1000);
  }
  std::ifstream png(dir + "/" + c.name + ".png", std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  CHECK(std::string(magic + 1, 3) == "PNG");
}

}  // namespace flopcast::test
