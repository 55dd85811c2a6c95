#!/usr/bin/env bash
# Installs what is missing, builds, and runs Keyway: the GUI where there is a display, otherwise a
# headless demo that refreshes a token and replays requests against the local sandbox server.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
  scripts/build.sh dev keyway keyway-cli keyway-sandbox
  exec build/dev/bin/keyway "$@"
else
  scripts/build.sh dev keyway-cli keyway-sandbox
  echo "No display found: running the headless demo (build/dev/bin/keyway-cli demo)."
  exec build/dev/bin/keyway-cli demo "$@"
fi
