#!/usr/bin/env bash
# Speed benchmark: influxdump against the raw limits of the same server and data, in one run.
#
#   bench/run.sh [--points N]... [--series N [--series-points P]] [--jobs J] [--compare-with BIN] [--s3] [--encrypt] [--backup]
#
# Starts its own throwaway influxd, loads telegraf-like data (scripts/sample-data.py: cpu/mem/
# disk/net with float and integer fields, events with strings and booleans, 100 hosts), then per
# size measures side by side:
#   raw-dump   curl running exactly the queries influxdump plans (`dump --plan-only`), msgpack,
#              chunked, epoch=ns, J at a time, to /dev/null
#   raw-dump:groupby  the same with the plan of `--query-shape series` (every window GROUP BY *)
#   dump       influxdump dump of the same database (vs_raw: against raw-dump; vs_grp: raw-dump:groupby)
#   dump:series  influxdump dump --query-shape series (GROUP BY * everywhere)
#   verify     influxdump verify (MB/s of line protocol)
#   raw-write  curl POSTing the archive's line protocol, J streams, at 5k and 20k points per batch
#   restore    influxdump restore into a fresh database
# with wall time, points/s, peak RSS, CPU seconds of the client and of the server, the ratio to
# the raw limit, and archive size against `zstd -3` of the same line protocol. `--compare-with`
# runs dump and restore with a second binary too (before/after). `--s3` adds dump:s3, verify:s3
# and restore:s3 through a local S3 server (scripts/s3-local.sh: moto, Python, signatures
# checked; its own speed limits these rows, so read them for the client's CPU and RSS). `--encrypt`
# adds dump:age, verify:age and restore:age (age X25519, a key from age-keygen).
# `--backup` adds backup (`influxd backup -portable` of the database, through the server) and
# dump:backup (`influxdump dump --from-backup` of that folder, offline; vs_raw: the HTTP dump's
# time over this row's, the issue-16 target is 5). `--series N` adds
# the high-cardinality data set (scripts/sample-data.py --series: N series of measurement hc, tags host × 1000
# and a unique id, P points, default 1.5 N), on an influxd with max-values-per-tag = 0. Prints a
# table; copy it into bench/RESULTS.md with the date and machine. Defaults: --points 1000000
# --points 5000000 (none with --series alone), J=2.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=(); jobs=2; other=""; s3=""; encrypt=""; series=""; series_points=""; backup=""
while [ $# -gt 0 ]; do
  case "$1" in
    --points) sizes+=("$2"); shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --compare-with) other=$2; shift 2 ;;
    --s3) s3=1; shift ;;
    --encrypt) encrypt=1; shift ;;
    --backup) backup=1; shift ;;
    --series) series=$2; shift 2 ;;
    --series-points) series_points=$2; shift 2 ;;
    *) echo "usage: $0 [--points N]... [--series N [--series-points P]] [--jobs J] [--compare-with BIN] [--s3] [--encrypt] [--backup]" >&2; exit 2 ;;
  esac
