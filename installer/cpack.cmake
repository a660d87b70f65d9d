# Packaging: `cmake --build build --target package` makes dsw_<version>_<arch>.deb (and a .tar.gz).
# The package installs dsw and dsw-cli in /usr/bin, the desktop entry, icon and AppStream metadata,
# the bundled demo model in /usr/share/deepseek-workbench/demo-model (app/gui/CMakeLists.txt) with
# the headless demonstration beside it, and the documentation in /usr/share/doc/deepseek-workbench.
# installer/check-deb.sh installs it on a clean Debian 12 root (docs/packaging.md).
install(TARGETS dsw-cli RUNTIME DESTINATION bin)
if(TARGET dsw)
  install(TARGETS dsw RUNTIME DESTINATION bin)
  set(_dsw_app_id org.deepseek_workbench.Workbench)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/${_dsw_app_id}.desktop DESTINATION share/applications)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/${_dsw_app_id}.metainfo.xml DESTINATION share/metainfo)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/${_dsw_app_id}.svg DESTINATION share/icons/hicolor/scalable/apps)
endif()
install(PROGRAMS ${CMAKE_CURRENT_LIST_DIR}/headless-demo.sh DESTINATION share/deepseek-workbench RENAME headless-demo)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/deepseek-workbench)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION share/doc/deepseek-workbench/docs)

set(CPACK_PACKAGE_NAME "deepseek-workbench")
set(CPACK_PACKAGE_VENDOR "DeepSeek Workbench")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for DeepSeek-family language models: chat, inspect, fine-tune, quantize, benchmark")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR "TGZ;DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "DeepSeek Workbench developers")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
# Library dependencies come from dpkg-shlibdeps over the binaries. What it cannot see is named
# here: OpenBLAS is opened at run time (engine/src/cpu/blas.cpp), and Qt finds its platform
# plugins (qt6-qpa-plugins) and fonts at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0 | libopenblas0-pthread, qt6-qpa-plugins, fonts-dejavu-core | fonts-noto-core")
find_program(_dsw_dpkg dpkg)
if(_dsw_dpkg)
  execute_process(COMMAND ${_dsw_dpkg} --print-architecture OUTPUT_VARIABLE _dsw_deb_arch OUTPUT_STRIP_TRAILING_WHITESPACE)
else()
  set(_dsw_deb_arch amd64)
endif()
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${_dsw_deb_arch})
set(CPACK_DEBIAN_FILE_NAME "dsw_${PROJECT_VERSION}_${_dsw_deb_arch}.deb")
include(CPack)
