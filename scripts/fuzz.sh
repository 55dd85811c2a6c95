#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz (clang, ASan + UBSan) with a fixed seed and prints
# executions and findings per target. `scripts/fuzz.sh [seconds-per-target]` (default 60);
# KEYWAY_FUZZ_RUNS=N runs N inputs per target instead, from the committed seeds only (a fresh
# working corpus), so the same inputs run every time: scripts/test.sh's short pass.
# New interesting inputs of a timed run go to build/fuzz/corpus/<target> (not the repository); a
# crash or hang is saved under build/fuzz/findings/<target>/ and makes the script fail: fix it and
# copy the input into tests/fuzz/<target>/regressions so the replay test keeps covering it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
runs=${KEYWAY_FUZZ_RUNS:-}
build=build/fuzz

scripts/setup.sh
targets=()
for source in tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$source" .cpp)
  targets+=("${name#fuzz_}")
done
# The `fuzz` preset (CMakePresets.json): clang, KEYWAY_FUZZ=ON, through build.sh for ccache.
scripts/build.sh fuzz "${targets[@]/#/fuzz_}"

failed=0
summary=()
for name in "${targets[@]}"; do
  if [[ -n $runs ]]; then
    # These two write every input to disk as files (a workspace folder, a Bruno collection): a
    # hundred inputs a second, not thousands, so a tenth of the inputs keeps the short run short.
    case $name in
      workspace | import_bruno) budget=(-runs=$((runs / 10))) ;;
      *) budget=(-runs="$runs") ;;
    esac
  else
    budget=(-max_total_time="$seconds")
  fi
  work="$build/corpus/$name" findings="$build/findings/$name"
  [[ -n $runs ]] && work="$build/short/$name" && rm -rf "$work"
  mkdir -p "$work" "$findings" "tests/fuzz/$name/regressions"
  log="$build/findings/$name.log"
  # Seeds: the target's corpus and regressions, and for import_<format> the import test fixtures
  # of that format (the same rule as tests/fuzz/CMakeLists.txt); libFuzzer refuses missing folders.
  seeds=()
  for dir in "tests/fuzz/$name/corpus" "tests/fuzz/$name/regressions" "tests/fixtures/import/${name#import_}"; do
    [[ -d $dir ]] && seeds+=("$dir")
  done
  # -timeout: an input that takes 10 s is a hang. -rss_limit_mb: bounded memory is the point.
  if "$build/bin/fuzz_$name" -seed=1 "${budget[@]}" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
      "$work" "${seeds[@]}" >"$log" 2>&1; then
    verdict="no findings"
  else
    verdict="FINDING (see $log and $findings/)"
    failed=1
    tail -n 60 "$log" # the sanitizer's report, for a CI log that keeps no build folder
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  summary+=("$(printf '%-18s %12s executions  %s' "$name" "${executions:-?}" "$verdict")")
done
printf '%s\n' "${summary[@]}"
exit "$failed"
