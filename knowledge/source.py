"""KnowledgeSource: the current good KnowledgeBase of a station file, reloaded when it changes.

- Construction loads the file (through the compiled cache) and raises KBError when it is
  invalid: a server refuses to start on a bad file.
- `.kb` is the current good KB. Reading it also runs `check()`, which at most once per
  CHECK_INTERVAL looks at the file's mtime and size (then its hash, when those changed) and at
  the shared reload version in Redis (`run_bot.py kb reload`). A change is loaded in a
  background thread and swapped in atomically, so no message waits for a reload.
- A new file that is invalid is not loaded: the last good KB keeps serving and the problems
  are logged once per file version.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from knowledge.cache import cache_key, load_kb_bytes, read_source
from knowledge.kb import KnowledgeBase
from knowledge.loader import KBError

log = logging.getLogger(__name__)

CHECK_INTERVAL = 2.0                # seconds between two looks at the file / Redis
VERSION_TTL = 365 * 24 * 3600       # the shared reload counter (every key has a TTL)


class KnowledgeSource:
    def __init__(self, path: str | Path, cache_dir: str | Path | None = None, store: Any = None,
                 keys: Any = None, interval: float = CHECK_INTERVAL):
        self.path = Path(path)
        self.cache_dir = cache_dir
        self.store, self.keys, self.interval = store, keys, interval
        self._lock = threading.Lock()           # guards the swap and the reload thread
        self._reloading: threading.Thread | None = None
        self._next_check = 0.0
        self._bad_key: str | None = None        # the invalid version already reported
        self.last_errors: list = []             # problems of the last invalid version seen
        self._version = self._read_version()
        self._sig = self._stat()
        data = read_source(self.path)
        self._kb = load_kb_bytes(data, self.path, cache_dir)   # KBError: refuse to start
        self._key = cache_key(data)
        self._next_check = time.monotonic() + interval

    @property
    def kb(self) -> KnowledgeBase:
        if time.monotonic() >= self._next_check:
            self.check()
        return self._kb

    def check(self, wait: bool = False, force: bool = False) -> bool:
        """Look for a new file version (rate-limited unless `force`); load it in the
        background, or before returning when `wait`. True when a reload was started (or, with
        `wait`, when a new KB was swapped in)."""
        now = time.monotonic()
        if not force and now < self._next_check:
            return False
        self._next_check = now + self.interval
        version = self._read_version()
        bumped = version is not None and version != self._version
        self._version = version if version is not None else self._version
        sig = self._stat()
        if sig == self._sig and not bumped and not force:
            return False
        before = self._kb
        with self._lock:
            if self._reloading is not None and self._reloading.is_alive():
                return False
            self._reloading = threading.Thread(target=self._reload, args=(sig,), name="kb-reload", daemon=True)
            self._reloading.start()
            thread = self._reloading
        if wait:
            thread.join()
            return self._kb is not before
        return True

    def _reload(self, sig: tuple[int, int] | None) -> None:
        try:
            data = read_source(self.path)
            key = cache_key(data)
            if key == self._key or key == self._bad_key:
                self._sig = sig                   # touched, or the bad version already reported
                return
            try:
                kb = load_kb_bytes(data, self.path, self.cache_dir)
            except KBError as e:
                self._bad_key, self._sig, self.last_errors = key, sig, e.errors
                log.error("%s is invalid; still serving the last good version (%d stations):\n%s",
                          self.path, self._kb.n, "\n".join(str(x) for x in e.errors[:50]))
                return
            with self._lock:
                self._kb, self._key, self._sig, self.last_errors = kb, key, sig, []
            log.info("reloaded %s: %d stations", self.path, kb.n)
        except KBError as e:                      # unreadable: keep serving, say so once
            if self._bad_key != "unreadable":
                log.error("cannot read %s; still serving the last good version: %s", self.path, e)
            self._bad_key = "unreadable"
        except Exception:                         # noqa: BLE001 - a reload must never kill serving
            log.exception("reloading %s failed; still serving the last good version", self.path)

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _read_version(self) -> str | None:
        if self.store is None or self.keys is None:
            return None
        try:
            v = self.store.get(self.keys.kb_version())
        except Exception:                         # noqa: BLE001 - Redis down: the file check still works
            return None
        return None if v is None else str(v)


def request_reload(config: Any, out=print) -> int:
    """`run_bot.py kb reload`: validate the file (and warm the compiled cache, so every process
    reloads in well under a second), then tell every process through Redis. Exit code."""
    path = Path(config.stations_path)
    started = time.perf_counter()
    try:
        data = read_source(path)
        kb = load_kb_bytes(data, path, config.cache_dir)
    except KBError as e:
        for issue in e.errors:
            out(str(issue))
        out(f"{path} is invalid ({len(e.errors)} problem(s)): running servers keep the last good version")
        return 1
    out(f"{path}: {kb.n} stations OK (sha256 {hashlib.sha256(data).hexdigest()[:12]}, "
        f"cache ready in {time.perf_counter() - started:.1f} s)")
    if not config.redis_url:
        out("no REDIS_URL: each server process notices the changed file by itself within "
            f"{CHECK_INTERVAL:.0f} s")
        return 0
    from bot.store import open_store  # noqa: PLC0415
    from bot.store.keys import Keys  # noqa: PLC0415
    try:
        version = open_store(config.redis_url).incr(Keys(config.key_prefix).kb_version(), VERSION_TTL)
    except Exception as e:                        # noqa: BLE001 - say what failed, no traceback
        out(f"could not reach Redis to signal the reload ({type(e).__name__}: {e}); "
            f"processes still notice the changed file within {CHECK_INTERVAL:.0f} s")
        return 2
    out(f"reload signalled to every process (version {version}); they reload within {CHECK_INTERVAL:.0f} s")
    return 0
