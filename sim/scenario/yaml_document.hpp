// Reading a YAML file safely: size and nesting limits checked before yaml-cpp parses it (deep
// nesting has overflowed yaml-cpp's stack before), syntax errors turned into diagnostics.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "flopcast/core/diagnostic.hpp"

namespace flopcast::scenario {

inline constexpr std::size_t max_document_bytes = 4u << 20;  ///< 4 MiB: far beyond any real scenario
inline constexpr int max_nesting_depth = 64;

/// Parses `path`; on any problem adds a diagnostic (file-not-found, too-large, too-deep,
/// not-yaml) and returns nothing.
std::optional<YAML::Node> parse_yaml_file(const std::string& path, core::DiagnosticSink& sink);

/// Same checks on text already in memory (`name` is used in diagnostics).
std::optional<YAML::Node> parse_yaml_text(const std::string& text, const std::string& name, core::DiagnosticSink& sink);

}  // namespace flopcast::scenario
