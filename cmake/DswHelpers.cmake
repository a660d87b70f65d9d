# Shared CMake helpers for every folder of the project.

# Warnings applied to our own C++ targets (never to CUDA device code, which has its own flags).
function(dsw_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wno-unused-parameter -Wno-missing-field-initializers>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:GNU>>:-Wno-maybe-uninitialized>)
endfunction()

# DSW_SANITIZE="address,undefined" instruments every target that follows. UBSan is made fatal so
# a test that triggers undefined behaviour fails instead of printing and passing.
macro(dsw_apply_sanitizers list)
  if(NOT "${list}" STREQUAL "")
    set(_dsw_san_flags "-fsanitize=${list}" "-fno-omit-frame-pointer" "-fno-sanitize-recover=all")
    add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:${_dsw_san_flags}>")
    # -O1 keeps sanitized tests fast enough for their time limits (parsers must answer in < 1 s).
    add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:-O1>")
    add_link_options(${_dsw_san_flags})
    add_compile_definitions(DSW_SANITIZED=1)
  endif()
endmacro()

# Add one engine-level test executable (Qt-free harness) and register it with CTest.
#   dsw_add_test(NAME name SOURCES a.cpp ... LABELS unit|model|gpu [LIBS extra] [TIMEOUT s])
function(dsw_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LABELS;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE dsw_test_support dsw_engine ${T_LIBS})
  dsw_set_warnings(${T_NAME})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES
    LABELS "${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    SKIP_RETURN_CODE 77
    ENVIRONMENT "DSW_DATA_DIR=${DSW_DATA_DIR};DSW_SOURCE_DIR=${PROJECT_SOURCE_DIR};DSW_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()
