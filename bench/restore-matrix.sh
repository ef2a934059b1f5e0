#!/usr/bin/env bash
# Restore at high cardinality: what batch size, body encoding and parallelism are best when every
# point starts a new series (the server's index work is the limit).
#
#   bench/restore-matrix.sh [--series N] [--points P]
#
# Starts its own influxd (max-values-per-tag = 0), loads scripts/sample-data.py --series N
# (default 1,000,000 series, 1.5 N points), dumps it once, then restores the same archive into a
# fresh database per row, side by side in one run:
#   restore:B:jJ      influxdump restore --batch-size B -j J
#   raw-write:B:jJ    curl POSTing the archive's line protocol in batches of B points, J at a time
#   raw-gzip:B:jJ     the same batches gzip-compressed beforehand (Content-Encoding: gzip; the
#                     compression is not timed, so this is gzip's best case)
# Each batch of B points is also at most 4 MiB (restore's byte bound): rows with large B show
# batches cut by bytes rather than points. Copy the table into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
series=1000000; points=""
while [ $# -gt 0 ]; do
  case "$1" in
    --series) series=$2; shift 2 ;;
    --points) points=$2; shift 2 ;;
    *) echo "usage: $0 [--series N] [--points P]" >&2; exit 2 ;;
  esac
done
[ -z "$points" ] && points=$((series * 3 / 2))

scripts/install-deps.sh
{ command -v /usr/bin/time && command -v bc; } >/dev/null || apt-get install -y -qq time bc >/dev/null
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/influxdump

work=$(mktemp -d /tmp/influxdump-restore-matrix.XXXXXX)
trap 'scripts/influxd-local.sh stop "$work/server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
read -r port pid < <(INFLUXD_DATA_SETTINGS="max-values-per-tag = 0" scripts/influxd-local.sh start "$work/server" 0)
url="http://127.0.0.1:$port"
q() { curl -sf -XPOST "$url/query" --data-urlencode "q=$1" >/dev/null; }
. bench/measure.sh
row() { printf '%-9s %-20s %8.2f %10.0f %8.1f %7.2f %8.2f\n' "$points" "$1" "$wall" "$(echo "$points / $wall" | bc -l)" "$rss" "$cpu" "$scpu"; }

python3 scripts/sample-data.py --url "$url" --db hc --series "$series" --points "$points" --batch 20000
"$bin" dump --host "$url" -d hc -o "$work/a" -q
echo "data: $series series, $points points"
printf '%-9s %-20s %8s %10s %8s %7s %8s\n' points step seconds points/s rss_MiB cpu_s srv_cpu_s
n=0
for batch in 5000 20000 50000; do
  for jobs in 1 2 4; do
    [ "$batch" != 5000 ] && [ "$jobs" != 2 ] && continue
    n=$((n + 1))
    measure "$bin" restore --host "$url" -i "$work/a" -d "r$n" -q -j "$jobs" --batch-size "$batch"; row "restore:$batch:j$jobs"
    q "DROP DATABASE r$n"
  done
done
for batch in 5000 20000; do
  python3 bench/raw.py split "$work/a" "$work/b$batch" "$batch"
  n=$((n + 1)); q "CREATE DATABASE r$n"
  measure python3 bench/raw.py writes "$url" 2 "$work/b$batch" "r$n"; row "raw-write:$batch:j2"; q "DROP DATABASE r$n"
  python3 bench/raw.py gzip "$work/b$batch"
  n=$((n + 1)); q "CREATE DATABASE r$n"
  measure python3 bench/raw.py writes "$url" 2 "$work/b$batch" "r$n"; row "raw-gzip:$batch:j2"; q "DROP DATABASE r$n"
  rm -rf "$work/b$batch"
done
