// Names (of runs, services, actors) in output file names.
#pragma once

#include <string>
#include <string_view>

namespace flopcast::core {

/// `name` as part of a file name: letters, digits, '-' and '_' kept, anything else '_'
/// ("chat/fast" -> "chat_fast"). Not injective: the scenario binder refuses two names of one
/// kind whose stems are equal, ignoring case (file_stems_clash), before anything is written.
std::string file_stem(std::string_view name);

/// True if `a` and `b` would name the same file on a case-insensitive filesystem too.
bool file_stems_clash(std::string_view a, std::string_view b);

}  // namespace flopcast::core
