# Warnings live on an INTERFACE target that every flopcast target links privately,
# never in global CMAKE_CXX_FLAGS.
add_library(flopcast_warnings INTERFACE)
target_compile_options(flopcast_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${FLOPCAST_WERROR}>:-Werror>)

# FLOPCAST_SANITIZE (e.g. "address;undefined"): compile and link every flopcast target with
# those sanitizers. Any finding aborts (no recovery), so a CTest run fails on it.
if(FLOPCAST_SANITIZE)
  list(JOIN FLOPCAST_SANITIZE "," _flopcast_sanitizers)
  target_compile_options(flopcast_warnings INTERFACE -fsanitize=${_flopcast_sanitizers} -fno-sanitize-recover=all
                         -fno-omit-frame-pointer)
  target_link_options(flopcast_warnings INTERFACE -fsanitize=${_flopcast_sanitizers} -fno-sanitize-recover=all)
  message(STATUS "flopcast: sanitizers ${_flopcast_sanitizers}")
endif()
# FLOPCAST_FUZZ: coverage instrumentation for libFuzzer in every flopcast library (the fuzz
# targets in tests/fuzz link the fuzzer itself). Other executables link fine: the sanitizer
# runtimes define the coverage callbacks weakly.
if(FLOPCAST_FUZZ)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(flopcast_warnings INTERFACE -fsanitize=fuzzer-no-link)
    target_link_options(flopcast_warnings INTERFACE -fsanitize=fuzzer-no-link)
  else()
    message(WARNING "flopcast: FLOPCAST_FUZZ needs clang (libFuzzer); ${CMAKE_CXX_COMPILER_ID} found, fuzz targets not built. "
                    "Configure with -DCMAKE_CXX_COMPILER=clang++ (Debian: apt-get install clang libclang-rt-14-dev).")
    set(FLOPCAST_FUZZ OFF)
  endif()
endif()

# FLOPCAST_HOT_LTO: link-time optimisation for the modules a Monte-Carlo sample runs through
# (marked HOT below), so the projection's small functions inline across its files. Only those:
# LTO of the whole program made the link of `flopcast` take minutes on two cores; these few
# modules add seconds. GCC only (sanitizer and fuzz builds use clang and stay as they are).
set(_flopcast_hot_lto OFF)
if(FLOPCAST_HOT_LTO AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT FLOPCAST_SANITIZE)
  include(CheckIPOSupported)
  check_ipo_supported(RESULT _flopcast_hot_lto OUTPUT _flopcast_ipo_error LANGUAGES CXX)
  if(NOT _flopcast_hot_lto)
    message(STATUS "flopcast: no link-time optimisation (${_flopcast_ipo_error})")
  endif()
endif()

# flopcast_module(NAME [HOT] SOURCES... DEPS ...): one static library per module, alias
# flopcast::NAME. HOT: on the Monte-Carlo hot path (FLOPCAST_HOT_LTO above).
function(flopcast_module name)
  cmake_parse_arguments(M "HOT" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(flopcast_${name} STATIC ${M_SOURCES})
  add_library(flopcast::${name} ALIAS flopcast_${name})
  set_target_properties(flopcast_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_compile_features(flopcast_${name} PUBLIC cxx_std_20)
  target_include_directories(flopcast_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(flopcast_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS} $<BUILD_INTERFACE:flopcast_warnings>)
  if(M_HOT AND _flopcast_hot_lto)
    set_property(TARGET flopcast_${name} PROPERTY INTERPROCEDURAL_OPTIMIZATION ON)
  endif()
  set_property(GLOBAL APPEND PROPERTY FLOPCAST_MODULES flopcast_${name})
endfunction()
