#!/usr/bin/env bash
# Benchmark of the archive core on a throwaway influxd: dump, verify, restore and pipe, with wall
# time, points/s, peak RSS and CPU seconds of influxdump against the server's CPU seconds, and
# archive size against `zstd -3` of the same line protocol. Prints a table; run by hand and copy
# the output into bench/RESULTS.md with the date and machine.
#
#   bench/run.sh [--points N]...     (default: --points 1000000 --points 5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --points) sizes+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--points N]..." >&2; exit 2 ;;
  esac
done
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000 5000000)

scripts/install-deps.sh
{ command -v /usr/bin/time && command -v bc; } >/dev/null || apt-get install -y -qq time bc >/dev/null
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/influxdump

work=$(mktemp -d /tmp/influxdump-bench.XXXXXX)
trap 'scripts/influxd-local.sh stop "$work/server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
read -r port pid < <(scripts/influxd-local.sh start "$work/server" 0)
url="http://127.0.0.1:$port"

server_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$pid/stat"; }   # utime+stime in seconds (USER_HZ=100)

# run LABEL CMD...: prints "seconds rss_kib cpu_seconds server_cpu_seconds"
run() {
  local before after
  before=$(server_cpu)
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  after=$(server_cpu)
  read -r wall rss user sys < "$work/time"
  echo "$wall $rss $(echo "$user + $sys" | bc) $(echo "$after - $before" | bc)"
}

printf '%-10s %-9s %9s %12s %10s %9s %11s\n' points step seconds points/s rss_MiB cpu_s server_cpu_s
for n in "${sizes[@]}"; do
  db="bench$n"
  python3 scripts/sample-data.py --url "$url" --db "$db" --points "$n" --batch 20000
  line() { read -r s r c sc <<< "$2"; printf '%-10s %-9s %9.2f %12.0f %10.1f %9.2f %11.2f\n' "$n" "$1" "$s" "$(echo "$n / $s" | bc -l)" "$(echo "$r / 1024" | bc -l)" "$c" "$sc"; }
  line dump "$(run "$bin" dump --host "$url" -d "$db" -o "$work/a$n" -q)"
  line verify "$(run "$bin" verify "$work/a$n")"
  line restore "$(run "$bin" restore --host "$url" -i "$work/a$n" --database-map "$db=${db}_r" -q)"
  line pipe "$(run bash -c "'$bin' dump --host '$url' -d '$db' -o - -q | '$bin' restore --host '$url' -i - --database-map '$db=${db}_p' -q")"
  raw=$(cat "$work/a$n"/segments/*.zst | zstd -dc | wc -c)
  ours=$(du -cb "$work/a$n"/segments/*.zst | tail -1 | cut -f1)
  z3=$(cat "$work/a$n"/segments/*.zst | zstd -dc | zstd -3 -T1 -c | wc -c)
  printf 'archive %s points: line protocol %d B, influxdump %d B (%.1f%%), zstd -3 %d B (%.1f%%), ratio %.3f\n' \
    "$n" "$raw" "$ours" "$(echo "100 * $ours / $raw" | bc -l)" "$z3" "$(echo "100 * $z3 / $raw" | bc -l)" "$(echo "$ours / $z3" | bc -l)"
  curl -s -XPOST "$url/query" --data-urlencode "q=DROP DATABASE \"${db}_r\"" >/dev/null
  curl -s -XPOST "$url/query" --data-urlencode "q=DROP DATABASE \"${db}_p\"" >/dev/null
  rm -rf "$work/a$n"
done
