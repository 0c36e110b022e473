#!/usr/bin/env python3
"""Load benchmark (issue #6 item 1): the served bot against a bare WeRoBot echo bot, one run.

Both are served the same way — gunicorn gthread, `--workers 2`, same threads — on this machine:
  ours:   python run_bot.py serve --workers 2, REDIS_URL = a private redis-server (nothing on disk)
  anchor: python bench/echo_bot.py --workers 2 (WeRoBot answering each message with its text)

(1) throughput: wrk (2 threads, C connections) replays the conversation mix of bench/loadgen.py —
    pins, facility questions, follow-ups on the list just shown, station facts, a menu click,
    greetings — from 1,000 riders, signed WeChat XML, a MsgId per message; echo and ours
    alternate for R rounds. Prints requests/s of each, the ratio (goal ≥ 0.70), p50/p95/p99
    latency and errors (non-200, socket errors, fallback replies; goal 0).
(2) latency at rush hour: an open-loop client sends a fixed rate (default 200 messages/s, "hundreds
    a second") to each server in turn; latency counts from when a message was due, so queueing
    shows. Goal p99 ≤ 50 ms.

    python bench/bench_load.py [--seconds 10] [--rounds 2] [--connections 16] [--rate 200]

Bounded: about 2 × rounds × seconds + 2 × paced seconds + start-up (≈ 75 s by default).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench import loadgen  # noqa: E402
from support.servers import BotServer, RedisServer, bot_env  # noqa: E402

TOKEN = "benchLoadToken"


def _servers(redis_url: str, threads: int) -> tuple[BotServer, BotServer]:
    var = tempfile.mkdtemp(prefix="yzload")
    ours = BotServer(bot_env(TOKEN, REDIS_URL=redis_url, YZ_KEY_PREFIX="yzload", YZ_VAR_DIR=var),
                     workers=2, threads=threads)
    echo = BotServer(bot_env(TOKEN), workers=2, threads=threads,
                     command=[sys.executable, "bench/echo_bot.py"], any_answer_ready=True)
    return ours, echo


def _row(label: str, runs: list[loadgen.WrkResult]) -> str:
    rps = statistics.mean(r.rps for r in runs)
    return (f"  {label:28s} {rps:8.0f} req/s   p50 {max(r.p50_ms for r in runs):6.1f}   "
            f"p95 {max(r.p95_ms for r in runs):6.1f}   p99 {max(r.p99_ms for r in runs):6.1f} ms   "
            f"errors {sum(r.errors for r in runs)}  ({sum(r.requests for r in runs)} requests)")


def _paced_row(label: str, r: loadgen.LoadResult) -> str:
    return (f"  {label:28s} {r.sent / r.seconds:8.0f} msg/s   p50 {r.percentile(50):6.1f}   "
            f"p95 {r.percentile(95):6.1f}   p99 {r.percentile(99):6.1f} ms   errors {r.errors}  "
            f"({r.sent} messages)")


def main() -> int:
    ap = argparse.ArgumentParser(description="load benchmark (issue #6): served bot vs WeRoBot echo bot")
    ap.add_argument("--seconds", type=int, default=10, help="per wrk run (≤ 30)")
    ap.add_argument("--rounds", type=int, default=2, help="echo/ours alternations (≤ 4)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker, both servers")
    ap.add_argument("--riders", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=200.0, help="messages/s of the paced run (0: skip)")
    ap.add_argument("--paced-seconds", type=float, default=8.0)
    args = ap.parse_args()
    if not 1 <= args.seconds <= 30 or not 1 <= args.rounds <= 4 or args.paced_seconds > 30:
        ap.error("bounded: --seconds 1..30, --rounds 1..4, --paced-seconds ≤ 30")
    if shutil.which("wrk") is None:
        print("error: wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 2
    if shutil.which("redis-server") is None:
        print("error: redis-server is not installed", file=sys.stderr)
        return 2

    redis_server = RedisServer().start()
    ours, echo = _servers(redis_server.url, args.threads)
    results: dict[str, list[loadgen.WrkResult]] = {"echo": [], "ours": []}
    paced: dict[str, loadgen.LoadResult] = {}
    try:
        for srv in (ours, echo):
            srv.start()
        for srv in (ours, echo):
            srv.wait_ready()
        for srv in (echo, ours):          # warm-up: connections, caches, the first jieba calls
            loadgen.run_wrk(srv.port, TOKEN, 2, args.connections, args.riders)
        for _ in range(args.rounds):
            for name, srv in (("echo", echo), ("ours", ours)):
                results[name].append(loadgen.run_wrk(srv.port, TOKEN, args.seconds, args.connections,
                                                     args.riders))
        if args.rate > 0:
            for name, srv in (("echo", echo), ("ours", ours)):
                paced[name] = loadgen.run_paced(srv.base, TOKEN, args.rate, args.paced_seconds, args.riders)
        used = redis_server.client().info("memory")["used_memory_human"]
        keys = redis_server.client().dbsize()
    finally:
        for srv in (ours, echo):
            srv.stop()
        redis_server.stop()
    tracebacks = {name: srv.log().count("Traceback") for name, srv in (("ours", ours), ("echo", echo))}
    for srv in (ours, echo):
        srv.close()

    print(f"served by gunicorn gthread, 2 workers × {args.threads} threads each; {os.cpu_count()} CPUs; "
          f"{args.riders} riders; conversation of {len(loadgen.SCRIPT)} messages")
    print(f"(1) throughput: wrk -t2 -c{args.connections}, {args.rounds} × {args.seconds} s per side, alternating")
    print(_row("WeRoBot echo bot (anchor)", results["echo"]))
    print(_row("run_bot.py serve + Redis", results["ours"]))
    ratio = statistics.mean(r.rps for r in results["ours"]) / statistics.mean(r.rps for r in results["echo"])
    p99 = max(r.p99_ms for r in results["ours"])
    errors = sum(r.errors for r in results["ours"])
    print(f"  ratio serve / echo requests/s = {ratio:.2f}   (goal ≥ 0.70: {'met' if ratio >= 0.70 else 'MISSED'})")
    print(f"  serve p99 at saturation = {p99:.1f} ms   errors = {errors}")
    if paced:
        print(f"(2) latency at a fixed rate of {args.rate:.0f} messages/s (open loop, {args.paced_seconds:.0f} s each)")
        print(_paced_row("WeRoBot echo bot (anchor)", paced["echo"]))
        print(_paced_row("run_bot.py serve + Redis", paced["ours"]))
        p99p = paced["ours"].percentile(99)
        print(f"  serve p99 = {p99p:.1f} ms = {p99p / 50:.2f} × the 50 ms goal "
              f"({'met' if p99p <= 50 else 'MISSED'}); "
              f"echo p99 ratio serve/echo = {p99p / paced['echo'].percentile(99):.2f}")
    print(f"Redis after the run: {keys} keys, {used} used; tracebacks in server logs: {tracebacks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
