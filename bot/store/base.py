"""The one small storage interface the bot uses for state that outlives a message.

Two implementations: `RedisStore` (shared by every process, when REDIS_URL is set) and
`MemoryStore` (embedded, per process, the default). Every write carries a TTL: nothing is kept
forever. Values are strings; `get_json`/`set_json` are the usual way in.
"""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Iterable, Iterator, Sequence


class StoreError(Exception):
    """The backing store could not be reached; callers degrade to stateless answers."""


STREAM_TTL = 400 * 24 * 3600   # a capped stream also expires a year after its last entry


def check_ttl(ttl: float) -> float:
    """Every write carries a positive TTL; a missing one is a bug, caught here, not in Redis."""
    if ttl is None or not ttl > 0:
        raise ValueError(f"store writes need a positive TTL, got {ttl!r}")
    return ttl


class Held:
    """What `Store.locked()` yields: whether the lock was taken, the values read under it, and
    the writes to make before it is released.

    Writes are queued, not sent: the Redis store sends them and the release in one round trip
    when the block ends without an exception. A block that raises writes nothing.
    """
    __slots__ = ("acquired", "values", "writes")

    def __init__(self, acquired: bool, values: Sequence[str | None]):
        self.acquired = acquired
        self.values: list[str | None] = list(values)
        self.writes: list[tuple[str, str | None, float]] = []   # (key, value or None = delete, ttl)

    def set(self, key: str, value: str, ttl: float) -> None:
        self.writes.append((key, value, check_ttl(ttl)))

    def set_json(self, key: str, value: Any, ttl: float) -> None:
        self.set(key, dumps(value), ttl)

    def delete(self, key: str) -> None:
        self.writes.append((key, None, 0.0))

    def json(self, i: int) -> Any:
        """values[i] decoded as JSON; None when absent or not JSON."""
        return loads(self.values[i])


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

    # --- batched operations -------------------------------------------------------------------
    # Defaults built on the primitives, so every Store (and every test double) has them; the
    # Redis store overrides each with a single round trip.

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return [self.get(k) for k in keys]

    def set_many(self, items: Iterable[tuple[str, str, float]]) -> None:
        """(key, value, ttl) triples."""
        for key, value, ttl in items:
            self.set(key, value, ttl)

    def incr_many(self, keys: Sequence[str], ttl: float, amount: int = 1) -> None:
        """Several counters at once (usage statistics); each gets `ttl` when created."""
        for key in keys:
            self.incr(key, ttl, amount)

    @contextmanager
    def locked(self, name: str, read: Sequence[str] = (), ttl: float = 10.0,
               wait: float = 4.0) -> Iterator[Held]:
        """`lock(name)`, then read `read` under it; queued writes land before the release.

        One rider's turn is exactly this: take the rider's lock, load their state, answer,
        save, release. Not acquired within `wait` → `Held(acquired=False)` with no values,
        and whatever the block queues is dropped (the turn runs without memory).
        """
        with self.lock(name, ttl=ttl, wait=wait) as got:
            held = Held(got, self.get_many(read) if got else [None] * len(read))
            yield held
            if got:
                self._apply(held.writes)

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
