#!/usr/bin/env bash
# Runs a command with an unlocked gnome-keyring on a private D-Bus session bus, so keychain tests
# use a real Secret Service without touching the developer's own keyring. Called by scripts/test.mjs (npm test)
# through dbus-run-session.
set -euo pipefail
export XDG_DATA_HOME="${POS_CONNECT_KEYRING_HOME:-$(mktemp -d)}"
# Creates and unlocks a throw-away login keyring in a temporary XDG_DATA_HOME for this session.
eval "$(printf 'pos-connect-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
