// Exit codes of the flopcast command (documented in docs/cli.md and --help).
#pragma once

namespace flopcast::cli {

enum ExitCode : int {
  exit_ok = 0,              ///< success
  exit_expectation_failed = 1,  ///< a scenario expectation did not hold (flopcast check)
  exit_bad_input = 2,       ///< bad scenario, catalog, option or output directory; nothing written
  exit_internal_error = 3,  ///< a bug in flopcast; please report it
  exit_interrupted = 130,   ///< Ctrl-C during a sweep; nothing written
};

}  // namespace flopcast::cli
