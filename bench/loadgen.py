"""A bounded load generator speaking WeChat: conversations, not isolated requests.

Used by bench/bench_load.py (throughput, latency) and by the load, fault and multi-process tests
(which also check every reply). Each simulated rider runs one realistic conversation — a pin,
facility questions, follow-ups on the list just shown, a station's facts, a menu click,
greetings — in order, each message with its own MsgId. Many riders run at once, so a server
sees what rush hour looks like: interleaved riders, each one's messages one after another.

Two drivers:
- `run_conversations` (Python threads, keep-alive httpx clients): checks each reply against the
  one before it, so a lost or crossed state shows up as a failure, not just a slower figure.
- `wrk_script` + `run_wrk` (wrk with a Lua script): the same mix at full speed, for throughput;
  Lua counts non-200 answers and fallback replies ("系统刚才开了小差") as errors.
"""
from __future__ import annotations

import gc
import os
import re
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
from defusedxml.ElementTree import fromstring

from bench.common import percentile
from bot.wechat import simulator as sim

# Seed cities (GCJ-02): each rider's pin is near one of them.
PINS = [(30.2741, 120.1551), (29.8683, 121.5440), (28.6564, 121.4208), (30.0, 120.58),
        (28.0150, 120.6600), (30.7530, 120.7700), (29.0850, 119.6480), (30.8900, 120.0900)]

# One conversation. kind: pin | text | click. `expect` names the check applied to the reply.
SCRIPT: list[tuple[str, str, str]] = [
    ("pin", "", "list"),                      # nearest stations to the pin
    ("text", "附近哪里能热饭", "list"),          # uses the pin just sent: a list, no request for a location
    ("text", "第二个怎么走", "second"),          # the second station of that list
    ("text", "丁家桥驿站几点关门", "text"),
    ("text", "你好", "text"),
    ("text", "哪里能上厕所", "list"),
    ("text", "更多", "more"),                  # the next stations of that list
    ("click", "find:microwave", "list"),
    ("text", "红日亭在哪", "text"),
    ("text", "谢谢", "text"),
]

# Words of the channel's and engine's catch-all answers: an exception was swallowed somewhere.
FALLBACK_MARKS = ("系统刚才开了小差", "出了点问题")
ASKS_LOCATION = "请发送您的位置"
_LIST_LINE = re.compile(r"^(\d+)\. (.+?)（", re.M)


def user_id(run: str, i: int) -> str:
    """A 28-character id shaped like a WeChat openid."""
    return f"o{run[:8]:<8}{i:019d}"[:28]


def pin_for(i: int) -> tuple[float, float]:
    lat, lng = PINS[i % len(PINS)]
    jitter = ((i * 7919) % 2000 - 1000) / 100_000          # ±1 km, deterministic per rider
    return round(lat + jitter, 6), round(lng - jitter, 6)


def message(run_base: int, run: str, i: int, step: int) -> tuple[str, str]:
    """(user, XML) of rider i's step-th message; MsgIds unique per (run_base, rider, step)."""
    user = user_id(run, i)
    kind, payload, _ = SCRIPT[step % len(SCRIPT)]
    msg_id = run_base + i * 1000 + step
    if kind == "pin":
        lat, lng = pin_for(i)
        return user, sim.location_xml(user, lat, lng, label="", msg_id=msg_id)
    if kind == "click":
        # events have no MsgId: WeChat's dedupe key is FromUserName + CreateTime
        return user, sim.event_xml(user, "CLICK", key=payload, created=int(time.time()) + step)
    return user, sim.text_xml(user, payload, msg_id=msg_id)


def listed(text: str) -> list[tuple[int, str]]:
    """(number, station short name) of each station line of a list reply."""
    return [(int(n), name) for n, name in _LIST_LINE.findall(text or "")]


@dataclass
class Rider:
    """What one rider was last shown: the state a follow-up must refer to."""
    last_list: list[tuple[int, str]] = field(default_factory=list)


