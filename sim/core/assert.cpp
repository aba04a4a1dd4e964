// Out-of-line failure path of FLOPCAST_ASSERT (kept cold, away from hot loops).
#include "flopcast/core/assert.hpp"

namespace flopcast::core {

void fail_assertion(const char* condition, const char* file, int line, const std::string& message) {
  throw InternalError(std::string(file) + ":" + std::to_string(line) + ": assertion '" + condition +
                      "' failed: " + message);
}

}  // namespace flopcast::core
