"""The one small storage interface the bot uses for state that outlives a message.

Two implementations: `RedisStore` (shared by every process, when REDIS_URL is set) and
`MemoryStore` (embedded, per process, the default). Every write carries a TTL: nothing is kept
forever. Values are strings; `get_json`/`set_json` are the usual way in.
"""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Iterable, Iterator, Mapping, Sequence


class StoreError(Exception):
    """The backing store could not be reached; callers degrade to stateless answers."""


STREAM_TTL = 400 * 24 * 3600   # a capped stream also expires a year after its last entry


def check_ttl(ttl: float) -> float:
    """Every write carries a positive TTL; a missing one is a bug, caught here, not in Redis."""
    if ttl is None or not ttl > 0:
        raise ValueError(f"store writes need a positive TTL, got {ttl!r}")
    return ttl


CLAIM_MARK = "…"   # what a claimed message's key holds until its reply is stored


class Held:
    """What `Store.locked()` yields: whether the lock was taken, the values read under it, and
    the writes to make before it is released.

    Writes are queued, not sent: the Redis store sends them and the release in one round trip
    when the block ends without an exception. A block that raises writes nothing.

    With `claim=(key, ttl)` (a message WeChat may retry) the same call also claims the message:
    `claim` is then the key this turn owns — its writes to that key (the reply for the retries)
    land even when the lock was not taken — and `prior` is what another try already left there
    (CLAIM_MARK while that try runs): this turn is a duplicate, must not process the message,
    and holds no lock.
    """
    __slots__ = ("acquired", "values", "writes", "claim", "prior")

    def __init__(self, acquired: bool, values: Sequence[str | None], claim: str | None = None,
                 prior: str | None = None):
        self.acquired = acquired
        self.values: list[str | None] = list(values)
        self.writes: list[tuple[str, str | None, float]] = []   # (key, value or None = delete, ttl)
        self.claim = claim
        self.prior = prior

    @classmethod
    def duplicate(cls, prior: str, n_read: int) -> "Held":
        return cls(False, [None] * n_read, prior=prior)

    def set(self, key: str, value: str, ttl: float) -> None:
        self.writes.append((key, value, check_ttl(ttl)))

    def set_json(self, key: str, value: Any, ttl: float) -> None:
        self.set(key, dumps(value), ttl)

    def delete(self, key: str) -> None:
        self.writes.append((key, None, 0.0))

    def json(self, i: int) -> Any:
        """values[i] decoded as JSON; None when absent or not JSON."""
        return loads(self.values[i])

    def unlocked_writes(self) -> list[tuple[str, str | None, float]]:
        """The writes that land although the lock was not taken: only the claimed key's."""
        return [w for w in self.writes if self.claim is not None and w[0] == self.claim]


def amounts(keys: Sequence[str] | Mapping[str, int], amount: int = 1) -> list[tuple[str, int]]:
    """incr_many's two forms as (key, amount) pairs."""
    if isinstance(keys, Mapping):
        return [(k, int(n)) for k, n in keys.items()]
    return [(k, amount) for k in keys]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


class Store(ABC):
    @abstractmethod
    def get(self, key: str) -> str | None: ...

    @abstractmethod
    def set(self, key: str, value: str, ttl: float) -> None: ...

    @abstractmethod
    def set_nx(self, key: str, value: str, ttl: float) -> bool:
        """Set only if absent; True when this call created the key (dedupe, leases)."""

    @abstractmethod
    def delete(self, *keys: str) -> None: ...

    @abstractmethod
    def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        """Counter; the TTL is set when the key is created."""

    @abstractmethod
    def lock(self, name: str, ttl: float = 10.0, wait: float = 4.0) -> AbstractContextManager[bool]:
        """Mutual exclusion across every process sharing the store.

        Yields True when acquired within `wait` seconds, False otherwise (the caller decides
        whether to go on without it). `ttl` bounds how long a crashed holder blocks others.
        """

    @abstractmethod
    def stream_add(self, stream: str, fields: dict[str, str], maxlen: int, ttl: float = STREAM_TTL) -> str:
        """Append to a capped, durable log (problem reports, usage events); returns the entry id.

        The stream's TTL is renewed on each append, so even a log is not kept forever."""

    @abstractmethod
    def stream_range(self, stream: str, since_ms: int = 0) -> list[tuple[str, dict[str, str]]]:
        """Entries with id time >= since_ms, oldest first."""

    @abstractmethod
    def ping(self) -> bool: ...

    def after_fork(self) -> None:
        """Called in a forked worker: drop connections inherited from the parent process."""
        return None   # nothing to drop by default (the embedded store holds no connections)

    # --- batched operations -------------------------------------------------------------------
    # Defaults built on the primitives, so every Store (and every test double) has them; the
    # Redis store overrides each with a single round trip.

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return [self.get(k) for k in keys]

    def set_many(self, items: Iterable[tuple[str, str, float]]) -> None:
        """(key, value, ttl) triples."""
        for key, value, ttl in items:
            self.set(key, value, ttl)

    def incr_many(self, keys: Sequence[str] | Mapping[str, int], ttl: float, amount: int = 1) -> None:
        """Several counters at once (usage statistics): each key by `amount`, or a {key: amount}
        mapping; each counter gets `ttl` when created."""
        for key, n in amounts(keys, amount):
            self.incr(key, ttl, n)

    def stream_add_many(self, stream: str, entries: Sequence[dict[str, str]], maxlen: int,
                        ttl: float = STREAM_TTL) -> None:
        """`stream_add` for several entries (buffered usage events)."""
        for fields in entries:
            self.stream_add(stream, fields, maxlen, ttl)

    @contextmanager
    def locked(self, name: str, read: Sequence[str] = (), ttl: float = 10.0, wait: float = 4.0,
               claim: tuple[str, float] | None = None) -> Iterator[Held]:
        """`lock(name)`, then read `read` under it; queued writes land before the release.

        One rider's turn is exactly this: take the rider's lock, load their state, answer,
        save, release. Not acquired within `wait` → `Held(acquired=False)` with no values,
        and whatever the block queues is dropped (the turn runs without memory).
        `claim=(key, ttl)`: also claim a message, see `Held`.
        """
        nones = [None] * len(read)
        if claim is not None:
            prior = self.get(claim[0])
            if prior is not None:
                yield Held.duplicate(prior, len(read))
                return
        with self.lock(name, ttl=ttl, wait=wait) as got:
            prior = self.claim(*claim) if claim is not None else None
            if prior is not None:          # another try claimed it between the look and the lock
                held = Held.duplicate(prior, len(read))
            else:
                held = Held(got, self.get_many(read) if got else nones,
                            claim=claim[0] if claim is not None else None)
            yield held
            self._apply(held.writes if held.acquired else held.unlocked_writes())

    def claim(self, key: str, ttl: float) -> str | None:
        """Claim a message without the lock: None when this call claimed it, else what the key holds."""
        if self.set_nx(key, CLAIM_MARK, ttl):
            return None
        return self.get(key) or CLAIM_MARK

    def _apply(self, writes: list[tuple[str, str | None, float]]) -> None:
        for key, value, ttl in writes:
            if value is None:
                self.delete(key)
            else:
                self.set(key, value, ttl)

    # --- conveniences on top of the primitives ---
    def get_json(self, key: str) -> Any:
        return loads(self.get(key))

    def set_json(self, key: str, value: Any, ttl: float) -> None:
        self.set(key, dumps(value), ttl)
