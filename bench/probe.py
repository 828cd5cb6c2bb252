#!/usr/bin/env python3
"""Probe a URL at a steady rate and report latency percentiles.

Open loop on one keep-alive connection: request i is due at start + i/rate, and its latency is measured from that
due time, so a stalled server shows up as the full stall (no coordinated omission). Stops by itself after
--seconds. Loopback targets only.
"""
import argparse
import http.client
import json
import time
import urllib.parse


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("url")
    ap.add_argument("--rate", type=float, default=100.0, help="requests per second")
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    u = urllib.parse.urlparse(args.url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("probe.py: loopback targets only")
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    interval = 1.0 / args.rate
    start = time.perf_counter()
    count = int(args.seconds * args.rate)
    latencies, errors, behind = [], 0, 0
    for i in range(count):
        due = start + i * interval
        now = time.perf_counter()
        if now < due:
            time.sleep(due - now)
        elif now - due > interval:
            behind += 1
        try:
            conn.request("GET", u.path or "/")
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        latencies.append((time.perf_counter() - due) * 1000.0)
    latencies.sort()
    print(json.dumps({
        "requests": count, "errors": errors, "sentLate": behind,
        "p50Ms": round(percentile(latencies, 50), 2), "p90Ms": round(percentile(latencies, 90), 2),
        "p99Ms": round(percentile(latencies, 99), 2), "maxMs": round(latencies[-1], 2) if latencies else None}))


if __name__ == "__main__":
    main()