def check(step: int, text: str | None, rider: Rider) -> str | None:
    """Why the reply to `step` is wrong given what the rider saw before, or None when it is right."""
    expect = SCRIPT[step % len(SCRIPT)][2]
    if text is None:
        return "no reply ('success') to a message that needs one"
    if any(m in text for m in FALLBACK_MARKS):
        return f"fallback reply: {text[:60]}"
    if expect == "list":
        if ASKS_LOCATION in text:
            return "asked for a location although the rider sent a pin (lost state)"
        found = listed(text)
        if not found:
            return f"no station list: {text[:60]}"
        rider.last_list = found
    elif expect == "second":
        if len(rider.last_list) < 2:
            return None                           # fewer than two shown: nothing to compare
        name = rider.last_list[1][1]
        if not text.startswith(name):
            return f"'第二个' answered {text[:20]!r}, expected {name!r} (lost or crossed state)"
    elif expect == "more":
        found = listed(text)
        last_n = rider.last_list[-1][0] if rider.last_list else 0
        if found and found[0][0] != last_n + 1:
            return f"'更多' continued at {found[0][0]}, expected {last_n + 1}"
        if not found and "就这些" not in text:
            return f"'更多' answered neither more stations nor 'that is all': {text[:60]}"
    return None


@dataclass
class LoadResult:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    transport_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)     # wrong replies (state, XML, user)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return len(self.transport_errors) + sum(n for s, n in self.statuses.items() if s != 200) \
            + len(self.failures)

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)

    def merge(self, other: "LoadResult") -> None:
        self.sent += other.sent
        self.statuses.update(other.statuses)
        self.transport_errors += other.transport_errors
        self.failures += other.failures
        self.latencies_ms += other.latencies_ms


def _run_workers(worker, results: list[LoadResult], clock, started: float) -> LoadResult:
    """Run worker(w) on one thread per result slot, then merge what they counted."""
    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(len(results))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = LoadResult()
    for r in results:
        total.merge(r)
    total.seconds = clock() - started
    return total


def run_conversations(base_url: str, token: str, riders: int, concurrency: int, steps: int | None = None,
                      run: str | None = None, stop: threading.Event | None = None,
                      timeout: float = 10.0, check_state: bool = True) -> LoadResult:
    """Each of `riders` runs `steps` messages of SCRIPT (default: all of it), `concurrency` riders at
    a time; a rider's messages go one after another, as from one phone. Bounded by `stop`.

    Every reply must be well-formed XML addressed to its sender and no fallback; with
    `check_state` it must also fit what the rider was shown before (off while Redis is down)."""
    run = run or os.urandom(4).hex()
    run_base = int.from_bytes(os.urandom(3), "big") * 10**9
    steps = steps or len(SCRIPT)
    stop = stop or threading.Event()
    results = [LoadResult() for _ in range(concurrency)]
    query = sim.signed_query(token)
    started = time.monotonic()

    def worker(w: int) -> None:
        res = results[w]
        with httpx.Client(base_url=base_url, timeout=timeout) as client:
            # riders are interleaved across workers: worker w takes riders w, w+c, w+2c …
            for i in range(w, riders, concurrency):
                rider = Rider()
                for step in range(steps):
                    if stop.is_set():
                        return
                    user, xml = message(run_base, run, i, step)
                    t0 = time.perf_counter()
                    try:
                        resp = client.post(f"/wechat?{query}", content=xml.encode("utf-8"))
                    except httpx.HTTPError as e:
                        res.transport_errors.append(f"{type(e).__name__}: {e}"[:200])
                        res.sent += 1
                        continue
                    res.latencies_ms.append((time.perf_counter() - t0) * 1000)
                    res.sent += 1
                    res.statuses[resp.status_code] += 1
                    if resp.status_code != 200:
                        continue
                    why = _check_response(resp, user, step, rider if check_state else None)
                    if why:
                        res.failures.append(f"rider {i} step {step}: {why}")

    return _run_workers(worker, results, time.monotonic, started)


