#!/usr/bin/env bash
# The quick start: installs what is needed, builds influxdump, starts a throwaway local influxd
# with sample data, then dump → verify → restore into a second database → compare, the same from
# an `influxd backup -portable` folder, and a backup job.
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
echo "== influxdump inspect"
"$bin" inspect "$work/archive"
echo "== influxdump restore into 'sample_restored'"
"$bin" restore --host "$url" --input "$work/archive" --database-map sample=sample_restored --quiet
echo "== influxdump dump | influxdump restore into 'sample_piped'"
"$bin" dump --host "$url" --database sample --output - --quiet | "$bin" restore --host "$url" --input - --database-map sample=sample_piped --quiet

echo "== comparison (scripts/compare.py: plain HTTP + JSON, independent of influxdump)"
python3 scripts/compare.py --url "$url" sample sample_restored
python3 scripts/compare.py --url "$url" sample sample_piped | tail -1
echo "== influxd backup -portable, then influxdump dump --from-backup (offline, no server) | restore into 'sample_from_backup'"
scripts/influxd-local.sh backup "$work/server" "$work/influxd-backup" -database sample
"$bin" dump --from-backup "$work/influxd-backup" --database sample --output - --quiet |
  "$bin" restore --host "$url" --input - --database-map sample=sample_from_backup --quiet
python3 scripts/compare.py --url "$url" sample sample_from_backup | tail -1
echo "== influxdump run --once: an incremental backup job, twice (the second run saves only what is new)"
mkdir -p "$work/jobs"
cat > "$work/jobs/demo.yaml" <<YAML
name: demo
source: {url: "$url", databases: [sample]}
target: {archive: {path: "$work/job-archives", keep_last: 5, full_every: 7d}}
mode: incremental
fallback_days: 0
lookback: 10m
YAML
"$bin" run "$work/jobs" --once --quiet
python3 - "$url" <<'PY'
import sys, time, urllib.request
now = time.time_ns()
body = "".join(f"cpu,host=demo-late usage_user={i}.5 {now - i * 1_000_000_000}\n" for i in range(100)).encode()
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/write?db=sample&precision=ns", data=body, method="POST"))
PY
"$bin" run "$work/jobs" --once --quiet
echo "== influxdump inspect of the job's chain"
"$bin" inspect "$work/job-archives/demo"
echo "== influxdump prune --dry-run"
"$bin" prune "$work/job-archives/demo" --keep-last 1 --dry-run
echo "== archives left in $work/archive and $work/job-archives/demo"
