#!/usr/bin/env bash
# One-time set-up of a fresh machine: system packages, then the exact locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
npm ci
