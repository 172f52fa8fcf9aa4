#!/usr/bin/env bash
# The whole test suite: typecheck, lint, electronegativity, unit, integration (real loopback, sandbox, real keychain)
# and browser tests (Chromium against the built renderer and the real main-process services).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules ]]; then bash scripts/setup.sh; fi

step() { printf '\n=== %s\n' "$1"; }

step "typecheck"; npm run --silent typecheck
step "lint"; npm run --silent lint
step "electronegativity"; node scripts/electronegativity.mjs
step "unit tests"; npx vitest run --project unit
step "build"; npx electron-vite build

keyring=()
if [[ "$(uname -s)" == "Linux" ]]; then
  if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    echo "The keychain tests need dbus and gnome-keyring: run 'npm run setup' first." >&2
    exit 1
  fi
  keyring=(dbus-run-session -- bash scripts/with-keyring.sh)
fi
step "integration and browser tests"
"${keyring[@]}" npx vitest run --project integration --project browser
