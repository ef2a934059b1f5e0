#!/usr/bin/env bash
# Renders docs/monitoring.png, the picture in README.md's monitoring section: one job's metrics
# over time as Prometheus saw them. Grafana is not installable here, so no screenshot: the script
# starts a throwaway influxd, Pushgateway and Prometheus (the test scripts, 1 s scrapes), runs a
# real job eight times while its database grows (the sixth run fails: the source is
# unreachable), asks Prometheus's query_range API for the dashboard's series and draws them with
# matplotlib (installed with pip when missing).
#
#   scripts/render-metrics-png.sh [OUT.png]      default docs/monitoring.png; about 30 s
#
# Uses INFLUXDUMP, or the newest built influxdump under .build*/debug (swift build first).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/monitoring.png}

python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install -q matplotlib
bin=${INFLUXDUMP:-$(ls -t .build*/debug/influxdump 2>/dev/null | head -1)}
[ -x "$bin" ] || { echo "no influxdump binary: swift build, or INFLUXDUMP=path" >&2; exit 2; }

tmp=$(mktemp -d)
cleanup() {
  scripts/prometheus-local.sh stop "$tmp/prom" || true
  scripts/pushgateway-local.sh stop "$tmp/pg" || true
  scripts/influxd-local.sh stop "$tmp/db" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
read -r dbport _ < <(scripts/influxd-local.sh start "$tmp/db")
read -r pgport _ < <(scripts/pushgateway-local.sh start "$tmp/pg")
read -r promport _ < <(PUSHGATEWAY=127.0.0.1:$pgport scripts/prometheus-local.sh start "$tmp/prom")
db=http://127.0.0.1:$dbport
curl -sf -XPOST "$db/query" --data-urlencode 'q=CREATE DATABASE telegraf' >/dev/null

job() { # job SOURCE-URL: the job file, as a user would write it
  cat > "$tmp/nightly.yaml" <<YAML
name: nightly
source: {url: $1, databases: [telegraf]}
target: {archive: {path: $tmp/archives, keep_last: 3}}
mode: range
options: {retries: 0}
metrics: {pushgateway: http://127.0.0.1:$pgport}
YAML
}
start=$(date +%s)
for run in 1 2 3 4 5 6 7 8; do
  # More points before every run, so points, bytes and duration grow from run to run.
  python3 - "$run" > "$tmp/points.lp" <<'PY'
import sys
run = int(sys.argv[1])
for i in range(run * 4000):
    print(f"cpu,host=h{i % 20},run=r{run} usage={i % 100 / 3:.3f},n={i}i {1_700_000_000_000_000_000 + i * 1_000_000_000}")
PY
  curl -sf -XPOST "$db/write?db=telegraf" --data-binary @"$tmp/points.lp"
  if [ "$run" = 6 ]; then job http://127.0.0.1:1; else job "$db"; fi
  "$bin" run "$tmp/nightly.yaml" --once -q >/dev/null || echo "run $run failed (as intended)" >&2
  sleep 3
done
sleep 2
end=$(date +%s)

python3 - "$promport" "$start" "$end" "$out" <<'PY'
import json, sys, urllib.parse, urllib.request
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

port, start, end, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sel = 'job="nightly", database="telegraf", operation="job"'
def series(expr):
    q = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": 1})
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/query_range?{q}") as r:
        result = json.load(r)["data"]["result"]
    if not result:
        sys.exit(f"no series for {expr}")
    values = result[0]["values"]
    return [float(t) - start for t, _ in values], [float(v) for _, v in values]

panels = [
    ("Points per run", f"influxdump_last_run_points{{{sel}}}", "points", "tab:blue"),
    ("Duration (s)", f"influxdump_last_run_duration_seconds{{{sel}}}", "s", "tab:purple"),
    ("Last run (1 = OK, 0 = FAILED)", f"influxdump_last_run_success{{{sel}}}", "", "tab:green"),
    ("Last success age (s)", f"time() - influxdump_last_success_timestamp_seconds{{{sel}}}", "s", "tab:orange"),
]
fig, axes = plt.subplots(2, 2, figsize=(9, 4.6), sharex=True, dpi=100)
for ax, (title, expr, unit, color) in zip(axes.flat, panels):
    x, y = series(expr)
    ax.step(x, y, where="post", color=color, linewidth=1.6)
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=8)
    if "success" in expr and "time()" not in expr:
        ax.set_ylim(-0.15, 1.15)
        ax.set_yticks([0, 1])
for ax in axes[1]:
    ax.set_xlabel("seconds since the first run (Prometheus query_range, 1 s steps)", fontsize=8)
fig.suptitle("influxdump job nightly: eight runs, the sixth failing (source unreachable)", fontsize=11)
fig.tight_layout()
fig.savefig(out)
print(f"wrote {out}")
PY
