"""Count the commands a RedisStore sends: through its client, and through the per-thread
connections its hot path (`locked()`) uses directly."""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator


def _name(packed) -> str:
    raw = b"".join(packed) if isinstance(packed, (list, tuple)) else bytes(packed)
    m = re.match(rb"\*\d+\r\n\$\d+\r\n([A-Za-z]+)", raw)
    return m.group(1).decode().upper() if m else "?"


@contextmanager
def commands_sent(redis_store) -> Iterator[list[str]]:
    """The names of the commands sent inside the block, in order (a pipeline counts once)."""
    sent: list[str] = []
    real = redis_store.r.execute_command
    real_connection = redis_store._connection

    def counting(*args, **kw):
        sent.append(str(args[0]).upper())
        return real(*args, **kw)

    class Counted:
        def __init__(self, conn):
            self._conn = conn

        def send_packed_command(self, packed, *a, **kw):
            sent.append(_name(packed))
            return self._conn.send_packed_command(packed, *a, **kw)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    redis_store.r.execute_command = counting
    redis_store._connection = lambda: Counted(real_connection())
    try:
        yield sent
    finally:
        del redis_store.r.execute_command
        del redis_store._connection
