# Install: the CLI, public headers, module libraries, catalogs, export-control regimes, and a CMake
# package config so another project can find_package(flopcast) and link flopcast::engine, ...
include(CMakePackageConfigHelpers)
get_property(modules GLOBAL PROPERTY FLOPCAST_MODULES)
install(TARGETS flopcast RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${modules} EXPORT flopcastTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/flopcast DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY scenarios/catalog/ DESTINATION ${FLOPCAST_CATALOG_INSTALL_DIR})
# Regimes sit beside the catalog, where scenario::default_regimes_dir looks for them.
cmake_path(GET FLOPCAST_CATALOG_INSTALL_DIR PARENT_PATH flopcast_data_dir)
install(DIRECTORY scenarios/regimes/ DESTINATION ${flopcast_data_dir}/regimes)
install(EXPORT flopcastTargets NAMESPACE flopcast:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/flopcast)
configure_package_config_file(sim/cmake/flopcastConfig.cmake.in ${PROJECT_BINARY_DIR}/flopcastConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/flopcast)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/flopcastConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/flopcastConfig.cmake ${PROJECT_BINARY_DIR}/flopcastConfigVersion.cmake sim/cmake/FindGLPK.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/flopcast)
