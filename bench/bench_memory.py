#!/usr/bin/env python3
"""Redis memory per active rider (issue #6 item 6), for the README.

A private redis-server (empty, nothing on disk); N riders each send a pin, a facility question and
a follow-up through the real WSGI app (in process, Redis store). Prints Redis `used_memory` before
and after divided by N, and `MEMORY USAGE` of one rider's keys (session, location), of one
message's dedupe key (kept 120 s for WeChat's retries) and of the shared usage counters.
The anchor is the idle server: the ratio printed is memory per rider ÷ an empty Redis's memory.

    python bench/bench_memory.py [--riders 2000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench import loadgen  # noqa: E402
from support.servers import RedisServer  # noqa: E402
from support.wechat import wsgi_call  # noqa: E402

TOKEN = "benchMemToken"


def main() -> int:
    ap = argparse.ArgumentParser(description="Redis memory per active rider")
    ap.add_argument("--riders", type=int, default=2000)
    args = ap.parse_args()
    if not 10 <= args.riders <= 50_000:
        ap.error("--riders 10..50000")
    import logging

    from bot.config import Config
    from bot.runtime import build_runtime
    from bot.store.keys import Keys, user_hash
    from bot.wechat.app import WeChatApp
    logging.getLogger("yz").setLevel(logging.WARNING)        # one log line per message is noise here

    with RedisServer() as server:
        r = server.client()
        rt = build_runtime(Config(token=TOKEN, redis_url=server.url, key_prefix="yz",
                                  var_dir=Path(tempfile.mkdtemp(prefix="yzmem"))))
        app = WeChatApp.from_runtime(rt)
        idle = r.info("memory")["used_memory"]
        run = "benchmem"
        for i in range(args.riders):
            for step in range(3):                             # pin, 附近哪里能热饭, 第二个怎么走
                status, _ = wsgi_call(app, TOKEN, loadgen.message(10**12, run, i, step)[1].encode())
                assert status == 200
        used = r.info("memory")["used_memory"]
        keys = Keys("yz")
        user = loadgen.user_id(run, 0)
        per_key = {name: r.memory_usage(key, samples=0) or 0
                   for name, key in (("session", keys.session(user)), ("location", keys.location(user)))}
        dedupe = [r.memory_usage(k, samples=0) or 0 for k in r.scan_iter("yz:{u:*}:msg:*", count=1000)]
        usage = [r.memory_usage(k, samples=0) or 0 for k in r.scan_iter("yz:usage:*", count=1000)]
        n_keys = r.dbsize()
        ttl_less = [k for k in r.scan_iter("*", count=1000) if r.pttl(k) <= 0]
    per_rider = (used - idle) / args.riders
    state = sum(per_key.values())
    print(f"{args.riders} riders × 3 messages through the WSGI app, Redis store ({n_keys} keys after)")
    print(f"  used_memory: idle {idle / 1e6:.2f} MB → {used / 1e6:.2f} MB; "
          f"{per_rider:.0f} B per active rider (all keys, incl. {rt.config.dedupe_ttl} s dedupe keys)")
    print(f"  one rider's state: session {per_key['session']} B + location {per_key['location']} B "
          f"= {state} B (rider hash {user_hash(user)})")
    print(f"  one message's dedupe key: median {statistics.median(dedupe):.0f} B × 3 messages per rider, "
          f"gone after {rt.config.dedupe_ttl} s")
    print(f"  shared usage counters: {len(usage)} keys, {sum(usage)} B in all (not per rider)")
    print(f"  ratio per-rider bytes ÷ idle Redis bytes = {per_rider / idle:.5f}; "
          f"1,000,000 active riders ≈ {per_rider * 1e6 / 1e9:.2f} GB, state alone ≈ {state * 1e6 / 1e9:.2f} GB")
    print(f"  keys without a TTL: {len(ttl_less)} {ttl_less[:5]}")
    return 0 if not ttl_less else 1


if __name__ == "__main__":
    sys.exit(main())
