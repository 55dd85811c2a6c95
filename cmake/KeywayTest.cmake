# keyway_add_test(NAME tst_foo SOURCES ... LIBS ... LABELS ...)
# One helper registers every Qt Test executable so that all tests share options and environment.
function(keyway_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE keyway_options Qt6::Test ${T_LIBS})
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
      ENVIRONMENT "QT_QPA_PLATFORM=offscreen;KEYWAY_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()
