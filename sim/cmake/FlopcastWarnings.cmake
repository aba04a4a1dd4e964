# Warnings live on an INTERFACE target that every flopcast target links privately,
# never in global CMAKE_CXX_FLAGS.
add_library(flopcast_warnings INTERFACE)
target_compile_options(flopcast_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${FLOPCAST_WERROR}>:-Werror>)

# flopcast_module(NAME SOURCES... DEPS ...): one static library per module, alias flopcast::NAME.
function(flopcast_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(flopcast_${name} STATIC ${M_SOURCES})
  add_library(flopcast::${name} ALIAS flopcast_${name})
  set_target_properties(flopcast_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_compile_features(flopcast_${name} PUBLIC cxx_std_20)
  target_include_directories(flopcast_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(flopcast_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS} $<BUILD_INTERFACE:flopcast_warnings>)
  set_property(GLOBAL APPEND PROPERTY FLOPCAST_MODULES flopcast_${name})
endfunction()
