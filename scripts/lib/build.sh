# Builds: the extension (Makefile: the core library with CMake into build/core, then the C
# glue) and its install; the unit tests and benchmarks (build/tests); the libFuzzer targets
# (build/fuzz, clang with sanitizers). Logs go to build/logs/.

SR_TESTS_BUILD=$SR_ROOT/build/tests
SR_FUZZ_BUILD=$SR_ROOT/build/fuzz

build_extension() {
  step "build and install the extension"
  run_logged make make -C "$SR_ROOT" -j2 PG_CONFIG="$SR_PG_CONFIG" || return 1
  run_logged make-install as_root make -C "$SR_ROOT" install PG_CONFIG="$SR_PG_CONFIG" || return 1
  echo "installed into $("$SR_PG_CONFIG" --pkglibdir)"
}

# Unit tests (build/tests/unit_tests) and micro-benchmarks.
build_unit_tests() {
  run_logged cmake-tests-configure cmake -S "$SR_ROOT" -B "$SR_TESTS_BUILD" || return 1
  run_logged cmake-tests-build cmake --build "$SR_TESTS_BUILD" -j2 || return 1
}

# The fuzz targets (build/fuzz/<name>_fuzzer), built with clang, libFuzzer and ASan/UBSan.
build_fuzzers() {
  run_logged cmake-fuzz-configure env CXX=clang++ CC=clang \
    cmake -S "$SR_ROOT" -B "$SR_FUZZ_BUILD" -DSMART_RULES_FUZZ=ON -DSMART_RULES_TESTS=OFF || return 1
  run_logged cmake-fuzz-build cmake --build "$SR_FUZZ_BUILD" -j2 || return 1
}
