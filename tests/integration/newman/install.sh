#!/usr/bin/env bash
# Installs newman from the npm registry into a folder of the build tree (never globally), once:
# a second run finds it there and returns at once. Used as the CTest fixture of tst_newman.
set -euo pipefail
dir=$1
version=6.2.2
if [[ -x "$dir/node_modules/.bin/newman" && "$(cat "$dir/.version" 2>/dev/null)" == "$version" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "newman_install: npm is not installed; scripts/setup.sh installs it (Debian: apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$dir"
if ! npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "newman@$version" \
    >"$dir/npm.log" 2>&1; then
  echo "newman_install: npm could not install newman@$version from the npm registry" \
       "(is https://registry.npmjs.org reachable?); its output is in $dir/npm.log:" >&2
  tail -n 20 "$dir/npm.log" >&2
  exit 1
fi
echo "$version" >"$dir/.version"
