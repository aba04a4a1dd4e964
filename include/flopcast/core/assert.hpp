// FLOPCAST_ASSERT: an always-on invariant check. A broken invariant is a bug in flopcast, not bad
// input; it throws InternalError, which the CLI reports as exit code 3.
#pragma once

#include <stdexcept>
#include <string>

namespace flopcast::core {

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void fail_assertion(const char* condition, const char* file, int line, const std::string& message);

}  // namespace flopcast::core

#define FLOPCAST_ASSERT(cond, msg)                                                   \
  do {                                                                               \
    if (!(cond)) ::flopcast::core::fail_assertion(#cond, __FILE__, __LINE__, (msg)); \
  } while (false)
