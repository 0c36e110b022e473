"""The batched store calls a rider's turn is built on: `locked` (lock + read, writes + release),
`get_many`, `set_many`, `incr_many` — on the embedded store, a real Redis and ResilientStore."""
from __future__ import annotations

import threading
import time

import pytest

from bot.store import MemoryStore, StoreError
from bot.store.base import Held
from bot.store.redis_store import RedisStore
from bot.store.resilient import ResilientStore
from support.redis_calls import commands_sent


def _ttl(store, key):
    while hasattr(store, "inner"):
        store = store.inner
    if isinstance(store, MemoryStore):
        return store.ttl(key)
    ms = store.r.pttl(key)
    return None if ms < 0 else ms / 1000


@pytest.fixture(params=["plain", "resilient"])
def store(request, any_store, key_prefix):
    s = any_store if request.param == "plain" else ResilientStore(any_store)
    yield s
    r = getattr(any_store, "r", None)
    if r is not None:
        for k in r.scan_iter(f"{key_prefix}:*"):
            r.delete(k)


def test_get_many_set_many_keep_order_and_ttls(store, key_prefix):
    k = [f"{key_prefix}:{{u:1}}:{i}" for i in range(3)]
    store.set_many([(k[0], "a", 30), (k[2], "c", 5)])
    assert store.get_many(k) == ["a", None, "c"]
    assert 0 < _ttl(store, k[0]) <= 30 and 0 < _ttl(store, k[2]) <= 5
    assert store.get_many([]) == []
    with pytest.raises(ValueError):
        store.set_many([(k[1], "b", 0)])


def test_incr_many_counts_and_sets_a_ttl_once(store, key_prefix):
    a, b = f"{key_prefix}:c:a", f"{key_prefix}:c:b"
    store.incr_many([a, b], 60)
    store.incr_many([a], 1000, amount=4)          # an existing counter keeps its first TTL
    assert store.get_many([a, b]) == ["5", "1"]
    assert 0 < _ttl(store, a) <= 60
    assert store.incr(a, 60) == 6


def test_locked_reads_under_the_lock_and_writes_before_release(store, key_prefix):
    lock, s, loc = (f"{key_prefix}:{{u:x}}:{n}" for n in ("lock", "session", "loc"))
    store.set(s, '{"n":1}', 60)
    with store.locked(lock, (s, loc), ttl=5, wait=1) as held:
        assert held.acquired and held.values == ['{"n":1}', None] and held.json(0) == {"n": 1}
        held.set_json(s, {"n": 2}, 60)
        held.set(loc, "here", 30)
        assert store.get(s) == '{"n":1}'           # queued, not yet written
        with store.locked(lock, (s,), ttl=5, wait=0.1) as other:
            assert not other.acquired and other.values == [None]
    assert store.get_many([s, loc]) == ['{"n":2}', "here"]
    assert 0 < _ttl(store, loc) <= 30
    assert _ttl(store, lock) is None               # released
    with store.locked(lock, (s, loc), ttl=5, wait=0.1) as held:
        held.delete(s)
        held.delete(loc)
    assert store.get_many([s, loc]) == [None, None]


def test_a_turn_that_raises_writes_nothing_and_frees_the_lock(store, key_prefix):
    lock, s = f"{key_prefix}:{{u:y}}:lock", f"{key_prefix}:{{u:y}}:session"
    with pytest.raises(RuntimeError):
        with store.locked(lock, (s,), ttl=5, wait=1) as held:
            held.set(s, "half-done", 60)
            raise RuntimeError("engine bug")
    assert store.get(s) is None
    with store.locked(lock, (s,), ttl=5, wait=0.1) as held:
        assert held.acquired


