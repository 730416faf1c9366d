#!/usr/bin/env bash
# The demo on a fresh Debian machine: installs what is missing, builds the extension, starts the
# built-in demo org (the Salesforce emulator) and opens Chromium with the extension on a Contact.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
npx vite build --logLevel warn
exec npx tsx scripts/demo.ts "$@"
