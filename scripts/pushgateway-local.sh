#!/usr/bin/env bash
# A throwaway Prometheus Pushgateway on a loopback port, for the metrics tests and the demo.
#
#   scripts/pushgateway-local.sh start DIR [PORT]   start (PORT 0 or absent: a free port); prints "PORT PID"
#   scripts/pushgateway-local.sh stop DIR           stop the gateway started in DIR (by PID)
#
# DIR holds the persistence file and the log; delete it to throw everything away. Never 9091 by
# default: a packaged gateway may already hold that port.
set -euo pipefail

cmd=${1:?usage: $0 start|stop DIR [PORT]}
dir=${2:?usage: $0 start|stop DIR [PORT]}

. "$(dirname "$0")/local-server.sh"

case "$cmd" in
start)
  # Debian names it prometheus-pushgateway; upstream's release binary is pushgateway.
  bin=$(command -v prometheus-pushgateway || command -v pushgateway || true)
  [ -n "$bin" ] || { echo "prometheus-pushgateway not found: run scripts/install-deps.sh" >&2; exit 2; }
  port=${3:-0}
  [ "$port" = 0 ] && port=$(free_port)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # Debian's build defaults the persistence file to /var/lib/prometheus: keep it in DIR.
  "$bin" --web.listen-address="127.0.0.1:$port" --persistence.file="$dir/pushgateway.data" \
    --log.level=warn >"$dir/pushgateway.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/pushgateway.pid"
  echo "$port" > "$dir/pushgateway.port"
  wait_ready pushgateway "$pid" "$port" "$dir/pushgateway.log" "http://127.0.0.1:$port/-/ready"
  ;;
stop)
  stop_pidfile "$dir/pushgateway.pid"
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
