#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, and runs unit, CLI and integration tests.
# Integration tests start their own throwaway influxd on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
swift test 2>&1 | tee .build/test-output.txt
