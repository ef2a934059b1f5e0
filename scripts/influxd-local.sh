#!/usr/bin/env bash
# A throwaway InfluxDB 1.x server on a loopback port, for the demo, tests and benchmark.
#
#   scripts/influxd-local.sh start DIR [PORT]   start (PORT 0 or absent: a free port); prints "PORT PID"
#   scripts/influxd-local.sh stop DIR           stop the server started in DIR (by PID)
#   scripts/influxd-local.sh backup DIR OUT [ARGS]  `influxd backup -portable ARGS OUT` of that server
#                                               (through its RPC port; OUT must not exist or be empty)
#
# DIR holds config, data, wal, meta and the log; delete it to throw everything away.
# Environment: INFLUXD_AUTH=true turns authentication on; INFLUXD_HTTPS_CERT / INFLUXD_HTTPS_KEY
# (PEM files) serve https; INFLUXD_DATA_SETTINGS holds extra lines for [data], e.g.
# "max-values-per-tag = 0" (the 1 M-series benchmark) or "max-series-per-database = 5".
set -euo pipefail

cmd=${1:?usage: $0 start|stop DIR [PORT]}
dir=${2:?usage: $0 start|stop DIR [PORT]}

. "$(dirname "$0")/local-server.sh"

case "$cmd" in
start)
  command -v influxd >/dev/null || { echo "influxd not found: run scripts/install-deps.sh" >&2; exit 2; }
  port=${3:-0}
  [ "$port" = 0 ] && port=$(free_port)
  rpc=$(free_port)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  https=false; [ -n "${INFLUXD_HTTPS_CERT:-}" ] && https=true
  cat > "$dir/influxdb.conf" <<CONF
reporting-disabled = true
reporting-enabled = false
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  index-version = "inmem"
  query-log-enabled = false
  trace-logging-enabled = false
${INFLUXD_DATA_SETTINGS:-}
[coordinator]
  max-select-buckets = 100000
[retention]
  enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  log-enabled = false
  auth-enabled = ${INFLUXD_AUTH:-false}
  https-enabled = $https
  https-certificate = "${INFLUXD_HTTPS_CERT:-}"
  https-private-key = "${INFLUXD_HTTPS_KEY:-}"
[logging]
  level = "error"
CONF
  influxd -config "$dir/influxdb.conf" >"$dir/influxd.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/influxd.pid"
  echo "$port" > "$dir/influxd.port"
  echo "$rpc" > "$dir/influxd.rpc-port"
  scheme=http; [ -n "${INFLUXD_HTTPS_CERT:-}" ] && scheme=https
  wait_ready influxd "$pid" "$port" "$dir/influxd.log" "$scheme://127.0.0.1:$port/ping" -k
  ;;
stop)
  stop_pidfile "$dir/influxd.pid"
  ;;
backup)
  out=${3:?usage: $0 backup DIR OUT [influxd backup args]}
  shift 3
  influxd backup -portable -host "127.0.0.1:$(cat "$dir/influxd.rpc-port")" "$@" "$out" >"$dir/backup.log" 2>&1 ||
    { cat "$dir/backup.log" >&2; exit 1; }
  ;;
*) echo "usage: $0 start|stop|backup DIR [PORT|OUT]" >&2; exit 2 ;;
esac
