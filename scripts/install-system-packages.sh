#!/usr/bin/env bash
# System packages the build and the tests need on Debian/Ubuntu (CI and fresh machines):
#   libsecret-1-dev  keytar compiles against it
#   python3, make, g++  node-gyp builds keytar and better-sqlite3 (SQLite itself) from source
#   gnome-keyring, dbus, libsecret-tools  a real keychain for the integration tests
#   chromium, fonts-dejavu-core  the browser tests (playwright-core drives Debian's Chromium)
# On macOS and Windows nothing is needed: keytar uses the system keychain and prebuilt binaries.
set -euo pipefail

PACKAGES=(python3 make g++ libsecret-1-dev gnome-keyring dbus libsecret-tools chromium fonts-dejavu-core)

if [[ "$(uname -s)" != "Linux" ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian-style Linux: skipping system packages."
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "System packages present."
  exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Missing system packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
