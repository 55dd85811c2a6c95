# One INTERFACE target carries the language standard, warnings and the strict Qt defines.
# Every Keyway target links it; nothing is set globally.
add_library(keyway_options INTERFACE)
target_compile_features(keyway_options INTERFACE cxx_std_20)
target_compile_definitions(keyway_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_FOREACH
    KEYWAY_VERSION="${PROJECT_VERSION}")
# -Wshadow=local is gcc's spelling; clang (the fuzz build) does not know it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(keyway_shadow_warning -Wshadow=local)
endif()
target_compile_options(keyway_options INTERFACE -Wall -Wextra -Wpedantic ${keyway_shadow_warning}
    -Wnon-virtual-dtor -Woverloaded-virtual)
if(KEYWAY_WARNINGS_AS_ERRORS)
  target_compile_options(keyway_options INTERFACE -Werror)
endif()
# Both sanitizer builds (the asan preset and the libFuzzer build): undefined behaviour aborts (no
# recover), so that it fails a test or counts as a fuzz finding like a crash does.
if(KEYWAY_SANITIZE OR KEYWAY_FUZZ)
  target_compile_options(keyway_options INTERFACE -fsanitize=address,undefined
      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(keyway_options INTERFACE -fsanitize=address,undefined)
endif()
if(KEYWAY_FUZZ)
  # Coverage for libFuzzer in every Keyway object; the fuzz targets link -fsanitize=fuzzer.
  target_compile_options(keyway_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
# LLVM's lld where it is installed (scripts/setup.sh installs it): about 90 programs link against the
# static core with debug information, and GNU ld spent over 20 s on some of them on the 2-core CI
# machine. KEYWAY_LINKER=default keeps the compiler's own choice.
set(KEYWAY_LINKER "lld" CACHE STRING "Linker for every Keyway program: lld or default")
if(KEYWAY_LINKER STREQUAL "lld")
  find_program(KEYWAY_LLD ld.lld)
  if(KEYWAY_LLD)
    target_link_options(keyway_options INTERFACE -fuse-ld=lld)
  else()
    message(STATUS "ld.lld not found: linking with the compiler's default linker (apt-get install lld)")
  endif()
endif()
