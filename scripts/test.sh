#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, and runs unit, CLI and integration tests.
# Integration tests start their own throwaway influxd on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Style is the formatter's (.swift-format), not a matter of review: `swift format -i -r Sources Tests Package.swift` fixes it.
swift format lint --strict -r Sources Tests Package.swift
swift build
# The deployment files (Dockerfile, compose, systemd units) cannot run here: lint them (< 1 s).
scripts/lint-deploy.sh
swift test 2>&1 | tee .build/test-output.txt
