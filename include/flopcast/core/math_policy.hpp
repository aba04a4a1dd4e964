// The Boost.Math policy of every distribution flopcast evaluates.
#pragma once

#include <boost/math/policies/policy.hpp>

namespace flopcast::core {

/// Boost.Math evaluates double functions in long double by default (promote_double). flopcast
/// asks for double throughout: results that do not depend on the platform's long double (80-bit
/// on x86, 128-bit or 64-bit elsewhere), no long-double tables initialised at start-up, and a
/// binary Valgrind can run (it emulates long double as double, and the long-double erf_inv
/// initialiser then overflows and aborts before main).
using MathPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

}  // namespace flopcast::core
