#!/usr/bin/env bash
# Runs the real Keyway window under Xvfb through the demo and saves a PNG of each main view into
# docs/screenshots (the README links them). Usage: scripts/screenshots.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/dev}
if [[ ! -x $build/bin/keyway ]]; then
  scripts/setup.sh
  scripts/build.sh dev keyway
  build=build/dev
fi
out=docs/screenshots
mkdir -p "$out"
# Throwaway settings and data folders: the saved window layout of a real session must not leak
# in, and the demo workspace folder (and its history) is written afresh from the demo's data.
export XDG_CONFIG_HOME XDG_DATA_HOME
XDG_CONFIG_HOME=$(mktemp -d)
XDG_DATA_HOME=$(mktemp -d)
trap 'rm -rf "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"' EXIT
xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" \
  "$build/bin/keyway" --screenshots "$out"
