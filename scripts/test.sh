#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: installs what is missing, then type-checks,
# lints and runs unit, emulator-contract and end-to-end (Chromium and Firefox ESR) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
npm test
