#!/usr/bin/env bash
# A throwaway InfluxDB 1.x server on a loopback port, for the demo, tests and benchmark.
#
#   scripts/influxd-local.sh start DIR [PORT]   start (PORT 0 or absent: a free port); prints "PORT PID"
#   scripts/influxd-local.sh stop DIR           stop the server started in DIR (by PID)
#
# DIR holds config, data, wal, meta and the log; delete it to throw everything away.
# Environment: INFLUXD_AUTH=true turns authentication on; INFLUXD_HTTPS_CERT / INFLUXD_HTTPS_KEY
# (PEM files) serve https.
set -euo pipefail

cmd=${1:?usage: $0 start|stop DIR [PORT]}
dir=${2:?usage: $0 start|stop DIR [PORT]}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

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
  for _ in $(seq 1 150); do
    scheme=http; [ -n "${INFLUXD_HTTPS_CERT:-}" ] && scheme=https
    if curl -skf -o /dev/null "$scheme://127.0.0.1:$port/ping"; then echo "$port $pid"; exit 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "influxd exited; log:" >&2; tail -20 "$dir/influxd.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "influxd did not answer on port $port within 15 s" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
  ;;
stop)
  [ -f "$dir/influxd.pid" ] || exit 0
  pid=$(cat "$dir/influxd.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/influxd.pid"
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
