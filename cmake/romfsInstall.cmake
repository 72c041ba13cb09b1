# install() + install(EXPORT) + a version file, so that
# find_package(romfs CONFIG) gives romfs::romfs.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS romfs EXPORT romfsTargets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/romfs
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

set(ROMFS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/romfs)
install(EXPORT romfsTargets NAMESPACE romfs:: DESTINATION ${ROMFS_CMAKE_DIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/romfsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/romfsConfig.cmake
  INSTALL_DESTINATION ${ROMFS_CMAKE_DIR})
# Header-only: any architecture may use the package.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/romfsConfigVersion.cmake
  COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)
install(FILES
  ${PROJECT_SOURCE_DIR}/cmake/romfsCommon.cmake
  ${PROJECT_SOURCE_DIR}/cmake/romfsImage.cmake
  ${PROJECT_SOURCE_DIR}/cmake/romfsLinkerScript.cmake
  ${PROJECT_SOURCE_DIR}/cmake/romfsLinkerScriptGenerate.cmake
  ${PROJECT_BINARY_DIR}/romfsConfig.cmake
  ${PROJECT_BINARY_DIR}/romfsConfigVersion.cmake
  DESTINATION ${ROMFS_CMAKE_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/cmake/scripts/check_elf.cmake DESTINATION ${ROMFS_CMAKE_DIR}/scripts)
