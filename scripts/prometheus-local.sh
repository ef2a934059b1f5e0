#!/usr/bin/env bash
# A throwaway Prometheus on a loopback port, scraping a local Pushgateway every second with
# deploy/prometheus/influxdump.rules.yml loaded and evaluated every second: for the monitoring
# tests and scripts/render-metrics-png.sh.
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
  # The deployed configuration (deploy/prometheus/prometheus.yml) with test timings: a 1 s scrape
  # and evaluation interval, so a pushed run shows in queries and alerts within about a second.
  cat > "$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $root/deploy/prometheus/influxdump.rules.yml
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ["$target"]
YAML
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