def test_ten_concurrent_turns_lose_no_update(store, key_prefix):
    """Read-modify-write under `locked` from 10 threads: every increment survives."""
    lock, counter = f"{key_prefix}:{{u:z}}:lock", f"{key_prefix}:{{u:z}}:n"
    failures = []

    def turn():
        with store.locked(lock, (counter,), ttl=5, wait=4) as held:
            if not held.acquired:
                failures.append("not acquired")
                return
            n = int(held.values[0] or 0)
            time.sleep(0.005)                      # widen the race window
            held.set(counter, str(n + 1), 60)

    threads = [threading.Thread(target=turn) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert failures == [] and store.get(counter) == "10"


def test_a_stale_holder_does_not_overwrite_the_next_turns_state(redis_store, key_prefix):
    """The lock expired mid-turn and another turn took it: the late commit is dropped."""
    lock, s = f"{key_prefix}:{{u:w}}:lock", f"{key_prefix}:{{u:w}}:session"
    try:
        with redis_store.locked(lock, (s,), ttl=0.05, wait=1) as slow:
            time.sleep(0.1)                        # lock expires
            with redis_store.locked(lock, (s,), ttl=5, wait=1) as fast:
                assert fast.acquired
                fast.set(s, "new", 60)
            redis_store.set(lock, "someone-else", 5)
            slow.set(s, "stale", 60)
        assert redis_store.get(s) == "new"
        assert redis_store.get(lock) == "someone-else"     # not released by the stale holder
    finally:
        redis_store.delete(lock, s)


def test_redis_turn_costs_two_round_trips(redis_store, key_prefix):
    lock, s, loc = (f"{key_prefix}:{{u:v}}:{n}" for n in ("lock", "session", "loc"))
    try:
        with commands_sent(redis_store) as calls:
            with redis_store.locked(lock, (s, loc)) as held:
                held.set(s, "1", 60)
                held.set(loc, "2", 60)
        assert calls == ["EVALSHA", "EVALSHA"], calls
        assert redis_store.get_many([s, loc, lock]) == ["1", "2", None]
    finally:
        redis_store.delete(lock, s, loc)


class Down(MemoryStore):
    def lock(self, name, ttl=10.0, wait=4.0):
        raise StoreError("Connection refused")

    def get(self, key):
        raise StoreError("Connection refused")


def test_resilient_locked_degrades_to_a_stateless_turn():
    store = ResilientStore(Down())
    with store.locked("l", ("a", "b")) as held:
        assert isinstance(held, Held) and not held.acquired and held.values == [None, None]
        held.set("a", "dropped", 60)
    assert store.failures == 1
    with store.locked("l", ("a",)) as held:        # within retry_after: the store is not even asked
        assert not held.acquired
    assert store.failures == 1


def test_resilient_locked_against_a_dead_redis_answers_fast():
    store = ResilientStore(RedisStore("redis://127.0.0.1:1/0", socket_timeout=0.2))
    t0 = time.monotonic()
    with store.locked("l", ("a",)) as held:
        assert not held.acquired
    assert store.get_many(["a", "b"]) == [None, None]
    store.set_many([("a", "1", 10)])
    store.incr_many(["a"], 10)
    assert time.monotonic() - t0 < 2.0


# --- a message's claim, in the same calls as the rider's turn (WeChat retries) ----------------

from bot.store.base import CLAIM_MARK  # noqa: E402


def test_locked_with_a_claim_claims_and_stores_the_reply_with_the_state(store, key_prefix):
    lock, s, msg = (f"{key_prefix}:{{u:c}}:{n}" for n in ("lock", "session", "msg:1"))
    with store.locked(lock, (s,), ttl=5, wait=1, claim=(msg, 30)) as held:
        assert held.acquired and held.claim == msg and held.prior is None
        assert store.get(msg) == CLAIM_MARK                     # claimed before the turn runs
        t0 = time.monotonic()
        with store.locked(lock, (s,), ttl=5, wait=1, claim=(msg, 30)) as retry:
            # a retry while the first try runs: told at once, without waiting for the lock
            assert retry.prior == CLAIM_MARK and not retry.acquired and retry.claim is None
            retry.set(s, "must not land", 60)
        assert time.monotonic() - t0 < 0.5
        held.set(s, "state", 60)
        held.set(msg, "reply", 30)
    assert store.get_many([s, msg]) == ["state", "reply"]
    assert 0 < _ttl(store, msg) <= 30
    with store.locked(lock, (s,), ttl=5, wait=1, claim=(msg, 30)) as late:
        assert late.prior == "reply" and not late.acquired
    with store.locked(lock, (s,), ttl=5, wait=0.1) as other:    # the lock was released
        assert other.acquired


def test_a_claimed_turn_that_raises_keeps_the_claim_and_frees_the_lock(store, key_prefix):
    lock, msg = f"{key_prefix}:{{u:d}}:lock", f"{key_prefix}:{{u:d}}:msg:1"
    with pytest.raises(RuntimeError):
        with store.locked(lock, (), ttl=5, wait=1, claim=(msg, 30)) as held:
            held.set(msg, "reply", 30)
            raise RuntimeError("boom")
    assert store.get(msg) == CLAIM_MARK        # never processed twice: retries wait, then give up
    with store.locked(lock, (), ttl=5, wait=0.1) as other:
        assert other.acquired


def test_a_claim_when_the_lock_is_stuck_is_taken_without_it(store, key_prefix):
    lock, s, msg = (f"{key_prefix}:{{u:e}}:{n}" for n in ("lock", "session", "msg:1"))
    with store.locked(lock, (), ttl=5, wait=0.1) as holder:
        assert holder.acquired
        with store.locked(lock, (s,), ttl=5, wait=0.1, claim=(msg, 30)) as held:
            assert not held.acquired and held.claim == msg and held.values == [None]
            held.set(s, "dropped: no lock", 60)
            held.set(msg, "reply", 30)                       # the reply still lands
    assert store.get_many([s, msg]) == [None, "reply"]


def test_redis_claimed_turn_still_costs_two_round_trips(redis_store, key_prefix):
    lock, s, msg = (f"{key_prefix}:{{u:f}}:{n}" for n in ("lock", "session", "msg:1"))
    try:
        with commands_sent(redis_store) as calls:
            with redis_store.locked(lock, (s,), claim=(msg, 30)) as held:
                held.set(s, "1", 60)
                held.set(msg, "reply", 30)
        assert calls == ["EVALSHA", "EVALSHA"], calls
        assert redis_store.get_many([s, msg, lock]) == ["1", "reply", None]
    finally:
        redis_store.delete(lock, s, msg)


def test_resilient_store_down_grants_the_claim():
    store = ResilientStore(Down())
    with store.locked("l", ("a",), claim=("m", 30)) as held:
        assert not held.acquired and held.claim == "m" and held.prior is None


def test_incr_many_takes_per_key_amounts_and_streams_take_batches(store, key_prefix):
    a, b = f"{key_prefix}:c:a", f"{key_prefix}:c:b"
    store.incr_many({a: 3, b: 1}, 60)
    store.incr_many({a: 2}, 60)
    assert store.get_many([a, b]) == ["5", "1"]
    stream = f"{key_prefix}:s"
    store.stream_add_many(stream, [{"n": "1"}, {"n": "2"}], maxlen=10)
    assert [f["n"] for _, f in store.stream_range(stream)] == ["1", "2"]
