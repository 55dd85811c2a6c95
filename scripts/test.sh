#!/usr/bin/env bash
# The whole test suite, the way CI and a new user run it: installs what is missing, builds with the
# `ci` preset (warnings are errors), starts the services the tests need, runs ctest, stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${KEYWAY_PRESET:-ci}

scripts/setup.sh
scripts/build.sh "$preset"

# Services live in a scratch dir and are stopped however the run ends.
scratch=$(mktemp -d)
cleanup() {
  [[ -n ${REDIS_PID:-} ]] && kill "$REDIS_PID" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A real redis-server on a free loopback port, for the tests labelled "redis".
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if command -v redis-server >/dev/null; then
  KEYWAY_TEST_REDIS_PORT=$(free_port)
  redis-server --port "$KEYWAY_TEST_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$scratch" --daemonize no >"$scratch/redis.log" 2>&1 &
  REDIS_PID=$!
  export KEYWAY_TEST_REDIS_PORT
  export KEYWAY_TEST_REDIS_URL="redis://127.0.0.1:$KEYWAY_TEST_REDIS_PORT/0"
fi

export QT_QPA_PLATFORM=offscreen
cd "build/$preset"
# A private D-Bus session with a gnome-keyring unlocked by a throwaway password, for tests that use
# the session's Secret Service. Its keyrings live in the scratch dir: a test run never creates or
# unlocks the user's own login keyring. (tst_keychainstore starts its own bus and keyring.)
KEYWAY_TEST_KEYRINGS="$scratch/keyrings" dbus-run-session -- bash -c '
  printf "keyway-test\n" | XDG_DATA_HOME="$KEYWAY_TEST_KEYRINGS" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
  ctest --output-on-failure --timeout 600 "$@"
' ctest "$@"
