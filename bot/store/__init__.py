"""Storage: one interface (`Store`), a Redis and an embedded implementation, and key names."""
from .base import Store, StoreError
from .memory import MemoryStore


def open_store(redis_url: str | None) -> Store:
    """REDIS_URL set → Redis shared by every process; absent → embedded in-process store."""
    if not redis_url:
        return MemoryStore()
    from .redis_store import RedisStore
    return RedisStore(redis_url)


__all__ = ["Store", "StoreError", "MemoryStore", "open_store"]
