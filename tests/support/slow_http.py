"""A loopback HTTP server that misbehaves like a slow upstream (Amap, the WeChat API):

- "silent":  accepts the connection, reads the request, never answers;
- "trickle": answers headers at once, then one byte of the body every `every` seconds, so no
             single read ever waits long enough to hit a per-read timeout.
Every connection is closed after `hold` seconds at most, and `close()` stops the server.
"""
from __future__ import annotations

import socket
import threading
import time


class SlowHTTPServer:
    def __init__(self, mode: str = "silent", every: float = 0.2, hold: float = 15.0):
        assert mode in ("silent", "trickle")
        self.mode, self.every, self.hold = mode, every, hold
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v3/geocode/geo"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        deadline = time.monotonic() + self.hold
        try:
            conn.settimeout(0.5)
            try:
                conn.recv(65536)
            except OSError:
                pass
            if self.mode == "trickle":
                body = b'{"status":"1","count":"1","geocodes":[]}' + b" " * 4000
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(body))
                for i in range(len(body)):
                    if self._stop.is_set() or time.monotonic() > deadline:
                        break
                    conn.sendall(body[i:i + 1])
                    self._stop.wait(self.every)
            else:
                self._stop.wait(max(0.0, deadline - time.monotonic()))
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
