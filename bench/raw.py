#!/usr/bin/env python3
"""Raw limits for bench/run.sh: what plain curl achieves on the same server and data.

    raw.py queries URL JOBS PLAN.jsonl   run each planned query (msgpack, chunked, epoch=ns) with
                                         curl to /dev/null, JOBS at a time
    raw.py split ARCHIVE OUT BATCH       cut the archive's line protocol into files of BATCH points
                                         (quote-aware: string values may hold line feeds)
    raw.py writes URL JOBS OUT DB        POST every batch file with curl, JOBS at a time (a .gz file
                                         with Content-Encoding: gzip)
    raw.py gzip OUT                      gzip every batch file in OUT (level 1, replacing it)
"""
import gzip
import json
import os
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def run_queries(url, jobs, plan):
    items = [json.loads(l) for l in open(plan) if l.strip()]

    def one(item):
        subprocess.run(["curl", "-sS", "-f", "-o", "/dev/null", "-XPOST", f"{url}/query", "-H", "Accept: application/x-msgpack",
                        "--data-urlencode", f"db={item['database']}", "--data-urlencode", f"q={item['query']}",
                        "--data-urlencode", "epoch=ns", "--data-urlencode", "chunked=true", "--data-urlencode", "chunk_size=10000"], check=True)

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, items))


def points(data):
    """Yields whole points (with their LF), tracking quotes as InfluxDB's parser does."""
    start, i, n = 0, 0, len(data)
    fields = quoted = False
    equals = commas = 0
    while i < n:
        b = data[i]
        if b == 0x5C:
            i += 2
            continue
        if not quoted:
            if b == 0x0A:
                yield data[start:i + 1]
                start, fields, equals, commas = i + 1, False, 0, 0
            elif b == 0x20:
                fields = True
            elif b == 0x3D and fields:
                equals += 1
            elif b == 0x2C and fields:
                commas += 1
            elif b == 0x22 and fields and equals > commas:
                quoted = True
        elif b == 0x22:
            quoted = False
        i += 1


def split(archive, out, batch):
    manifest = json.load(open(os.path.join(archive, "manifest.json")))
    os.makedirs(out, exist_ok=True)
    n = 0
    for seg in manifest["segments"]:
        data = subprocess.run(["zstd", "-dcq", os.path.join(archive, seg["path"])], check=True, capture_output=True).stdout
        chunk = []
        rp = urllib.parse.quote(seg["retentionPolicy"], safe="")
        for p in points(data):
            chunk.append(p)
            if len(chunk) >= batch:
                open(os.path.join(out, f"{n:06d}.{rp}.lp"), "wb").write(b"".join(chunk))
                n, chunk = n + 1, []
        if chunk:
            open(os.path.join(out, f"{n:06d}.{rp}.lp"), "wb").write(b"".join(chunk))
            n += 1


def writes(url, jobs, out, db):
    files = sorted(os.listdir(out))

    def one(name):
        rp = name.split(".")[1]
        encoding = ["-H", "Content-Encoding: gzip"] if name.endswith(".gz") else []
        subprocess.run(["curl", "-sS", "-f", "-o", "/dev/null", "-XPOST", "-H", "Expect:", *encoding,
                        "--data-binary", "@" + os.path.join(out, name),
                        f"{url}/write?db={urllib.parse.quote(db)}&rp={rp}&precision=ns"], check=True)

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, files))


def gzip_all(out):
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        with open(path, "rb") as f, gzip.open(path + ".gz", "wb", compresslevel=1) as g:
            g.write(f.read())
        os.remove(path)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "queries":
        run_queries(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "split":
        split(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "gzip":
        gzip_all(sys.argv[2])
    elif cmd == "writes":
        writes(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        sys.exit(__doc__)
