"""Redis-backed store shared by every process and machine.

Short socket timeouts: a Redis that hangs must not hold a WeChat reply past its 5 s deadline.
Errors surface as StoreError; `ResilientStore` turns them into a stateless fallback.

Round trips are most of a message's cost, so a rider's turn uses two: `locked()` claims the
message (WeChat retries), takes the rider's lock and reads their state in one Lua call, and
writes the new state and the reply for retries and releases the lock in another. Counters go
in one non-transactional pipeline. Those two Lua calls go through `_eval`: a connection of the
calling thread's own, used directly — redis-py's client layers (pool checkout, retry wrapper,
Script object) cost ~3× the round trip itself (bench/README.md, "Redis call path").
Multi-key calls stay within one Cluster hash slot: a user's keys, their messages' claim keys
included, share the `{u:…}` tag (bot.store.keys); counters are pipelined, never scripted.
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator, Mapping, Sequence

import redis

from .base import CLAIM_MARK, STREAM_TTL, Held, Store, StoreError, amounts, check_ttl

_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
           redis.exceptions.BusyLoadingError, redis.exceptions.ReadOnlyError, OSError)


def _ms(ttl: float) -> int:
    return max(1, int(check_ttl(ttl) * 1000))


# KEYS[1] the lock, KEYS[2..] keys to read once it is held; ARGV token, ttl ms.
# → nil when the lock is taken by someone else, else the values (nil for a missing key).
_TAKE = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
if #KEYS == 1 then return {} end
return redis.call('MGET', unpack(KEYS, 2))
"""

# KEYS[1] the lock, KEYS[2] a message's claim key, KEYS[3..] keys to read; ARGV token, lock ttl
# ms, claim ttl ms, the claim mark. → {0, value} when the message is already claimed (a retry:
# the lock is not taken), nil when the lock is someone else's, else {1, values} with the claim
# set. Claim and lock in one call: a retry can never slip between a look and a claim.
_TAKE_CLAIM = """
local prior = redis.call('GET', KEYS[2])
if prior then return {0, prior} end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
if #KEYS == 2 then return {1, {}} end
return {1, redis.call('MGET', unpack(KEYS, 3))}
"""

# KEYS[1] the lock, KEYS[2..] keys to write; ARGV[1] the token, then a value and a ttl in ms per
# key (ttl "0" deletes it). Writes land only while the lock is ours or free: a turn whose lock
# expired and was taken by another turn must not overwrite that turn's newer state.
_COMMIT = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
for i = 2, #KEYS do
  local ttl = ARGV[2 * i - 1]
  if ttl == '0' then redis.call('DEL', KEYS[i])
  else redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'PX', ttl) end
