#!/usr/bin/env bash
# Installs what Keyway needs to build, run and test on Debian bookworm, from Debian's packages.
# Installs only what is missing, so a second run is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config lld
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-networkauth-dev
  qtkeychain-qt6-dev libhiredis-dev libssl-dev libyaml-dev libgl-dev qt6-qpa-plugins libqt6svg6
  libxml2-utils clang
  redis-server gnome-keyring libsecret-tools dbus dbus-x11
  xvfb xauth imagemagick
  python3-cryptography # tests/fuzz/redisreply/make_seeds.py seals its seeds with AES-GCM
)

# npm installs newman (into the build tree) for the test that runs an exported collection; a
# Node.js that brings its own npm needs nothing more.
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "keyway setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
