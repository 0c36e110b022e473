"""Total time limits on reading a request's headers and body, which gunicorn does not have.

gunicorn's gthread worker hands a connection to a thread once its headers are in; the app then
reads the body, and a client trickling it a byte at a time holds that thread for as long as it
likes — a socket timeout bounds each recv(), not their sum, and gunicorn's reader loops until
it has the whole Content-Length. So one watchdog thread per process shuts the reading side of
a socket whose body is still not in after `limit` seconds: the blocked read returns at once,
the app answers 408, and gunicorn closes the connection (its next read sees end-of-file).

Why a watchdog and not a timer per request: a timer is a thread start per message, a large
share of a message's cost; registering with the watchdog is one deque append.

Headers are read by gunicorn before the app is called, so their limit lives in the worker
(bot/wechat/worker.py): `HeaderDeadline` answers 408 itself and cuts the connection when the
request line and headers are not in within HEADER_LIMIT of their first byte. A reverse proxy in
front (nginx `client_header_timeout`, `client_body_timeout`) is still the first line.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections import deque
from typing import BinaryIO

BODY_LIMIT = 0.6    # s; a WeChat body (< 2 KB) is in within a few round trips
HEADER_LIMIT = 0.4  # s from the first byte; WeChat sends its request line and headers at once


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
        watch = self.start(sock)
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
    def start(self, sock: socket.socket) -> _Watch:
        """Start the clock on `sock`: past the limit the watchdog cuts it unless the watch is done."""
        watch = _Watch(sock, time.monotonic() + self.limit)
        self._add(watch)
        return watch

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
                    self._cut(watch)

    def _cut(self, watch: _Watch) -> None:
        watch.cut = True
        try:
            watch.sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass                             # already closed by the client


REQUEST_TIMEOUT = (b"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain\r\n"
                   b"Content-Length: 15\r\nConnection: close\r\n\r\nrequest timeout")


class HeaderDeadline(BodyDeadline):
    """The worker starts the clock when a request's first bytes are there (`start`) and stops it
    once gunicorn has parsed the headers (`finish`, False when it was too late). Past the limit
    the watchdog answers 408 on the socket and shuts its reading side, so gunicorn's blocked
    header read ends and the connection is closed; a lock makes "answered 408" and "handed to
    the app" exclusive, so a request never gets two responses."""

    def __init__(self, limit: float = HEADER_LIMIT, tick: float = 0.02):
        super().__init__(limit, tick)
        self._decide = threading.Lock()

    def finish(self, watch: _Watch) -> bool:
        with self._decide:
            watch.done = True
            return not watch.cut

    def _cut(self, watch: _Watch) -> None:
        with self._decide:
            if watch.done:
                return
            watch.cut = True
        try:
            watch.sock.send(REQUEST_TIMEOUT, socket.MSG_DONTWAIT)
        except OSError:
            pass                             # gone, or its buffer full: closing says enough
        try:
            watch.sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass
