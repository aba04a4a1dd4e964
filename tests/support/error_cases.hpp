// Golden error cases: every tests/errors/<code>/<case>.yaml must make `flopcast validate` exit 2
// and print exactly <case>.expected. FLOPCAST_UPDATE_GOLDEN=1 rewrites the .expected files.
// Every error in a .expected file must say how to fix it: a hint: or an expected: line.
#pragma once

#include <string>
#include <vector>

namespace flopcast::test {

/// The golden error cases, tests/errors/<code>/<case>.yaml relative to the source directory, sorted.
std::vector<std::string> error_case_files();
/// The absolute path of a case's sibling file with `extension` (".expected", ".args").
std::string error_case_sibling(const std::string& relative, const std::string& extension);
/// A case's command line: `validate CASE`, or the words of <case>.args with {} for the case file.
std::vector<std::string> error_case_command(const std::string& relative);

void register_error_cases();

}  // namespace flopcast::test