def _check_response(resp: httpx.Response, user: str, step: int, rider: Rider | None) -> str | None:
    """`rider` None: only the checks that hold without memory (XML, addressee, no fallback)."""
    if resp.text == "success":
        return check(step, None, rider) if rider else None
    try:
        root = fromstring(resp.content)
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        return f"reply is not XML ({type(e).__name__})"
    if root.findtext("ToUserName") != user:
        return f"reply addressed to {root.findtext('ToUserName')!r}, not {user!r} (crossed users)"
    text = root.findtext("Content") or ""
    if rider is None:
        return f"fallback reply: {text[:60]}" if any(m in text for m in FALLBACK_MARKS) else None
    return check(step, text, rider)


# --- wrk ----------------------------------------------------------------------------------------

_LUA = r"""
-- The conversation mix of bench/loadgen.py; wrk thread t owns riders t-1, t-1+T, t-1+2T …
local path = "%(path)s"
local riders = %(riders)d
local nthreads = %(threads)d
local base = %(base)s
local run = "%(run)s"
local script = { %(script)s }
local pins = { %(pins)s }
local threads = {}
local next_tid = 0

function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

local counter = 0
errors, fallbacks = 0, 0          -- globals: done() reads them with thread:get
local steps = {}

local function cdata(tag, v) return "<" .. tag .. "><![CDATA[" .. v .. "]]></" .. tag .. ">" end

function request()
  local n = math.floor(riders / nthreads)
  local i = (tid - 1) + nthreads * (counter %% n)
  counter = counter + 1
  local step = steps[i] or 0
  steps[i] = step + 1
  local s = script[(step %% #script) + 1]
  local user = string.format("o%%-8s%%019d", run, i):sub(1, 28)
  local head = cdata("ToUserName", "gh_bench") .. cdata("FromUserName", user)
  local msg_id = string.format("%%.0f", base + tid * 1e9 + counter)
  local body
  if s[1] == "pin" then
    local p = pins[(i %% #pins) + 1]
    body = head .. "<CreateTime>" .. os.time() .. "</CreateTime>" .. cdata("MsgType", "location") ..
      "<Location_X>" .. p[1] .. "</Location_X><Location_Y>" .. p[2] .. "</Location_Y><Scale>15</Scale>" ..
      cdata("Label", "") .. "<MsgId>" .. msg_id .. "</MsgId>"
  elseif s[1] == "click" then
    -- events are deduplicated by FromUserName + CreateTime: make it unique per rider step
    body = head .. "<CreateTime>" .. (os.time() * 100 + step) .. "</CreateTime>" .. cdata("MsgType", "event") ..
      cdata("Event", "CLICK") .. cdata("EventKey", s[2])
  else
    body = head .. "<CreateTime>" .. os.time() .. "</CreateTime>" .. cdata("MsgType", "text") ..
      cdata("Content", s[2]) .. "<MsgId>" .. msg_id .. "</MsgId>"
  end
  return wrk.format("POST", path, {["Content-Type"] = "text/xml"}, "<xml>" .. body .. "</xml>")
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  elseif body:find("%(fb1)s", 1, true) or body:find("%(fb2)s", 1, true) then
    fallbacks = fallbacks + 1
  end
end

function done(summary, latency, requests)
  local e, f = 0, 0
  for _, t in ipairs(threads) do
    e = e + (t:get("errors") or 0)
    f = f + (t:get("fallbacks") or 0)
  end
  io.write(string.format("YZ requests=%%d non200=%%d fallbacks=%%d p50=%%d p95=%%d p99=%%d max=%%d\n",
    summary.requests, e, f, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max))
  local se = summary.errors
  io.write(string.format("YZ socket connect=%%d read=%%d write=%%d timeout=%%d status=%%d\n",
    se.connect, se.read, se.write, se.timeout, se.status))
end
"""


