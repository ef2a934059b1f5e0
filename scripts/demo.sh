#!/usr/bin/env bash
# The quick start: installs what is needed, builds influxdump, starts a throwaway local influxd
# with sample data, then dump → verify → restore into a second database → compare.
#
#   scripts/demo.sh [POINTS]        (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-200000}
scripts/install-deps.sh
swift build -c release
bin=$(swift build -c release --show-bin-path)/influxdump

work=$(mktemp -d /tmp/influxdump-demo.XXXXXX)
trap 'scripts/influxd-local.sh stop "$work/server" >/dev/null 2>&1 || true' EXIT
read -r port _ < <(scripts/influxd-local.sh start "$work/server" 0)
url="http://127.0.0.1:$port"
echo "== throwaway influxd on $url (data in $work/server)"

echo "== loading $points sample points into database 'sample'"
python3 scripts/sample-data.py --url "$url" --db sample --points "$points"

echo "== influxdump dump"
"$bin" dump --host "$url" --database sample --output "$work/archive" --quiet
echo "== influxdump verify"
"$bin" verify "$work/archive"
echo "== influxdump restore into 'sample_restored'"
"$bin" restore --host "$url" --input "$work/archive" --database-map sample=sample_restored --quiet
echo "== influxdump dump | influxdump restore into 'sample_piped'"
"$bin" dump --host "$url" --database sample --output - --quiet | "$bin" restore --host "$url" --input - --database-map sample=sample_piped --quiet

echo "== comparison (scripts/compare.py: plain HTTP + JSON, independent of influxdump)"
python3 scripts/compare.py --url "$url" sample sample_restored
python3 scripts/compare.py --url "$url" sample sample_piped | tail -1
echo "== archive left in $work/archive"
