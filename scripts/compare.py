#!/usr/bin/env python3
"""Compares two InfluxDB 1.x databases and prints a table per retention policy and measurement.

Independent of influxdump (plain HTTP + JSON): retention policies, SHOW FIELD KEYS (types, per
RP), SHOW SERIES, point counts and a SHA-256 over every row's exact JSON text. Exit 1 on any
difference.

    scripts/compare.py --url http://127.0.0.1:8086 sample sample_restored [--url2 URL]
"""
import argparse
import hashlib
import json
import sys
import urllib.parse
import urllib.request


def q(url, db, text):
    body = urllib.parse.urlencode({"q": text, "db": db, "epoch": "ns", "chunked": "true", "chunk_size": "10000"}).encode()
    out = []
    with urllib.request.urlopen(urllib.request.Request(f"{url}/query", data=body, method="POST")) as r:
        for line in r:
            # Keep numbers as their exact text.
            doc = json.loads(line, parse_float=str, parse_int=str)
            for res in doc.get("results", []):
                if "error" in res:
                    sys.exit(f"{text}: {res['error']}")
                out.extend(res.get("series", []))
    return out


def ident(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def describe(url, db):
    info = {}
    rps = q(url, db, f"SHOW RETENTION POLICIES ON {ident(db)}")
    info["rps"] = sorted(tuple(v) for s in rps for v in s.get("values", []))
    info["series"] = sorted(v[0] for s in q(url, db, "SHOW SERIES") for v in s.get("values", []))
    info["measurements"] = {}
    for rp in [r[0] for r in info["rps"]]:
        for s in q(url, db, f"SHOW FIELD KEYS FROM {ident(rp)}./.*/"):
            m = s["name"]
            h = hashlib.sha256()
            n = 0
            for series in q(url, db, f"SELECT * FROM {ident(db)}.{ident(rp)}.{ident(m)} GROUP BY *"):
                tags = json.dumps(series.get("tags", {}), sort_keys=True)
                for row in series.get("values", []):
                    h.update((tags + json.dumps(dict(zip(series["columns"], row)), sort_keys=True) + "\n").encode())
                    n += 1
            info["measurements"][(rp, m)] = (sorted(tuple(v) for v in s["values"]), n, h.hexdigest())
    return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--url2")
    ap.add_argument("source")
    ap.add_argument("copy")
    a = ap.parse_args()
    src, dst = describe(a.url, a.source), describe(a.url2 or a.url, a.copy)
    ok = True
    print(f"{'retention policy':<18} {'measurement':<14} {'points':>10} {'copy':>10}  types  data")
    for key in sorted(set(src["measurements"]) | set(dst["measurements"])):
        s = src["measurements"].get(key, ([], 0, ""))
        d = dst["measurements"].get(key, ([], 0, ""))
        same_types, same_data = s[0] == d[0], s[2] == d[2]
        ok &= same_types and same_data and s[1] == d[1]
        print(f"{key[0]:<18} {key[1]:<14} {s[1]:>10} {d[1]:>10}  {'same' if same_types else 'DIFF':<5}  {'same' if same_data else 'DIFF'}")
    for what in ("rps", "series"):
        same = src[what] == dst[what]
        ok &= same
        print(f"{what}: {'same' if same else 'DIFFERENT'} ({len(src[what])} vs {len(dst[what])})")
    print("IDENTICAL" if ok else "DIFFERENT")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
