"""A total time limit on reading a request body, which gunicorn does not have.

gunicorn's gthread worker hands a connection to a thread once its headers are in; the app then
reads the body, and a client trickling it a byte at a time holds that thread for as long as it
likes — a socket timeout bounds each recv(), not their sum, and gunicorn's reader loops until
it has the whole Content-Length. So one watchdog thread per process shuts the reading side of
a socket whose body is still not in after `limit` seconds: the blocked read returns at once,
the app answers 408, and gunicorn closes the connection (its next read sees end-of-file).

Why a watchdog and not a timer per request: a timer is a thread start per message, a large
share of a message's cost; registering with the watchdog is one deque append.

Clients that trickle their *headers* never reach the app: that is a reverse proxy's job
(nginx `client_header_timeout` and `client_body_timeout` in front of `serve`).
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections import deque
from typing import BinaryIO

BODY_LIMIT = 0.6    # s; a WeChat body (< 2 KB) is in within a few round trips


class BodyTimeout(Exception):
    """The body was not received within the limit."""


class _Watch:
    __slots__ = ("sock", "deadline", "done", "cut")

    def __init__(self, sock: socket.socket, deadline: float):
        self.sock, self.deadline = sock, deadline
        self.done = False
        self.cut = False


class BodyDeadline:
    def __init__(self, limit: float = BODY_LIMIT, tick: float = 0.02):
        self.limit, self.tick = limit, tick
        self._pid: int | None = None
        self._start_lock = threading.Lock()
        self._watches: deque[_Watch] = deque()
        self._wake = threading.Event()

    def read(self, stream: BinaryIO, size: int, sock: socket.socket | None) -> bytes:
        """`stream.read(size)`, given up after `limit` seconds (BodyTimeout).

        Without the server's socket (not gunicorn: tests, another WSGI server) it is a plain
        read, and that server's own timeouts apply.
        """
        if sock is None:
            return stream.read(size)
        started = time.monotonic()
        watch = _Watch(sock, started + self.limit)
        self._add(watch)
        try:
            data = stream.read(size)
        except OSError:
            if watch.cut:                    # the cut, seen as an error by this reader
                raise BodyTimeout() from None
            raise
        finally:
            watch.done = True
        if watch.cut or time.monotonic() - started > self.limit:
            raise BodyTimeout()
        return data

    # --- the watchdog -----------------------------------------------------------------------------
    def _add(self, watch: _Watch) -> None:
        if self._pid != os.getpid():
            self._start()
        self._watches.append(watch)          # deque.append is atomic: no lock on the hot path
        if not self._wake.is_set():
            self._wake.set()

    def _start(self) -> None:
        """One watchdog per process, started in the process that serves (gunicorn forks workers
        after building the app, and threads do not survive a fork)."""
        with self._start_lock:
            if self._pid == os.getpid():
                return
            self._watches = deque()
            self._wake = threading.Event()
            threading.Thread(target=self._run, name="body-deadline", daemon=True).start()
            self._pid = os.getpid()

    def _run(self) -> None:
        watches, wake = self._watches, self._wake
        while True:                          # for the life of the process (a daemon thread)
            if not watches:
                wake.clear()
                if not watches:              # re-checked after clear(): an append cannot be missed
                    wake.wait()
            time.sleep(self.tick)
            now = time.monotonic()
            # deadlines grow with arrival order, so the expired and finished ones are at the left
            while watches and (watches[0].done or watches[0].deadline <= now):
                watch = watches.popleft()
                if not watch.done:
                    watch.cut = True
                    try:
                        watch.sock.shutdown(socket.SHUT_RD)
                    except OSError:
                        pass                 # already closed by the client
