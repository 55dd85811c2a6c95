#!/usr/bin/env bash
# The whole test suite, the way CI and a new user run it: installs what is missing, then its passes,
# each with its own heading and summary line; any failed pass fails the run (the later passes still
# run, so one run shows everything):
#   ci    the `ci` preset (gcc, warnings are errors) and every ctest test;
#   asan  the `asan` preset (gcc, AddressSanitizer + UBSan, LeakSanitizer) and every test but the
#         benchmarks (unit, integration, ui and the fuzz corpus replays);
#   fuzz  scripts/fuzz.sh's clang build and a short deterministic libFuzzer run of every target
#         (20 000 inputs each from the committed seeds with -seed=1; see README, Reliability).
# KEYWAY_PASSES="ci asan fuzz" chooses the passes; arguments go to both ctest passes (`-R tst_jwt`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
passes=${KEYWAY_PASSES:-ci asan fuzz}
# Inputs per fuzz target in the test command: seconds per target at most on this 2-core machine,
# and deterministic (-seed=1, fresh corpus), so a run that passed once passes again.
fuzz_runs=${KEYWAY_FUZZ_TEST_RUNS:-20000}
# The asan pass runs every test but the benchmarks (README, Reliability: their figures mean nothing
# under ASan, and the ci pass runs their count checks).
asan_labels=${KEYWAY_ASAN_LABELS:-unit|integration|ui|fuzz}

scripts/setup.sh

# The test keyrings live in a scratch dir, removed however the run ends. (Tests that need Redis
# start their own redis-server: tests/support/redisserver.)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A first build of a pass writes this much into build/<pass> (debug info and sanitizer builds are
# large). A disk that fills mid-build fails with a linker "Bus error" or "No space left on device"
# minutes later; checking first gives the reason and what to do at once.
declare -A first_build_gb=([ci]=4 [asan]=6 [fuzz]=1)
check_disk_space() {
  local needed=0 pass
  for pass in $passes; do
    [[ -d build/$pass ]] || needed=$((needed + ${first_build_gb[$pass]:-0}))
  done
  ((needed > 0)) || return 0
  local free_gb
  free_gb=$(($(df --output=avail -k "$root" | tail -1) / 1024 / 1024))
  if ((free_gb < needed)); then
    printf 'keyway test: the builds of this run need about %d GB free on the disk of %s, and %d GB are free.\n' \
      "$needed" "$root" "$free_gb" >&2
    printf 'Free some space (old clones and their build/ dirs) or choose fewer passes with KEYWAY_PASSES, and run again.\n' >&2
    exit 1
  fi
}

# ctest in build/<preset> under a private D-Bus session with a gnome-keyring unlocked by a throwaway
# password, for tests that use the session's Secret Service. Its keyrings live in the scratch dir: a
# test run never creates or unlocks the user's own login keyring. (tst_keychainstore starts its own
# bus and keyring.)
run_ctest() {
  local preset=$1
  shift
  (cd "build/$preset" && KEYWAY_TEST_KEYRINGS="$scratch/keyrings" dbus-run-session -- bash -c '
    printf "keyway-test\n" | XDG_DATA_HOME="$KEYWAY_TEST_KEYRINGS" \
      gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
    ctest --output-on-failure --timeout 600 "$@"
  ' ctest "$@")
}

# Each pass is a chain of && (set -e does not apply inside an `if`): a failed build fails the pass.
pass_ci() {
  scripts/build.sh ci && run_ctest ci "$@"
}

# Sanitizer findings fail the test that hit them: ASan and UBSan stop the process (the build has
# -fno-sanitize-recover=undefined), LeakSanitizer makes it exit non-zero at the end. Leaks inside
# Qt and system libraries are suppressed in tests/sanitizers/lsan.supp, each line with its reason.
pass_asan() {
  cmake --preset asan >/dev/null || return 1
  # A test's executable has the test's name (keyway_add_test, tests/fuzz): build only those run.
  # Fixture steps (newman_install) are tests without an executable of their own.
  local asan_targets
  mapfile -t asan_targets < <(cd build/asan && ctest --show-only=json-v1 -L "$asan_labels" |
    python3 -c 'import json, sys; print("\n".join(t["name"] for t in json.load(sys.stdin)["tests"]))' |
    grep -E '^(tst|fuzz)_')
  export ASAN_OPTIONS=detect_leaks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0
  scripts/build.sh asan "${asan_targets[@]}" && run_ctest asan -L "$asan_labels" "$@"
}

pass_fuzz() {
  KEYWAY_FUZZ_RUNS=$fuzz_runs scripts/fuzz.sh
}

check_disk_space
export QT_QPA_PLATFORM=offscreen
summary=()
failed=0
for pass in $passes; do
  printf '\n==================== keyway test pass: %s ====================\n' "$pass"
  started=$SECONDS
  if ("pass_$pass" "$@"); then verdict=passed; else verdict=FAILED failed=1; fi
  summary+=("$(printf 'pass %-5s %-6s (%d min %02d s)' "$pass" "$verdict" \
    $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)))")
  printf '==================== pass %s: %s ====================\n' "$pass" "$verdict"
done
printf '\n%s\n' "${summary[@]}"
exit "$failed"