def wrk_script(token: str, riders: int, threads: int, run: str | None = None) -> str:
    """Write the Lua script to a temporary file; the caller deletes it."""
    run = run or os.urandom(4).hex()
    script = ", ".join(f'{{"{k}", "{p}"}}' for k, p, _ in SCRIPT)
    pins = ", ".join(f"{{{pin_for(i)[0]}, {pin_for(i)[1]}}}" for i in range(len(PINS) * 4))
    text = _LUA % {"path": f"/wechat?{sim.signed_query(token)}", "riders": riders, "threads": threads,
                   "base": int.from_bytes(os.urandom(2), "big") * 10**11, "run": run[:8],
                   "script": script, "pins": pins, "fb1": FALLBACK_MARKS[0], "fb2": FALLBACK_MARKS[1]}
    fd, name = tempfile.mkstemp(suffix=".lua", prefix="yzload")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return name


@dataclass
class WrkResult:
    rps: float
    requests: int
    non200: int
    fallbacks: int
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def errors(self) -> int:
        return self.non200 + self.fallbacks + self.socket_errors


def run_wrk(port: int, token: str, seconds: int, connections: int, riders: int, threads: int = 2) -> WrkResult:
    script = wrk_script(token, riders, threads)
    try:
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
                              "-s", script, f"http://127.0.0.1:{port}"],
                             capture_output=True, text=True, timeout=seconds + 30)
    finally:
        os.unlink(script)
    text = out.stdout
    m = re.search(r"YZ requests=(\d+) non200=(\d+) fallbacks=(\d+) p50=(\d+) p95=(\d+) p99=(\d+) max=(\d+)", text)
    s = re.search(r"YZ socket connect=(\d+) read=(\d+) write=(\d+) timeout=(\d+)", text)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not (m and s and rps):
        raise RuntimeError(f"unexpected wrk output:\n{text}\n{out.stderr}")
    req, non200, fb, p50, p95, p99, mx = (int(x) for x in m.groups())
    return WrkResult(rps=float(rps.group(1)), requests=req, non200=non200, fallbacks=fb,
                     socket_errors=sum(int(x) for x in s.groups()),
                     p50_ms=p50 / 1000, p95_ms=p95 / 1000, p99_ms=p99 / 1000, max_ms=mx / 1000)


def run_paced(base_url: str, token: str, rate: float, seconds: float, riders: int,
              workers: int = 32, timeout: float = 10.0) -> LoadResult:
    """Open loop: message k is due at start + k/rate whatever the server does, as WeChat's traffic
    is; latency counts from the due time, so a server falling behind shows in the percentiles
    (no coordinated omission). Message k is rider k % riders's (k // riders)-th step."""
    run = os.urandom(4).hex()
    run_base = int.from_bytes(os.urandom(3), "big") * 10**9
    query = sim.signed_query(token)
    total = int(rate * seconds)
    results = [LoadResult() for _ in range(workers)]
    clients = [httpx.Client(base_url=base_url, timeout=timeout) for _ in range(workers)]
    for c in clients:                  # connect before the clock starts
        c.get("/healthz")
    start = time.perf_counter() + 0.5

    def worker(w: int) -> None:
        res = results[w]
        client = clients[w]
        try:
            for k in range(w, total, workers):
                due = start + k / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                _, xml = message(run_base, run, k % riders, k // riders)
                res.sent += 1
                try:
                    resp = client.post(f"/wechat?{query}", content=xml.encode("utf-8"))
                except httpx.HTTPError as e:
                    res.transport_errors.append(f"{type(e).__name__}: {e}"[:200])
                    continue
                res.latencies_ms.append((time.perf_counter() - due) * 1000)
                res.statuses[resp.status_code] += 1
                if resp.status_code == 200 and any(m in resp.text for m in FALLBACK_MARKS):
                    res.failures.append("fallback reply")
        finally:
            client.close()

    # The generator's own garbage collector must not show up as server latency: a full
    # collection in this process pauses every sending thread, and the messages due meanwhile
    # count as late (it was the second of two paced runs in one process that paid for it).
    gc.collect()
    gc.disable()
    try:
        return _run_workers(worker, results, time.perf_counter, start)
    finally:
        gc.enable()
