// One name table per enumeration: the YAML/JSON token and a description for each value, read by
// the parser, the JSON writer, the JSON Schema and --help alike.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flopcast::core {

template <class E>
struct EnumName {
  E value;
  std::string_view token;
  std::string_view description;
};

template <class E>
std::optional<E> enum_from_token(std::span<const EnumName<E>> table, std::string_view token) {
  for (const auto& e : table) {
    if (e.token == token) return e.value;
  }
  return std::nullopt;
}

template <class E>
std::string_view enum_token(std::span<const EnumName<E>> table, E value) {
  for (const auto& e : table) {
    if (e.value == value) return e.token;
  }
  return "?";
}

template <class E>
std::vector<std::string> enum_tokens(std::span<const EnumName<E>> table) {
  std::vector<std::string> out;
  for (const auto& e : table) out.emplace_back(e.token);
  return out;
}

}  // namespace flopcast::core