done
[ ${#sizes[@]} -eq 0 ] && [ -z "$series" ] && sizes=(1000000 5000000)
[ -n "$series" ] && [ -z "$series_points" ] && series_points=$((series * 3 / 2))

scripts/install-deps.sh
{ command -v /usr/bin/time && command -v bc; } >/dev/null || apt-get install -y -qq time bc >/dev/null
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/influxdump

work=$(mktemp -d /tmp/influxdump-bench.XXXXXX)
trap 'scripts/influxd-local.sh stop "$work/server" >/dev/null 2>&1 || true; scripts/s3-local.sh stop "$work/s3" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The series data set needs tag values without limit (its id tag has one value per series).
read -r port pid < <(INFLUXD_DATA_SETTINGS="max-values-per-tag = 0" scripts/influxd-local.sh start "$work/server" 0)
url="http://127.0.0.1:$port"
q() { curl -sf -XPOST "$url/query" --data-urlencode "q=$1" >/dev/null; }
if [ -n "$s3" ]; then
  scripts/s3-local.sh start "$work/s3" 0 bench >/dev/null
  set -a; . "$work/s3/env"; set +a
fi
if [ -n "$encrypt" ]; then age-keygen -o "$work/age.key" 2>/dev/null; recipient=$(age-keygen -y "$work/age.key"); fi
. bench/measure.sh
row() { # label points [raw_wall [groupby_wall]]
  local ratio="-" grp="-"
  [ -n "${3:-}" ] && ratio=$(printf '%.2f' "$(echo "$3 / $wall" | bc -l)")
  [ -n "${4:-}" ] && grp=$(printf '%.2f' "$(echo "$4 / $wall" | bc -l)")
  printf '%-9s %-16s %8.2f %10.0f %8.1f %7.2f %8.2f %9s %7s %7s\n' "$2" "$1" "$wall" "$(echo "$2 / $wall" | bc -l)" "$rss" "$cpu" "$scpu" \
    "$(printf '%.2f' "$(echo "$cpu / ($scpu + 0.001)" | bc -l)")" "$ratio" "$grp"
}
size() { # label archive: bytes of segments against line protocol
  local lp ours
  lp=$(python3 -c "import json,sys; print(sum(s['rawBytes'] for s in json.load(open(sys.argv[1]))['segments']))" "$2/manifest.json")
  ours=$(du -cb "$2"/segments/*.zst | tail -1 | cut -f1)
  printf '          archive %s: %d B of segments for %d B of line protocol (%.2f%%)\n' "$1" "$ours" "$lp" "$(echo "100 * $ours / $lp" | bc -l)"
}

printf '%-9s %-16s %8s %10s %8s %7s %8s %9s %7s %7s\n' points step seconds points/s rss_MiB cpu_s srv_cpu_s cpu/srv vs_raw vs_grp
labels=(); for n in "${sizes[@]}"; do labels+=("$n"); done
[ -n "$series" ] && labels+=("series")
for n in "${labels[@]}"; do
  if [ "$n" = series ]; then
    n=$series_points; db="hc$series"
    python3 scripts/sample-data.py --url "$url" --db "$db" --series "$series" --points "$n" --batch 20000
    echo "          data: $series series, $n points (scripts/sample-data.py --series)"
  else
    db="bench$n"
    python3 scripts/sample-data.py --url "$url" --db "$db" --points "$n" --batch 20000
  fi
  "$bin" dump --host "$url" -d "$db" -o x --plan-only -j "$jobs" > "$work/plan.jsonl"
  "$bin" dump --host "$url" -d "$db" -o x --plan-only -j "$jobs" --query-shape series > "$work/plan-groupby.jsonl"

  measure python3 bench/raw.py queries "$url" "$jobs" "$work/plan.jsonl"; raw_dump=$wall; row raw-dump "$n"
  measure python3 bench/raw.py queries "$url" "$jobs" "$work/plan-groupby.jsonl"; raw_groupby=$wall; row raw-dump:groupby "$n" "" ""
  measure "$bin" dump --host "$url" -d "$db" -o "$work/a" -q -j "$jobs"; row dump "$n" "$raw_dump" "$raw_groupby"; http_dump=$wall
  if [ -n "$backup" ]; then
    measure scripts/influxd-local.sh backup "$work/server" "$work/bk" -database "$db"; row backup "$n"
    measure "$bin" dump --from-backup "$work/bk" -d "$db" -o "$work/nb" -q -j "$jobs"; row dump:backup "$n" "$http_dump"
    size "dump:backup" "$work/nb"
    python3 -c "import json,sys; a,b=(json.load(open(p))['segments'] for p in sys.argv[1:]); print('          points: http %d, from-backup %d' % (sum(s['points'] for s in a), sum(s['points'] for s in b)))" \
      "$work/a/manifest.json" "$work/nb/manifest.json"
    rm -rf "$work/bk" "$work/nb"
  fi
  measure "$bin" dump --host "$url" -d "$db" -o "$work/g" -q -j "$jobs" --query-shape series; row dump:series "$n" "$raw_groupby" "$raw_groupby"
  size "dump (auto)" "$work/a"; size "dump:series" "$work/g"; rm -rf "$work/g"
  if [ -n "$other" ]; then measure "$other" dump --host "$url" -d "$db" -o "$work/b" -q -j "$jobs"; row dump:other "$n" "$raw_dump"; rm -rf "$work/b"; fi
  measure "$bin" verify "$work/a" -j "$jobs"; row verify "$n"
  rawbytes=$(python3 -c "import json,sys; print(sum(s['rawBytes'] for s in json.load(open(sys.argv[1]))['segments']))" "$work/a/manifest.json")
  echo "          verify: $(printf '%.0f' "$(echo "$rawbytes / $wall / 1000000" | bc -l)") MB/s of line protocol"
  if [ -n "$encrypt" ]; then
    measure "$bin" dump --host "$url" -d "$db" -o "$work/e" -q -j "$jobs" --recipient "$recipient"; row dump:age "$n" "$raw_dump"
    measure "$bin" verify "$work/e" -j "$jobs" --identity "$work/age.key"; row verify:age "$n"
    measure "$bin" restore --host "$url" -i "$work/e" -d restored_age -q -j "$jobs" --identity "$work/age.key"; row restore:age "$n"
    q "DROP DATABASE restored_age"; rm -rf "$work/e"
  fi
  if [ -n "$s3" ]; then
    measure "$bin" dump --host "$url" -d "$db" -o "s3://bench/$n" -q -j "$jobs"; row dump:s3 "$n" "$raw_dump"
    measure "$bin" verify "s3://bench/$n" -j "$jobs"; row verify:s3 "$n"
    measure "$bin" restore --host "$url" -i "s3://bench/$n" -d restored_s3 -q -j "$jobs"; row restore:s3 "$n"; q "DROP DATABASE restored_s3"
  fi

  best=""
  for batch in 5000 20000; do
    python3 bench/raw.py split "$work/a" "$work/batches$batch" "$batch"
    q "CREATE DATABASE raw_$batch"
    measure python3 bench/raw.py writes "$url" "$jobs" "$work/batches$batch" "raw_$batch"; row "raw-write:$batch" "$n"
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; fi
    q "DROP DATABASE raw_$batch"; rm -rf "$work/batches$batch"
  done
  measure "$bin" restore --host "$url" -i "$work/a" -d restored -q -j "$jobs"; row restore "$n" "$best"
  q "DROP DATABASE restored"
  if [ -n "$other" ]; then measure "$other" restore --host "$url" -i "$work/a" -d restored -q -j "$jobs"; row restore:other "$n" "$best"; q "DROP DATABASE restored"; fi

  lp=$(cat "$work"/a/segments/*.zst | zstd -dcq | wc -c)
  ours=$(du -cb "$work"/a/segments/*.zst | tail -1 | cut -f1)
  z3=$(cat "$work"/a/segments/*.zst | zstd -dcq | zstd -3 -T1 -c | wc -c)
  printf '          archive: line protocol %d B; influxdump %d B (%.1f%%); zstd -3 %d B (%.1f%%); influxdump/zstd-3 = %.3f\n' \
    "$lp" "$ours" "$(echo "100 * $ours / $lp" | bc -l)" "$z3" "$(echo "100 * $z3 / $lp" | bc -l)" "$(echo "$ours / $z3" | bc -l)"
  rm -rf "$work/a"; q "DROP DATABASE \"$db\""
done
