#!/usr/bin/env bash
# Builds and runs the benchmarks under tests/bench and prints their figures (nothing is asserted
# about time; each exits non-zero only if a count is wrong, e.g. more than one refresh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh dev keyway-sandbox keyway-cli bench_refreshstorm bench_throughput bench_sharedstore \
  bench_workspace keyway bench_gui
export KEYWAY_BIN_DIR=$PWD/build/dev/bin
echo "== $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d)"
build/dev/bin/bench_refreshstorm "${REFRESH_STORM_REQUESTS:-1000}"
build/dev/bin/bench_throughput "${THROUGHPUT_REQUESTS:-5000}" "${THROUGHPUT_ROUNDS:-3}"
build/dev/bin/bench_sharedstore
build/dev/bin/bench_workspace "${WORKSPACE_ROUNDS:-3}"
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} build/dev/bin/bench_gui "${GUI_EVENTS_PER_SECOND:-10000}" "${GUI_SECONDS:-5}"
