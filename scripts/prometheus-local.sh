#!/usr/bin/env bash
# A throwaway Prometheus on a loopback port running the deployed configuration
# (deploy/prometheus/prometheus.yml and its rules) with a local Pushgateway as the target and
# 1 s scrape and rule-evaluation intervals: for the monitoring tests and
# scripts/render-metrics-png.sh.
#
#   PUSHGATEWAY=127.0.0.1:PORT scripts/prometheus-local.sh start DIR [PORT]   prints "PORT PID"
#   scripts/prometheus-local.sh stop DIR                                      stop it (by PID)
#
# PORT 0 or absent: a free port. DIR holds the generated configuration, the TSDB and the log;
# delete it to throw everything away. Never 9090 by default: a packaged Prometheus may hold it.
set -euo pipefail

cmd=${1:?usage: $0 start|stop DIR [PORT]}
dir=${2:?usage: $0 start|stop DIR [PORT]}
root=$(cd "$(dirname "$0")/.." && pwd)

. "$(dirname "$0")/local-server.sh"

case "$cmd" in
start)
  bin=$(command -v prometheus || true)
  [ -n "$bin" ] || { echo "prometheus not found: run scripts/install-deps.sh" >&2; exit 2; }
  target=${PUSHGATEWAY:?set PUSHGATEWAY=host:port of the Pushgateway to scrape}
  target=${target#http://}
  target=${target%/}
  port=${3:-0}
  [ "$port" = 0 ] && port=$(free_port)
  mkdir -p "$dir/data"
  dir=$(cd "$dir" && pwd)
  # The deployed configuration (deploy/prometheus/prometheus.yml: honor_labels, the rules file)
  # with test timings, a 1 s scrape and evaluation interval, so that a pushed run shows in
  # queries and alerts within about a second, and this Pushgateway as the target.
  sed -e 's#^  scrape_interval: .*#  scrape_interval: 1s\n  scrape_timeout: 1s#' \
    -e 's#^  evaluation_interval: .*#  evaluation_interval: 1s#' \
    -e "s#\"pushgateway:9091\"#\"$target\"#" \
    -e "s#^  - influxdump.rules.yml#  - $root/deploy/prometheus/influxdump.rules.yml#" \
    "$root/deploy/prometheus/prometheus.yml" > "$dir/prometheus.yml"
  for want in "scrape_interval: 1s" "evaluation_interval: 1s" "\"$target\"" "$root/deploy/prometheus/influxdump.rules.yml"; do
    grep -qF "$want" "$dir/prometheus.yml" ||
      { echo "deploy/prometheus/prometheus.yml changed shape: could not set $want; adapt $0" >&2; exit 2; }
  done
  "$bin" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn >"$dir/prometheus.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/prometheus.pid"
  echo "$port" > "$dir/prometheus.port"
  wait_ready prometheus "$pid" "$port" "$dir/prometheus.log" "http://127.0.0.1:$port/-/ready"
  ;;
stop)
  stop_pidfile "$dir/prometheus.pid"
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
