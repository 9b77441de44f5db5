#!/usr/bin/env python3
"""Hot methods of a JFR recording (bench/run.sh with JFR=1): self and inclusive sample shares.

  bench/jfr-top.py FILE.jfr [--top N] [--thread REGEX] [--under SUBSTRING] [--depth D]
                            [--from S] [--to S] [--timeline]

--thread keeps samples of threads whose name matches REGEX; --under keeps samples whose stack holds
a frame containing SUBSTRING (e.g. a method to break down); --from/--to keep samples taken that
many seconds after the first sample; --timeline prints kept samples per second instead (to find
the windows of a run's phases). Shares are of the kept samples.
"""
import argparse
import collections
import datetime
import json
import re
import subprocess
import sys


def frames(event):
    for f in event["values"]["stackTrace"]["frames"]:
        m = f["method"]
        yield m["type"]["name"] + "." + m["name"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--thread")
    p.add_argument("--under")
    p.add_argument("--depth", type=int, default=96)
    p.add_argument("--from", dest="start", type=float)
    p.add_argument("--to", dest="end", type=float)
    p.add_argument("--timeline", action="store_true")
    a = p.parse_args()
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", str(a.depth), "--events", "jdk.ExecutionSample", a.file],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    thread = re.compile(a.thread) if a.thread else None
    self_count = collections.Counter()
    incl = collections.Counter()
    kept = 0
    when = lambda e: datetime.datetime.fromisoformat(e["values"]["startTime"].replace("Z", "+00:00")).timestamp()
    base = min((when(e) for e in events), default=0)
    seconds = collections.Counter()
    for e in events:
        st = e["values"].get("stackTrace")
        if not st:
            continue
        name = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        if thread and not thread.search(name):
            continue
        fs = list(frames(e))
        if a.under and not any(a.under in f for f in fs):
            continue
        t = when(e) - base
        if (a.start is not None and t < a.start) or (a.end is not None and t > a.end):
            continue
        seconds[int(t)] += 1
        kept += 1
        if fs:
            self_count[fs[0]] += 1
        for f in set(fs):
            incl[f] += 1
    print(f"{kept} samples kept of {len(events)}")
    if a.timeline:
        for s, n in sorted(seconds.items()):
            print(f"{s:6d} s {n:5d} {'#' * min(n, 100)}")
        return
    print("\n-- self --")
    for f, n in self_count.most_common(a.top):
        print(f"{100 * n / max(kept, 1):6.1f}%  {f}")
    print("\n-- inclusive --")
    for f, n in incl.most_common(a.top):
        print(f"{100 * n / max(kept, 1):6.1f}%  {f}")


if __name__ == "__main__":
    sys.exit(main())
