"""The one small storage interface the bot uses for state that outlives a message.

Two implementations: `RedisStore` (shared by every process, when REDIS_URL is set) and
`MemoryStore` (embedded, per process, the default). Every write carries a TTL: nothing is kept
forever. Values are strings; `get_json`/`set_json` are the usual way in.
"""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any


class StoreError(Exception):
    """The backing store could not be reached; callers degrade to stateless answers."""


STREAM_TTL = 400 * 24 * 3600   # a capped stream also expires a year after its last entry


def check_ttl(ttl: float) -> float:
    """Every write carries a positive TTL; a missing one is a bug, caught here, not in Redis."""
    if ttl is None or not ttl > 0:
        raise ValueError(f"store writes need a positive TTL, got {ttl!r}")
    return ttl


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

    # --- conveniences on top of the primitives ---
    def get_json(self, key: str) -> Any:
        raw = self.get(key)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def set_json(self, key: str, value: Any, ttl: float) -> None:
        self.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")), ttl)
