cmake_minimum_required(VERSION 3.22)
# Installs the build into a scratch prefix and checks that the executable finds its GUI module
# where the install rules put it (the path the executable was compiled with).
# Usage: cmake -DBUILD_DIR=<build> -DPREFIX=<scratch dir> -DMODULE_FROM_BIN=<relative path> -P CheckInstall.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
set(module "${PREFIX}/bin/${MODULE_FROM_BIN}/libtokencache-gui.so")
if(NOT EXISTS "${PREFIX}/bin/tokencache" OR NOT EXISTS "${module}")
    message(FATAL_ERROR "installed tree lacks bin/tokencache or the module the executable looks for: ${module}")
endif()
# The keychain module, which the core looks for at the same place (issue 17).
if(NOT EXISTS "${PREFIX}/bin/${MODULE_FROM_BIN}/libtokencache-keychain.so")
    message(FATAL_ERROR "installed tree lacks the keychain module next to the GUI module")
endif()
execute_process(COMMAND "${PREFIX}/bin/tokencache" --headless --version RESULT_VARIABLE result OUTPUT_VARIABLE out)
if(NOT result EQUAL 0 OR NOT out MATCHES "^tokencache ")
    message(FATAL_ERROR "the installed executable does not run: ${result} ${out}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "installed: bin/tokencache finds ${MODULE_FROM_BIN}/libtokencache-gui.so")
