#!/usr/bin/env bash
# Prints the folder of the virtualenv that holds the S3 test server (moto) and the aws CLI.
# INFLUXDUMP_S3_VENV overrides it; the default outlives clones, so CI installs it once per machine.
echo "${INFLUXDUMP_S3_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/influxdump/s3-venv}"
