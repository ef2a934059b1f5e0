# Helpers shared by scripts/influxd-local.sh, pushgateway-local.sh and prometheus-local.sh (sourced, not run):
# throwaway servers on loopback ports, recorded in DIR by PID and stopped by PID.

# A port the kernel just handed out on 127.0.0.1 (free a moment ago).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_ready NAME PID PORT LOG URL [CURL-OPTION…]: polls URL for up to 15 s; prints "PORT PID" and
# returns once it answers; exits 1 with the log's tail if the process dies or never answers.
wait_ready() {
  local name=$1 pid=$2 port=$3 log=$4 url=$5
  shift 5
  for _ in $(seq 1 150); do
    if curl -sf "$@" -o /dev/null "$url"; then echo "$port $pid"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; log:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name did not answer on port $port within 15 s" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
}

# stop_pidfile FILE: TERM the process FILE names, KILL it after 10 s, remove FILE.
stop_pidfile() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}
