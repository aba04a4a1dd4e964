// Test main: registers one test case per golden error file (tests/errors/<code>/<case>.yaml)
// before Catch2 runs, so adding a case means adding files, not code.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "support/error_cases.hpp"

int main(int argc, char* argv[]) {
  flopcast::test::register_error_cases();
  return Catch::Session().run(argc, argv);
}
