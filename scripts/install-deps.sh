#!/usr/bin/env bash
# Installs the system packages influxdump builds and tests with (Debian/Ubuntu, as root or via sudo).
# Skips apt entirely when everything is already there.
set -euo pipefail
# age: the real age CLI for the encryption interop tests; prometheus: promtool and the server the
# dashboard's queries are evaluated against; python3-venv: the S3 test server's virtualenv.
packages=(libzstd-dev libcurl4-openssl-dev libyaml-dev libsnappy-dev libarchive-dev zlib1g-dev influxdb prometheus-pushgateway prometheus age zstd curl python3 python3-venv
  python3-yaml pkg-config openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # influxdb and prometheus-pushgateway would start their system services (the gateway on :9091);
  # the tests start their own on free loopback ports, so no service is started during the install:
  # a policy-rc.d that denies (exit 101), unless the machine already has one.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift not found: install Swift 6 (https://swift.org) and put it on PATH" >&2; exit 2; }
# The manifest JSON Schema check in the tests uses python's jsonschema.
python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema
# The S3 tests' server and clients (../shared notes: moto >= 5.2.5 checks SigV4 correctly), in a
# virtualenv of their own that later runs reuse (about 35 s the first time).
venv=$(scripts/s3-venv.sh)
"$venv/bin/python" -c 'import moto, boto3' 2>/dev/null || {
  echo "installing the S3 test tools into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[server]>=5.2.5' awscli boto3
}
