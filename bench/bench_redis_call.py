#!/usr/bin/env python3
"""The Redis call path of a rider's turn (issue #3): RedisStore's direct per-thread connection
(`_eval`, what `locked()` uses) vs redis-py's Script object through the client (pool checkout,
retry wrapper) — the path it replaced — for the same EVALSHA of the turn's take-claim script,
interleaved in one run. Client CPU per call (time.process_time), the figure a served worker pays.

    python bench/bench_redis_call.py [--redis redis://127.0.0.1:6379/15] [--calls 20000]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.store.base import CLAIM_MARK  # noqa: E402
from bot.store.redis_store import RedisStore  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--redis", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    ap.add_argument("--calls", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    store = RedisStore(args.redis)
    prefix = f"yzbenchcall{os.getpid()}"
    script = store._take_claim
    n = [0]

    def call_args():
        n[0] += 1
        keys = [f"{prefix}:{{u:{n[0]}}}:lock", f"{prefix}:{{u:{n[0]}}}:msg", f"{prefix}:{{u:{n[0]}}}:s"]
        return keys, ["tok", 10_000, 2_000, CLAIM_MARK]     # 2 s claim TTL: the keys clean up themselves

    def ours():
        keys, a = call_args()
        store._eval(script, keys, a)

    def client():
        keys, a = call_args()
        script(keys=keys, args=a)

    for fn in (ours, client):          # warm-up: connections, script loaded
        for _ in range(500):
            fn()
    per = max(1, args.calls // args.rounds)
    cpu = {"ours": 0.0, "client": 0.0}
    for r in range(args.rounds):       # interleaved rounds, alternating order
        for name, fn in ((("ours", ours), ("client", client)) if r % 2 == 0 else (("client", client), ("ours", ours))):
            t = time.process_time()
            for _ in range(per):
                fn()
            cpu[name] += time.process_time() - t
    total = per * args.rounds
    a, b = cpu["ours"] / total * 1e6, cpu["client"] / total * 1e6
    print(f"take-claim EVALSHA, {total} calls each, client CPU per call:")
    print(f"    RedisStore._eval (own connection)   {a:6.1f} µs")
    print(f"    redis-py Script via the client      {b:6.1f} µs")
    print(f"    ratio ours / redis-py client = {a / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
