#!/usr/bin/env python3
"""Loads a telegraf-like sample dataset into an InfluxDB 1.x server.

cpu/mem/disk/net (float and integer fields, ~100 hosts, 10 s interval) and an `events`
measurement with strings (quotes, backslashes, a raw line feed), booleans and integers.

    scripts/sample-data.py --url http://127.0.0.1:8086 --db sample --points 200000

`--series N` loads the high-cardinality set of bench/run.sh instead: measurement `hc` with tags
`host` (1000 values) and a unique `id` per series, fields `v` (float) and `n` (integer). Point p
belongs to series p % N, at --start + p ms, so every series has a point and the first
POINTS - N have two. The server needs `max-values-per-tag = 0` (the `id` tag has a value per
series; bench/run.sh starts its influxd so).
"""
import argparse
import random
import sys
import urllib.parse
import urllib.request


def post(url, db, body):
    req = urllib.request.Request(f"{url}/write?db={urllib.parse.quote(db)}&precision=ns", data=body, method="POST")
    with urllib.request.urlopen(req) as r:
        if r.status != 204:
            sys.exit(f"write failed: HTTP {r.status}")


def query(url, q):
    data = urllib.parse.urlencode({"q": q}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{url}/query", data=data, method="POST")).read()


def lines(points, hosts, start_ns, step_ns):
    rnd = random.Random(42)
    n = 0
    t = start_ns
    while True:
        for h in range(hosts):
            host = f"host-{h:03d}"
            dc = "eu-west" if h % 2 else "us-east"
            yield (f"cpu,cpu=cpu-total,dc={dc},host={host} usage_user={rnd.random() * 100!r},"
                   f"usage_system={rnd.random() * 50!r},usage_idle={rnd.random() * 100!r},usage_iowait={rnd.random()!r} {t}\n")
            yield (f"mem,dc={dc},host={host} used={rnd.randrange(1 << 34)}i,free={rnd.randrange(1 << 33)}i,"
                   f"used_percent={rnd.random() * 100!r},available={rnd.randrange(1 << 34)}i {t}\n")
            yield (f"disk,dc={dc},device=sda1,host={host},path=/ used={rnd.randrange(1 << 40)}i,free={rnd.randrange(1 << 40)}i,"
                   f"inodes_used={rnd.randrange(1 << 20)}i,used_percent={rnd.random() * 100!r} {t}\n")
            yield (f"net,dc={dc},host={host},interface=eth0 bytes_recv={rnd.randrange(1 << 50)}i,bytes_sent={rnd.randrange(1 << 50)}i,"
                   f"packets_recv={rnd.randrange(1 << 40)}i,err_in={rnd.randrange(10)}i {t}\n")
            n += 4
            if h % 10 == 0:
                ok = "true" if rnd.random() > 0.1 else "false"
                yield (f'events,host={host},kind=deploy message="release \\"v{rnd.randrange(100)}\\" to C:\\\\srv\nsecond line",'
                       f"ok={ok},severity={rnd.randrange(5)}i {t}\n")
                n += 1
            if n >= points:
                return
        t += step_ns


def series_lines(points, series, start_ns):
    for p in range(points):
        s = p % series
        yield f"hc,host=host-{s % 1000:03d},id=id-{s:07d} v={(p % 9973) / 7!r},n={p}i {start_ns + p * 1_000_000}\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--db", default="sample")
    ap.add_argument("--points", type=int, default=200_000)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--start", type=int, default=1_763_683_200_000_000_000, help="first timestamp, ns (2025-11-21)")
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--series", type=int, default=0, help="the high-cardinality set with this many series")
    a = ap.parse_args()
    query(a.url, f'CREATE DATABASE "{a.db}"')
    batch = []
    source = series_lines(a.points, a.series, a.start) if a.series else lines(a.points, a.hosts, a.start, 10_000_000_000)
    for line in source:
        batch.append(line)
        if len(batch) >= a.batch:
            post(a.url, a.db, "".join(batch).encode())
            batch = []
    if batch:
        post(a.url, a.db, "".join(batch).encode())


if __name__ == "__main__":
    main()
