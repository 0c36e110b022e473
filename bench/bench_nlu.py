"""Benchmark of the understanding layer (issue #4).

1. Understanding one message (normalise + jieba + lexicon/pinyin/fuzzy matching + scoring +
   decision) in-process: p50/p99 over a varied message list. Target: p99 ≤ 1 ms.
   Anchor: a bare `jieba.lcut` of the same messages (default dictionary), as a ratio.
2. Start-up of the understanding layer in a fresh subprocess (import, vocabulary, station
   names, jieba dictionary with its cache warm, user dictionary): target ≤ 1.5 s.

With --kb PATH (e.g. the 190,000-station synthetic file from `run_bot.py kb synth`), the
lexicon is built from that knowledge base (compiled cache) as the engine builds it, and a
third figure is printed: engine start-up (build_runtime + first message) and per-message time
through Engine.handle, anchored on the same bare jieba.lcut.

Run: python bench/bench_nlu.py [--rounds N] [--kb PATH]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402

MESSAGES = [
    "附近的驿站", "宁波有哪些驿站", "热饭", "热反", "哪里有微博炉", "附近有侧所吗", "易站在哪里",
    "红日停在哪", "丁家乔什么时候有义剪", "不用热饭，找个地方歇会", "没有厕所吗", "现在开着吗",
    "24小时开放的驿站", "晚上还开吗", "南苑驿站有多大", "眼科医院那个驿站有什么", "怎么入会",
    "东宁路驿站锁门了", "微波炉坏了", "我在杭州东宁路", "海曙区", "第二个怎么走", "更多",
    "它几点关门", "第一个有没有厕所", "你好", "谢谢", "怎么用", "今天天气怎么样", "讲个笑话",
    "嗯，那个，附近有没有厕所啊？", "宁波哪里能洗澡", "手机没电了哪能充", "电瓶车没电了哪能换电",
    "被拖欠工资了找谁", "附近 有 厕所 吗", "东宁路爱心驿站在哪", "侬晓得哪里好热饭伐",
    "帮我找一下附近的工会驿站🙏", "家里冰箱坏了哪里能免费修",
]

STARTUP = """
import time; t = time.perf_counter()
from bot.config import Config
from intents import build_lexicon, understand
from knowledge.source import KnowledgeSource
c = Config.from_env()
lex = build_lexicon(KnowledgeSource(c.stations_path, cache_dir=c.cache_dir).kb, c.cache_dir)
understand("附近哪里能热饭", {"lexicon": lex})
print(time.perf_counter() - t)
"""
ENGINE_STARTUP = """
import time; t = time.perf_counter()
from bot.config import Config
from bot.messages import TEXT, Incoming
from bot.runtime import build_runtime
from bot.store import MemoryStore
rt = build_runtime(Config.from_env(), store=MemoryStore())
rt.engine.handle(Incoming(user="bench", kind=TEXT, text="附近哪里能热饭", msg_id="1", at=time.time()))
print(time.perf_counter() - t)
"""


def time_each(fn, messages, rounds) -> list[float]:
    out = []
    for _ in range(rounds):
        for m in messages:
            t = time.perf_counter_ns()
            fn(m)
            out.append((time.perf_counter_ns() - t) / 1e6)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--kb", help="stations file to understand with (default: STATIONS_PATH / stations.yaml)")
    args = ap.parse_args()
    import os
    env = dict(os.environ)
    if args.kb:
        env["STATIONS_PATH"] = os.environ["STATIONS_PATH"] = str(Path(args.kb).resolve())

    import jieba
    from bot.config import Config
    from intents import build_lexicon, understand
    from knowledge.source import KnowledgeSource

    config = Config.from_env()
    kb = KnowledgeSource(config.stations_path, cache_dir=config.cache_dir).kb
    lex = build_lexicon(kb, config.cache_dir)
    print(f"knowledge base: {config.stations_path} ({len(kb)} stations)")
    ctx = {"lexicon": lex}
    jieba.setLogLevel(60)
    bare = jieba.Tokenizer()
    bare.initialize()
    for m in MESSAGES:           # warm both (lru caches, rapidfuzz) before measuring
        understand(m, ctx)
        bare.lcut(m)

    ours = time_each(lambda m: understand(m, ctx), MESSAGES, args.rounds)
    anchor = time_each(bare.lcut, MESSAGES, args.rounds)
    p50, p99 = statistics.median(ours), percentile(ours, 99)
    a50, a99 = statistics.median(anchor), percentile(anchor, 99)
    print(f"understand one message: p50 {p50:.3f} ms, p99 {p99:.3f} ms over {len(ours)} "
          f"({len(MESSAGES)} messages x {args.rounds})  target p99 <= 1 ms: {'OK' if p99 <= 1 else 'MISSED'}")
    print(f"anchor bare jieba.lcut:  p50 {a50:.3f} ms, p99 {a99:.3f} ms")
    print(f"ratio understand / bare jieba.lcut: p50 {p50 / a50:.1f}x, p99 {p99 / a99:.1f}x")

    start = _startup(STARTUP, env)
    print(f"understanding start-up in a fresh process (cache warm), median of 3: {start:.2f} s  "
          f"target <= 1.5 s: {'OK' if start <= 1.5 else 'MISSED'}  (ratio to target {start / 1.5:.2f})")
    if args.kb:
        _engine(args.rounds, env, a50)
    return 0


def _startup(code: str, env: dict) -> float:
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                             timeout=300, check=True, env=env)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def _engine(rounds: int, env: dict, anchor_p50: float) -> None:
    """The whole engine on this KB: start-up, then Engine.handle per message (memory store)."""
    from bot.config import Config
    from bot.messages import LOCATION, TEXT, Incoming
    from bot.runtime import build_runtime
    from bot.store import MemoryStore

    start = _startup(ENGINE_STARTUP, env)
    print(f"engine start-up (build_runtime + first message), median of 3: {start:.2f} s")
    rt = build_runtime(Config.from_env(), store=MemoryStore())
    at = time.time()
    rt.engine.handle(Incoming(user="bench", kind=LOCATION, lat=30.27, lng=120.15, msg_id="pin", at=at))
    n = 0

    def handle(m):
        nonlocal n
        n += 1
        rt.engine.handle(Incoming(user="bench", kind=TEXT, text=m, msg_id=f"m{n}", at=at + n))
    for m in MESSAGES:
        handle(m)
    times = time_each(handle, MESSAGES, max(1, rounds // 5))
    p50, p99 = statistics.median(times), percentile(times, 99)
    print(f"Engine.handle per text message (pin set, memory store): p50 {p50:.2f} ms, p99 {p99:.2f} ms; "
          f"ratio p50 to bare jieba.lcut p50: {p50 / anchor_p50:.0f}x")


if __name__ == "__main__":
    sys.exit(main())