end
if holder then redis.call('DEL', KEYS[1]) end
return 1
"""


class RedisStore(Store):
    def __init__(self, url: str, socket_timeout: float = 0.5):
        self.url = url
        self.r = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout, health_check_interval=30,
            retry_on_timeout=False)
        self._take = self.r.register_script(_TAKE)
        self._take_claim = self.r.register_script(_TAKE_CLAIM)
        self._commit = self.r.register_script(_COMMIT)
        self._local = threading.local()

    def _connection(self):
        """This thread's own connection (made by the pool's factory: same URL, database, auth,
        timeouts, decoding), never shared, so no checkout or lock per call."""
        local = self._local
        conn = getattr(local, "conn", None)
        if conn is None or local.pid != os.getpid():
            conn = local.conn = self.r.connection_pool.make_connection()
            local.pid = os.getpid()
        return conn

    def _eval(self, script, keys: Sequence[str], args: Sequence) -> object:
        """EVALSHA on this thread's connection; loads the script again when Redis lost it."""
        conn = self._connection()
        retried = reloaded = False
        while True:
            try:
                # check_health (on by default): a PING first when the connection sat idle past
                # health_check_interval
                conn.send_packed_command(conn.pack_command("EVALSHA", script.sha, len(keys), *keys, *args))
                return conn.read_response()
            except redis.exceptions.NoScriptError:
                if reloaded:
                    raise StoreError("Redis does not keep the script") from None
                reloaded = True
                script.sha = self._call(self.r.script_load, script.script)   # Redis restarted
            except redis.exceptions.ResponseError:
                raise                 # a whole reply was read: the connection is fine
            except redis.exceptions.ConnectionError as e:
                conn.disconnect()
                if retried:
                    raise StoreError(str(e)) from e
                # One more try on a new connection, as redis-py's own client does: a connection
                # a restarted Redis closed under us. Not on a timeout (retry_on_timeout=False):
                # a slow Redis must not cost twice the wait against WeChat's deadline.
                retried = True
            except _ERRORS as e:
                conn.disconnect()
                raise StoreError(str(e)) from e
            except BaseException:
                conn.disconnect()     # a half-read reply must never be read by the next call
                raise

    def _call(self, fn, *a, **kw):
        try:
            return fn(*a, **kw)
        except _ERRORS as e:
            raise StoreError(str(e)) from e

    def get(self, key: str) -> str | None:
        return self._call(self.r.get, key)

    def set(self, key: str, value: str, ttl: float) -> None:
        self._call(self.r.set, key, value, px=_ms(ttl))

    def set_nx(self, key: str, value: str, ttl: float) -> bool:
        return bool(self._call(self.r.set, key, value, px=_ms(ttl), nx=True))

    def delete(self, *keys: str) -> None:
        if keys:
            self._call(self.r.delete, *keys)

    def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        return int(self._incr([(key, amount)], ttl)[0])

    def incr_many(self, keys: Sequence[str] | Mapping[str, int], ttl: float, amount: int = 1) -> None:
        pairs = amounts(keys, amount)
        if pairs:
            self._incr(pairs, ttl)

    def _incr(self, pairs, ttl):
        # Not a transaction: PEXPIRE NX only sets a TTL where none is, so a counter left
        # without one (a dropped connection between the two) gets it on its next increment.
        ms = _ms(ttl)

        def run():
            pipe = self.r.pipeline(transaction=False)
            for key, n in pairs:
                pipe.incrby(key, n)
                pipe.pexpire(key, ms, nx=True)
            return pipe.execute()[::2]
        return self._call(run)

    def stream_add_many(self, stream: str, entries: Sequence[dict[str, str]], maxlen: int,
                        ttl: float = STREAM_TTL) -> None:
        if entries:
            self._xadd(stream, entries, maxlen, ttl, transaction=False)

    def _xadd(self, stream: str, entries: Sequence[dict[str, str]], maxlen: int, ttl: float,
              transaction: bool) -> list[str]:
        """Append the entries and renew the stream's TTL in one pipeline; the entry ids.
        A single report goes in a transaction (entry and TTL together); buffered usage
        events need not."""
        ms = _ms(ttl)

        def run():
            pipe = self.r.pipeline(transaction=transaction)
            for fields in entries:
                pipe.xadd(stream, fields, maxlen=maxlen, approximate=True)
            pipe.pexpire(stream, ms)
            return pipe.execute()[:-1]
        return self._call(run)

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return self._call(self.r.mget, keys) if keys else []

    def set_many(self, items: Iterable[tuple[str, str, float]]) -> None:
        items = [(k, v, _ms(ttl)) for k, v, ttl in items]
        if not items:
            return

        def run():
            pipe = self.r.pipeline(transaction=False)
            for key, value, ms in items:
                pipe.set(key, value, px=ms)
            pipe.execute()
        self._call(run)

    @contextmanager
    def locked(self, name: str, read: Sequence[str] = (), ttl: float = 10.0, wait: float = 4.0,
               claim: tuple[str, float] | None = None) -> Iterator[Held]:
        token = os.urandom(8).hex()
        ms = _ms(ttl)
        claim_key = claim[0] if claim is not None else None
        if claim is None:
            script, keys, args = self._take, [name, *read], [token, ms]
        else:
            script, keys, args = self._take_claim, [name, claim[0], *read], [token, ms, _ms(claim[1]), CLAIM_MARK]
        deadline = time.monotonic() + wait
        pause = 0.004
        while True:
            values = self._eval(script, keys, args)
            if values is not None or time.monotonic() >= deadline:
                break
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 1.5, 0.025)
        if claim is not None and values is not None:
            found, values = values
            if not found:
                yield Held.duplicate(values, len(read))
                return
        if values is None:
            # lock not taken in time: answer without memory, but still once per message
            prior = self.claim(*claim) if claim is not None else None
            if prior is not None:
                yield Held.duplicate(prior, len(read))
                return
            held = Held(False, [None] * len(read), claim=claim_key)
            yield held
            for key, value, ttl_ in held.unlocked_writes():
                if value is not None:
                    self.set(key, value, ttl_)
            return
        held = Held(True, values, claim=claim_key)
        try:
            yield held
        except BaseException:
            held.writes.clear()         # a turn that failed saves nothing, but frees the lock
            try:
                self._finish(name, token, held)
            except StoreError:
                pass                    # Redis gone too: the lock's TTL frees it
            raise
        self._finish(name, token, held)

    def _finish(self, name: str, token: str, held: Held) -> None:
        keys, args = [name], [token]
        for key, value, ttl in held.writes:
            keys.append(key)
            args += ["", "0"] if value is None else [value, _ms(ttl)]
        self._eval(self._commit, keys, args)

    @contextmanager
    def lock(self, name: str, ttl: float = 10.0, wait: float = 4.0) -> Iterator[bool]:
        lk = self.r.lock(name, timeout=ttl, blocking_timeout=wait, sleep=0.01)
        acquired = bool(self._call(lk.acquire))
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    lk.release()
                except (redis.exceptions.LockError, *_ERRORS):
                    pass  # expired or Redis gone: the TTL frees it

    def stream_add(self, stream: str, fields: dict[str, str], maxlen: int, ttl: float = STREAM_TTL) -> str:
        return self._xadd(stream, [fields], maxlen, ttl, transaction=True)[0]

    def stream_range(self, stream: str, since_ms: int = 0) -> list[tuple[str, dict[str, str]]]:
        return self._call(self.r.xrange, stream, min=f"{since_ms}-0", max="+")

    def after_fork(self) -> None:
        # redis-py also checks the pid lazily; resetting here makes the intent explicit and
        # guarantees a worker never writes on a socket its parent or a sibling also holds.
        self.r.connection_pool.reset()
        self._local = threading.local()

    def ping(self) -> bool:
        try:
            return bool(self.r.ping())
        except _ERRORS:
            return False
