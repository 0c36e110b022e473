"""gunicorn's gthread worker with limits on slow clients (used by `serve` and the echo bot alike).

gthread gives a new connection a thread, which then blocks reading the request line and headers.
A client that trickles them a byte at a time, or a handful that connect and wait, would hold
every thread of a worker, and WeChat's real messages would queue past their 5 s deadline. So:

- a new connection gets at most IDLE_WAIT for its first bytes on a thread; without them it goes
  back to gunicorn's poller (no thread held) until it has something to say, or its keep-alive
  time runs out;
- from its first bytes a request has HEADER_LIMIT to finish its headers, else it is answered 408
  and closed (bot.wechat.deadline.HeaderDeadline); the app's own body limit follows.
"""
from __future__ import annotations

from gunicorn.workers import gthread

from .deadline import HeaderDeadline

IDLE_WAIT = 0.2          # s; gunicorn's own wait (5 s) would hold a thread per idle connection
HEADERS = HeaderDeadline()

_DEFER = getattr(gthread, "_DEFER", None)


class DeadlineWorker(gthread.ThreadWorker):
    def handle(self, conn):
        if (_DEFER is not None and hasattr(conn, "wait_for_data")
                and not conn.initialized and not conn.data_ready):
            if not conn.wait_for_data(IDLE_WAIT):
                return _DEFER                 # to the poller: readable later, or dropped
        conn._yz_headers = HEADERS.start(conn.sock)
        try:
            return super().handle(conn)
        finally:
            HEADERS.finish(conn._yz_headers)  # a request that ended early stops its clock too

    def handle_http2(self, conn):
        # HTTP/2 (when a deployment turns it on) multiplexes streams over one long connection:
        # gunicorn bounds each stream itself, so the header clock stops here
        HEADERS.finish(conn._yz_headers)
        return super().handle_http2(conn)

    def handle_request(self, req, conn):
        watch = getattr(conn, "_yz_headers", None)
        if watch is not None and not HEADERS.finish(watch):
            return False                      # answered 408 already; gunicorn closes it
        return super().handle_request(req, conn)
