// Counts heap allocations made by the calling thread (global operator new is replaced in the
// test binary), to check that hot paths allocate nothing.
#pragma once

#include <cstdint>

namespace flopcast::test {

std::uint64_t allocations_on_this_thread();

}  // namespace flopcast::test
