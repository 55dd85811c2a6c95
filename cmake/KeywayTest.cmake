# Qt6::Test puts the build and source folders of each test into its compile line
# (QT_TESTCASE_BUILDDIR/SOURCEDIR, for QFINDTESTDATA, which no test here uses). Those absolute paths
# made every test object of a new clone a ccache miss, and CI builds a new clone each time: ten
# minutes of compiling per pass. Tests find the source tree through KEYWAY_SOURCE_DIR instead
# (tests/support/sourcetree.h), which ctest sets.
get_target_property(keyway_qttest_definitions Qt6::Test INTERFACE_COMPILE_DEFINITIONS)
list(FILTER keyway_qttest_definitions EXCLUDE REGEX "^QT_TESTCASE_(BUILD|SOURCE)DIR=")
set_target_properties(Qt6::Test PROPERTIES
    INTERFACE_COMPILE_DEFINITIONS "${keyway_qttest_definitions}")

# What every test gets from ctest: the built programs and the source tree (fixtures).
set(KEYWAY_TEST_ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen;KEYWAY_BIN_DIR=${CMAKE_BINARY_DIR}/bin;KEYWAY_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# keyway_add_test(NAME tst_foo SOURCES ... LIBS ... LABELS ...)
# One helper registers every Qt Test executable so that all tests share options and environment.
function(keyway_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE keyway_options Qt6::Test ${T_LIBS})
  target_include_directories(${T_NAME} PRIVATE ${CMAKE_SOURCE_DIR}/tests/support)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  if(KEYWAY_SANITIZE)
    # An unoptimised ASan build runs several times slower; the timeout is there to catch a hang.
    math(EXPR T_TIMEOUT "${T_TIMEOUT} * 3")
  endif()
  set_tests_properties(${T_NAME} PROPERTIES
      TIMEOUT ${T_TIMEOUT}
      LABELS "${T_LABELS}"
      ENVIRONMENT "${KEYWAY_TEST_ENVIRONMENT}")
endfunction()
