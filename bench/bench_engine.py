"""Engine.handle at national scale (issues #2, #4, #5): one message through the whole engine.

    python bench/bench_engine.py [--kb bench/out/synth190000.synth.yaml] [--rounds 20] [--users 200]

Two runtimes in one process (embedded store, no Redis, no network): the seed's 8-station
knowledge base (the anchor) and the national one (default: the 190,000-station synthetic file,
`run_bot.py kb synth --count 190000 --seed 1 --out bench/out/synth190000.synth.yaml`). Both get
the same realistic mix — pins, needs with a pin, station facts, city searches, typed places,
follow-ups on the last list, schedules, greetings and noise — from many distinct users, in a
shuffled order, rounds interleaved between the two runtimes so the shared machine's noise hits
both alike. Everything a server does before serving (warm-up) is done first.

Prints p50/p99 per KB, the ratio national ÷ 8-station, the slowest kinds, and the target
(p99 ≤ 5 ms at 190,000 stations). Also start-up: a fresh process to its first answer, per KB.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402

DEFAULT_KB = ROOT / "bench" / "out" / "synth190000.synth.yaml"
SEED_KB = ROOT / "knowledge" / "stations.yaml"

# (kind, messages): each user plays one short conversation per kind; "{pin}" is a location pin
CONVERSATIONS = [
    ("pin", ["{pin}"]),
    ("pin+need", ["{pin}", "附近哪里能热饭"]),
    ("pin+need", ["{pin}", "哪有厕所"]),
    ("need then pin", ["手机没电了哪能充", "{pin}"]),
    ("pin+24h", ["{pin}", "24小时开放的驿站"]),
    ("follow-up", ["{pin}", "第二个怎么走"]),
    ("follow-up", ["{pin}", "更多"]),
    ("follow-up", ["{pin}", "它几点关门"]),
    ("station fact", ["{name}在哪"]),
    ("station fact", ["{name}有什么"]),
    ("city search", ["宁波有哪些驿站"]),
    ("city search", ["宁波哪里能洗澡"]),
    ("city search", ["杭州哪里能热饭"]),
    ("city+more", ["杭州有哪些驿站", "更多"]),
    ("typed place", ["我在杭州东宁路"]),
    ("typed place", ["宁波海曙段塘"]),
    ("typed place", ["我在解放路这边"]),
    ("schedule", ["{pin}", "附近什么时候有义剪"]),
    ("schedule", ["宁波什么时候有义剪"]),
    ("noise", ["帮我找一下附近的工会驿站🙏"]),
    ("noise", ["你好"]),
    ("noise", ["今天天气怎么样"]),
    ("report", ["{name}锁门了"]),
]

STARTUP = """
import sys, time; t = time.perf_counter()
sys.path.insert(0, {root!r})
from bot.config import Config
from bot.messages import TEXT, Incoming
from bot.runtime import build_runtime
from bot.store import MemoryStore
rt = build_runtime(Config.from_env(), store=MemoryStore())
rt.engine.handle(Incoming(user="bench", kind=TEXT, text="附近哪里能热饭", msg_id="1", at=time.time()))
print(time.perf_counter() - t)
"""


def runtime_for(path: Path, var_dir: Path):
    import dataclasses
    import os

    from bot.config import Config
    from bot.runtime import build_runtime
    from bot.store import MemoryStore
    os.environ["STATIONS_PATH"] = str(path)
    # reports of the "report" kind go to bench/out, not to the project's var/
    config = dataclasses.replace(Config.from_env(), var_dir=var_dir)
    rt = build_runtime(config, store=MemoryStore())
    warm = getattr(rt.engine, "warm_up", None)
    if callable(warm):
        warm()                                 # what `serve` does before forking
    else:                                      # an engine without warm_up: what it builds lazily
        rt.engine.lexicon()
        if rt.geocoder is not None:
            rt.geocoder.warm()
    return rt


def script_for(rt, users: int, rng: random.Random) -> list[tuple[str, str, list]]:
    """[(kind, user, messages)] — pins near real stations, names of real stations."""
    kb = rt.kb_source.kb
    n = len(kb)
    out = []
    for u in range(users):
        for kind, msgs in CONVERSATIONS:
            st = kb.stations[rng.randrange(n)]
            pin = (st.lat + rng.uniform(-0.01, 0.01), st.lng + rng.uniform(-0.01, 0.01))
            name = st.short_name
            out.append((kind, f"user{u}", [pin if m == "{pin}" else m.format(name=name) for m in msgs]))
    rng.shuffle(out)
    return out


def play(rt, script, at0: float) -> dict[str, list[float]]:
    from bot.messages import LOCATION, TEXT, Incoming
    times: dict[str, list[float]] = {}
    n = 0
    for kind, user, msgs in script:
        for m in msgs:
            n += 1
            if isinstance(m, tuple):
                msg = Incoming(user=user, kind=LOCATION, lat=m[0], lng=m[1], msg_id=f"m{n}", at=at0 + n)
            else:
                msg = Incoming(user=user, kind=TEXT, text=m, msg_id=f"m{n}", at=at0 + n)
            t = time.perf_counter_ns()
            rt.engine.handle(msg)
            times.setdefault(kind, []).append((time.perf_counter_ns() - t) / 1e6)
    return times


def startup(path: Path) -> float:
    import os
    runs = []
    for _ in range(3):
        env = dict(os.environ, STATIONS_PATH=str(path))
        out = subprocess.run([sys.executable, "-c", STARTUP.format(root=str(ROOT))], cwd=ROOT,
                             capture_output=True, text=True, timeout=600, check=True, env=env)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kb", default=str(DEFAULT_KB))
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--users", type=int, default=40)
    ap.add_argument("--no-startup", action="store_true")
    args = ap.parse_args()
    national = Path(args.kb).resolve()
    if not national.is_file():
        print(f"{national} missing: run `python3 run_bot.py kb synth --count 190000 --seed 1 --out {national}`")
        return 2
    var = ROOT / "bench" / "out" / "engine-var"
    var.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    small = runtime_for(SEED_KB, var)
    big = runtime_for(national, var)
    print(f"runtimes ready in {time.perf_counter() - t:.1f} s: 8-station seed KB, {len(big.kb_source.kb)} stations")
    rng = random.Random(7)
    res: dict[str, dict[str, list[float]]] = {"seed": {}, "national": {}}
    at0 = time.time()
    for r in range(args.rounds + 1):          # round 0 warms both (caches, lazily built trees)
        for label, rt in (("seed", small), ("national", big)):
            times = play(rt, script_for(rt, args.users, rng), at0 + r * 10_000_000)
            if r:
                for k, v in times.items():
                    res[label].setdefault(k, []).extend(v)
    every = {label: [x for v in kinds.values() for x in v] for label, kinds in res.items()}
    s50, s99 = statistics.median(every["seed"]), percentile(every["seed"], 99)
    n50, n99 = statistics.median(every["national"]), percentile(every["national"], 99)
    print(f"Engine.handle, {len(every['national'])} messages per KB ({args.users} users x "
          f"{len(CONVERSATIONS)} conversations x {args.rounds} rounds), embedded store:")
    print(f"  8-station KB (anchor): p50 {s50:.3f} ms  p99 {s99:.3f} ms")
    print(f"  {len(big.kb_source.kb)} stations:      p50 {n50:.3f} ms  p99 {n99:.3f} ms   "
          f"target p99 <= 5 ms: {'OK' if n99 <= 5 else 'MISSED'}")
    print(f"  ratio national / 8-station: p50 {n50 / s50:.2f}x  p99 {n99 / s99:.2f}x")
    print("  by kind (national p50 / p99 ms, ratio of p99 to the 8-station p99 of the same kind):")
    for kind in sorted(res["national"], key=lambda k: -percentile(res["national"][k], 99)):
        nat, sd = res["national"][kind], res["seed"][kind]
        print(f"    {kind:14} {statistics.median(nat):7.3f} / {percentile(nat, 99):7.3f}   "
              f"x{percentile(nat, 99) / percentile(sd, 99):.2f}")
    if not args.no_startup:
        s_seed, s_nat = startup(SEED_KB), startup(national)
        print(f"start-up to the first answer, fresh process, warm caches (median of 3): "
              f"8-station {s_seed:.2f} s, national {s_nat:.2f} s, ratio {s_nat / s_seed:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
