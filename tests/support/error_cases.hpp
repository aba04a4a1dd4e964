// Golden error cases: every tests/errors/<code>/<case>.yaml must make `flopcast validate` exit 2
// and print exactly <case>.expected. FLOPCAST_UPDATE_GOLDEN=1 rewrites the .expected files.
// Every error in a .expected file must say how to fix it: a hint: or an expected: line.
#pragma once

namespace flopcast::test {

void register_error_cases();

}  // namespace flopcast::test
